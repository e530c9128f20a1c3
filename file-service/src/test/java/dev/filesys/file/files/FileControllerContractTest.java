package dev.filesys.file.files;

import static dev.filesys.file.testsupport.ProblemMatchers.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.filesys.file.blobs.BlobNotStored;
import dev.filesys.file.blobs.Blobs;
import dev.filesys.file.paging.Page;
import dev.filesys.file.paging.PageRequest;
import dev.filesys.file.paging.PageSort;
import dev.filesys.file.sessions.CurrentSession;
import dev.filesys.file.sessions.SessionRequired;
import dev.filesys.file.sessions.SessionService;
import dev.filesys.file.testsupport.TestMeters;
import dev.filesys.support.IfMatch;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;

/** The HTTP contract of the files API: statuses, headers, exact JSON and problem bodies. */
@WebMvcTest(FileController.class)
@Import({DownloadResponder.class, TestMeters.class})
class FileControllerContractTest {

    private static final UUID ALICE = UUID.fromString("a11ce000-0000-4000-8000-000000000001");
    private static final UUID ROOT = UUID.fromString("f01d0000-0000-4000-8000-000000000001");
    private static final UUID FILE = UUID.fromString("f11e0000-0000-4000-8000-000000000001");
    private static final String SHA = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
    private static final Instant CREATED = Instant.parse("2026-11-29T10:00:00Z");
    private static final FileView VIEW = new FileView(
            FILE,
            "hello world.txt",
            11,
            SHA,
            "text/plain",
            CREATED,
            CREATED,
            "alice",
            "owner",
            null,
            null,
            "file",
            ROOT,
            "/hello world.txt",
            1);
    private static final FileRecord RECORD = new FileRecord(
            FILE,
            ALICE,
            "alice",
            "héllo \"world\".txt",
            SHA,
            11,
            0x1234L,
            false,
            "text/plain",
            CREATED,
            CREATED,
            true,
            null,
            ROOT,
            1,
            "/");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    FileService files;

    @MockitoBean
    Blobs blobs;

    @MockitoBean
    SessionService sessions;

    @BeforeEach
    void sessions() {
        given(sessions.authenticate("alice")).willReturn(new CurrentSession(UUID.randomUUID(), ALICE, "alice"));
        given(sessions.authenticate(null)).willThrow(new SessionRequired());
    }

    @Test
    void anUploadAnswersCreatedWithTheFile() throws Exception {
        given(files.upload(eq(ALICE), any(), any())).willReturn(new FileService.Stored(VIEW, true));

        mvc.perform(post(URI.create("/api/v1/files?name=caf%C3%A9+x.txt&overwrite=false"))
                        .header("Authorization", "Bearer alice")
                        .header("X-Checksum-SHA256", SHA)
                        .contentType("text/plain")
                        .content("hello world"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "http://localhost/api/v1/files/" + FILE))
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(content().json("""
                        {"fileId":"f11e0000-0000-4000-8000-000000000001","name":"hello world.txt","size":11,
                         "sha256":"%s","contentType":"text/plain","createdAt":"2026-11-29T10:00:00Z",
                         "updatedAt":"2026-11-29T10:00:00Z","owner":"alice","access":"owner","kind":"file",
                         "folderId":"f01d0000-0000-4000-8000-000000000001","path":"/hello world.txt","version":1}
                        """.formatted(SHA), JsonCompareMode.STRICT));

        ArgumentCaptor<FileService.SimpleUpload> upload = ArgumentCaptor.forClass(FileService.SimpleUpload.class);
        verify(files).upload(eq(ALICE), upload.capture(), any());
        assertThat(upload.getValue())
                .isEqualTo(new FileService.SimpleUpload(
                        "café x.txt", false, "text/plain", 11, SHA, FileService.Place.ROOT, IfMatch.ABSENT));
    }

    @Test
    void anOverwriteAnswersOkWithTheSameLocation() throws Exception {
        given(files.upload(eq(ALICE), any(), any())).willReturn(new FileService.Stored(VIEW, false));

        mvc.perform(post("/api/v1/files?name=x&overwrite=true")
                        .header("Authorization", "Bearer alice")
                        .content("x"))
                .andExpect(status().isOk())
                .andExpect(header().string("Location", "http://localhost/api/v1/files/" + FILE));
    }

    @Test
    void aPutUploadsToTheNameInItsPathAndReplaces() throws Exception {
        given(files.upload(eq(ALICE), any(), any()))
                .willReturn(new FileService.Stored(VIEW, true))
                .willReturn(new FileService.Stored(VIEW, false));

        mvc.perform(put(URI.create("/api/v1/files/caf%C3%A9+x.txt"))
                        .header("Authorization", "Bearer alice")
                        .header("X-Checksum-SHA256", SHA)
                        .contentType("text/plain")
                        .content("hello world"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "http://localhost/api/v1/files/" + FILE))
                .andExpect(content().contentType(MediaType.APPLICATION_JSON));
        mvc.perform(put("/api/v1/files/x")
                        .header("Authorization", "Bearer alice")
                        .content("x"))
                .andExpect(status().isOk())
                .andExpect(header().string("Location", "http://localhost/api/v1/files/" + FILE));

        ArgumentCaptor<FileService.SimpleUpload> upload = ArgumentCaptor.forClass(FileService.SimpleUpload.class);
        verify(files, times(2)).upload(eq(ALICE), upload.capture(), any());
        assertThat(upload.getAllValues().getFirst())
                .as("a PUT replaces what is at its URL; + is itself in a path")
                .isEqualTo(new FileService.SimpleUpload(
                        "café+x.txt", true, "text/plain", 11, SHA, FileService.Place.ROOT, IfMatch.ABSENT));
    }

    @Test
    void aPutWithIfNoneMatchStarOnlyCreates() throws Exception {
        given(files.upload(eq(ALICE), any(), any())).willThrow(new NameTaken("taken"));

        mvc.perform(put("/api/v1/files/a.txt")
                        .header("Authorization", "Bearer alice")
                        .header("If-None-Match", "*")
                        .content("x"))
                .andExpect(problem(412, "NAME_TAKEN", "/api/v1/files/a.txt"));

        ArgumentCaptor<FileService.SimpleUpload> upload = ArgumentCaptor.forClass(FileService.SimpleUpload.class);
        verify(files).upload(eq(ALICE), upload.capture(), any());
        assertThat(upload.getValue().overwrite()).isFalse();
    }

    @Test
    void aPutWithoutANameOrWithAnotherPreconditionIsRefusedUnread() throws Exception {
        mvc.perform(put("/api/v1/files/")
                        .header("Authorization", "Bearer alice")
                        .content("x"))
                .andExpect(problem(400, "INVALID_NAME", "/api/v1/files/"));
        mvc.perform(put("/api/v1/files/a.txt")
                        .header("Authorization", "Bearer alice")
                        .header("If-None-Match", "\"3f9c\"")
                        .content("x"))
                .andExpect(problem(400, "INVALID_REQUEST", "/api/v1/files/a.txt"));
        mvc.perform(put("/api/v1/files/a.txt").content("x"))
                .andExpect(problem(401, "SESSION_REQUIRED", "/api/v1/files/a.txt"));

        verify(files, never()).upload(any(), any(), any());
    }

    @Test
    void refusedUploadsAreProblems() throws Exception {
        given(files.upload(eq(ALICE), any(), any()))
                .willThrow(new InvalidName("The name must not contain \"/\"."))
                .willThrow(new NameTaken("taken"))
                .willThrow(new QuotaExceeded("over"))
                .willThrow(new FileTooLarge("too large"))
                .willThrow(new ChecksumMismatch("mismatch"))
                .willThrow(new StorageFull("full"));

        for (var expected : List.of(
                new Object[] {400, "INVALID_NAME"},
                new Object[] {409, "NAME_TAKEN"},
                new Object[] {507, "QUOTA_EXCEEDED"},
                new Object[] {413, "FILE_TOO_LARGE"},
                new Object[] {400, "CHECKSUM_MISMATCH"},
                new Object[] {507, "STORAGE_FULL"})) {
            mvc.perform(post("/api/v1/files?name=a")
                            .header("Authorization", "Bearer alice")
                            .content("x"))
                    .andExpect(problem((int) expected[0], (String) expected[1], "/api/v1/files"));
        }
        mvc.perform(post("/api/v1/files?name=a&overwrite=maybe")
                        .header("Authorization", "Bearer alice")
                        .content("x"))
                .andExpect(problem(400, "INVALID_REQUEST", "/api/v1/files"));
        mvc.perform(post("/api/v1/files?name=a").content("x"))
                .andExpect(problem(401, "SESSION_REQUIRED", "/api/v1/files"));
    }

    @Test
    void listingPassesItsParametersAndChecksThem() throws Exception {
        given(files.list(ALICE, FileScope.SHARED, new PageRequest(10, PageSort.parse("createdAt,desc"), "abc")))
                .willReturn(new Page<>(List.of(VIEW), "next"));

        mvc.perform(get("/api/v1/files?scope=shared&sort=createdAt,desc&limit=10&cursor=abc")
                        .header("Authorization", "Bearer alice"))
                .andExpect(status().isOk())
                .andExpect(content()
                        .json(
                                "{\"nextCursor\":\"next\",\"items\":[{\"fileId\":\"" + FILE + "\"}]}",
                                JsonCompareMode.LENIENT));
        given(files.list(ALICE, FileScope.ALL, new PageRequest(100, PageSort.DEFAULT, null)))
                .willReturn(new Page<>(List.of(), null));
        mvc.perform(get("/api/v1/files").header("Authorization", "Bearer alice"))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"items\":[]}", JsonCompareMode.STRICT));

        mvc.perform(get("/api/v1/files?scope=everything").header("Authorization", "Bearer alice"))
                .andExpect(problem(400, "INVALID_SCOPE", "/api/v1/files"));
        mvc.perform(get("/api/v1/files?sort=owner").header("Authorization", "Bearer alice"))
                .andExpect(problem(400, "INVALID_SORT", "/api/v1/files"));
        for (String limit : List.of("0", "1001", "1000000000", "ten")) {
            mvc.perform(get("/api/v1/files?limit=" + limit).header("Authorization", "Bearer alice"))
                    .andExpect(problem(400, "INVALID_LIMIT", "/api/v1/files"));
        }
    }

    @Test
    void metadataAndDeletion() throws Exception {
        given(files.describe(ALICE, FILE)).willReturn(VIEW);
        willThrow(new NotOwner("Only the file's owner may do this."))
                .given(files)
                .delete(ALICE, UUID.fromString("f11e0000-0000-4000-8000-000000000002"), IfMatch.ABSENT);

        mvc.perform(get("/api/v1/files/" + FILE).header("Authorization", "Bearer alice"))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"name\":\"hello world.txt\"}", JsonCompareMode.LENIENT));
        mvc.perform(delete("/api/v1/files/" + FILE).header("Authorization", "Bearer alice"))
                .andExpect(status().isNoContent())
                .andExpect(content().string(""));
        verify(files).delete(ALICE, FILE, IfMatch.ABSENT);
        mvc.perform(delete("/api/v1/files/f11e0000-0000-4000-8000-000000000002")
                        .header("Authorization", "Bearer alice"))
                .andExpect(problem(403, "NOT_OWNER", "/api/v1/files/f11e0000-0000-4000-8000-000000000002"));
        mvc.perform(get("/api/v1/files/not-a-uuid").header("Authorization", "Bearer alice"))
                .andExpect(problem(404, "FILE_NOT_FOUND", "/api/v1/files/not-a-uuid"));
        verify(files, never()).describe(any(), eq(null));
    }

    @Test
    void aDownloadCarriesTheRepresentationHeaders() throws Exception {
        given(files.find(ALICE, FILE)).willReturn(RECORD);
        given(blobs.openWhole(SHA, 11, 0x1234L)).willReturn(new ByteArrayInputStream("hello world".getBytes()));

        mvc.perform(get("/api/v1/files/" + FILE + "/content").header("Authorization", "Bearer alice"))
                .andExpect(status().isOk())
                .andExpect(content().bytes("hello world".getBytes()))
                .andExpect(header().string("ETag", "\"" + SHA + "\""))
                .andExpect(header().string("Content-Length", "11"))
                .andExpect(header().string("Content-Type", "text/plain"))
                .andExpect(header().string("Accept-Ranges", "bytes"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Cache-Control", "private, no-cache"))
                .andExpect(header().string(
                                "Content-Disposition",
                                "attachment; filename=\"h_llo _world_.txt\"; "
                                        + "filename*=UTF-8''h%C3%A9llo%20%22world%22.txt"));
    }

    @Test
    void aRangeIsAPartialResponseAndAnUnsatisfiableOneAProblem() throws Exception {
        given(files.find(ALICE, FILE)).willReturn(RECORD);
        given(blobs.openRange(SHA, 6, 5)).willReturn(new ByteArrayInputStream("world".getBytes()));

        mvc.perform(get("/api/v1/files/" + FILE + "/content")
                        .header("Authorization", "Bearer alice")
                        .header("Range", "bytes=6-"))
                .andExpect(status().isPartialContent())
                .andExpect(header().string("Content-Range", "bytes 6-10/11"))
                .andExpect(header().string("Content-Length", "5"))
                .andExpect(content().bytes("world".getBytes()));

        mvc.perform(get("/api/v1/files/" + FILE + "/content")
                        .header("Authorization", "Bearer alice")
                        .header("Range", "bytes=11-"))
                .andExpect(problem(416, "RANGE_NOT_SATISFIABLE", "/api/v1/files/" + FILE + "/content"))
                .andExpect(header().string("Content-Range", "bytes */11"))
                .andExpect(header().doesNotExist("ETag"));
    }

    @Test
    void aMatchingEtagIsNotModified() throws Exception {
        given(files.find(ALICE, FILE)).willReturn(RECORD);

        mvc.perform(get("/api/v1/files/" + FILE + "/content")
                        .header("Authorization", "Bearer alice")
                        .header("If-None-Match", "\"" + SHA + "\""))
                .andExpect(status().isNotModified())
                .andExpect(header().string("ETag", "\"" + SHA + "\""))
                .andExpect(content().string(""));
        verify(blobs, never()).openWhole(any(), eq(11L), eq(0x1234L));
    }

    @Test
    void damagedOrMissingBytesAreProblemsNotBodies() throws Exception {
        FileRecord quarantined = new FileRecord(
                FILE, ALICE, "alice", "x", SHA, 11, 1, true, "text/plain", CREATED, CREATED, true, null, ROOT, 1, "/");
        UUID other = UUID.fromString("f11e0000-0000-4000-8000-000000000003");
        FileRecord missing = new FileRecord(
                other,
                ALICE,
                "alice",
                "y",
                SHA,
                11,
                1,
                false,
                "text/plain",
                CREATED,
                CREATED,
                true,
                null,
                ROOT,
                1,
                "/");
        given(files.find(ALICE, FILE)).willReturn(quarantined);
        given(files.find(ALICE, other)).willReturn(missing);
        given(blobs.openWhole(SHA, 11, 1)).willThrow(new BlobNotStored(SHA));

        mvc.perform(get("/api/v1/files/" + FILE + "/content").header("Authorization", "Bearer alice"))
                .andExpect(problem(500, "BLOB_CORRUPTED", "/api/v1/files/" + FILE + "/content"));
        mvc.perform(get("/api/v1/files/" + other + "/content").header("Authorization", "Bearer alice"))
                .andExpect(problem(500, "BLOB_MISSING", "/api/v1/files/" + other + "/content"))
                .andExpect(header().doesNotExist("Content-Disposition"));
    }

    @Test
    void anInvisibleFileIsNotFound() throws Exception {
        given(files.find(ALICE, FILE)).willThrow(new FileNotFound("No such file."));

        mvc.perform(get("/api/v1/files/" + FILE + "/content").header("Authorization", "Bearer alice"))
                .andExpect(problem(404, "FILE_NOT_FOUND", "/api/v1/files/" + FILE + "/content"));
    }
}
