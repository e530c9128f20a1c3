package dev.filesys.support;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one error path of a service: every exception a handler throws becomes {@code application/problem+json} with a
 * stable {@code code}. Domain failures ({@link ApiException}) carry their own code; Spring MVC's own failures (unknown
 * path, wrong method, malformed body, failed validation) get one derived here; anything unexpected is a 500
 * {@code INTERNAL_ERROR} whose details go to the log, never to the client. A failure after the response has started
 * (a download cut by an integrity check, a client gone) cannot become a problem any more: it is rethrown, so the servlet
 * container closes the connection and the client sees an incomplete body instead of waiting for the rest.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) throws Exception {
        if (isCommitted(request)) {
            throw ex;
        }
        log.error("unexpected failure", ex);
        ProblemDetail problem = Problems.of(
                HttpStatus.INTERNAL_SERVER_ERROR, ApiError.INTERNAL_ERROR.code(), "An internal error occurred.");
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = Problems.of(
                status,
                ApiError.MALFORMED_REQUEST.code(),
                "The request body is missing or is not valid JSON of the expected shape.");
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<String> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(ProblemHandler::describe)
                .toList();
        ProblemDetail problem = Problems.of(status, ApiError.INVALID_REQUEST.code(), String.join("; ", errors));
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    /** Every problem leaves here, Spring MVC's own included: the one place that guarantees a {@code code}. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            Problems.ensureCode(problem, status);
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (isCommitted(request)) {
            throw new ResponseAlreadyCommitted(ex);
        }
        return super.handleExceptionInternal(ex, body, headers, status, request);
    }

    private static boolean isCommitted(WebRequest request) {
        return request instanceof ServletWebRequest servlet
                && servlet.getResponse() != null
                && servlet.getResponse().isCommitted();
    }

    /** Carries a failure past Spring MVC to the servlet container once the response has started. */
    static final class ResponseAlreadyCommitted extends RuntimeException {
        ResponseAlreadyCommitted(Exception cause) {
            super("failure after the response was committed", cause);
        }
    }

    private static String describe(FieldError error) {
        return error.getField() + ": " + error.getDefaultMessage();
    }
}
