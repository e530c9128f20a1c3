package dev.filesys.file.availability;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** An internal endpoint was called without the cluster token. */
class InvalidClusterToken extends ApiException {

    InvalidClusterToken() {
        super(
                HttpStatus.UNAUTHORIZED,
                "INVALID_CLUSTER_TOKEN",
                "Internal endpoints need Authorization: Bearer <cluster token>.");
        getHeaders().set("WWW-Authenticate", "Bearer realm=\"filesys-cluster\"");
    }
}
