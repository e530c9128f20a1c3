package dev.filesys.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.local.LaunchedSystem;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The page a browser shows at a public link's address, in Chromium against the launched system, for a visitor with no
 * account: the owner (olivia, logged in through the web app) makes links through the API; the visitor opens them. A
 * file link shows its file and downloads it byte for byte; a folder link lists its files page by page, one added after
 * the link was made included, and downloads it; a password-protected link refuses a wrong password and throttled
 * guesses in the service's words and opens with the right one; a revoked or mistyped link shows one "does not work"
 * page. Programs opening the same address still get the redirect.
 */
class LinkPageBrowserTest {

    private static final String PASSWORD = "correct horse battery";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path work;

    @RegisterExtension
    static final LaunchedSystem system = new LaunchedSystem();

    static Owner olivia;

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void registerTheOwner() throws Exception {
        try (Browser owner = new Browser("olivia", system.app(), work)) {
            owner.open();
            owner.register("olivia", PASSWORD);
            JsonNode session = JSON.readTree((String) owner.script("return sessionStorage.getItem('filesys.session')"));
            olivia = new Owner(
                    session.get("serverUrl").asString(), session.get("token").asString());
        }
    }

    /** The owner's session, read from the web app's tab: the file-service it is on and its token. */
    record Owner(String serverUrl, String token) {}

    @Test
    void aFileLinkShowsItsFileAndDownloadsItByteForByteWhileProgramsStillGetTheRedirect() throws Exception {
        Path report = TestFiles.random(
                Files.createDirectories(work.resolve("owner-files")), "report.bin", 3 * TestFiles.MIB, 11);
        String fileId =
                upload("/report.bin", Files.readAllBytes(report)).get("fileId").asString();
        String url = createLink(Map.of("fileId", fileId, "label", "for the auditors"));

        HttpResponse<Void> program = http.send(
                HttpRequest.newBuilder(URI.create(url)).header("Accept", "*/*").build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(program.statusCode()).as("curl's Accept gets the redirect").isEqualTo(302);

        try (Browser carol = new Browser("carol", system.app(), work)) {
            carol.driver.get(url);
            WebElement download = carol.waitFor(By.id("download"));
            assertThat(carol.find(By.id("link-title")).getText()).isEqualTo("report.bin");
            assertThat(carol.find(By.id("link-label")).getText()).isEqualTo("for the auditors");
            assertThat(carol.find(By.id("link-size")).getText()).isEqualTo("3.0 MB");
            assertThat(carol.find(By.id("link-expires")).getText()).isNotBlank();
            assertThat(carol.driver.getTitle()).isEqualTo("report.bin · filesys");
            carol.screenshot("file-link");
            carol.assertAccessible("a file link's page");
            assertThat(downloads(fileId))
                    .as("showing the page downloads nothing")
                    .isZero();

            download.click();
            Path saved = carol.awaitDownload("report.bin");
            assertThat(TestFiles.sha256(saved)).isEqualTo(TestFiles.sha256(report));
            assertThat(carol.driver.getCurrentUrl()).as("the page stays").isEqualTo(url);
        }
        assertThat(downloads(fileId)).isEqualTo(1);
    }

    @Test
    void aFolderLinkListsItsFilesPageByPageAndDownloadsOneAddedAfterTheLinkWasMade() throws Exception {
        String folderId = post("/api/v1/folders", Map.of("name", "handouts"))
                .get("folderId")
                .asString();
        upload("/handouts/agenda.txt", "the agenda".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 100; i++) {
            upload(String.format("/handouts/week/w%03d.txt", i), ("week " + i).getBytes(StandardCharsets.UTF_8));
        }
        String url = createLink(Map.of("folderId", folderId, "label", "course material"));
        byte[] later = "written after the link was made".getBytes(StandardCharsets.UTF_8);
        upload("/handouts/later.txt", later);

        try (Browser dave = new Browser("dave", system.app(), work)) {
            dave.driver.get(url);
            dave.waitFor(By.id("link-files"));
            assertThat(dave.find(By.id("link-title")).getText()).isEqualTo("handouts");
            assertThat(dave.find(By.id("link-label")).getText()).isEqualTo("course material");
            assertThat(paths(dave)).hasSize(100).startsWith("agenda.txt", "later.txt", "week/w000.txt");
            dave.screenshot("folder-link");
            dave.assertAccessible("a folder link's page");

            dave.click(dave.find(By.id("load-more")));
            dave.waitUntil("the second page is listed", () -> paths(dave).size() == 102);
            assertThat(paths(dave)).endsWith("week/w098.txt", "week/w099.txt");
            assertThat(dave.findAll(By.id("load-more")))
                    .as("that was the last page")
                    .isEmpty();
            assertThat(dave.driver.switchTo().activeElement().getAttribute("aria-label"))
                    .as("the focus moves to the first new row")
                    .isEqualTo("Download week/w098.txt");

            dave.click(dave.find(By.cssSelector("button[aria-label='Download later.txt']")));
            Path saved = dave.awaitDownload("later.txt");
            assertThat(Files.readAllBytes(saved)).isEqualTo(later);
        }
    }

    @Test
    void aPasswordLinkRefusesWrongAndThrottledGuessesInTheServicesWordsAndOpensWithTheRightOne() throws Exception {
        byte[] minutes = "minutes of the board".getBytes(StandardCharsets.UTF_8);
        String fileId = upload("/minutes.txt", minutes).get("fileId").asString();
        String url = createLink(Map.of("fileId", fileId, "password", "open sesame"));

        try (Browser erin = new Browser("erin", system.app(), work)) {
            erin.driver.get(url);
            erin.waitFor(By.id("link-password"));
            assertThat(erin.driver.getPageSource()).doesNotContain("minutes.txt");
            erin.screenshot("password-form");
            erin.assertAccessible("a password link's form");

            assertThat(guess(erin, "open barley")).isEqualTo("Wrong password for this link.");
            assertThat(erin.find(By.id("link-password")).getAttribute("aria-invalid"))
                    .isEqualTo("true");
            erin.screenshot("wrong-password");
            assertThat(guess(erin, "open sesame")).isNull();
            erin.waitFor(By.id("download"));
            assertThat(erin.find(By.id("link-title")).getText()).isEqualTo("minutes.txt");
            erin.assertAccessible("an unlocked link's page");
            erin.find(By.id("download")).click();
            assertThat(Files.readAllBytes(erin.awaitDownload("minutes.txt"))).isEqualTo(minutes);

            // a reload in the same tab keeps the access (for this tab, until it expires)
            erin.driver.navigate().refresh();
            erin.waitFor(By.id("download"));
        }

        // guessing is held back as logins are: after five wrong passwords the link waits, and the page says so
        String guarded = createLink(Map.of("fileId", fileId, "password", "open sesame"));
        try (Browser mallory = new Browser("mallory", system.app(), work)) {
            mallory.driver.get(guarded);
            mallory.waitFor(By.id("link-password"));
            String refusal = null;
            for (int i = 0; i < 12 && (refusal == null || !refusal.startsWith("Too many")); i++) {
                refusal = guess(mallory, "guess " + i);
                assertThat(refusal).isNotNull();
            }
            assertThat(refusal).matches("Too many failed passwords.*; try again in \\d+ seconds\\.");
            assertThat(mallory.find(By.id("unlock")).getAttribute("disabled"))
                    .as("\"Open\" waits as long as the service asks")
                    .isNotNull();
            mallory.screenshot("too-many-guesses");
            mallory.waitUntil(
                    "\"Open\" comes back", () -> mallory.find(By.id("unlock")).getAttribute("disabled") == null);
            assertThat(guess(mallory, "open sesame")).isNull();
            mallory.waitFor(By.id("download"));
        }
    }

    @Test
    void aRevokedOrMistypedLinkShowsThatItDoesNotWorkNeverJson() throws Exception {
        String fileId = upload("/notes.txt", "notes".getBytes(StandardCharsets.UTF_8))
                .get("fileId")
                .asString();
        JsonNode link = post("/api/v1/links", Map.of("fileId", fileId));
        String url = link.get("url").asString();
        try (Browser frank = new Browser("frank-visitor", system.app(), work)) {
            frank.driver.get(url);
            frank.waitFor(By.id("download"));

            HttpResponse<String> revoked = http.send(
                    owner("/api/v1/links/" + link.get("linkId").asString())
                            .DELETE()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(revoked.statusCode()).isEqualTo(204);

            frank.find(By.id("download")).click();
            frank.waitFor(By.id("link-dead"));
            assertThat(frank.find(By.id("link-title")).getText()).isEqualTo("This link does not work (anymore)");

            frank.driver.get(url);
            WebElement dead = frank.waitFor(By.id("link-dead"));
            assertThat(dead.getText()).contains("does not work");
            assertThat(frank.driver.getPageSource()).doesNotContain("LINK_NOT_FOUND");
            frank.screenshot("dead-link");
            frank.assertAccessible("a dead link's page");

            frank.driver.get(url.substring(0, url.length() - 5));
            frank.waitFor(By.id("link-dead"));
            assertThat(frank.driver.getTitle()).startsWith("This link does not work");
        }
    }

    // ---- the visitor's steps -------------------------------------------------------------------------------------

    /** Submits a password; returns the refusal shown under the field, or null when the link opened. */
    private static String guess(Browser browser, String password) {
        WebElement field = browser.find(By.id("link-password"));
        field.clear();
        field.sendKeys(password);
        browser.waitUntil(
                "\"Open\" can be pressed", () -> browser.find(By.id("unlock")).isEnabled());
        browser.find(By.id("unlock")).click();
        browser.waitUntil(
                "an answer to the password",
                () -> !browser.findAll(By.id("link-files")).isEmpty()
                        || !browser.findAll(By.id("download")).isEmpty()
                        || (browser.find(By.id("link-password-error")).isDisplayed()
                                && browser.find(By.id("link-password")).getAttribute("aria-invalid") != null
                                && browser.findAll(By.cssSelector("form[aria-busy]"))
                                        .isEmpty()));
        if (!browser.findAll(By.id("download")).isEmpty()) {
            return null;
        }
        return browser.find(By.id("link-password-error")).getText();
    }

    private static java.util.List<String> paths(Browser browser) {
        return browser.findAll(By.cssSelector("#link-files tbody tr")).stream()
                .map(row -> row.getAttribute("data-path"))
                .toList();
    }

    // ---- the owner's API calls -----------------------------------------------------------------------------------

    private HttpRequest.Builder owner(String path) {
        return HttpRequest.newBuilder(URI.create(olivia.serverUrl() + path))
                .header("Authorization", "Bearer " + olivia.token())
                .timeout(Duration.ofSeconds(60));
    }

    private JsonNode upload(String path, byte[] content) throws IOException, InterruptedException {
        return expect(
                owner("/api/v1/files?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(content)),
                201);
    }

    private JsonNode post(String path, Map<String, ?> body) throws IOException, InterruptedException {
        return expect(
                owner(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))),
                201);
    }

    /** Makes a link and returns its address, which the owner would send to the visitor. */
    private String createLink(Map<String, ?> body) throws IOException, InterruptedException {
        String url = post("/api/v1/links", body).get("url").asString();
        assertThat(url).startsWith(system.cluster().balancerUrl() + "/l/");
        return url;
    }

    /** How many downloads the owner's links of a file have counted. */
    private int downloads(String fileId) throws IOException, InterruptedException {
        JsonNode links = expect(owner("/api/v1/links?limit=1000").GET(), 200);
        int total = 0;
        for (JsonNode link : links.get("items")) {
            if (link.has("fileId") && link.get("fileId").asString().equals(fileId)) {
                total += link.get("downloads").asInt();
            }
        }
        return total;
    }

    private JsonNode expect(HttpRequest.Builder request, int status) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }
}
