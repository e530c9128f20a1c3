package dev.filesys.file;

import dev.filesys.support.OpenApiFacts;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the file-service's OpenAPI description says beyond what springdoc reads from the controllers: the fields every
 * answer has, the value sets of its strings, and the HTTP headers each operation reads and sends (ranges and
 * validators on downloads, tus's headers on uploads). A client generated from the description relies on these.
 */
@Configuration(proxyBeanMethods = false)
class ApiFacts {

    private static final String DOWNLOAD_LINK = "downloadLink";
    private static final String TUS_RESUMABLE = "Tus-Resumable";
    private static final String SENDS_TUS_RESUMABLE = "The tus protocol version this request speaks: 1.0.0";
    private static final String UPLOAD_EXPIRES = "When the unfinished upload is dropped (an HTTP date)";
    private static final String UPLOAD_LENGTH = "The upload's size in bytes";

    @Bean
    OpenApiCustomizer fileServiceFacts() {
        return api -> {
            api.getComponents()
                    .addSecuritySchemes(
                            DOWNLOAD_LINK,
                            new SecurityScheme()
                                    .type(SecurityScheme.Type.APIKEY)
                                    .in(SecurityScheme.In.QUERY)
                                    .name("link")
                                    .description("The token of a download link (POST …/download-links), for clients"
                                            + " that cannot send an Authorization header"));
            OpenApiFacts facts = OpenApiFacts.of(api)
                    .required(
                            "FileView",
                            "fileId",
                            "name",
                            "size",
                            "sha256",
                            "contentType",
                            "createdAt",
                            "updatedAt",
                            "owner",
                            "access")
                    .values("FileView", "access", "owner", "shared")
                    .required("Share", "username", "permission", "createdAt")
                    .values("Share", "permission", "read")
                    .required("ShareView", "fileId", "username", "permission", "createdAt")
                    .values("ShareView", "permission", "read")
                    .values("ShareRequest", "permission", "read")
                    .required("PageFileView", "items")
                    .required("UserView", "userId", "username")
                    .required("LoginResponse", "userId", "username", "sessionToken")
                    .required("CredentialsRequest", "username", "password")
                    .required("HandshakeResponse", "sessionId", "serverNonce", "expiresIn")
                    .required("AckRequest", "serverNonce")
                    .required("AckResponse", "sessionToken", "idleTimeoutSeconds", "resumed")
                    .required("DownloadLinkView", "url", "path", "expiresAt")
                    .required("Availability", "available", "activeSessions", "capacity");
            files(facts);
            facts.operation("streamEvents")
                    .responseHeader("Retry-After", "Seconds to wait before reconnecting", "429", "503");
            uploads(facts);
        };
    }

    private static void files(OpenApiFacts facts) {
        facts.operation("uploadFile")
                .parameter(new Parameter()
                        .in("query")
                        .name("name")
                        .required(true)
                        .description("1-255 bytes of UTF-8 after NFC; no / \\ NUL, control or bidi-override"
                                + " characters; not . or ..")
                        .schema(new StringSchema().minLength(1)))
                .parameter(new Parameter()
                        .in("query")
                        .name("overwrite")
                        .description("true replaces the content of your file of that name, keeping its id")
                        .schema(new BooleanSchema()._default(false)))
                .requestHeader("X-Checksum-SHA256", false, "The body's SHA-256, 64 hex digits or base64")
                .binaryBody(
                        "The file's bytes. Any Content-Type is taken, stored and served back with the file",
                        "application/octet-stream")
                .responseHeader("Location", "The file's URL", "200", "201");
        StringSchema scope = new StringSchema()._default("all");
        scope.setEnum(List.of("owned", "shared", "all"));
        StringSchema sort = new StringSchema()._default("name");
        sort.setEnum(List.of("name", "name,asc", "name,desc", "createdAt", "createdAt,asc", "createdAt,desc"));
        facts.operation("listFiles").parameterSchema("scope", scope).parameterSchema("sort", sort);
        facts.operation("downloadFile")
                .alsoAuthorizedBy(DOWNLOAD_LINK)
                .problemResponse("403", "INVALID_DOWNLOAD_LINK, DOWNLOAD_LINK_EXPIRED: the link in ?link= is not valid")
                .requestHeader("Range", false, "One byte range, e.g. bytes=0-1023; several get the whole body")
                .requestHeader("If-None-Match", false, "The ETag you have: 304 when it still matches")
                .requestHeader("If-Range", false, "An ETag: the Range holds only while it matches")
                .responseHeader("ETag", "The quoted SHA-256 of the content", "200", "206", "304")
                .responseHeader("Accept-Ranges", "bytes", "200", "206")
                .responseHeader("Content-Disposition", "attachment, with the file's name", "200", "206")
                .responseHeader("Content-Range", "The range sent, e.g. bytes 0-1023/4096", "206")
                .responseHeader("Content-Range", "bytes */size: the file's size", "416");
    }

    private static void uploads(OpenApiFacts facts) {
        facts.operation("getUploadOptions")
                .responseHeader(TUS_RESUMABLE, "1.0.0", "204")
                .responseHeader("Tus-Version", "The tus versions spoken: 1.0.0", "204")
                .responseHeader("Tus-Extension", "The tus extensions supported, comma-separated", "204")
                .responseHeader("Tus-Checksum-Algorithm", "sha256,sha1", "204")
                .responseHeader("Tus-Max-Size", "The largest file accepted, in bytes", "204");
        facts.operation("createUpload")
                .requestHeader(TUS_RESUMABLE, true, SENDS_TUS_RESUMABLE)
                .requestHeader("Upload-Length", true, UPLOAD_LENGTH)
                .requestHeader(
                        "Upload-Metadata",
                        true,
                        "Comma-separated key and base64 value pairs: filename (required), filetype, overwrite")
                .responseHeader("Location", "The upload's absolute URL", "201")
                .responseHeader("Upload-Offset", "0", "201")
                .responseHeader("Upload-Expires", UPLOAD_EXPIRES, "201");
        facts.operation("getUploadOffset")
                .requestHeader(TUS_RESUMABLE, true, SENDS_TUS_RESUMABLE)
                .responseHeader("Upload-Offset", "The bytes received so far: continue from here", "200")
                .responseHeader("Upload-Length", UPLOAD_LENGTH, "200")
                .responseHeader("Upload-Metadata", "The metadata given at creation", "200")
                .responseHeader("Upload-Expires", UPLOAD_EXPIRES, "200")
                .responseHeader("X-File-Id", "The file the upload became, once complete", "200");
        facts.operation("appendToUpload")
                .requestHeader(TUS_RESUMABLE, true, SENDS_TUS_RESUMABLE)
                .requestHeader("Upload-Offset", true, "Where this body starts: the offset HEAD reported")
                .responseHeader("Upload-Offset", "The new offset", "204")
                .responseHeader("Upload-Expires", UPLOAD_EXPIRES, "204")
                .responseHeader("X-File-Id", "The file the upload became, once complete", "204")
                .responseHeader("Upload-Offset", "The right offset to continue from", "409");
        // its answers are the PATCH's (TusEndpointDocumentation)
        facts.operation("appendToUploadByPost")
                .requestHeader(TUS_RESUMABLE, true, SENDS_TUS_RESUMABLE)
                .requestHeader("Upload-Offset", true, "Where this body starts: the offset HEAD reported")
                .requestHeader("X-HTTP-Method-Override", true, "PATCH: this POST is a tus append");
        facts.operation("terminateUpload").requestHeader(TUS_RESUMABLE, true, SENDS_TUS_RESUMABLE);
    }
}
