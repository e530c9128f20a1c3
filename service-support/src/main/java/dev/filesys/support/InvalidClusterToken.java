package dev.filesys.support;

import org.springframework.http.HttpHeaders;

/** A request to an internal endpoint came without the cluster token, or with a wrong one. */
public class InvalidClusterToken extends ApiException {

    public InvalidClusterToken() {
        super(
                ApiError.INVALID_CLUSTER_TOKEN,
                "This endpoint needs the cluster token as 'Authorization: Bearer <token>'.");
        getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
}
