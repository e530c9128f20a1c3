package dev.filesys.balancer.authcodes;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Publishes the public parts of the signing keys, so file-services can verify auth codes. */
@RestController
@Tag(name = "Keys", description = "Public keys for verifying auth codes")
class JwksController {

    private final Map<String, Object> publicKeys;

    JwksController(SigningKeys keys) {
        this.publicKeys = keys.publicJwks().toJSONObject(true);
    }

    @Operation(operationId = "getSigningKeys", summary = "The balancer's public auth-code keys (JWK Set, RFC 7517)")
    @ApiResponse(responseCode = "200", description = "Public Ed25519 keys; the first signs new codes")
    @GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(1)).cachePublic())
                .body(publicKeys);
    }
}
