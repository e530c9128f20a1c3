package dev.filesys.file.availability;

import dev.filesys.protocol.Availability;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The balancer's probe: {@code GET /internal/v1/availability} (cluster token) answers from memory whether this instance
 * takes a new client. Always 200 when the token is right; "no" is an answer, not an error.
 */
@RestController
class AvailabilityController {

    private final InstanceAvailability availability;
    private final ClusterToken clusterToken;

    AvailabilityController(InstanceAvailability availability, ClusterToken clusterToken) {
        this.availability = availability;
        this.clusterToken = clusterToken;
    }

    @GetMapping("/internal/v1/availability")
    ResponseEntity<Availability> availability(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        clusterToken.require(authorization);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(availability.current());
    }
}
