package dev.filesys.cli.client;

import dev.filesys.protocol.Assignment;
import java.util.Map;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

/** The balancer's API, as the CLI uses it: where to open a session. */
@HttpExchange(
        url = FilesysClient.API,
        accept = {"application/json", "application/problem+json"})
interface BalancerApi {

    /**
     * A file-service and an auth code for it.
     *
     * @param wait {@code {}}, or {@code {"waitSeconds": N}}: how long the balancer may look for an available server
     */
    @PostExchange("/assignments")
    Assignment assign(@RequestBody Map<String, Integer> wait);
}
