package dev.filesys.support;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.net.http.HttpRequest;
import java.util.function.Supplier;

/**
 * Carries the trace of the work at hand to the service a request goes to: the W3C {@code traceparent} header (what
 * Micrometer Tracing's propagator writes) on a {@link HttpRequest}, so the other service's log lines for that request
 * carry the same trace id. The services call each other with the JDK's {@link java.net.http.HttpClient}, which no
 * observation instruments, hence this.
 *
 * <p>Work a request does (the balancer's availability probe on an assignment) is in that request's trace. Work nobody
 * asked for (a heartbeat, a background check) gets a trace of its own with {@link #inTrace}, so its lines on both
 * sides can be matched too.
 */
public final class OutgoingTrace {

    private final Tracer tracer;
    private final Propagator propagator;

    public OutgoingTrace(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** Propagates nothing: where a service runs without tracing (unit tests). */
    public static OutgoingTrace none() {
        return new OutgoingTrace(Tracer.NOOP, Propagator.NOOP);
    }

    /** Adds the current trace's headers, if there is a current trace, to {@code request}; returns it. */
    public HttpRequest.Builder propagate(HttpRequest.Builder request) {
        TraceContext context = tracer.currentTraceContext().context();
        if (context != null) {
            propagator.inject(context, request, HttpRequest.Builder::header);
        }
        return request;
    }

    /** Runs {@code work} in the current trace, or, when there is none, in a new one whose first span is {@code name}. */
    public <T> T inTrace(String name, Supplier<T> work) {
        if (tracer.currentSpan() != null) {
            return work.get();
        }
        Span span = tracer.nextSpan().name(name).start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            return work.get();
        } finally {
            span.end();
        }
    }
}
