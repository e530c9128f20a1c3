package dev.filesys.file.accounts;

/**
 * What {@link RegistrationGate} takes for a registration before its request is read ({@link
 * AccountService#admitRegistration}): one token of this instance's registration allowance and one password-hashing
 * thread. The registration spends the token where it would otherwise take one and hashes on the held thread ({@link
 * AccountService#register}). {@link #end}, when the request is over, gives the thread back, and the token too if the
 * request ended before spending it (a bad name or password, the address's own allowance spent, a malformed body, no
 * session), so such a request costs the instance's allowance nothing, as when the token was taken only there. Used by
 * the one request's thread only.
 */
final class RegistrationAdmission {

    private final PasswordHashing.Reservation hashing;
    private final Runnable giveBackToken;
    private boolean spent;
    private boolean ended;

    /**
     * @param hashing the hashing thread held for the registration
     * @param giveBackToken puts the token back into the instance's allowance
     */
    RegistrationAdmission(PasswordHashing.Reservation hashing, Runnable giveBackToken) {
        this.hashing = hashing;
        this.giveBackToken = giveBackToken;
    }

    /** The registration used the token: it stays taken. */
    void spend() {
        spent = true;
    }

    /** The hashing thread held for this registration. */
    PasswordHashing.Reservation hashing() {
        return hashing;
    }

    /** The request is over: gives the hashing thread back, and the token unless it was spent (once). */
    void end() {
        hashing.close();
        if (!spent && !ended) {
            ended = true;
            giveBackToken.run();
        }
    }
}
