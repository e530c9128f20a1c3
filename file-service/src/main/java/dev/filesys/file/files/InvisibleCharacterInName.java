package dev.filesys.file.files;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/**
 * A file name with an invisible or formatting character in it (see {@link FileNames}): two names that differ only in
 * such characters look the same, so one file could pass for another.
 */
public class InvisibleCharacterInName extends ApiException {

    InvisibleCharacterInName(String detail) {
        super(HttpStatus.BAD_REQUEST, "INVISIBLE_CHARACTER_IN_NAME", detail);
    }
}
