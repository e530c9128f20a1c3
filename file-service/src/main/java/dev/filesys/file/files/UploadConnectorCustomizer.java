package dev.filesys.file.files;

import dev.filesys.file.FileServiceProperties;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Tomcat settings for request bodies: a body that delivers no byte for {@code filesys.uploads.idle-timeout} fails the
 * read (so a stalled client cannot hold a connection), and {@code 100 Continue} is sent only when the application
 * starts reading the body, so an upload refused up front (name, size, quota) is refused before the client sends it.
 * What the application did not read of a body is not drained after the answer (Tomcat would otherwise swallow up to
 * 2 MB of it, at whatever pace the client sends): the connection is closed instead, so a trickling upload cut with
 * {@code 408} lets go of its connection at once rather than holding it for hours.
 */
@Component
class UploadConnectorCustomizer implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

    private final FileServiceProperties.Uploads uploads;

    UploadConnectorCustomizer(FileServiceProperties properties) {
        this.uploads = properties.uploads();
    }

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> {
            if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                http.setDisableUploadTimeout(false);
                http.setConnectionUploadTimeout(
                        (int) Math.min(Integer.MAX_VALUE, uploads.idleTimeout().toMillis()));
                http.setContinueResponseTiming("onRead");
                http.setMaxSwallowSize(0);
            }
        });
    }
}
