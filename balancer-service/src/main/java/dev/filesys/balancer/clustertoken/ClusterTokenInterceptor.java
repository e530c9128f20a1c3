package dev.filesys.balancer.clustertoken;

import dev.filesys.support.ClusterToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/** Refuses a request without the cluster token before its handler runs; the error path turns that into a 401. */
class ClusterTokenInterceptor implements HandlerInterceptor {

    private final ClusterToken token;

    ClusterTokenInterceptor(ClusterToken token) {
        this.token = token;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        token.require(request.getHeader(HttpHeaders.AUTHORIZATION));
        return true;
    }
}
