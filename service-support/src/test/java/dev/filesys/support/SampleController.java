package dev.filesys.support;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Endpoints that fail in each way the error path must handle. */
@RestController
class SampleController {

    record SampleBody(@NotBlank String name) {}

    @GetMapping("/sample/missing")
    String missing() {
        throw new ApiException(HttpStatus.NOT_FOUND, "THING_NOT_FOUND", "No such thing.");
    }

    @GetMapping("/sample/broken")
    String broken() {
        throw new IllegalStateException("secret detail");
    }

    @GetMapping("/sample/cut")
    void cut(jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        response.getOutputStream().write(new byte[] {1, 2, 3});
        response.flushBuffer();
        throw new java.io.IOException("stream broke after the response started");
    }

    /** What a handler sees of where the request came from and where it went. */
    @GetMapping("/sample/where")
    java.util.Map<String, Object> where(jakarta.servlet.http.HttpServletRequest request) {
        return java.util.Map.of(
                "remoteAddr", request.getRemoteAddr(),
                "scheme", request.getScheme(),
                "secure", request.isSecure(),
                "host", request.getServerName(),
                "port", request.getServerPort(),
                "contextPath", request.getContextPath(),
                "link",
                        org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromCurrentContextPath()
                                .path("/sample/where")
                                .toUriString(),
                "forwardedHost", String.valueOf(request.getHeader("X-Forwarded-Host")));
    }

    @PostMapping("/sample/stream")
    String stream(jakarta.servlet.http.HttpServletRequest request) throws java.io.IOException {
        return Long.toString(request.getInputStream().transferTo(java.io.OutputStream.nullOutputStream()));
    }

    /** Refuses a (streaming) body without reading any of it, as an upload over its owner's quota is. */
    @PostMapping("/sample/stream/refused")
    String refused() {
        throw new ApiException(HttpStatus.INSUFFICIENT_STORAGE, "QUOTA_EXCEEDED", "No room for it.");
    }

    @PostMapping("/sample/tree")
    String tree(@RequestBody tools.jackson.databind.JsonNode tree) {
        return tree.getNodeType().name();
    }

    @PostMapping("/sample")
    String create(@RequestBody @Valid SampleBody body) {
        return body.name();
    }
}
