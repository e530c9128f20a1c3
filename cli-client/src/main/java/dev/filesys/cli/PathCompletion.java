package dev.filesys.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.shell.core.command.completion.CompletionContext;
import org.springframework.shell.core.command.completion.CompletionProposal;
import org.springframework.shell.core.command.completion.CompletionProvider;

/**
 * Completes the local path being typed: the entries of its directory whose names start with what follows the last
 * {@code /}. A directory is proposed with a trailing {@code /} (and completion goes on into it); a leading {@code ~}
 * stands for the home directory, as in a shell, and stays in what is proposed.
 */
final class PathCompletion implements CompletionProvider {

    private final Path home;

    PathCompletion(Path home) {
        this.home = home;
    }

    @Override
    public List<CompletionProposal> apply(CompletionContext context) {
        String typed = context.currentWordUpToCursor() == null ? "" : context.currentWordUpToCursor();
        int slash = typed.lastIndexOf('/');
        String directory = slash < 0 ? "" : typed.substring(0, slash + 1);
        String prefix = typed.substring(slash + 1);
        List<CompletionProposal> proposals = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(ShellWords.expandHome(directory, home, "."))) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(prefix) || (name.startsWith(".") && !prefix.startsWith("."))) {
                    continue;
                }
                boolean isDirectory = Files.isDirectory(entry);
                proposals.add(new CompletionProposal(directory + name + (isDirectory ? "/" : ""))
                        .displayText(name + (isDirectory ? "/" : ""))
                        .complete(!isDirectory));
            }
        } catch (IOException | RuntimeException e) {
            // no such directory, or not readable: nothing to propose
        }
        proposals.sort((a, b) -> a.value().compareTo(b.value()));
        return proposals;
    }
}
