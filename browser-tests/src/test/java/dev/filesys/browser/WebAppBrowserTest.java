package dev.filesys.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.local.LaunchedSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web app in Chromium against the launched system: what a person does with it, and what they see when the service
 * refuses something. Each step leaves a screenshot under {@code target/screenshots/}; each page and dialog is checked
 * with axe-core.
 */
class WebAppBrowserTest {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    static Path work;

    @RegisterExtension
    static final LaunchedSystem system = new LaunchedSystem();

    @Test
    void aliceSharesAFileWithBobWhoSeesItLiveDownloadsItAndLosesItLive() throws Exception {
        Path report = TestFiles.random(work, "report.bin", 20 * TestFiles.MIB, 17);
        try (GatedProxy network = new GatedProxy();
                Browser alice = new Browser("alice", system.app(), work, network);
                Browser bob = new Browser("bob", system.app(), work)) {
            alice.open();
            alice.screenshot("login");
            alice.assertAccessible("the login page");

            bob.open();
            bob.register("bob", PASSWORD);
            bob.showTab("shared");
            bob.script("window.notReloaded = true");
            bob.screenshot("nothing-shared-yet");

            alice.register("alice", PASSWORD);
            alice.screenshot("no-files-yet");
            alice.assertAccessible("the empty files page");

            // the network holds the upload half-way, so that the progress bar is seen part full, then lets it go
            network.holdAfter(10 * TestFiles.MIB);
            alice.drop(report);
            WebElement row = alice.uploadRow("report.bin");
            alice.waitUntil("the upload is under way", () -> progress(row) >= 40);
            assertThat(progress(row)).isLessThan(100);
            assertThat(row.getText()).contains("Uploading");
            alice.screenshot("uploading");
            network.release();
            alice.waitUntil("the progress bar reaches 100 %", () -> progress(row) == 100);
            alice.awaitUploaded("report.bin");
            assertThat(row.findElement(By.className("percent")).getText()).isEqualTo("100 %");
            assertThat(row.getText()).contains("Uploaded");
            WebElement listed = alice.awaitFile("report.bin");
            assertThat(listed.getText()).contains("20 MB", "me");
            alice.screenshot("uploaded");
            alice.assertAccessible("the files page with an upload");

            alice.clickInRow("report.bin", "Share");
            alice.waitFor(By.id("share-dialog"));
            alice.find(By.id("share-username")).sendKeys("bob");
            new Select(alice.find(By.id("share-expiry"))).selectByValue("1d");
            alice.find(By.id("share-submit")).click();
            WebElement share = alice.waitFor(By.cssSelector("#share-list li[data-username='bob']"));
            assertThat(share.getText()).contains("until");
            alice.screenshot("shared-with-bob");
            alice.assertAccessible("the share dialog");

            WebElement shared = bob.awaitFile("report.bin");
            assertThat(shared.getText()).contains("alice", "until", "20 MB");
            assertThat(bob.script("return window.notReloaded"))
                    .as("bob's page was not reloaded")
                    .isEqualTo(true);
            bob.screenshot("shared-with-me");
            bob.assertAccessible("the shared-with-me tab");

            bob.clickInRow("report.bin", "Download");
            Path copy = bob.awaitDownload("report.bin");
            assertThat(TestFiles.sha256(copy)).isEqualTo(TestFiles.sha256(report));

            alice.find(By.cssSelector("#share-list button[aria-label='Stop sharing with bob']"))
                    .click();
            alice.waitUntil(
                    "the share list empties",
                    () -> alice.findAll(By.cssSelector("#share-list li[data-username]"))
                            .isEmpty());
            bob.awaitNoFile("report.bin");
            assertThat(bob.script("return window.notReloaded")).isEqualTo(true);
            bob.screenshot("unshared");
            alice.find(By.cssSelector("#share-dialog .actions button[type=button]"))
                    .click();

            alice.clickInRow("report.bin", "Delete");
            alice.waitFor(By.id("delete-dialog"));
            assertThat(alice.find(By.id("delete-dialog")).getText()).contains("Delete report.bin?");
            alice.screenshot("confirm-delete");
            alice.assertAccessible("the delete confirmation");
            alice.find(By.id("delete-cancel")).click();
            alice.awaitFile("report.bin");
            alice.clickInRow("report.bin", "Delete");
            alice.waitFor(By.id("delete-confirm")).click();
            alice.awaitNoFile("report.bin");
            alice.screenshot("deleted");
        }
    }

    @Test
    void refusalsAreShownInTheServicesWordsAndNamesAsText() throws Exception {
        Path notes = Files.writeString(work.resolve("notes.txt"), "first notes");
        Path tooBig = TestFiles.random(work, "too-big.bin", 65 * TestFiles.MIB, 3);
        String hostile = "<img src=x onerror=alert(1)>";
        Path xss = Files.writeString(work.resolve(hostile), "not html");
        try (Browser carol = new Browser("carol", system.app(), work)) {
            carol.open();
            carol.register("carol", PASSWORD);
            carol.logout();

            carol.login("carol", "not the password");
            WebElement passwordError = carol.waitFor(By.id("password-error"));
            assertThat(passwordError.getText()).isEqualTo("The username or the password is wrong.");
            assertThat(carol.find(By.id("password")).getAttribute("aria-invalid"))
                    .isEqualTo("true");
            carol.screenshot("wrong-password");
            carol.assertAccessible("the login page with an error");

            carol.fillLogin("carol", PASSWORD);
            carol.find(By.id("register")).click();
            assertThat(carol.waitFor(By.id("username-error")).getText()).contains("taken");

            carol.login("carol", PASSWORD);
            carol.waitFor(By.id("files-title"));
            carol.choose(notes);
            carol.awaitUploaded("notes.txt");
            carol.find(By.cssSelector("#uploads li[data-name='notes.txt'] .upload-actions button"))
                    .click();
            carol.choose(notes);
            assertThat(carol.awaitUploadRefused("notes.txt"))
                    .isEqualTo("You already have a file of that name; upload with overwrite=true to replace it.");
            carol.screenshot("name-taken");

            carol.choose(tooBig);
            assertThat(carol.awaitUploadRefused("too-big.bin"))
                    .startsWith("This would take you over your storage quota of");
            carol.screenshot("quota-exceeded");
            carol.assertAccessible("the files page with refused uploads");

            carol.find(By.xpath("//li[@data-name='notes.txt']//button[text()='Replace it']"))
                    .click();
            carol.awaitUploaded("notes.txt");

            carol.choose(xss);
            carol.awaitUploaded(hostile);
            WebElement row = carol.awaitFile(hostile);
            assertThat(row.findElement(By.className("filename")).getText()).isEqualTo(hostile);
            assertThat(carol.findAll(By.cssSelector("main img")))
                    .as("no element made of a name")
                    .isEmpty();
            assertThat(isAlertOpen(carol)).isFalse();
            carol.screenshot("name-shown-as-text");

            carol.resize(390, 844);
            carol.awaitFile(hostile);
            carol.screenshot("phone");
            carol.assertAccessible("the files page on a phone-sized screen");
        }
    }

    static int progress(WebElement uploadRow) {
        return Integer.parseInt(uploadRow.findElement(By.tagName("progress")).getAttribute("value"));
    }

    private static boolean isAlertOpen(Browser browser) {
        try {
            browser.driver.switchTo().alert();
            return true;
        } catch (NoAlertPresentException e) {
            return false;
        }
    }
}
