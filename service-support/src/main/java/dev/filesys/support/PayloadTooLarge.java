package dev.filesys.support;

/** A request body is larger than its endpoint accepts; nothing was parsed or changed. */
public class PayloadTooLarge extends ApiException {

    public PayloadTooLarge(long maxBytes) {
        super(
                ApiError.PAYLOAD_TOO_LARGE,
                "The request body is larger than the " + maxBytes + " bytes this endpoint accepts.");
    }
}
