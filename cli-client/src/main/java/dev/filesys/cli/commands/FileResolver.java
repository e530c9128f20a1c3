package dev.filesys.cli.commands;

import dev.filesys.cli.client.FileLookup;
import dev.filesys.cli.client.FileView;
import dev.filesys.cli.client.RequestRefused;
import dev.filesys.cli.client.Scope;
import java.text.Normalizer;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns what the user typed for FILE into a file: a file id, else the name of one of the user's files, else the name
 * of a file shared with the user (names are unique per owner, so two owners' shared files can clash: then the id is
 * needed).
 */
public final class FileResolver {

    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final FileLookup lookup;

    public FileResolver(FileLookup lookup) {
        this.lookup = lookup;
    }

    /**
     * @throws CliFailure with {@link ExitCode#NOT_FOUND} when nothing matches, {@link ExitCode#USAGE} when the name is
     *     ambiguous
     */
    public FileView resolve(String file) {
        boolean looksLikeId = UUID.matcher(file).matches();
        if (looksLikeId) {
            FileView byId = byId(file);
            if (byId != null) {
                return byId;
            }
        }
        String name = Normalizer.normalize(file, Normalizer.Form.NFC);
        List<FileView> owned = named(lookup.list(Scope.OWNED), name);
        if (!owned.isEmpty()) {
            return owned.get(0);
        }
        List<FileView> shared = named(lookup.list(Scope.SHARED), name);
        if (shared.size() == 1) {
            return shared.get(0);
        }
        if (shared.size() > 1) {
            String candidates = shared.stream()
                    .map(f -> f.fileId() + (f.owner() == null ? "" : " (from " + f.owner() + ")"))
                    .collect(Collectors.joining(", "));
            throw new CliFailure(
                    ExitCode.USAGE,
                    "AMBIGUOUS_FILE",
                    shared.size() + " files named '" + file + "' are shared with you; give the id instead: "
                            + candidates);
        }
        if (!looksLikeId && !file.isBlank() && file.indexOf('/') < 0) {
            FileView byId = byId(file);
            if (byId != null) {
                return byId;
            }
        }
        throw new CliFailure(
                ExitCode.NOT_FOUND,
                "FILE_NOT_FOUND",
                "no file '" + file + "' among your files or the files shared with you");
    }

    /** Whether what was typed has the form of an id (a UUID). */
    static boolean looksLikeId(String typed) {
        return UUID.matcher(typed).matches();
    }

    private FileView byId(String id) {
        try {
            return lookup.info(id);
        } catch (RequestRefused e) {
            if (e.status() == 404 || e.status() == 400) {
                return null;
            }
            throw e;
        }
    }

    private static List<FileView> named(List<FileView> files, String name) {
        return files.stream().filter(f -> name.equals(f.name())).toList();
    }
}
