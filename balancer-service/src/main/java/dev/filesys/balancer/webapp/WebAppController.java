package dev.filesys.balancer.webapp;

import io.swagger.v3.oas.annotations.Hidden;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web app's page at {@code /}. Its modules and stylesheet are at {@code /app/…} ({@link WebAppConfiguration}).
 * Browsers must revalidate it (it names the modules, which change with each release).
 */
@Hidden
@RestController
class WebAppController {

    private final Resource page = new ClassPathResource(WebAppConfiguration.LOCATION + "index.html");

    @GetMapping(path = {"/", "/index.html"})
    ResponseEntity<Resource> page() {
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache())
                .body(page);
    }
}
