package dev.filesys.file.accounts;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** A password that is not text: it holds half of a UTF-16 surrogate pair without the other half. */
class InvalidPassword extends ApiException {

    InvalidPassword() {
        super(
                ApiError.INVALID_PASSWORD,
                "The password contains an unpaired UTF-16 surrogate (\\uD800-\\uDFFF without its partner), which is"
                        + " not a character; send it as valid UTF-8 or UTF-16.");
    }
}
