package dev.filesys.file.availability;

import static dev.filesys.file.testsupport.ProblemMatchers.problem;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.sessions.SessionService;
import dev.filesys.protocol.Availability;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;

/** The HTTP contract of the balancer's probe. */
@WebMvcTest(AvailabilityController.class)
@Import(ClusterToken.class)
@EnableConfigurationProperties(FileServiceProperties.class)
@TestPropertySource(properties = "filesys.balancer.cluster-token=secret")
class AvailabilityControllerContractTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    InstanceAvailability availability;

    @MockitoBean
    SessionService sessions;

    @Test
    void yesCarriesTheCountsAndANullReason() throws Exception {
        given(availability.current()).willReturn(new Availability(true, 3, 10, null, "file-1"));

        mvc.perform(get("/internal/v1/availability").header("Authorization", "Bearer secret"))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(content()
                        .json(
                                "{\"available\":true,\"activeSessions\":3,\"capacity\":10,\"reason\":null,\"serverId\":\"file-1\"}",
                                JsonCompareMode.STRICT));
    }

    @Test
    void noCarriesTheReason() throws Exception {
        given(availability.current()).willReturn(new Availability(false, 10, 10, "AT_CAPACITY", "file-1"));

        mvc.perform(get("/internal/v1/availability").header("Authorization", "Bearer secret"))
                .andExpect(status().isOk())
                .andExpect(content()
                        .json(
                                "{\"available\":false,\"activeSessions\":10,\"capacity\":10,\"reason\":\"AT_CAPACITY\",\"serverId\":\"file-1\"}",
                                JsonCompareMode.STRICT));
    }

    @Test
    void probeWithoutTheClusterTokenIsRefused() throws Exception {
        mvc.perform(get("/internal/v1/availability"))
                .andExpect(problem(401, "INVALID_CLUSTER_TOKEN", "/internal/v1/availability"))
                .andExpect(header().exists("WWW-Authenticate"));
        mvc.perform(get("/internal/v1/availability").header("Authorization", "Bearer secreT"))
                .andExpect(problem(401, "INVALID_CLUSTER_TOKEN", "/internal/v1/availability"));
        mvc.perform(get("/internal/v1/availability").header("Authorization", "secret"))
                .andExpect(problem(401, "INVALID_CLUSTER_TOKEN", "/internal/v1/availability"));
    }
}
