package dev.filesys.protocol.authcode;

/** An auth code was refused. The {@link Reason} says why, for logs and metrics; clients see one stable error code. */
public class InvalidAuthCode extends Exception {

    /** Why a code was refused. */
    public enum Reason {
        MALFORMED,
        UNSUPPORTED_ALGORITHM,
        UNKNOWN_KEY,
        BAD_SIGNATURE,
        WRONG_AUDIENCE,
        EXPIRED,
        NOT_YET_VALID,
        MISSING_CLAIM
    }

    private final Reason reason;

    public InvalidAuthCode(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
