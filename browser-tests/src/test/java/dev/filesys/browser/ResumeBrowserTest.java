package dev.filesys.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.local.LaunchedSystem;
import dev.filesys.local.LocalCluster;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Uploads that survive what goes wrong in the middle of them: the page is reloaded (the same file, chosen again,
 * continues where the server stopped), and the file-service stops (the session moves to the other one and the upload
 * continues there). Each on a system of its own, since one of them stops a server.
 */
class ResumeBrowserTest {

    private static final String PASSWORD = "correct horse battery";
    private static final Pattern SERVER = Pattern.compile("on (file-\\d+)");

    @TempDir
    Path work;

    LocalCluster cluster;

    @BeforeEach
    void startSystem() throws Exception {
        cluster = LaunchedSystem.start(work.resolve("data"));
    }

    @AfterEach
    void stopSystem() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aReloadInTheMiddleOfAnUploadResumesIt() throws Exception {
        Path video = TestFiles.random(work, "holiday.mp4", 20 * TestFiles.MIB, 23);
        try (GatedProxy network = new GatedProxy();
                Browser dave = new Browser("dave", LaunchedSystem.appUrl(cluster), work, network)) {
            dave.open();
            dave.register("dave", PASSWORD);
            // the network holds the upload after 12 MiB of 20: the first chunk (8 MiB) is stored, the second under way
            network.holdAfter(12 * TestFiles.MIB);
            dave.drop(video);
            WebElement row = dave.uploadRow("holiday.mp4");
            dave.waitUntil("the first chunk is stored", () -> storedOffset(dave) >= 8 * TestFiles.MIB);
            dave.waitUntil("the upload passes 50 %", () -> progress(row) >= 50);
            dave.screenshot("before-reload");

            dave.driver.navigate().refresh();
            WebElement paused = dave.uploadRow("holiday.mp4");
            assertThat(paused.getText()).contains("Paused at", "Choose or drop this file again to continue");
            int pausedAt = progress(paused);
            assertThat(pausedAt).isGreaterThanOrEqualTo(40);
            dave.screenshot("paused-after-reload");
            dave.assertAccessible("the files page with a paused upload");

            network.release();
            paused.findElement(By.cssSelector("input[type=file]")).sendKeys(video.toString());
            WebElement done = dave.awaitUploaded("holiday.mp4");
            assertThat(done.getText())
                    .containsPattern(
                            "Uploaded \\(resumed from 1\\d(\\.\\d)? MB\\)|Uploaded \\(resumed from 8\\.0 MB\\)");
            dave.screenshot("resumed-and-uploaded");

            dave.clickInRow("holiday.mp4", "Download");
            assertThat(TestFiles.sha256(dave.awaitDownload("holiday.mp4"))).isEqualTo(TestFiles.sha256(video));
        }
    }

    @Test
    void anUploadSurvivesItsFileServiceStopping() throws Exception {
        Path archive = TestFiles.random(work, "archive.tar", 20 * TestFiles.MIB, 29);
        try (GatedProxy network = new GatedProxy();
                Browser erin = new Browser("erin", LaunchedSystem.appUrl(cluster), work, network)) {
            erin.open();
            erin.register("erin", PASSWORD);
            String first = server(erin);
            // the network holds the upload after 6 MiB of 20, in its first chunk, while the server stops
            network.holdAfter(6 * TestFiles.MIB);
            erin.drop(archive);
            WebElement row = erin.uploadRow("archive.tar");
            erin.waitUntil("the upload passes 25 %", () -> progress(row) >= 25);

            // stopped as an operator stops it: it drains (ending the event stream at once), lets the request in flight
            // finish, and goes; the app moves the session to the other server and the upload continues there
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> cluster.stopFileService(first));
            erin.waitUntil(
                    "the event stream notices the shutdown",
                    () -> erin.find(By.id("live-state")).getText().equals("Reconnecting…"));
            network.release();
            erin.waitUntil(
                    "the session moves to the other server", () -> !server(erin).equals(first));
            erin.screenshot("moved-to-another-server");
            erin.awaitUploaded("archive.tar");
            stopped.get(1, TimeUnit.MINUTES);
            assertThat(server(erin)).isNotEqualTo(first);
            erin.screenshot("uploaded-after-failover");

            erin.clickInRow("archive.tar", "Download");
            assertThat(TestFiles.sha256(erin.awaitDownload("archive.tar"))).isEqualTo(TestFiles.sha256(archive));
            assertThat(erin.find(By.id("whoami")).getText())
                    .as("still logged in")
                    .isEqualTo("erin");
        }
    }

    /** The offset the app saved for its unfinished upload (what the server confirmed), or -1. */
    private static long storedOffset(Browser browser) {
        Object offset =
                browser.script("const all = Object.values(JSON.parse(localStorage.getItem('filesys.uploads') || '{}'));"
                        + " return all.length ? all[0].offset : -1;");
        return ((Number) offset).longValue();
    }

    private static int progress(WebElement row) {
        return Integer.parseInt(row.findElement(By.tagName("progress")).getAttribute("value"));
    }

    private static String server(Browser browser) {
        Matcher matcher = SERVER.matcher(browser.find(By.id("server")).getText());
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }
}
