package dev.filesys.balancer.registry;

import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.filesys.balancer.BalancerProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The HTTP contract of registration, deregistration and the server list: statuses, JSON shapes, problems. */
@WebMvcTest(
        controllers = ServerController.class,
        properties = {
            "filesys.balancer.cluster-token=slice-token",
            "filesys.balancer.servers[0].id=fs-static",
            "filesys.balancer.servers[0].url=http://10.0.0.1:8081"
        })
@EnableConfigurationProperties(BalancerProperties.class)
@Import(ServerRegistry.class)
class ServerControllerTest {

    private static final String TOKEN = "Bearer slice-token";

    @Autowired
    MockMvc mvc;

    @Test
    void aRegistrationAnswersWithTheServersEntry() throws Exception {
        mvc.perform(register("fs-1", "{\"url\":\"http://10.0.0.2:8081/\"}"))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.*", hasSize(11)))
                .andExpect(jsonPath("$.serverId").value("fs-1"))
                .andExpect(jsonPath("$.url").value("http://10.0.0.2:8081"))
                .andExpect(jsonPath("$.publicUrl").isEmpty())
                .andExpect(jsonPath("$.state").value("UP"))
                .andExpect(jsonPath("$.source").value("REGISTERED"))
                .andExpect(jsonPath("$.lastLatencyMillis").isEmpty())
                .andExpect(jsonPath("$.consecutiveFailures").value(0))
                .andExpect(jsonPath("$.activeSessions").isEmpty())
                .andExpect(jsonPath("$.capacity").isEmpty())
                .andExpect(jsonPath("$.lastSeen").isString())
                .andExpect(jsonPath("$.leaseExpiresAt").isString());
    }

    @Test
    void theServerListShowsEveryServer() throws Exception {
        mvc.perform(register("fs-2", "{\"url\":\"http://10.0.0.3:8081\"}")).andExpect(status().isOk());

        mvc.perform(get("/api/v1/servers").header("Authorization", TOKEN))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$[0].serverId").value("fs-static"))
                .andExpect(jsonPath("$[0].url").value("http://10.0.0.1:8081"))
                .andExpect(jsonPath("$[0].state").value("UP"))
                .andExpect(jsonPath("$[0].source").value("STATIC"))
                .andExpect(jsonPath("$[0].leaseExpiresAt").isEmpty())
                .andExpect(jsonPath("$[?(@.serverId == 'fs-2')].source").value("REGISTERED"));
    }

    @Test
    void deregistrationIsNoContentEveryTime() throws Exception {
        mvc.perform(delete("/internal/v1/servers/fs-gone").header("Authorization", TOKEN))
                .andExpect(status().isNoContent())
                .andExpect(content().string(""));
    }

    @Test
    void everyEndpointHereNeedsTheClusterToken() throws Exception {
        expectUnauthorized(mvc.perform(put("/internal/v1/servers/fs-1")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"url\":\"http://10.0.0.2:8081\"}")));
        expectUnauthorized(mvc.perform(delete("/internal/v1/servers/fs-1").header("Authorization", "Bearer nope")));
        expectUnauthorized(mvc.perform(get("/api/v1/servers").header("Authorization", "slice-token")));
    }

    @Test
    void aMalformedIdIsABadRequest() throws Exception {
        expectProblem(mvc.perform(register("Fs_1", "{\"url\":\"http://10.0.0.2:8081\"}")), 400, "INVALID_SERVER_ID");
        expectProblem(
                mvc.perform(delete("/internal/v1/servers/Fs_1").header("Authorization", TOKEN)),
                400,
                "INVALID_SERVER_ID");
    }

    @Test
    void aMalformedUrlIsABadRequest() throws Exception {
        expectProblem(mvc.perform(register("fs-1", "{\"url\":\"ftp://10.0.0.2\"}")), 400, "INVALID_SERVER_URL");
        expectProblem(mvc.perform(register("fs-1", "{}")), 400, "INVALID_SERVER_URL");
    }

    @Test
    void aBodyThatIsNotJsonIsABadRequest() throws Exception {
        expectProblem(mvc.perform(register("fs-1", "{\"url\":")), 400, "MALFORMED_REQUEST");
        expectProblem(
                mvc.perform(put("/internal/v1/servers/fs-1")
                        .header("Authorization", TOKEN)
                        .contentType(MediaType.APPLICATION_JSON)),
                400,
                "MALFORMED_REQUEST");
    }

    @Test
    void aStaticIdWithAnotherUrlIsAConflict() throws Exception {
        expectProblem(
                mvc.perform(register("fs-static", "{\"url\":\"http://10.0.0.9:8081\"}")), 409, "SERVER_ID_CONFLICT");
    }

    @Test
    void aWrongMethodIsAProblem() throws Exception {
        expectProblem(
                mvc.perform(post("/internal/v1/servers/fs-1").header("Authorization", TOKEN)),
                405,
                "METHOD_NOT_ALLOWED");
    }

    private MockHttpServletRequestBuilder register(String id, String body) {
        return put("/internal/v1/servers/" + id)
                .header("Authorization", TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body);
    }

    private static void expectUnauthorized(ResultActions result) throws Exception {
        expectProblem(result, 401, "INVALID_CLUSTER_TOKEN").andExpect(header().string("WWW-Authenticate", "Bearer"));
    }

    private static ResultActions expectProblem(ResultActions result, int status, String code) throws Exception {
        return result.andExpect(status().is(status))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.code").value(code))
                .andExpect(jsonPath("$.title").isString())
                .andExpect(jsonPath("$.detail").isString());
    }
}
