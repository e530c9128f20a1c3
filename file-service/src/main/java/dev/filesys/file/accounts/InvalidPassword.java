package dev.filesys.file.accounts;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** A password that is not text: it holds half of a UTF-16 surrogate pair without the other half. */
class InvalidPassword extends ApiException {

    InvalidPassword() {
        super(
                HttpStatus.BAD_REQUEST,
                "INVALID_PASSWORD",
                "The password contains an unpaired UTF-16 surrogate (\\uD800-\\uDFFF without its partner), which is"
                        + " not a character; send it as valid UTF-8 or UTF-16.");
    }
}
