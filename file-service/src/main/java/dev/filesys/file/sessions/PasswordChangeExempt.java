package dev.filesys.file.sessions;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller method a user whose password was reset by an admin may still call: changing the password, asking
 * who they are. Every other method taking a {@link CurrentUser} or an {@link AdminUser} answers such a user {@code 403
 * PASSWORD_CHANGE_REQUIRED}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PasswordChangeExempt {}
