package dev.filesys.balancer.clustertoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filesys.balancer.TestProperties;
import dev.filesys.support.ClusterToken;
import dev.filesys.support.InvalidClusterToken;
import dev.filesys.support.StartupRefused;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.handler.MappedInterceptor;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * The guard in front of the internal endpoints, without a web server: the interceptor admits only the cluster token,
 * the configuration puts it on exactly the guarded paths and warns when the token is the local default.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClusterTokenGuardTest {

    private final ClusterToken token = new ClusterToken("s3cret-token");
    private final ClusterTokenInterceptor interceptor = new ClusterTokenInterceptor(token);

    @Test
    void theInterceptorLetsTheTokenThrough() {
        MockHttpServletRequest request = request("PUT", "/internal/v1/servers/fs-1");
        request.addHeader("Authorization", "Bearer s3cret-token");

        assertThat(interceptor.preHandle(request, new MockHttpServletResponse(), new Object()))
                .isTrue();
    }

    @Test
    void theInterceptorRefusesAMissingOrWrongTokenAsAProblem() {
        MockHttpServletRequest wrong = request("PUT", "/internal/v1/servers/fs-1");
        wrong.addHeader("Authorization", "Bearer s3cret-tokeN");

        for (MockHttpServletRequest request : List.of(request("GET", "/api/v1/servers"), wrong)) {
            assertThatThrownBy(() -> interceptor.preHandle(request, new MockHttpServletResponse(), new Object()))
                    .isInstanceOfSatisfying(InvalidClusterToken.class, refused -> {
                        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
                        assertThat(refused.code()).isEqualTo("INVALID_CLUSTER_TOKEN");
                        assertThat(refused.getHeaders().getFirst("WWW-Authenticate"))
                                .isEqualTo("Bearer");
                    });
        }
    }

    @Test
    void theConfigurationGuardsTheInternalPathsAndTheServerListOnly() {
        ClusterTokenConfiguration configuration =
                new ClusterTokenConfiguration(TestProperties.bind(Map.of("cluster-token", "s3cret-token")));
        RecordingRegistry registry = new RecordingRegistry();

        configuration.addInterceptors(registry);

        assertThat(configuration.clusterToken().admits("Bearer s3cret-token")).isTrue();
        assertThat(registry.interceptors()).singleElement().satisfies(mapped -> {
            assertThat(mapped.getInterceptor()).isInstanceOf(ClusterTokenInterceptor.class);
            assertThat(mapped.matches(request("PUT", "/internal/v1/servers/fs-1")))
                    .isTrue();
            assertThat(mapped.matches(request("GET", "/internal/anything-added-later")))
                    .isTrue();
            assertThat(mapped.matches(request("GET", "/api/v1/servers"))).isTrue();
            assertThat(mapped.matches(request("GET", "/api/v1/servers/fs-1"))).isTrue();
            assertThat(mapped.matches(request("POST", "/api/v1/assignments"))).isFalse();
            assertThat(mapped.matches(request("GET", "/.well-known/jwks.json"))).isFalse();
        });
    }

    @Test
    void withoutATokenTheBalancerRefusesToStart() {
        assertThatThrownBy(() -> new ClusterTokenConfiguration(TestProperties.defaults()))
                .isInstanceOf(StartupRefused.class)
                .hasMessageContaining("FILESYS_CLUSTER_TOKEN");
        assertThatThrownBy(() -> new ClusterTokenConfiguration(TestProperties.bind(Map.of("cluster-token", "  "))))
                .isInstanceOf(StartupRefused.class);
    }

    @Test
    void theWellKnownTokenOfOldVersionsIsRefusedLikeNone() {
        assertThatThrownBy(() -> new ClusterTokenConfiguration(
                        TestProperties.bind(Map.of("cluster-token", "local-dev-cluster-token"))))
                .isInstanceOf(StartupRefused.class)
                .hasMessageContaining("publicly known");
    }

    @Test
    void aConfiguredTokenIsNotWarnedAbout(CapturedOutput output) {
        new ClusterTokenConfiguration(TestProperties.bind(Map.of("cluster-token", "s3cret-token")));

        assertThat(output).doesNotContain("The cluster token is the local default");
    }

    @Test
    void onlyTheBearerSchemeCountsEvenWhenTheRestIsTheToken() {
        assertThat(token.admits("Basic  s3cret-token")).isFalse();
        assertThat(token.admits("Bearer!s3cret-token")).isFalse();
        assertThat(token.admits("Token: s3cret-token")).isFalse();
        assertThat(token.admits("bEaReR s3cret-token")).isTrue();
    }

    @Test
    void itSaysItIsRedactedRatherThanNothing() {
        assertThat(token).hasToString("ClusterToken[redacted]");
    }

    private static MockHttpServletRequest request(String method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        ServletRequestPathUtils.parseAndCache(request);
        return request;
    }

    /** Shows what {@link InterceptorRegistry} keeps to itself. */
    private static final class RecordingRegistry extends InterceptorRegistry {

        List<MappedInterceptor> interceptors() {
            return getInterceptors().stream().map(MappedInterceptor.class::cast).toList();
        }
    }
}
