package dev.filesys.cli;

import java.util.List;
import java.util.function.Supplier;
import org.springframework.shell.core.command.completion.CompletionContext;
import org.springframework.shell.core.command.completion.CompletionProposal;
import org.springframework.shell.core.command.completion.CompletionProvider;

/** Completes the name of a file on the server (the user's own or shared with them) that starts with what is typed. */
final class RemoteNameCompletion implements CompletionProvider {

    private final Supplier<List<String>> names;

    RemoteNameCompletion(Supplier<List<String>> names) {
        this.names = names;
    }

    @Override
    public List<CompletionProposal> apply(CompletionContext context) {
        String typed = context.currentWordUpToCursor() == null ? "" : context.currentWordUpToCursor();
        return names.get().stream()
                .filter(name -> name.startsWith(typed))
                .map(CompletionProposal::new)
                .toList();
    }
}
