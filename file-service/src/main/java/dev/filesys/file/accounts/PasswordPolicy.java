package dev.filesys.file.accounts;

import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * What a new password must be, as ASVS 5.0 (and NIST SP 800-63B) ask: 8 to 1024 characters (64 and far more are
 * allowed), not on the shipped list of common and breached passwords, not one character repeated, not the user name.
 * No composition rules: any Unicode text of that length that is not guessable from a list will do. Each refusal says
 * why.
 */
@Component
class PasswordPolicy {

    private final CommonPasswords common;

    PasswordPolicy() {
        this(CommonPasswords.shipped());
    }

    PasswordPolicy(CommonPasswords common) {
        this.common = common;
    }

    /**
     * @param username the (normalised) name the password is for
     * @return the password in NFC, as it is hashed
     * @throws InvalidPassword when it holds an unpaired surrogate
     * @throws WeakPassword when it breaks a rule, saying which
     */
    String check(String password, String username) {
        if (Credentials.hasLoneSurrogate(password)) {
            throw new InvalidPassword();
        }
        String normalized = Credentials.checkPassword(password);
        if (normalized.codePoints().distinct().count() == 1) {
            throw new WeakPassword("This password is one character repeated; choose one that is harder to guess, e.g."
                    + " a few unrelated words.");
        }
        if (username != null && normalized.toLowerCase(Locale.ROOT).equals(username.toLowerCase(Locale.ROOT))) {
            throw new WeakPassword("The password must not be the username.");
        }
        if (common.contains(normalized)) {
            throw new WeakPassword("This password is too common: it is on a list of common and breached passwords"
                    + " (compared without regard to case). Choose another, e.g. a few unrelated words.");
        }
        return normalized;
    }
}
