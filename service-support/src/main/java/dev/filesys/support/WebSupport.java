package dev.filesys.support;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/**
 * What a service imports ({@code @Import(WebSupport.class)} on its application class) to get the shared error path and
 * request ids, problem+json documented on every error response, and problem+json even for what Tomcat refuses itself. Imported rather than auto-configured, so {@code @WebMvcTest} slices get it too.
 */
@Configuration(proxyBeanMethods = false)
@Import({ProblemHandler.class, ProblemErrorController.class, ProblemResponsesDocumentation.class})
public class WebSupport {

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    ProblemErrorReportCustomizer problemErrorReportCustomizer() {
        return new ProblemErrorReportCustomizer();
    }
}
