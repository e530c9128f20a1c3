package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/**
 * A file name with an invisible or formatting character in it (see {@link FileNames}): two names that differ only in
 * such characters look the same, so one file could pass for another.
 */
public class InvisibleCharacterInName extends ApiException {

    InvisibleCharacterInName(String detail) {
        super(ApiError.INVISIBLE_CHARACTER_IN_NAME, detail);
    }
}
