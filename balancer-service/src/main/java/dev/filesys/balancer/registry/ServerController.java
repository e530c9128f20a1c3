package dev.filesys.balancer.registry;

import dev.filesys.protocol.ServerRegistration;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Self-registration of file-services (heartbeat and graceful deregistration) and the operators' view of the registry.
 * Every endpoint here needs the cluster token ({@code Authorization: Bearer <token>}, else 401
 * {@code INVALID_CLUSTER_TOKEN}).
 */
@RestController
@Tag(name = "Servers", description = "The registry of file-services (cluster token)")
@SecurityRequirement(name = "clusterToken")
@ApiResponse(responseCode = "401", description = "INVALID_CLUSTER_TOKEN: the cluster token is missing or wrong")
class ServerController {

    private final ServerRegistry registry;

    ServerController(ServerRegistry registry) {
        this.registry = registry;
    }

    @Operation(
            operationId = "registerServer",
            summary = "Register a file-service, or renew its registration (the heartbeat)",
            description = "Send every heartbeat interval; the registration lasts three heartbeats. url is where the"
                    + " balancer probes the server; publicUrl (optional) where clients are sent, when that differs"
                    + " (behind an edge proxy).")
    @ApiResponse(responseCode = "200", description = "Registered or renewed; the server's entry")
    @ApiResponse(responseCode = "400", description = "INVALID_SERVER_ID, INVALID_SERVER_URL, MALFORMED_REQUEST")
    @ApiResponse(
            responseCode = "409",
            description = "SERVER_ID_CONFLICT: the id is configured statically, discovered, or registered with another"
                    + " URL whose lease still runs")
    @PutMapping(path = "/internal/v1/servers/{serverId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ServerView register(@PathVariable String serverId, @RequestBody ServerRegistration registration) {
        return registry.register(serverId, registration.url(), registration.publicUrl());
    }

    @Operation(operationId = "deregisterServer", summary = "Deregister a file-service (graceful shutdown); idempotent")
    @ApiResponse(responseCode = "204", description = "Gone (or was never there)")
    @ApiResponse(responseCode = "400", description = "INVALID_SERVER_ID")
    @DeleteMapping("/internal/v1/servers/{serverId}")
    ResponseEntity<Void> deregister(@PathVariable String serverId) {
        registry.deregister(serverId);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "listServers", summary = "List the known file-services with their health")
    @ApiResponse(responseCode = "200", description = "Every known server, in round-robin order")
    @GetMapping(path = "/api/v1/servers", produces = MediaType.APPLICATION_JSON_VALUE)
    List<ServerView> servers() {
        return registry.views();
    }
}
