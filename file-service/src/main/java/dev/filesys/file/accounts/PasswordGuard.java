package dev.filesys.file.accounts;

import dev.filesys.support.ApiError;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Passwords that guard something other than an account (a public link): hashed with the accounts' Argon2id on the
 * same bounded hashing threads, and checked under the login throttle, so wrong guesses back off exactly as failed
 * logins do, per guarded thing ({@code scope}) and per client address (the address's count is the one logins use:
 * guesses at links and at accounts add up).
 */
@Component
public class PasswordGuard {

    private final PasswordHashing passwords;
    private final LoginThrottle throttle;
    private final Clock clock;

    PasswordGuard(PasswordHashing passwords, LoginThrottle throttle, Clock clock) {
        this.passwords = passwords;
        this.throttle = throttle;
        this.clock = clock;
    }

    /**
     * The Argon2id hash of a new password: 1 to 1024 characters (code points, after NFC).
     *
     * @throws dev.filesys.support.ApiException {@code 400 INVALID_PASSWORD} for an empty, too long or unpaired-surrogate
     *     password; {@code 503 SERVER_BUSY} when every hashing thread is busy
     */
    public String hash(String password) {
        if (Credentials.hasLoneSurrogate(password)) {
            throw new InvalidPassword();
        }
        String normalized = Credentials.normalizePassword(password);
        int length = normalized.codePointCount(0, normalized.length());
        if (length < 1 || length > Credentials.MAX_PASSWORD) {
            throw ApiError.INVALID_PASSWORD.exception(
                    "The password must be 1 to " + Credentials.MAX_PASSWORD + " characters long.");
        }
        return passwords.hash(normalized);
    }

    /**
     * Checks a guess against a stored hash. The attempt is reserved against {@code scope} and the client's address
     * before the hash runs, as a login's is; a right guess clears the scope's failures and gives the address's attempt
     * back.
     *
     * @param scope what the password guards, e.g. {@code link:<id>} (at most 90 characters)
     * @param clientAddress the caller's address
     * @return whether the guess is right
     * @throws dev.filesys.support.ApiException {@code 429 TOO_MANY_ATTEMPTS} with {@code Retry-After} while the scope or
     *     the address is held back (nothing is checked); {@code 503 SERVER_BUSY} when every hashing thread is busy (the
     *     attempt still counts)
     */
    public boolean check(String scope, String guess, String storedHash, String clientAddress) {
        String addressKey = LoginThrottle.addressKey(clientAddress);
        Optional<Duration> blocked = throttle.reserve(List.of(scope, addressKey), clock.instant());
        if (blocked.isPresent()) {
            throw new TooManyAttempts(blocked.get(), "passwords");
        }
        if (Credentials.hasLoneSurrogate(guess)
                || !passwords.matches(Credentials.normalizePassword(guess), storedHash)) {
            return false;
        }
        throttle.succeeded(scope, addressKey);
        return true;
    }
}
