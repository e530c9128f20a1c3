package dev.filesys.cli;

import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.completion.CompletionContext;
import org.springframework.shell.core.command.completion.CompletionProposal;
import org.springframework.shell.jline.CommandCompleter;

/**
 * Spring Shell's completion, which also completes an argument that is partly typed ({@code upload rep<TAB>}): Spring
 * Shell looks the command up by all the words before the cursor, so it finds none once the argument has a prefix.
 * Here the command is the first word; its completion provider is asked for the word being typed.
 */
final class ArgumentCompleter extends CommandCompleter {

    private final CommandRegistry registry;

    ArgumentCompleter(CommandRegistry registry) {
        super(registry);
        this.registry = registry;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        Command command = words.isEmpty() ? null : registry.getCommandByName(words.get(0));
        String typed = line.word() == null ? "" : line.word();
        if (command == null
                || command.getCompletionProvider() == null
                || line.wordIndex() == 0
                || typed.isEmpty()
                || typed.startsWith("-")) {
            super.complete(reader, line, candidates);
            return;
        }
        CompletionContext context = new CompletionContext(words, line.wordIndex(), line.wordCursor(), command, null);
        for (CompletionProposal proposal : command.getCompletionProvider().apply(context)) {
            candidates.add(new Candidate(
                    proposal.value(),
                    proposal.displayText(),
                    proposal.category(),
                    proposal.description(),
                    null,
                    null,
                    proposal.complete(),
                    0));
        }
    }
}
