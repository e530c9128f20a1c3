package dev.filesys.support;

import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds problem details with the stable {@code code} property every error of this project carries. */
public final class Problems {

    private Problems() {}

    public static ProblemDetail of(HttpStatusCode status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        HttpStatus known = HttpStatus.resolve(status.value());
        if (known != null) {
            problem.setTitle(known.getReasonPhrase());
        }
        problem.setType(URI.create(
                "https://filesys.dev/problems/" + code.toLowerCase(Locale.ROOT).replace('_', '-')));
        problem.setProperty(ApiException.CODE, code);
        return problem;
    }

    /** Gives a problem without a code one derived from its status, e.g. {@code NOT_FOUND}, {@code METHOD_NOT_ALLOWED}. */
    public static void ensureCode(ProblemDetail problem, HttpStatusCode status) {
        if (problem.getProperties() == null || !problem.getProperties().containsKey(ApiException.CODE)) {
            problem.setProperty(ApiException.CODE, codeFor(status));
        }
    }

    static String codeFor(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "HTTP_" + status.value() : known.name();
    }
}
