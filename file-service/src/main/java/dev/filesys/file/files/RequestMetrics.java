package dev.filesys.file.files;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Counts the requests of the files, shares and uploads APIs by operation (the handler, e.g. {@code upload},
 * {@code download}, {@code share}, {@code tus_patch}) and outcome ({@code success}, {@code client_error},
 * {@code server_error}), as {@code filesys.files.requests}. Tags never carry a file name, a user or an id.
 */
class RequestMetrics implements HandlerInterceptor {

    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    RequestMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
        if (!(handler instanceof HandlerMethod method)) {
            return;
        }
        count(operation(method), response.getStatus(), failure);
    }

    /** Counts one request of {@code operation} that ended with {@code status}, or failed. */
    void count(String operation, int status, Exception failure) {
        String outcome = failure != null || status >= 500 ? "server_error" : status >= 400 ? "client_error" : "success";
        counters.computeIfAbsent(
                        operation + "/" + outcome,
                        key -> Counter.builder("filesys.files.requests")
                                .description("Requests to the files, shares and uploads APIs")
                                .tag("operation", operation)
                                .tag("outcome", outcome)
                                .register(meters))
                .increment();
    }

    static String operation(HandlerMethod method) {
        String name = method.getMethod().getName().replace("Override", "");
        return method.getBeanType().getPackageName().endsWith(".uploads") ? "tus_" + name : name;
    }
}
