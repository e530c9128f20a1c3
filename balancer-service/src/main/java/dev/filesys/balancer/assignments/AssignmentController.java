package dev.filesys.balancer.assignments;

import dev.filesys.balancer.BalancerProperties;
import dev.filesys.protocol.Assignment;
import dev.filesys.support.Rate;
import dev.filesys.support.TokenBuckets;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Where a client starts: it gets a file-service that takes it, and a short-lived code to handshake there with. */
@RestController
@Tag(name = "Assignments", description = "Where a client starts")
class AssignmentController {

    private final AssignmentService assignments;
    private final TokenBuckets perAddress;

    AssignmentController(AssignmentService assignments, BalancerProperties properties) {
        this.assignments = assignments;
        BalancerProperties.Limits limits = properties.limits();
        this.perAddress = new TokenBuckets(
                new Rate(limits.assignmentsBurst(), limits.assignmentsEvery()), limits.trackedAddresses());
    }

    @Operation(
            operationId = "assignServer",
            summary = "Get a file-service and an auth code for it",
            description = "The body is optional; {\"waitSeconds\": n} (0 to 30) keeps trying that long when no server"
                    + " is available at once. The auth code is single-use and expires at expiresAt.")
    @ApiResponse(responseCode = "201", description = "A server said yes; here is where to go and the code to show")
    @ApiResponse(
            responseCode = "400",
            description = "INVALID_REQUEST (waitSeconds outside 0..30), MALFORMED_REQUEST (not JSON)")
    @ApiResponse(
            responseCode = "413",
            description = "PAYLOAD_TOO_LARGE: the body is larger than the limit (16 KiB by default)")
    @ApiResponse(
            responseCode = "429",
            description = "RATE_LIMITED: too many assignments from your address; retry after Retry-After seconds",
            headers = @Header(name = "Retry-After", description = "seconds", schema = @Schema(type = "integer")))
    @ApiResponse(
            responseCode = "503",
            description =
                    "NO_SERVER_AVAILABLE: every server said no or did not answer; retry after Retry-After seconds",
            headers = @Header(name = "Retry-After", description = "seconds", schema = @Schema(type = "integer")))
    @PostMapping(path = "/api/v1/assignments", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Assignment> assign(
            @RequestBody(required = false) @Valid AssignmentRequest request, HttpServletRequest http) {
        // each assignment carries a code that opens a session: a client gets so many, then one at a time
        perAddress.take(TokenBuckets.addressKey(http.getRemoteAddr()), "assignments");
        int waitSeconds = request == null ? 0 : request.waitSecondsOrZero();
        Assignment assignment = assignments.assign(Duration.ofSeconds(waitSeconds));
        // the body carries a credential: no cache may keep it
        return ResponseEntity.status(HttpStatus.CREATED)
                .cacheControl(CacheControl.noStore())
                .body(assignment);
    }
}
