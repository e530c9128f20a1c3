package dev.filesys.file.uploads;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * tus requires {@code Tus-Resumable} on every request but OPTIONS and on every response: a request for another version
 * is refused with 412 and {@code Tus-Version} before anything else happens, and every response (errors included)
 * says which version this server speaks.
 */
class TusVersionInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        response.setHeader(Tus.RESUMABLE, Tus.VERSION);
        if (!"OPTIONS".equals(request.getMethod()) && !Tus.VERSION.equals(request.getHeader(Tus.RESUMABLE))) {
            throw TusProblems.unsupportedVersion();
        }
        return true;
    }
}
