package dev.filesys.file.sessions;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import dev.filesys.support.BearerToken;
import dev.filesys.support.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Resolves {@link CurrentSession} and {@link CurrentUser} controller parameters from {@code Authorization: Bearer
 * <sessionToken>}. The session is looked up (and touched) once per request; a missing, unknown, closed or expired
 * session, or a session without a user where a {@link CurrentUser} is asked for, is a 401 problem before the handler
 * runs. The user's id goes on the request's log line ({@link RequestIdFilter#identifyUser}).
 */
class SessionArgumentResolver implements HandlerMethodArgumentResolver {

    private static final String ATTRIBUTE = CurrentSession.class.getName();

    private final SessionService sessions;

    SessionArgumentResolver(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        Class<?> type = parameter.getParameterType();
        return type == CurrentSession.class || type == CurrentUser.class || type == AdminUser.class;
    }

    @Override
    public Object resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory)
            throws NoResourceFoundException {
        if (parameter.getParameterType() == AdminUser.class) {
            return admin(parameter, webRequest);
        }
        CurrentSession session = currentSession(webRequest);
        if (parameter.getParameterType() == CurrentSession.class) {
            return session;
        }
        CurrentUser user = session.user().orElseThrow(NotLoggedIn::new);
        requirePasswordChanged(parameter, session);
        return user;
    }

    /**
     * The admin, or the very {@code 404} a path that does not exist gets (the one Spring's resource handler raises): no
     * session, an expired one, or a user who is not an admin learns nothing about the admin API.
     */
    private AdminUser admin(MethodParameter parameter, NativeWebRequest webRequest) throws NoResourceFoundException {
        CurrentSession session;
        try {
            session = currentSession(webRequest);
        } catch (ApiException e) {
            throw notFound(webRequest);
        }
        if (session.userId() == null || session.username() == null || !session.admin()) {
            throw notFound(webRequest);
        }
        requirePasswordChanged(parameter, session);
        return new AdminUser(session.userId(), session.username(), session.sessionId());
    }

    private static NoResourceFoundException notFound(NativeWebRequest webRequest) {
        HttpServletRequest request = servletRequest(webRequest);
        String uri = request.getRequestURI();
        // a request's URI starts with "/"; the resource path is the rest
        return new NoResourceFoundException(HttpMethod.valueOf(request.getMethod()), uri, uri.substring(1));
    }

    private static void requirePasswordChanged(MethodParameter parameter, CurrentSession session) {
        if (session.mustChangePassword() && !parameter.hasMethodAnnotation(PasswordChangeExempt.class)) {
            throw ApiError.PASSWORD_CHANGE_REQUIRED.exception("An admin reset your password: change it"
                    + " (POST /api/v1/me/password with the temporary one as oldPassword) before anything else.");
        }
    }

    private CurrentSession currentSession(NativeWebRequest webRequest) {
        Object known = webRequest.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (known instanceof CurrentSession session) {
            return session;
        }
        HttpServletRequest request = servletRequest(webRequest);
        CurrentSession session = sessions.authenticate(
                BearerToken.from(request.getHeader(HttpHeaders.AUTHORIZATION)).orElse(null));
        webRequest.setAttribute(ATTRIBUTE, session, RequestAttributes.SCOPE_REQUEST);
        session.user().ifPresent(user -> RequestIdFilter.identifyUser(request, user.userId()));
        return session;
    }

    /** The servlet request behind a Spring MVC request: the service runs on servlets only. */
    private static HttpServletRequest servletRequest(NativeWebRequest webRequest) {
        return Objects.requireNonNull(webRequest.getNativeRequest(HttpServletRequest.class), "a servlet request");
    }
}
