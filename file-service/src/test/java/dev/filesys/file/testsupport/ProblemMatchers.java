package dev.filesys.file.testsupport;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.ResultMatcher;

/** MockMvc expectations for RFC 9457 problem responses with this project's {@code code} property. */
public final class ProblemMatchers {

    private ProblemMatchers() {}

    private static ResultMatcher all(ResultMatcher... matchers) {
        return result -> {
            for (ResultMatcher matcher : matchers) {
                matcher.match(result);
            }
        };
    }

    /**
     * A problem of ours: the status, {@code application/problem+json}, the code, the request path as {@code instance},
     * a {@code type} derived from the code, a title and a detail, and nothing that leaks internals.
     */
    public static ResultMatcher problem(int status, String code, String instance) {
        return all(
                frameworkProblem(status, code, instance),
                content()
                        .json(
                                "{\"type\":\"https://filesys.dev/problems/"
                                        + code.toLowerCase(Locale.ROOT).replace('_', '-') + "\"}",
                                JsonCompareMode.LENIENT));
    }

    /** A problem Spring MVC itself raised (malformed body, bad path variable): no type of ours, but still a code. */
    public static ResultMatcher frameworkProblem(int status, String code, String instance) {
        return all(
                status().is(status),
                content().contentType(MediaType.APPLICATION_PROBLEM_JSON),
                content()
                        .json(
                                "{\"status\":" + status + ",\"code\":\"" + code + "\",\"instance\":\"" + instance
                                        + "\"}",
                                JsonCompareMode.LENIENT),
                result -> {
                    String body = result.getResponse().getContentAsString();
                    if (!body.contains("\"detail\":\"") || !body.contains("\"title\":\"")) {
                        throw new AssertionError("problem without title or detail: " + body);
                    }
                    if (body.contains("Exception") || body.contains("\tat ") || body.contains("dev.filesys")) {
                        throw new AssertionError("problem leaks internals: " + body);
                    }
                });
    }
}
