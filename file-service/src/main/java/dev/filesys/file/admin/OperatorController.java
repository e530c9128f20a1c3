package dev.filesys.file.admin;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.support.ClusterToken;
import dev.filesys.support.InvalidClusterToken;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PUT /internal/v1/admins/{username}} with the cluster token: the operator makes a registered user an admin.
 * This is how the first admin is made: the user registers with a password of their own choosing, the operator (who
 * holds the cluster token) promotes them. There is no default password and no admin at all until then.
 */
@Tag(name = "Cluster", description = "What the balancer asks a file-service")
@RestController
class OperatorController {

    private final AdminService admin;
    private final ClusterToken clusterToken;

    OperatorController(AdminService admin, FileServiceProperties properties) {
        this.admin = admin;
        this.clusterToken = ClusterToken.configured(properties.balancer().clusterToken(), "file-service");
    }

    @Operation(
            operationId = "promoteAdmin",
            summary = "Make a registered user an admin (the operator's bootstrap)",
            security = @SecurityRequirement(name = "clusterToken"))
    @ApiResponse(responseCode = "200", description = "The user, now an admin")
    @ApiResponse(responseCode = "401", description = "INVALID_CLUSTER_TOKEN")
    @ApiResponse(responseCode = "404", description = "USER_NOT_FOUND: register the user first")
    @PutMapping("/internal/v1/admins/{username}")
    Map<String, Object> promote(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @PathVariable String username,
            HttpServletRequest request) {
        if (!clusterToken.admits(authorization)) {
            throw new InvalidClusterToken();
        }
        AdminService.UserUsage user = admin.promote(username, request.getRemoteAddr());
        return Map.of(
                "userId",
                user.user().userId(),
                "username",
                user.user().username(),
                "role",
                user.user().role());
    }
}
