package dev.filesys.support;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The services' {@link JsonMapper} reads with tight stream-read constraints, as a second line behind the request body
 * limit: whatever reaches Jackson (a request body, a probe answer, an event) cannot make it build a huge string, nest
 * deeply or read without end. Boot's own customisations still apply: this only replaces the factory the builder starts
 * from (Jackson 3's builder cannot change the factory of one already made).
 */
@Configuration(proxyBeanMethods = false)
class JsonLimits {

    /** The longest document read at all; request bodies are limited far below this before Jackson sees them. */
    static final long MAX_DOCUMENT_BYTES = 1024 * 1024;
    /** The longest string value; a password (1024 characters, escaped) fits many times over. */
    static final int MAX_STRING_LENGTH = 64 * 1024;
    /** The deepest nesting; nothing the services read nests more than a few levels. */
    static final int MAX_NESTING_DEPTH = 64;

    static final int MAX_NUMBER_LENGTH = 100;
    static final int MAX_NAME_LENGTH = 1024;
    static final long MAX_TOKEN_COUNT = 100_000;

    static StreamReadConstraints constraints() {
        return StreamReadConstraints.builder()
                .maxDocumentLength(MAX_DOCUMENT_BYTES)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .maxTokenCount(MAX_TOKEN_COUNT)
                .build();
    }

    @Bean
    @Scope("prototype")
    JsonMapper.Builder jsonMapperBuilder(ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
        JsonMapper.Builder builder = JsonMapper.builder(
                JsonFactory.builder().streamReadConstraints(constraints()).build());
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder;
    }
}
