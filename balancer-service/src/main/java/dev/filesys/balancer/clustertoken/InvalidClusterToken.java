package dev.filesys.balancer.clustertoken;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** A request to an internal endpoint came without the cluster token, or with a wrong one. */
class InvalidClusterToken extends ApiException {

    InvalidClusterToken() {
        super(
                HttpStatus.UNAUTHORIZED,
                "INVALID_CLUSTER_TOKEN",
                "This endpoint needs the cluster token as 'Authorization: Bearer <token>'.");
        getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
}
