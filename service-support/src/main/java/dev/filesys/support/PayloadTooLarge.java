package dev.filesys.support;

import org.springframework.http.HttpStatus;

/** A request body is larger than its endpoint accepts; nothing was parsed or changed. */
public class PayloadTooLarge extends ApiException {

    public PayloadTooLarge(long maxBytes) {
        super(
                HttpStatus.CONTENT_TOO_LARGE,
                "PAYLOAD_TOO_LARGE",
                "The request body is larger than the " + maxBytes + " bytes this endpoint accepts.");
    }
}
