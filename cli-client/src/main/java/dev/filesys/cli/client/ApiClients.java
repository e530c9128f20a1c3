package dev.filesys.cli.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The typed clients of the balancer and of a file-service, on one {@link RestClient} over the JDK's HTTP client: JSON
 * with the CLI's mapper, every answer other than 2xx refused by {@link Problems}, and a failure to reach the server
 * turned into {@link ServerUnreachable}.
 */
final class ApiClients {

    /**
     * What the APIs' arguments need to become request values: strings are taken as they are, and numbers written out.
     * (The default conversion service would register a hundred converters on every start of a short command.)
     */
    private static final GenericConversionService ARGUMENTS = new GenericConversionService();

    static {
        ARGUMENTS.addConverter(Integer.class, String.class, String::valueOf);
    }

    private final RestClient rest;
    private final JdkClientHttpRequestFactory waitingRequests;

    ApiClients(HttpClient httpClient, JsonMapper json, ClientSettings settings) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(httpClient);
        requests.setReadTimeout(settings.requestTimeout());
        // the balancer may look for a server for waitSeconds before it answers
        this.waitingRequests = new JdkClientHttpRequestFactory(httpClient);
        waitingRequests.setReadTimeout(settings.requestTimeout().plusSeconds(settings.failoverWaitSeconds()));
        this.rest = RestClient.builder()
                .requestFactory(requests)
                .messageConverters(List.of(new JacksonJsonHttpMessageConverter(json)))
                .requestInterceptor((request, body, execution) -> {
                    request.getHeaders()
                            .set(TraceContext.HEADER, TraceContext.current().traceparent());
                    return execution.execute(request, body);
                })
                .defaultStatusHandler(status -> !status.is2xxSuccessful(), (request, response) -> {
                    throw Problems.refusal(
                            response.getStatusCode().value(),
                            response.getHeaders().getFirst("Retry-After"),
                            Problems.readSome(response.getBody()));
                })
                .build();
    }

    /** The balancer's API at {@code base}. */
    BalancerApi balancer(URI base) {
        return proxy(
                BalancerApi.class,
                rest.mutate()
                        .baseUrl(base)
                        .requestFactory(waitingRequests)
                        .requestInterceptor(unreachable(true))
                        .build());
    }

    /**
     * A file-service at {@code base} (which may have a path: {@code https://files.example.com/s/fs-0}).
     *
     * @param token the session's bearer token, or {@code null} (the handshake)
     */
    RestClient fileService(URI base, String token) {
        RestClient.Builder builder = rest.mutate().baseUrl(base).requestInterceptor(unreachable(false));
        if (token != null) {
            builder.requestInterceptor((request, body, execution) -> {
                request.getHeaders().setBearerAuth(token);
                return execution.execute(request, body);
            });
        }
        return builder.build();
    }

    FileServiceApi fileServiceApi(RestClient fileService) {
        return proxy(FileServiceApi.class, fileService);
    }

    /**
     * What a failure of the client (rather than a refusal by the server) means: a body that broke off is a server that
     * stopped answering; one that cannot be read as JSON is an unreadable answer.
     */
    static RuntimeException failure(RestClientException e, URI server, boolean balancer) {
        if (e.getMostSpecificCause() instanceof IOException io) {
            return Http.unreachable(server, io, balancer);
        }
        return new RequestRefused(
                200,
                "UNREADABLE_RESPONSE",
                "the server's answer could not be read: "
                        + e.getMostSpecificCause().getMessage(),
                null);
    }

    private static ClientHttpRequestInterceptor unreachable(boolean balancer) {
        return (request, body, execution) -> {
            try {
                return execution.execute(request, body);
            } catch (IOException e) {
                throw Http.unreachable(request.getURI(), e, balancer);
            }
        };
    }

    private static <T> T proxy(Class<T> api, RestClient client) {
        return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(client))
                .conversionService(ARGUMENTS)
                .build()
                .createClient(api);
    }
}
