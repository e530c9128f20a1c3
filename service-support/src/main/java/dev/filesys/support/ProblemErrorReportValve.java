package dev.filesys.support;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's error page for what it refuses before any servlet or filter runs, chiefly a path with an encoded {@code /},
 * {@code \} or NUL ({@code %2F}, {@code %5C}, {@code %00}), which the connector rejects while it decodes the URI: a
 * problem+json body with a stable code ({@code INVALID_PATH}) instead of Tomcat's HTML page. Errors the application
 * answers itself never get here (their body is written already). A request caught by a graceful shutdown while Tomcat
 * read it is {@code 503 SERVER_DRAINING}, so clients go to another instance.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final Logger log = LoggerFactory.getLogger("dev.filesys.requests");
    /** An encoded separator or NUL, a broken escape, or a dot-segment (plain or encoded). */
    private static final Pattern BAD_PATH =
            Pattern.compile("%(2f|5c|00)|%(?![0-9a-f]{2})|(^|/)(\\.|%2e){1,2}(/|$)", Pattern.CASE_INSENSITIVE);

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    private static boolean connectorPaused(Request request) {
        return request.getConnector() != null
                && request.getConnector().getProtocolHandler() instanceof AbstractProtocol<?> protocol
                && protocol.isPaused();
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        boolean draining = status == 400 && connectorPaused(request);
        if (draining) {
            // a request Tomcat began to read as its connector paused for a graceful shutdown: Tomcat sets 503 and skips
            // the headers, and its check for a Host header then makes that a 400, which a client would take as its own
            // mistake instead of going to another instance
            status = HttpStatus.SERVICE_UNAVAILABLE.value();
            response.setStatus(status);
        }
        String uri = request.getRequestURI();
        boolean badPath = status == 400 && uri != null && BAD_PATH.matcher(uri).find();
        HttpStatus known = HttpStatus.resolve(status);
        String code = draining
                ? ApiError.SERVER_DRAINING.name()
                : badPath ? "INVALID_PATH" : known == null ? "HTTP_" + status : known.name();
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        String detail = draining
                ? "The server is shutting down; try another instance."
                : badPath
                        ? "The path contains an encoded '/', '\\\\' or NUL, a broken %-escape or a dot-segment; it was refused."
                        : status >= 500 ? "An internal error occurred." : title + ".";
        String given = request.getHeader(RequestIdFilter.HEADER);
        String requestId = given != null && RequestIdFilter.SANE.matcher(given).matches()
                ? given
                : UUID.randomUUID().toString();
        String body = "{\"type\":\"https://filesys.dev/problems/"
                + code.toLowerCase(Locale.ROOT).replace('_', '-')
                + "\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\""
                + ApiException.CODE + "\":\"" + code + "\",\"requestId\":\"" + requestId + "\"}";
        log.info("{} (refused by the connector) -> {} {} [{}]", request.getMethod(), status, code, requestId);
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            response.setHeader(RequestIdFilter.HEADER, requestId);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot be written: nothing more to do
        }
    }
}
