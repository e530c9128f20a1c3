package dev.filesys.file.uploads;

import dev.filesys.file.FileServiceProperties;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The chunk store on the blob root, and the tus headers on every request under {@code /api/v1/uploads}. */
@Configuration(proxyBeanMethods = false)
class UploadConfiguration implements WebMvcConfigurer {

    @Bean
    ChunkStore chunkStore(FileServiceProperties properties) throws IOException {
        return new ChunkStore(properties.storage().root());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new TusVersionInterceptor()).addPathPatterns("/api/v1/uploads", "/api/v1/uploads/**");
    }
}
