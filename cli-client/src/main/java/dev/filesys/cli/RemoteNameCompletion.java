package dev.filesys.cli;

import java.util.List;
import java.util.function.Function;
import org.springframework.shell.core.command.completion.CompletionContext;
import org.springframework.shell.core.command.completion.CompletionProposal;
import org.springframework.shell.core.command.completion.CompletionProvider;

/**
 * Completes what is typed with the names on the server that start with it: a file's name (the user's own or shared with
 * them), or, once a {@code /} is typed, a path in the user's tree (folders end in {@code /}).
 */
final class RemoteNameCompletion implements CompletionProvider {

    private final Function<String, List<String>> names;

    RemoteNameCompletion(Function<String, List<String>> names) {
        this.names = names;
    }

    @Override
    public List<CompletionProposal> apply(CompletionContext context) {
        String typed = context.currentWordUpToCursor() == null ? "" : context.currentWordUpToCursor();
        return names.apply(typed).stream()
                .filter(name -> name.startsWith(typed))
                // a folder's path ends in / and completion goes on into it
                .map(name -> new CompletionProposal(name).complete(!name.endsWith("/")))
                .toList();
    }
}
