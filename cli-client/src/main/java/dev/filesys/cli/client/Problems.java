package dev.filesys.cli.client;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a server's {@code application/problem+json} answer as a {@link RequestRefused}. */
final class Problems {

    /** The code of the edge proxy's 404 for a {@code /s/{serverId}/…} path that leads to no file-service. */
    static final String UNKNOWN_SERVER = "UNKNOWN_SERVER";

    private Problems() {}

    /**
     * The refusal a problem body describes; without one (a proxy's HTML page, say) the status speaks for it.
     *
     * @param retryAfter the {@code Retry-After} header, or {@code null}
     * @throws ServerUnreachable instead, when an edge proxy answered that it reaches no such file-service
     *     ({@code 404 UNKNOWN_SERVER}): for the client that is a server gone, not a request refused
     */
    static RequestRefused refusal(int status, String retryAfter, byte[] body) {
        String code = null;
        String detail = null;
        try {
            JsonNode problem = body.length == 0 ? null : JsonMapper.shared().readTree(body);
            if (problem != null && problem.isObject()) {
                code = text(problem, "code");
                detail = text(problem, "detail");
                if (detail == null) {
                    detail = text(problem, "title");
                }
            }
        } catch (JacksonException e) {
            // not a problem body: the status speaks for it
        }
        if (status == 404 && UNKNOWN_SERVER.equals(code)) {
            // the edge proxy reaches no file-service of that name (any more): the server is gone, as if it had
            // refused the connection, and the session moves to another
            throw new ServerUnreachable(false, "the file-service is gone (" + detail + ")", null);
        }
        if (code == null) {
            HttpStatus known = HttpStatus.resolve(status);
            code = known == null ? "HTTP_" + status : known.name();
        }
        if (detail == null || detail.isBlank()) {
            detail = "the server answered HTTP " + status;
        }
        return new RequestRefused(status, code, detail, seconds(retryAfter));
    }

    /** The start of an (error) body, enough for a problem; closes it, and reads as empty when it breaks off. */
    static byte[] readSome(InputStream body) {
        try (InputStream in = body) {
            return in.readNBytes(64 * 1024);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static Duration seconds(String retryAfter) {
        return retryAfter != null && !retryAfter.isEmpty() && retryAfter.chars().allMatch(Character::isDigit)
                ? Duration.ofSeconds(Long.parseLong(retryAfter))
                : null;
    }
}
