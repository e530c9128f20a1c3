package dev.filesys.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.local.LaunchedSystem;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Public links in the web app, in Chromium against the launched system: the owner makes a link with a password and a
 * limit, reads its address (shown once), and someone without an account downloads through it with a plain HTTP
 * client (the balancer's redirect, the password traded for an access token); the owner sees the count go up live,
 * reads the downloads, raises the limit, and revokes the link from the "Links" tab, after which the address answers
 * 404. A folder gets a link too, and an expiry beyond the deployment's maximum is refused in the service's words.
 */
class LinksBrowserTest {

    private static final String PASSWORD = "correct horse battery";
    private static final String LINK_PASSWORD = "open sesame";
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"");

    @TempDir
    static Path work;

    @RegisterExtension
    static final LaunchedSystem system = new LaunchedSystem();

    @Test
    void aFileLinkWithPasswordAndLimitIsUsedCountedChangedAndRevoked() throws Exception {
        byte[] content = "the quarterly report, for carol's eyes only\n".getBytes();
        Path report = Files.write(work.resolve("report.txt"), content);
        try (Browser ivy = new Browser("ivy", system.app(), work);
                HttpClient visitor = HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build()) {
            ivy.open();
            ivy.register("ivy", PASSWORD);
            ivy.choose(report);
            ivy.awaitUploaded("report.txt");

            press(ivy, By.cssSelector("button[aria-label='Link report.txt']"));
            WebElement dialog = ivy.waitFor(By.id("links-dialog"));
            ivy.waitUntil(
                    "the dialog says there is no link yet",
                    () -> ivy.find(By.id("link-list")).getText().contains("No links to this file yet"));
            new Select(ivy.find(By.id("link-expiry"))).selectByValue("7d");
            ivy.find(By.id("link-password")).sendKeys(LINK_PASSWORD);
            ivy.find(By.id("link-limit")).sendKeys("1");
            ivy.find(By.id("link-label")).sendKeys("for carol");
            ivy.find(By.id("link-submit")).click();

            String url = ivy.waitFor(By.id("link-url")).getAttribute("value");
            assertThat(url).matches(Pattern.quote(system.cluster().balancerUrl()) + "/l/[A-Za-z0-9_-]{43}");
            assertThat(ivy.find(By.id("link-created")).getText()).contains("shown only now");
            ivy.find(By.id("link-copy")).click();
            ivy.waitUntil(
                    "the address is copied, or selected to copy",
                    () -> ivy.find(By.id("link-copy-status")).getText().matches("Copied\\.|Selected: .*"));
            WebElement row = ivy.waitFor(linkRow("for carol"));
            assertThat(row.getText()).contains("yes", "0 of 1", "Active");
            ivy.screenshot("link-created");
            ivy.assertAccessible("the public links dialog with a new link");

            assertThat(get(visitor, url, null).statusCode())
                    .as("a password-protected link without the password")
                    .isEqualTo(401);
            String access = unlock(visitor, url);
            HttpResponse<byte[]> download = get(visitor, url, access);
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(content);

            ivy.waitUntil(
                    "the dialog's count goes up live",
                    () -> ivy.find(linkRow("for carol")).getText().contains("1 of 1"));
            assertThat(ivy.find(linkRow("for carol")).getText()).contains("Used up");
            assertThat(ivy.find(By.id("link-used")).getText())
                    .isEqualTo("Just now: report.txt was downloaded through the link “for carol”.");
            ivy.waitUntil(
                    "the download is announced",
                    () -> ivy.find(By.id("notices"))
                            .getText()
                            .contains("Someone downloaded report.txt through your link “for carol”"));
            assertThat(get(visitor, url, access).statusCode())
                    .as("the limit is reached")
                    .isEqualTo(404);

            // the downloads, then a higher limit
            press(ivy, By.xpath(linkRowPath("for carol") + "//button[text()='Downloads']"));
            WebElement logged = ivy.waitFor(By.cssSelector("#link-downloads-dialog tbody tr"));
            assertThat(logged.getText()).contains("127.0.0.1", content.length + " bytes");
            ivy.screenshot("link-downloads");
            ivy.assertAccessible("the downloads of a link");
            ivy.find(By.id("link-downloads-close")).click();

            press(ivy, By.xpath(linkRowPath("for carol") + "//button[text()='Edit']"));
            WebElement limit = ivy.waitFor(By.id("link-edit-limit"));
            assertThat(limit.getAttribute("value")).isEqualTo("1");
            limit.clear();
            limit.sendKeys("5");
            ivy.assertAccessible("the edit dialog of a link");
            ivy.find(By.id("link-edit-submit")).click();
            ivy.waitUntil(
                    "the new limit is shown",
                    () -> ivy.find(linkRow("for carol")).getText().contains("1 of 5"));
            assertThat(get(visitor, url, access).body()).isEqualTo(content);
            ivy.waitUntil(
                    "the count goes up again",
                    () -> ivy.find(linkRow("for carol")).getText().contains("2 of 5"));
            ivy.find(By.id("links-close")).click();

            // revoked from the overview of all links
            ivy.showTab("links");
            By listed = By.xpath("//table[@id='links-table']//tr[@data-label='for carol']");
            ivy.waitFor(listed);
            ivy.waitUntil(
                    "the overview names the file",
                    () -> ivy.find(listed).getText().contains("report.txt"));
            assertThat(ivy.find(listed).getText()).contains("2 of 5");
            ivy.screenshot("links-tab");
            ivy.assertAccessible("the links tab");
            press(ivy, By.xpath("//table[@id='links-table']//tr[@data-label='for carol']//button[text()='Revoke']"));
            ivy.waitFor(By.id("revoke-dialog"));
            ivy.assertAccessible("the revoke confirmation");
            ivy.find(By.id("revoke-confirm")).click();
            ivy.waitUntil(
                    "the link is shown revoked",
                    () -> ivy.find(listed).getText().contains("Revoked"));
            assertThat(get(visitor, url, access).statusCode())
                    .as("a revoked link")
                    .isEqualTo(404);
        }
    }

    @Test
    void aFolderGetsALinkAndAnExpiryBeyondTheMaximumIsRefused() throws Exception {
        Path plan = Files.writeString(work.resolve("plan.txt"), "the plan");
        try (Browser jack = new Browser("jack", system.app(), work);
                HttpClient visitor = HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build()) {
            jack.open();
            jack.register("jack", PASSWORD);
            press(jack, By.id("new-folder"));
            jack.waitFor(By.id("folder-dialog-name")).sendKeys("handover");
            jack.find(By.id("folder-dialog-submit")).click();
            press(jack, By.xpath("//tr[@data-name='handover']//button[contains(@class, 'folder-link')]"));
            jack.waitUntil(
                    "the folder is shown",
                    () -> jack.find(By.id("crumbs")).getText().contains("handover"));
            jack.choose(plan);
            jack.awaitUploaded("plan.txt");
            jack.awaitFile("plan.txt");
            press(jack, By.xpath("//ol[@id='crumbs']//button[text()='My files']"));

            press(jack, By.cssSelector("button[aria-label='Link handover']"));
            jack.waitFor(By.id("links-dialog"));
            new Select(jack.find(By.id("link-expiry"))).selectByValue("date");
            WebElement date = jack.waitFor(By.id("link-date"));
            // a year ahead: beyond the deployment's maximum (90 days)
            jack.script(
                    "arguments[0].value = arguments[1]",
                    date,
                    LocalDate.now().plusYears(1).toString());
            jack.find(By.id("link-submit")).click();
            WebElement refusal = jack.waitFor(By.id("link-date-error"));
            assertThat(refusal.getText()).contains("out of range", "max-expiry");
            assertThat(date.getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(date.getAttribute("aria-describedby")).contains("link-date-error");
            jack.screenshot("link-expiry-refused");
            jack.assertAccessible("a refused link expiry");

            new Select(jack.find(By.id("link-expiry"))).selectByValue("30d");
            jack.find(By.id("link-submit")).click();
            String url = jack.waitFor(By.id("link-url")).getAttribute("value");
            assertThat(jack.findAll(By.id("link-date-error")).stream().noneMatch(WebElement::isDisplayed))
                    .isTrue();
            jack.waitFor(By.cssSelector("#link-table tbody tr"));
            HttpResponse<byte[]> listing = visitor.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Accept", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(listing.statusCode()).isEqualTo(200);
            assertThat(new String(listing.body())).contains("\"type\":\"folder\"", "\"name\":\"handover\"", "plan.txt");
        }
    }

    private static By linkRow(String label) {
        return By.xpath(linkRowPath(label));
    }

    private static String linkRowPath(String label) {
        return "//table[@id='link-table']//tr[@data-label=" + Browser.xpathLiteral(label) + "]";
    }

    /** Clicks what {@code locator} finds, again when the list was drawn anew under it (an event arrived meanwhile). */
    private static void press(Browser browser, By locator) {
        browser.waitFor(locator);
        browser.waitUntil("a click on " + locator, () -> {
            browser.click(browser.find(locator));
            return true;
        });
    }

    /** A visitor's GET of the link's address, with an access token ({@code ?access=}) or none. */
    private static HttpResponse<byte[]> get(HttpClient client, String url, String access) throws Exception {
        String address = access == null ? url : url + "?access=" + URLEncoder.encode(access, StandardCharsets.UTF_8);
        return client.send(
                HttpRequest.newBuilder(URI.create(address)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Trades the link's password for an access token, as docs/links.md shows with curl. */
    private static String unlock(HttpClient client, String url) throws Exception {
        HttpResponse<String> answer = client.send(
                HttpRequest.newBuilder(URI.create(url + "/unlock"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + LINK_PASSWORD + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Matcher token = ACCESS_TOKEN.matcher(answer.body());
        assertThat(token.find()).as(answer.body()).isTrue();
        return token.group(1);
    }
}
