package dev.filesys.support;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import jakarta.servlet.Filter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a service imports ({@code @Import(WebSupport.class)} on its application class) to get the shared error path and
 * request ids, problem+json documented on every error response, problem+json even for what Tomcat refuses itself, and
 * forwarded headers believed only from the proxies the service trusts (a {@link TrustedProxies} bean; none without
 * one), and the limits on what a client may send ({@link HttpLimits}: request bodies, Jackson's read constraints,
 * request heads and connections per address, from which the same trusted proxies are exempt). Imported rather than auto-configured, so {@code @WebMvcTest} slices get
 * it too.
 */
@Configuration(proxyBeanMethods = false)
@Import({ProblemHandler.class, ProblemErrorController.class, ProblemResponsesDocumentation.class, JsonLimits.class})
public class WebSupport {

    /**
     * The order for a service's gates: filters that refuse a request from memory (a spent allowance, a busy server)
     * after the client address is known and the request has its id, but before the body is read or anything parses
     * it.
     */
    public static final int GATE_FILTER_ORDER = RequestIdFilter.ORDER + 3;

    /** First of all filters: whatever reads the client's address, host or scheme later sees the real ones. */
    @Bean
    FilterRegistrationBean<ForwardedHeadersFilter> forwardedHeadersFilter(ObjectProvider<TrustedProxies> trusted) {
        return registered(
                new ForwardedHeadersFilter(trusted.getIfAvailable(TrustedProxies::none)), Ordered.HIGHEST_PRECEDENCE);
    }

    /**
     * After the request id (so refusals carry one) and the cross-origin filter, before anything that could read a
     * body.
     */
    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(ObjectProvider<HttpLimits> limits, JsonMapper json) {
        return registered(
                new BodyLimitFilter(limits.getIfAvailable(HttpLimits::defaults), json), GATE_FILTER_ORDER + 1);
    }

    /**
     * After the request id and the cross-origin filter, before the gates: every refusal of a request with a body, the
     * gates' included, is followed by the short drain of the rest of that body.
     */
    @Bean
    FilterRegistrationBean<RefusedBodyDrain> refusedBodyDrain() {
        return registered(new RefusedBodyDrain(), GATE_FILTER_ORDER - 1);
    }

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        return registered(new RequestIdFilter(), RequestIdFilter.ORDER);
    }

    /** {@code filter}, registered to run at {@code order}. */
    static <F extends Filter> FilterRegistrationBean<F> registered(F filter, int order) {
        FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(order);
        return registration;
    }

    /** The trace headers for calls to other services; none where tracing is not configured. */
    @Bean
    OutgoingTrace outgoingTrace(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        Tracer current = tracer.getIfAvailable();
        Propagator writer = propagator.getIfAvailable();
        return current == null || writer == null ? OutgoingTrace.none() : new OutgoingTrace(current, writer);
    }

    @Bean
    ConnectionLimitsCustomizer connectionLimitsCustomizer(
            ObjectProvider<HttpLimits> limits,
            ObjectProvider<TrustedProxies> trusted,
            ObjectProvider<MeterRegistry> meters) {
        return new ConnectionLimitsCustomizer(limits, trusted, meters);
    }

    @Bean
    ProblemErrorReportCustomizer problemErrorReportCustomizer() {
        return new ProblemErrorReportCustomizer();
    }
}
