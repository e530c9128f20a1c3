package dev.filesys.file.sessions;

import dev.filesys.support.BearerToken;
import dev.filesys.support.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

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
        return type == CurrentSession.class || type == CurrentUser.class;
    }

    @Override
    public Object resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory) {
        CurrentSession session = currentSession(webRequest);
        if (parameter.getParameterType() == CurrentSession.class) {
            return session;
        }
        return session.user().orElseThrow(NotLoggedIn::new);
    }

    private CurrentSession currentSession(NativeWebRequest webRequest) {
        Object known = webRequest.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (known instanceof CurrentSession session) {
            return session;
        }
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        String header = request == null ? null : request.getHeader(HttpHeaders.AUTHORIZATION);
        CurrentSession session = sessions.authenticate(BearerToken.from(header).orElse(null));
        webRequest.setAttribute(ATTRIBUTE, session, RequestAttributes.SCOPE_REQUEST);
        if (request != null) {
            session.user().ifPresent(user -> RequestIdFilter.identifyUser(request, user.userId()));
        }
        return session;
    }
}
