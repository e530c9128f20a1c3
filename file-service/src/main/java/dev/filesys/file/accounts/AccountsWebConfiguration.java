package dev.filesys.file.accounts;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the {@link RegistrationGate} in front of registration (when there are accounts: web slices of other features have none). */
@Configuration(proxyBeanMethods = false)
class AccountsWebConfiguration implements WebMvcConfigurer {

    private final ObjectProvider<AccountService> accounts;

    AccountsWebConfiguration(ObjectProvider<AccountService> accounts) {
        this.accounts = accounts;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        accounts.ifAvailable(service ->
                registry.addInterceptor(new RegistrationGate(service)).addPathPatterns("/api/v1/users"));
    }
}
