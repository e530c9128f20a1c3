package dev.filesys.balancer.authcodes;

import dev.filesys.balancer.BalancerProperties;
import dev.filesys.protocol.authcode.AuthCodeSigner;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The signing keys (from {@code filesys.balancer.signing.keys} or {@code .keys-file}, else generated) and the
 * {@link AuthCodeSigner} that signs with the first of them. A broken key configuration stops the start-up with a
 * message that never quotes key material.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BalancerProperties.class)
class SigningConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SigningConfiguration.class);

    @Bean
    SigningKeys signingKeys(BalancerProperties properties) {
        String json = properties.signing().keys();
        String file = properties.signing().keysFile();
        boolean hasJson = json != null && !json.isBlank();
        boolean hasFile = file != null && !file.isBlank();
        if (hasJson && hasFile) {
            throw new IllegalStateException("set filesys.balancer.signing.keys (FILESYS_SIGNING_KEYS) or"
                    + " filesys.balancer.signing.keys-file (FILESYS_SIGNING_KEYS_FILE), not both");
        }
        SigningKeys keys;
        try {
            if (hasJson) {
                keys = SigningKeys.parse(json);
                log.info("auth-code signing keys from configuration: {} (the first signs)", keys.keyIds());
            } else if (hasFile) {
                keys = SigningKeys.read(Path.of(file));
                log.info("auth-code signing keys from {}: {} (the first signs)", file, keys.keyIds());
            } else {
                keys = SigningKeys.generated();
                log.warn(
                        "no signing keys configured: generated key {} for this run only (codes do not survive a"
                                + " restart, and other balancer replicas would not share it)",
                        keys.active().getKeyID());
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid auth-code signing keys: " + e.getMessage(), e);
        }
        return keys;
    }

    @Bean
    AuthCodeSigner authCodeSigner(SigningKeys keys, BalancerProperties properties, Clock clock) {
        return new AuthCodeSigner(keys.active(), properties.issuer(), properties.authCodeTtl(), clock);
    }
}
