package dev.filesys.file.accounts;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Runs {@link AccountService#refuseHopelessRegistration} for {@code POST /api/v1/users} before the handler's arguments
 * are resolved, that is before the body is parsed and the session is looked up in the database.
 */
class RegistrationGate implements HandlerInterceptor {

    private final AccountService accounts;

    RegistrationGate(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if ("POST".equals(request.getMethod())) {
            accounts.refuseHopelessRegistration();
        }
        return true;
    }
}
