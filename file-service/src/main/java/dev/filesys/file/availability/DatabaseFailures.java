package dev.filesys.file.availability;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.ExceptionHandlerExceptionResolver;

/**
 * Turns any failure caused by an unreachable database, wherever in a request it surfaced (a repository, a transaction
 * that could not start or commit, the session lookup), into {@link DatabaseUnavailable}, which the service's one
 * problem handler answers as {@code 503 DATABASE_UNAVAILABLE} with {@code Retry-After}. Logged as one line, without a
 * stack trace: during an outage every request fails the same way.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseFailures implements WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(DatabaseFailures.class);

    @Override
    public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
        HandlerExceptionResolver problems = resolvers.stream()
                .filter(ExceptionHandlerExceptionResolver.class::isInstance)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no @ExceptionHandler resolver to hand problems to"));
        resolvers.addFirst((request, response, handler, failure) -> {
            if (failure instanceof DatabaseUnavailable || !DatabaseUnavailable.isCause(failure)) {
                return null;
            }
            log.warn(
                    "{} {} answered 503 DATABASE_UNAVAILABLE: {}", request.getMethod(), path(request), reason(failure));
            return problems.resolveException(request, response, handler, new DatabaseUnavailable());
        });
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI();
    }

    private static String reason(Throwable failure) {
        Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
