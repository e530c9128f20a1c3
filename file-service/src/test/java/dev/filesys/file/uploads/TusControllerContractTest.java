package dev.filesys.file.uploads;

import static dev.filesys.file.testsupport.ProblemMatchers.frameworkProblem;
import static dev.filesys.file.testsupport.ProblemMatchers.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.filesys.file.files.FileService;
import dev.filesys.file.files.InvalidName;
import dev.filesys.file.sessions.CurrentSession;
import dev.filesys.file.sessions.SessionRequired;
import dev.filesys.file.sessions.SessionService;
import dev.filesys.support.IfMatch;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The HTTP contract of tus: statuses, tus headers on every response, and problem bodies where tus allows one. */
@WebMvcTest(TusController.class)
class TusControllerContractTest {

    private static final UUID ALICE = UUID.fromString("a11ce000-0000-4000-8000-000000000001");
    private static final UUID UPLOAD = UUID.fromString("0b10ad00-0000-4000-8000-000000000001");
    private static final UUID FILE = UUID.fromString("f11e0000-0000-4000-8000-000000000001");
    private static final String URL = "/api/v1/uploads/" + UPLOAD;
    private static final Instant EXPIRES = Instant.parse("2026-11-30T09:05:03Z");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    UploadService uploads;

    @MockitoBean
    FileService files;

    @MockitoBean
    SessionService sessions;

    @BeforeEach
    void sessions() {
        given(sessions.authenticate("alice")).willReturn(new CurrentSession(UUID.randomUUID(), ALICE, "alice"));
        given(sessions.authenticate(null)).willThrow(new SessionRequired());
        given(files.maxFileSize()).willReturn(5_368_709_120L);
    }

    @Test
    void optionsAdvertisesWithoutASession() throws Exception {
        mvc.perform(options("/api/v1/uploads"))
                .andExpect(status().isNoContent())
                .andExpect(header().string("Tus-Resumable", "1.0.0"))
                .andExpect(header().string("Tus-Version", "1.0.0"))
                .andExpect(header().string("Tus-Extension", "creation,checksum,termination,expiration"))
                .andExpect(header().string("Tus-Checksum-Algorithm", "sha256,sha1"))
                .andExpect(header().string("Tus-Max-Size", "5368709120"));
    }

    @Test
    void creationAnswersWithTheUploadsLocation() throws Exception {
        given(uploads.create(eq(ALICE), eq(1000L), any(), any())).willReturn(upload(0, null));

        mvc.perform(tus(post("/api/v1/uploads"))
                        .header("Upload-Length", "1000")
                        .header(
                                "Upload-Metadata",
                                "filename " + base64("ré sumé.pdf") + ",overwrite " + base64("true")))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "http://localhost" + URL))
                .andExpect(header().string("Upload-Expires", "Mon, 30 Nov 2026 09:05:03 GMT"))
                .andExpect(header().string("Tus-Resumable", "1.0.0"));

        @SuppressWarnings("unchecked")
        ArgumentCaptor<Map<String, String>> metadata = ArgumentCaptor.forClass(Map.class);
        verify(uploads).create(eq(ALICE), eq(1000L), metadata.capture(), eq(IfMatch.ABSENT));
        assertThat(metadata.getValue())
                .containsExactly(Map.entry("filename", "ré sumé.pdf"), Map.entry("overwrite", "true"));
    }

    @Test
    void badCreationsAreProblems() throws Exception {
        given(uploads.create(eq(ALICE), anyLong(), any(), any()))
                .willThrow(new InvalidName("A file name is required."));

        mvc.perform(tus(post("/api/v1/uploads")))
                .andExpect(problem(400, "INVALID_UPLOAD_REQUEST", "/api/v1/uploads"))
                .andExpect(header().string("Tus-Resumable", "1.0.0"));
        mvc.perform(tus(post("/api/v1/uploads")).header("Upload-Defer-Length", "1"))
                .andExpect(problem(400, "INVALID_UPLOAD_REQUEST", "/api/v1/uploads"));
        mvc.perform(tus(post("/api/v1/uploads")).header("Upload-Length", "-5"))
                .andExpect(problem(400, "INVALID_UPLOAD_REQUEST", "/api/v1/uploads"));
        mvc.perform(tus(post("/api/v1/uploads")).header("Upload-Length", "5").header("Upload-Metadata", "filename !!!"))
                .andExpect(problem(400, "INVALID_UPLOAD_REQUEST", "/api/v1/uploads"));
        mvc.perform(tus(post("/api/v1/uploads")).header("Upload-Length", "5"))
                .andExpect(problem(400, "INVALID_NAME", "/api/v1/uploads"));
        mvc.perform(post("/api/v1/uploads").header("Upload-Length", "5").header("Authorization", "Bearer alice"))
                .andExpect(problem(412, "TUS_VERSION_UNSUPPORTED", "/api/v1/uploads"))
                .andExpect(header().string("Tus-Version", "1.0.0"));
        mvc.perform(post("/api/v1/uploads").header("Tus-Resumable", "1.0.0").header("Upload-Length", "5"))
                .andExpect(problem(401, "SESSION_REQUIRED", "/api/v1/uploads"))
                .andExpect(header().string("Tus-Resumable", "1.0.0"));
    }

    @Test
    void headAnswersTheOffset() throws Exception {
        given(uploads.head(ALICE, UPLOAD)).willReturn(upload(400, null));

        mvc.perform(tus(head(URL)))
                .andExpect(status().isOk())
                .andExpect(header().string("Upload-Offset", "400"))
                .andExpect(header().string("Upload-Length", "1000"))
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(header().string("Upload-Expires", "Mon, 30 Nov 2026 09:05:03 GMT"))
                .andExpect(header().string(
                                "Upload-Metadata",
                                "filename " + base64("a.bin") + ",filetype " + base64("application/octet-stream")
                                        + ",overwrite " + base64("false")))
                .andExpect(header().doesNotExist("X-File-Id"));

        given(uploads.head(ALICE, UPLOAD)).willThrow(TusProblems.notFound());
        mvc.perform(tus(head(URL))).andExpect(status().isNotFound());
        mvc.perform(tus(head("/api/v1/uploads/not-an-id"))).andExpect(status().isNotFound());
    }

    @Test
    void patchAppendsAndTheLastOneNamesTheFile() throws Exception {
        given(uploads.patch(eq(ALICE), eq(UPLOAD), eq(400L), eq(null), eq(600L), any()))
                .willReturn(upload(1000, FILE));

        mvc.perform(tus(patch(URL))
                        .header("Upload-Offset", "400")
                        .contentType("application/offset+octet-stream")
                        .content(new byte[600]))
                .andExpect(status().isNoContent())
                .andExpect(header().string("Upload-Offset", "1000"))
                .andExpect(header().string("X-File-Id", FILE.toString()))
                .andExpect(header().string("Tus-Resumable", "1.0.0"))
                .andExpect(content().string(""));
    }

    @Test
    void postWithMethodOverrideIsAPatch() throws Exception {
        given(uploads.patch(eq(ALICE), eq(UPLOAD), eq(0L), eq(null), eq(10L), any()))
                .willReturn(upload(10, null));

        mvc.perform(tus(post(URL))
                        .header("X-HTTP-Method-Override", "PATCH")
                        .header("Upload-Offset", "0")
                        .contentType("application/offset+octet-stream")
                        .content(new byte[10]))
                .andExpect(status().isNoContent())
                .andExpect(header().string("Upload-Offset", "10"));
    }

    @Test
    void refusedPatchesAreProblems() throws Exception {
        given(uploads.patch(eq(ALICE), eq(UPLOAD), eq(5L), any(), anyLong(), any()))
                .willThrow(TusProblems.offsetMismatch(400));
        given(uploads.patch(eq(ALICE), eq(UPLOAD), eq(400L), any(), anyLong(), any()))
                .willThrow(TusProblems.checksumMismatch("sha256", 400));

        mvc.perform(tus(patch(URL))
                        .header("Upload-Offset", "5")
                        .contentType("application/offset+octet-stream")
                        .content(new byte[1]))
                .andExpect(problem(409, "OFFSET_MISMATCH", URL))
                .andExpect(header().string("Upload-Offset", "400"))
                .andExpect(header().string("Tus-Resumable", "1.0.0"));
        mvc.perform(tus(patch(URL))
                        .header("Upload-Offset", "400")
                        .header(
                                "Upload-Checksum",
                                "sha256 " + Base64.getEncoder().encodeToString(new byte[32]))
                        .contentType("application/offset+octet-stream")
                        .content(new byte[1]))
                .andExpect(status().is(460))
                .andExpect(content().json("{\"code\":\"CHECKSUM_MISMATCH\",\"status\":460}"));
        mvc.perform(tus(patch(URL))
                        .header("Upload-Offset", "400")
                        .header("Upload-Checksum", "md5 AAAA")
                        .contentType("application/offset+octet-stream")
                        .content(new byte[1]))
                .andExpect(problem(400, "CHECKSUM_ALGORITHM_UNSUPPORTED", URL));
        mvc.perform(tus(patch(URL))
                        .header("Upload-Checksum", "sha1 " + Base64.getEncoder().encodeToString(new byte[20]))
                        .contentType("application/offset+octet-stream")
                        .content(new byte[1]))
                .andExpect(problem(400, "INVALID_UPLOAD_REQUEST", URL));
        mvc.perform(tus(patch(URL))
                        .header("Upload-Offset", "0")
                        .contentType("application/json")
                        .content("{}"))
                .andExpect(frameworkProblem(415, "UNSUPPORTED_MEDIA_TYPE", URL));
        verify(uploads, never()).patch(any(), any(), eq(0L), any(), anyLong(), any());
    }

    @Test
    void terminationIsNoContent() throws Exception {
        mvc.perform(tus(delete(URL))).andExpect(status().isNoContent());
        mvc.perform(tus(post(URL)).header("X-HTTP-Method-Override", "DELETE")).andExpect(status().isNoContent());
        verify(uploads, org.mockito.Mockito.times(2)).terminate(ALICE, UPLOAD);
    }

    private static MockHttpServletRequestBuilder tus(MockHttpServletRequestBuilder request) {
        return request.header("Tus-Resumable", "1.0.0").header("Authorization", "Bearer alice");
    }

    private static UploadRecord upload(long offset, UUID fileId) {
        return new UploadRecord(
                UPLOAD,
                ALICE,
                "a.bin",
                "application/octet-stream",
                false,
                1000,
                offset,
                3,
                EXPIRES,
                fileId == null ? null : Instant.now(),
                fileId,
                null,
                null);
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
