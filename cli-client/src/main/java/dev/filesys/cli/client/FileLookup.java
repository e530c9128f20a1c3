package dev.filesys.cli.client;

import java.util.List;

/** The two reads that turn a name or an id into a file. */
public interface FileLookup {

    /** Every file in the scope (all pages). */
    List<FileView> list(Scope scope);

    /**
     * One file's metadata.
     *
     * @throws RequestRefused with status 404 when there is no such file the user may see
     */
    FileView info(String fileId);
}
