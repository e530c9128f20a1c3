package dev.filesys.support;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(controllers = SampleController.class, properties = "spring.mvc.problemdetails.enabled=true")
class ProblemHandlerTest {

    @Autowired
    MockMvc mvc;

    @Test
    void domainFailureCarriesItsCode() throws Exception {
        mvc.perform(get("/sample/missing"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("THING_NOT_FOUND"))
                .andExpect(jsonPath("$.detail").value("No such thing."))
                .andExpect(jsonPath("$.status").value(404));
    }

    @Test
    void unknownPathIsProblemJson() throws Exception {
        mvc.perform(get("/no/such/path"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("NOT_FOUND"))
                .andExpect(jsonPath("$.timestamp").doesNotExist());
    }

    @Test
    void wrongMethodIsProblemJson() throws Exception {
        mvc.perform(post("/sample/missing"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(jsonPath("$.code").value("METHOD_NOT_ALLOWED"));
    }

    @Test
    void malformedBodyIsProblemJson() throws Exception {
        mvc.perform(post("/sample").contentType(MediaType.APPLICATION_JSON).content("{not json"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("MALFORMED_REQUEST"));
    }

    @Test
    void invalidBodyNamesTheField() throws Exception {
        mvc.perform(post("/sample").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\" \"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("INVALID_REQUEST"))
                .andExpect(jsonPath("$.detail").value(containsString("name")));
    }

    @Test
    void unexpectedFailureRevealsNothing() throws Exception {
        mvc.perform(get("/sample/broken"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.code").value("INTERNAL_ERROR"))
                .andExpect(content().string(not(containsString("IllegalStateException"))))
                .andExpect(content().string(not(containsString("secret detail"))));
    }

    @Test
    void failureAfterTheResponseStartedReachesTheContainer() {
        // the container must see it and close the connection; a swallowed failure leaves the client waiting
        assertThatThrownBy(() -> mvc.perform(get("/sample/cut")))
                .isInstanceOf(java.io.IOException.class)
                .hasMessage("stream broke after the response started");
    }

    @Test
    void requestIdIsEchoedOrMinted() throws Exception {
        mvc.perform(get("/sample/missing").header(RequestIdFilter.HEADER, "abc-123"))
                .andExpect(header().string(RequestIdFilter.HEADER, "abc-123"));
        mvc.perform(get("/sample/missing").header(RequestIdFilter.HEADER, "bad id\nwith newline"))
                .andExpect(header().string(RequestIdFilter.HEADER, not(containsString("bad"))));
    }
}
