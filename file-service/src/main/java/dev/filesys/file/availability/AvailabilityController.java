package dev.filesys.file.availability;

import dev.filesys.protocol.Availability;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The balancer's probe: {@code GET /internal/v1/availability} (cluster token, or the balancer's probe token) answers from memory whether this instance
 * takes a new client. Always 200 when the token is right; "no" is an answer, not an error.
 */
@Tag(name = "Cluster", description = "What the balancer asks a file-service")
@RestController
class AvailabilityController {

    private final InstanceAvailability availability;
    private final ProbeGuard guard;

    AvailabilityController(InstanceAvailability availability, ProbeGuard guard) {
        this.availability = availability;
        this.guard = guard;
    }

    @Operation(
            operationId = "getAvailability",
            summary = "Whether this instance takes a new client (the balancer's probe)",
            description = "Answered from memory. reason, when not available: DRAINING, AT_CAPACITY,"
                    + " DATABASE_UNREACHABLE, STORAGE_UNAVAILABLE.",
            security = @SecurityRequirement(name = "clusterToken"))
    @ApiResponse(responseCode = "200", description = "The answer, yes or no")
    @ApiResponse(responseCode = "401", description = "INVALID_CLUSTER_TOKEN")
    @GetMapping("/internal/v1/availability")
    ResponseEntity<Availability> availability(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        guard.require(authorization);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(availability.current());
    }
}
