package dev.filesys.file.sessions;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Lets any controller declare a {@link CurrentUser} or {@link CurrentSession} parameter. */
@Configuration(proxyBeanMethods = false)
class SessionWebConfiguration implements WebMvcConfigurer {

    private final SessionService sessions;

    SessionWebConfiguration(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new SessionArgumentResolver(sessions));
    }
}
