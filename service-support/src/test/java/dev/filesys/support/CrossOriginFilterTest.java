package dev.filesys.support;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** CORS as a browser meets it: preflights, readable answers (errors too) for allowed origins, nothing for others. */
@WebMvcTest(controllers = SampleController.class, properties = "spring.mvc.problemdetails.enabled=true")
@Import(CrossOriginFilterTest.Cors.class)
class CrossOriginFilterTest {

    static final String APP = "http://127.0.0.1:8080";
    static final String STRANGER = "https://evil.example";

    @TestConfiguration
    static class Cors {
        @Bean
        FilterRegistrationBean<CrossOriginFilter> crossOriginFilter() {
            CorsSettings settings =
                    new CorsSettings(List.of(APP, " https://files.example.com/ "), Duration.ofMinutes(10));
            return CrossOriginFilter.registration(settings, AllowedOrigins.of(settings.allowedOrigins()));
        }
    }

    @Autowired
    MockMvc mvc;

    @Test
    void preflightOfAnAllowedOriginIsAnswered() throws Exception {
        mvc.perform(options("/api/v1/uploads/42")
                        .header("Origin", APP)
                        .header("Access-Control-Request-Method", "PATCH")
                        .header(
                                "Access-Control-Request-Headers",
                                "authorization,tus-resumable,upload-offset,content-type"))
                .andExpect(status().isOk())
                .andExpect(header().string("Access-Control-Allow-Origin", APP))
                .andExpect(header().string("Access-Control-Allow-Methods", containsString("PATCH")))
                .andExpect(header().string("Access-Control-Allow-Headers", containsString("authorization")))
                .andExpect(header().string("Access-Control-Allow-Headers", containsString("upload-offset")))
                .andExpect(header().string("Access-Control-Max-Age", "600"))
                .andExpect(header().doesNotExist("Access-Control-Allow-Credentials"));
    }

    @Test
    void aConfiguredOriginMatchesWhateverItsCaseAndTrailingSlash() throws Exception {
        mvc.perform(get("/sample/missing").header("Origin", "https://FILES.example.com"))
                .andExpect(header().string("Access-Control-Allow-Origin", "https://FILES.example.com"));
    }

    @Test
    void answersToAnAllowedOriginAreReadableWithTheHeadersClientsRead() throws Exception {
        mvc.perform(get("/sample/missing").header("Origin", APP))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("THING_NOT_FOUND"))
                .andExpect(header().string("Access-Control-Allow-Origin", APP))
                .andExpect(header().string("Vary", containsString("Origin")))
                .andExpect(header().string("Access-Control-Expose-Headers", containsString("Location")))
                .andExpect(header().string("Access-Control-Expose-Headers", containsString("Upload-Offset")))
                .andExpect(header().string("Access-Control-Expose-Headers", containsString("Upload-Length")))
                .andExpect(header().string("Access-Control-Expose-Headers", containsString("Tus-Resumable")))
                .andExpect(header().string("Access-Control-Expose-Headers", containsString("ETag")))
                .andExpect(header().string("Access-Control-Expose-Headers", containsString("Content-Disposition")))
                .andExpect(header().string("Access-Control-Expose-Headers", containsString("Retry-After")));
    }

    @Test
    void anOriginNotConfiguredGetsNoCorsHeaders() throws Exception {
        mvc.perform(get("/sample/missing").header("Origin", STRANGER))
                .andExpect(status().isNotFound())
                .andExpect(header().doesNotExist("Access-Control-Allow-Origin"))
                .andExpect(header().doesNotExist("Access-Control-Expose-Headers"));
        mvc.perform(get("/sample/missing").header("Origin", "http://127.0.0.1:8081"))
                .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
        mvc.perform(get("/sample/missing").header("Origin", "null"))
                .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
    }

    @Test
    void aPreflightFromAnOriginNotConfiguredIsRefusedAsAProblem() throws Exception {
        mvc.perform(options("/api/v1/uploads")
                        .header("Origin", STRANGER)
                        .header("Access-Control-Request-Method", "POST"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("CORS_ORIGIN_NOT_ALLOWED"))
                .andExpect(jsonPath("$.detail").value(containsString("FILESYS_CORS_ALLOWED_ORIGINS")))
                .andExpect(header().exists(RequestIdFilter.HEADER))
                .andExpect(header().doesNotExist("Access-Control-Allow-Origin"))
                .andExpect(header().doesNotExist("Access-Control-Allow-Methods"));
    }

    @Test
    void aPreflightAskingForAHeaderNotAcceptedIsRefusedAsAProblem() throws Exception {
        mvc.perform(options("/sample/missing")
                        .header("Origin", APP)
                        .header("Access-Control-Request-Method", "GET")
                        .header("Access-Control-Request-Headers", "x-something-else"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("CORS_REQUEST_NOT_ALLOWED"))
                .andExpect(header().string("Access-Control-Allow-Origin", not(APP)));
    }

    @Test
    void aRequestWithoutOriginIsLeftAlone() throws Exception {
        mvc.perform(post("/sample/missing"))
                .andExpect(header().doesNotExist("Access-Control-Allow-Origin"))
                .andExpect(header().doesNotExist("Vary"));
    }
}
