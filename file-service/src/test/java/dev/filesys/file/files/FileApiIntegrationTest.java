package dev.filesys.file.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.AliceOnTheService;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.GeneratedContent;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import dev.filesys.file.testsupport.TestUsers;
import dev.filesys.file.testsupport.TransferClient;
import dev.filesys.file.testsupport.TransferClient.DigestedDownload;
import dev.filesys.file.testsupport.TransferClient.Download;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.ContentDisposition;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Simple upload, download, listing, metadata and deletion against a real server, database and blob directory. */
@FileServiceTest
@TestPropertySource(properties = "filesys.sweeper.enabled=false")
class FileApiIntegrationTest extends AliceOnTheService {

    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    LoggedIn bob;

    @BeforeEach
    void andBob() {
        bob = TestUsers.register(api, "bob");
    }

    @Test
    void anEmptyFileRoundTrips() {
        Response uploaded =
                transfers.upload(alice.token(), "empty.txt", new byte[0]).expect(201);

        assertThat(uploaded.text("name")).isEqualTo("empty.txt");
        assertThat(uploaded.json().get("size").asLong()).isZero();
        assertThat(uploaded.text("sha256")).isEqualTo(EMPTY_SHA256);
        assertThat(uploaded.text("contentType")).isEqualTo("application/octet-stream");
        assertThat(uploaded.text("createdAt")).isNotBlank();
        assertThat(uploaded.header("Location"))
                .endsWith("/api/v1/files/" + uploaded.text("fileId"))
                .startsWith("http://");

        Download download =
                transfers.download(alice.token(), uploaded.text("fileId")).expect(200);
        assertThat(download.body()).isEmpty();
        assertThat(download.header("Content-Length")).isEqualTo("0");
        assertThat(download.header("ETag")).isEqualTo("\"" + EMPTY_SHA256 + "\"");
    }

    @Test
    void everyByteValueRoundTripsWithItsMediaType() {
        byte[] content = new byte[256 * 4];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        Response uploaded = transfers
                .upload(alice.token(), "all-bytes.bin", content, "Content-Type", "image/png")
                .expect(201);
        assertThat(uploaded.text("sha256")).isEqualTo(TransferClient.sha256Hex(content));

        Download download =
                transfers.download(alice.token(), uploaded.text("fileId")).expect(200);

        assertThat(download.body()).isEqualTo(content);
        assertThat(download.header("Content-Type")).isEqualTo("image/png");
        assertThat(download.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(download.header("Accept-Ranges")).isEqualTo("bytes");
    }

    @Test
    void aHundredMebibyteFileStreamsBothWays() {
        GeneratedContent content = new GeneratedContent(100L * 1024 * 1024, 100);
        String expected = content.sha256();

        Response uploaded = transfers
                .upload(alice.token(), "name=big.bin", content.publisher())
                .expect(201);
        assertThat(uploaded.text("sha256")).isEqualTo(expected);
        assertThat(uploaded.json().get("size").asLong()).isEqualTo(content.length());

        DigestedDownload download = transfers.downloadDigest(alice.token(), uploaded.text("fileId"));
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.length()).isEqualTo(content.length());
        assertThat(download.sha256()).isEqualTo(expected);
    }

    @Test
    void aChunkedBodyIsStoredToo() {
        GeneratedContent content = new GeneratedContent(3 * 1024 * 1024 + 5, 7);
        Response uploaded = transfers
                .upload(alice.token(), "name=chunked.bin", content.chunkedPublisher())
                .expect(201);
        assertThat(uploaded.text("sha256")).isEqualTo(content.sha256());
    }

    @Test
    void theSameBytesFromTwoUsersAreStoredOnce() {
        byte[] content = "identical content".getBytes(StandardCharsets.UTF_8);
        Response fromAlice = transfers.upload(alice.token(), "a.txt", content).expect(201);
        Response fromBob = transfers.upload(bob.token(), "b.txt", content).expect(201);

        assertThat(fromAlice.text("fileId")).isNotEqualTo(fromBob.text("fileId"));
        assertThat(fromAlice.text("sha256")).isEqualTo(fromBob.text("sha256"));
        assertThat(storage.rows("files")).isEqualTo(2);
        assertThat(storage.rows("blobs")).isEqualTo(1);
        assertThat(storage.blobFiles()).containsExactly(storage.blobPath(fromAlice.text("sha256")));
        assertThat(transfers.download(bob.token(), fromBob.text("fileId")).body())
                .isEqualTo(content);
    }

    @Test
    void aDigestMismatchIsRefusedAndNothingIsStored() {
        byte[] content = "the real content".getBytes(StandardCharsets.UTF_8);
        String wrong = TransferClient.sha256Hex("other content".getBytes(StandardCharsets.UTF_8));

        Response refused = transfers
                .upload(alice.token(), "x.txt", content, "X-Checksum-SHA256", wrong)
                .expect(400);

        assertThat(refused.code()).isEqualTo("CHECKSUM_MISMATCH");
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertNothingStored();
    }

    @Test
    void aMatchingDigestInHexOrBase64IsAccepted() {
        byte[] content = "checked content".getBytes(StandardCharsets.UTF_8);
        String hex = TransferClient.sha256Hex(content);
        String base64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));

        transfers
                .upload(alice.token(), "hex.txt", content, "X-Checksum-SHA256", hex.toUpperCase())
                .expect(201);
        transfers
                .upload(alice.token(), "b64.txt", content, "X-Checksum-SHA256", base64)
                .expect(201);
        Response malformed = transfers
                .upload(alice.token(), "bad.txt", content, "X-Checksum-SHA256", "abc")
                .expect(400);
        assertThat(malformed.code()).isEqualTo("INVALID_CHECKSUM");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../x",
                "a/b",
                "a\\b",
                "nul\u0000byte",
                "line\nbreak",
                "bell\u0007",
                "c1\u0085",
                "evil\u202Etxt.exe",
                ".",
                "..",
                ""
            })
    void brokenNamesAreRefusedAndNothingIsStored(String name) {
        Response refused =
                transfers.upload(alice.token(), name, "content".getBytes()).expect(400);

        assertThat(refused.code()).isEqualTo("INVALID_NAME");
        assertThat(refused.text("detail")).isNotBlank();
        assertNothingStored();
    }

    @ParameterizedTest
    @ValueSource(strings = {"report\u200b.pdf", "\ufeffreport.pdf", "report\u2028.pdf", "\u061creport.pdf"})
    void namesWithInvisibleCharactersAreRefusedByCodePointAndNothingIsStored(String name) {
        transfers.upload(alice.token(), "report.pdf", "the real one".getBytes()).expect(201);

        Response refused =
                transfers.upload(alice.token(), name, "a look-alike".getBytes()).expect(400);

        assertThat(refused.code()).isEqualTo("INVISIBLE_CHARACTER_IN_NAME");
        int invisible = name.codePoints()
                .filter(cp -> !Character.isLetterOrDigit(cp) && cp != '.')
                .findFirst()
                .orElseThrow();
        assertThat(refused.text("detail")).contains("U+%04X".formatted(invisible));
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(storage.rows("files")).isEqualTo(1);
        assertThat(storage.usedBytes(alice.userId())).isEqualTo("the real one".length());
        assertThat(storage.filesUnder("tmp")).isEmpty();
    }

    @Test
    void anEmojiWithItsJoinersAndSelectorsIsAName() {
        String name = "\uD83C\uDFF3\ufe0f\u200d\uD83C\uDF08 \u2764\ufe0f.png";
        assertThat(transfers
                        .upload(alice.token(), name, new byte[1])
                        .expect(201)
                        .text("name"))
                .isEqualTo(name);
    }

    @Test
    void aNameOf256BytesIsRefusedAnd255Accepted() {
        String tooLong = "é".repeat(128);
        assertThat(transfers
                        .upload(alice.token(), tooLong, new byte[1])
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_NAME");
        String longest = "é".repeat(127) + "x";
        assertThat(transfers
                        .upload(alice.token(), longest, new byte[1])
                        .expect(201)
                        .text("name"))
                .isEqualTo(longest);
    }

    @Test
    void aMissingNameIsRefused() {
        Response refused = transfers
                .upload(alice.token(), null, BodyPublishers.ofString("x"))
                .expect(400);
        assertThat(refused.code()).isEqualTo("INVALID_NAME");
    }

    @Test
    void nfcAndNfdSpellingsAreOneName() {
        String nfd = "Cafe\u0301.txt";
        String nfc = "Caf\u00e9.txt";

        Response first = transfers.upload(alice.token(), nfd, "one".getBytes()).expect(201);
        assertThat(first.text("name")).isEqualTo(nfc);

        Response second = transfers.upload(alice.token(), nfc, "two".getBytes()).expect(409);
        assertThat(second.code()).isEqualTo("NAME_TAKEN");
        assertThat(storage.rows("files")).isEqualTo(1);
    }

    @Test
    void aTakenNameNeedsOverwriteWhichKeepsTheIdAndReplacesTheContent() {
        Response first = transfers
                .upload(alice.token(), "report.txt", "version 1".getBytes())
                .expect(201);

        Response taken = transfers
                .upload(alice.token(), "report.txt", "version 2".getBytes())
                .expect(409);
        assertThat(taken.code()).isEqualTo("NAME_TAKEN");
        assertThat(storage.filesUnder("tmp")).isEmpty();

        Response replaced = transfers
                .upload(alice.token(), "name=report.txt&overwrite=true", BodyPublishers.ofString("version 2"))
                .expect(200);
        assertThat(replaced.text("fileId")).isEqualTo(first.text("fileId"));
        assertThat(replaced.text("sha256")).isNotEqualTo(first.text("sha256"));
        assertThat(transfers.download(alice.token(), first.text("fileId")).body())
                .isEqualTo("version 2".getBytes());
        assertThat(storage.rows("files")).isEqualTo(1);

        Response created = transfers
                .upload(alice.token(), "name=new.txt&overwrite=true", BodyPublishers.ofString("fresh"))
                .expect(201);
        assertThat(created.text("fileId")).isNotEqualTo(first.text("fileId"));
    }

    @Test
    void aFormEncodedBodyIsStoredAsRawBytes() {
        String body = "name=evil&overwrite=true&a=b";
        Response uploaded = transfers
                .upload(
                        alice.token(),
                        "name=form.txt",
                        BodyPublishers.ofString(body),
                        "Content-Type",
                        "application/x-www-form-urlencoded")
                .expect(201);

        assertThat(uploaded.text("name")).isEqualTo("form.txt");
        assertThat(uploaded.text("contentType")).isEqualTo("application/octet-stream");
        assertThat(transfers.download(alice.token(), uploaded.text("fileId")).body())
                .isEqualTo(body.getBytes());
    }

    @Test
    void aMultipartLookingBodyIsStoredAsRawBytes() {
        String body = "--xyz\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nhello\r\n--xyz--\r\n";
        Response uploaded = transfers
                .upload(
                        alice.token(),
                        "name=multi.txt",
                        BodyPublishers.ofString(body),
                        "Content-Type",
                        "multipart/form-data; boundary=xyz")
                .expect(201);
        assertThat(transfers.download(alice.token(), uploaded.text("fileId")).body())
                .isEqualTo(body.getBytes());
    }

    @Test
    void rangesSelectTheirBytes() {
        byte[] content = new byte[100];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        String id =
                transfers.upload(alice.token(), "r.bin", content).expect(201).text("fileId");

        Download prefix =
                transfers.download(alice.token(), id, "Range", "bytes=0-9").expect(206);
        assertThat(prefix.body()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(prefix.header("Content-Range")).isEqualTo("bytes 0-9/100");
        assertThat(prefix.header("Content-Length")).isEqualTo("10");

        Download suffix =
                transfers.download(alice.token(), id, "Range", "bytes=-5").expect(206);
        assertThat(suffix.body()).containsExactly(95, 96, 97, 98, 99);
        assertThat(suffix.header("Content-Range")).isEqualTo("bytes 95-99/100");

        Download middle =
                transfers.download(alice.token(), id, "Range", "bytes=40-44").expect(206);
        assertThat(middle.body()).containsExactly(40, 41, 42, 43, 44);

        Download open =
                transfers.download(alice.token(), id, "Range", "bytes=98-").expect(206);
        assertThat(open.body()).containsExactly(98, 99);

        Download unsatisfiable =
                transfers.download(alice.token(), id, "Range", "bytes=100-").expect(416);
        assertThat(unsatisfiable.header("Content-Range")).isEqualTo("bytes */100");
        assertThat(unsatisfiable.header("Content-Type")).startsWith("application/problem+json");
        assertThat(new String(unsatisfiable.body())).contains("RANGE_NOT_SATISFIABLE");

        Download several =
                transfers.download(alice.token(), id, "Range", "bytes=0-1,5-6").expect(200);
        assertThat(several.body()).isEqualTo(content);
    }

    @Test
    void conditionalRequestsFollowTheEtag() {
        Response uploaded =
                transfers.upload(alice.token(), "c.txt", "cacheable".getBytes()).expect(201);
        String id = uploaded.text("fileId");
        String etag = "\"" + uploaded.text("sha256") + "\"";

        Download notModified =
                transfers.download(alice.token(), id, "If-None-Match", etag).expect(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.header("ETag")).isEqualTo(etag);
        transfers.download(alice.token(), id, "If-None-Match", "W/" + etag).expect(304);
        transfers.download(alice.token(), id, "If-None-Match", "*").expect(304);
        transfers
                .download(alice.token(), id, "If-None-Match", "\"other\", " + etag)
                .expect(304);
        transfers.download(alice.token(), id, "If-None-Match", "\"other\"").expect(200);

        Download rangeHolds = transfers
                .download(alice.token(), id, "Range", "bytes=0-4", "If-Range", etag)
                .expect(206);
        assertThat(rangeHolds.body()).isEqualTo("cache".getBytes());
        Download rangeStale = transfers
                .download(alice.token(), id, "Range", "bytes=0-4", "If-Range", "\"stale\"")
                .expect(200);
        assertThat(rangeStale.body()).isEqualTo("cacheable".getBytes());
    }

    @Test
    void contentDispositionCarriesQuotesSpacesAndNonAscii() {
        String name = "my \"quarterly\" report – ünïcødé €.pdf";
        String id = transfers
                .upload(alice.token(), name, "pdf".getBytes())
                .expect(201)
                .text("fileId");

        Download download = transfers.download(alice.token(), id).expect(200);

        String header = download.header("Content-Disposition");
        assertThat(header)
                .startsWith("attachment; filename=\"my _quarterly_ report _ _n_c_d_ _.pdf\"; filename*=UTF-8''");
        assertThat(ContentDisposition.parse(header).getFilename()).isEqualTo(name);
        assertThat(ContentDisposition.parse(header).isAttachment()).isTrue();
    }

    @Test
    void headGivesTheHeadersWithoutTheBody() {
        String id = transfers
                .upload(alice.token(), "h.txt", "twelve bytes".getBytes())
                .expect(201)
                .text("fileId");

        Response head = transfers.send("HEAD", "/api/v1/files/" + id + "/content", alice.token());

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo("12");
        assertThat(head.header("ETag")).isNotBlank();
        assertThat(head.body()).isEmpty();
    }

    @Test
    void listingIsPagedAndSorted() {
        for (String name : List.of("charlie.txt", "alpha.txt", "bravo.txt")) {
            transfers.upload(alice.token(), name, name.getBytes()).expect(201);
        }
        transfers.upload(bob.token(), "bobs.txt", "b".getBytes()).expect(201);

        JsonNode byName =
                api.get("/api/v1/files?scope=owned", alice.token()).expect(200).json();
        assertThat(names(byName)).containsExactly("alpha.txt", "bravo.txt", "charlie.txt");
        assertThat(byName.has("nextCursor")).as("one page holds them all").isFalse();

        JsonNode firstPage =
                api.get("/api/v1/files?limit=2", alice.token()).expect(200).json();
        assertThat(names(firstPage)).containsExactly("alpha.txt", "bravo.txt");
        String cursor = firstPage.get("nextCursor").asString();
        // a file added before the cursor's row and one after it: the next page neither repeats nor skips a row
        transfers.upload(alice.token(), "aardvark.txt", "a".getBytes()).expect(201);
        transfers.upload(alice.token(), "delta.txt", "d".getBytes()).expect(201);
        JsonNode secondPage = api.get(
                        "/api/v1/files?limit=2&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8),
                        alice.token())
                .expect(200)
                .json();
        assertThat(names(secondPage)).containsExactly("charlie.txt", "delta.txt");
        assertThat(secondPage.has("nextCursor")).isFalse();
        assertThat(api.get("/api/v1/files?limit=2&sort=name,desc&cursor=" + cursor, alice.token())
                        .expect(400)
                        .code())
                .as("a cursor is bound to its sort")
                .isEqualTo("INVALID_CURSOR");
        assertThat(api.get("/api/v1/files?limit=2&cursor=" + cursor, bob.token())
                        .expect(400)
                        .code())
                .as("and to its user")
                .isEqualTo("INVALID_CURSOR");
        assertThat(api.get("/api/v1/files?limit=2&scope=owned&cursor=" + cursor, alice.token())
                        .expect(400)
                        .code())
                .as("and to its scope")
                .isEqualTo("INVALID_CURSOR");
        api.delete(
                        "/api/v1/files/"
                                + api.get("/api/v1/files?limit=1", alice.token())
                                        .json()
                                        .get("items")
                                        .get(0)
                                        .get("fileId")
                                        .asString(),
                        alice.token())
                .expect(204);
        api.delete(
                        "/api/v1/files/"
                                + secondPage.get("items").get(1).get("fileId").asString(),
                        alice.token())
                .expect(204);

        JsonNode newestFirst = api.get("/api/v1/files?sort=createdAt,desc", alice.token())
                .expect(200)
                .json();
        assertThat(names(newestFirst)).containsExactly("bravo.txt", "alpha.txt", "charlie.txt");
        JsonNode descending = api.get("/api/v1/files?sort=name,desc", alice.token())
                .expect(200)
                .json();
        assertThat(names(descending)).containsExactly("charlie.txt", "bravo.txt", "alpha.txt");

        assertThat(api.get("/api/v1/files?scope=nonsense", alice.token())
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_SCOPE");
        assertThat(api.get("/api/v1/files?sort=owner", alice.token())
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_SORT");
        assertThat(api.get("/api/v1/files?limit=0", alice.token()).expect(400).code())
                .isEqualTo("INVALID_LIMIT");
        assertThat(api.get("/api/v1/files?limit=1000000000", alice.token())
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_LIMIT");
        assertThat(api.get("/api/v1/files?cursor=tampered", alice.token())
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_CURSOR");
        JsonNode bySize = api.get("/api/v1/files?sort=size,desc&limit=1", alice.token())
                .expect(200)
                .json();
        assertThat(names(bySize)).containsExactly("charlie.txt");
        assertThat(names(api.get(
                                "/api/v1/files?sort=size,desc&limit=5&cursor="
                                        + bySize.get("nextCursor").asString(),
                                alice.token())
                        .expect(200)
                        .json()))
                .as("alpha.txt and bravo.txt are of one size: their order is their ids'")
                .containsExactlyInAnyOrder("bravo.txt", "alpha.txt");
    }

    @Test
    void metadataAndDeletion() {
        Response uploaded = transfers
                .upload(alice.token(), "doc.txt", "document".getBytes(), "Content-Type", "text/plain")
                .expect(201);
        String id = uploaded.text("fileId");

        Response described = api.get("/api/v1/files/" + id, alice.token()).expect(200);
        assertThat(described.text("name")).isEqualTo("doc.txt");
        assertThat(described.text("owner")).isEqualTo("alice");
        assertThat(described.text("access")).isEqualTo("owner");
        assertThat(described.text("contentType")).isEqualTo("text/plain");
        assertThat(described.json().get("size").asLong()).isEqualTo(8);
        assertThat(described.json().get("shares").isArray()).isTrue();

        api.delete("/api/v1/files/" + id, alice.token()).expect(204);

        assertThat(api.get("/api/v1/files/" + id, alice.token()).expect(404).code())
                .isEqualTo("FILE_NOT_FOUND");
        assertThat(transfers.download(alice.token(), id).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/files/" + id, alice.token()).expect(404).code())
                .isEqualTo("FILE_NOT_FOUND");
        assertThat(storage.usedBytes(alice.userId()))
                .as("in the trash, it still counts")
                .isEqualTo(8);
        api.delete("/api/v1/trash/" + id, alice.token()).expect(204);
        assertThat(storage.usedBytes(alice.userId())).isZero();
    }

    @Test
    void unknownAndMalformedIdsAreNotFound() {
        assertThat(api.get("/api/v1/files/" + java.util.UUID.randomUUID(), alice.token())
                        .expect(404)
                        .code())
                .isEqualTo("FILE_NOT_FOUND");
        assertThat(api.get("/api/v1/files/not-an-id", alice.token()).expect(404).code())
                .isEqualTo("FILE_NOT_FOUND");
        assertThat(transfers.download(alice.token(), "not-an-id").status()).isEqualTo(404);
    }

    @Test
    void everyOperationNeedsALoggedInSession() {
        assertThat(transfers.upload(null, "x.txt", new byte[1]).expect(401).code())
                .isEqualTo("SESSION_REQUIRED");
        assertThat(api.get("/api/v1/files", null).expect(401).code()).isEqualTo("SESSION_REQUIRED");
        assertNothingStored();
    }

    @Test
    void metricsCountTransfersByOperationWithoutNamingFiles() {
        String name = "secret-plans-4711.txt";
        String id = transfers
                .upload(alice.token(), name, "twelve bytes".getBytes())
                .expect(201)
                .text("fileId");
        transfers.download(alice.token(), id).expect(200);
        transfers.download(alice.token(), "not-an-id").expect(404);

        String metrics = api.getAny("/actuator/prometheus").expect(200).body();

        assertThat(metrics)
                .contains("filesys_files_requests_total{operation=\"upload\",outcome=\"success\"}")
                .contains("filesys_files_requests_total{operation=\"download\",outcome=\"client_error\"}")
                .contains("filesys_files_uploaded_bytes_total{method=\"simple\"}")
                .contains("filesys_files_downloaded_bytes_total")
                .contains("filesys_blobstore_latency_seconds_count{operation=\"publish\"}")
                .contains("filesys_quota_rejections_total")
                .contains("filesys_quota_file_count_rejections_total")
                .contains("filesys_blobs_integrity_failures_total")
                .doesNotContain("secret-plans")
                .doesNotContain(id);
    }

    private void assertNothingStored() {
        assertThat(storage.rows("files")).isZero();
        assertThat(storage.rows("blobs")).isZero();
        assertThat(storage.blobFiles()).isEmpty();
        assertThat(storage.filesUnder("tmp")).isEmpty();
        assertThat(storage.usedBytes(alice.userId())).isZero();
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("items").forEach(item -> names.add(item.get("name").asString()));
        return names;
    }
}
