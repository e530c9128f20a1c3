package dev.filesys.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.local.LaunchedSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Folders, the trash and versions in the web app, in Chromium against the launched system: a person makes a folder,
 * uploads into it, finds their way with the breadcrumbs, renames, moves, deletes to the trash and restores; restores an
 * earlier version of an overwritten file; and an edit of what another device changed meanwhile is refused as "changed
 * elsewhere" instead of overwriting it.
 */
class FoldersBrowserTest {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    static Path work;

    @RegisterExtension
    static final LaunchedSystem system = new LaunchedSystem();

    @Test
    void folderUploadNavigateRenameMoveTrashAndRestore() throws Exception {
        Path q3 = Files.writeString(work.resolve("q3.txt"), "third quarter");
        try (Browser frank = new Browser("frank", system.app(), work)) {
            frank.open();
            frank.register("frank", PASSWORD);

            createFolder(frank, "reports");
            WebElement folder = frank.awaitFile("reports");
            assertThat(folder.getAttribute("data-kind")).isEqualTo("folder");
            openFolder(frank, "reports");
            assertThat(crumbs(frank)).isEqualTo("My files/reports");
            assertThat(frank.find(By.id("files-panel")).getText()).contains("This folder is empty");

            frank.choose(q3);
            frank.awaitUploaded("q3.txt");
            frank.awaitFile("q3.txt");
            frank.screenshot("a-file-in-a-folder");
            frank.assertAccessible("a folder with a file");

            frank.find(By.xpath("//ol[@id='crumbs']//button[text()='My files']"))
                    .click();
            frank.waitUntil("the root is shown", () -> crumbs(frank).equals("My files"));
            frank.awaitFile("reports");
            assertThat(frank.findAll(frank.fileRow("q3.txt")))
                    .as("the file is in the folder, not the root")
                    .isEmpty();

            openFolder(frank, "reports");
            frank.clickInRow("q3.txt", "Rename");
            WebElement name = frank.waitFor(By.id("rename-dialog-name"));
            frank.assertAccessible("the rename dialog");
            name.clear();
            name.sendKeys("q3-final.txt");
            frank.find(By.id("rename-dialog-submit")).click();
            frank.awaitFile("q3-final.txt");
            frank.awaitNoFile("q3.txt");

            frank.clickInRow("q3-final.txt", "Move");
            frank.waitFor(By.id("move-dialog"));
            frank.waitUntil(
                    "the picker starts in the file's folder",
                    () -> frank.find(By.id("move-dialog-submit")).getAttribute("disabled") != null);
            frank.screenshot("move-dialog");
            frank.assertAccessible("the move dialog");
            frank.find(By.xpath("//ol[@id='move-dialog-crumbs']//button[text()='My files']"))
                    .click();
            frank.waitUntil(
                    "the picker shows the root",
                    () -> frank.find(By.id("move-dialog-here")).getText().equals("Chosen: /"));
            frank.find(By.id("move-dialog-submit")).click();
            frank.awaitNoFile("q3-final.txt");

            frank.find(By.xpath("//ol[@id='crumbs']//button[text()='My files']"))
                    .click();
            frank.clickInRow("q3-final.txt", "Delete");
            assertThat(frank.waitFor(By.id("delete-dialog")).getText()).contains("trash");
            frank.find(By.id("delete-confirm")).click();
            frank.awaitNoFile("q3-final.txt");

            frank.showTab("trash");
            WebElement trashed = frank.waitFor(trashRow("q3-final.txt"));
            assertThat(trashed.getText()).contains("13 bytes");
            frank.screenshot("trash");
            frank.assertAccessible("the trash");
            frank.click(trashed.findElement(By.cssSelector("button[aria-label='Restore q3-final.txt']")));
            frank.waitUntil(
                    "the trash empties",
                    () -> frank.findAll(trashRow("q3-final.txt")).isEmpty());

            frank.showTab("owned");
            frank.awaitFile("q3-final.txt");
        }
    }

    @Test
    void anEarlierVersionIsListedAndRestored() throws Exception {
        Path first = work.resolve("v1").resolve("plan.txt");
        Files.createDirectories(first.getParent());
        Files.writeString(first, "first plan");
        Path second = work.resolve("v2").resolve("plan.txt");
        Files.createDirectories(second.getParent());
        Files.writeString(second, "the second, longer plan");
        try (Browser grace = new Browser("grace", system.app(), work)) {
            grace.open();
            grace.register("grace", PASSWORD);
            grace.choose(first);
            grace.awaitUploaded("plan.txt");
            grace.waitUntil(
                    "the first content is listed",
                    () -> grace.awaitFile("plan.txt").getText().contains("10 bytes"));
            grace.find(By.cssSelector("#uploads li[data-name='plan.txt'] .upload-actions button"))
                    .click();
            grace.choose(second);
            grace.awaitUploadRefused("plan.txt");
            grace.find(By.xpath("//li[@data-name='plan.txt']//button[text()='Replace it']"))
                    .click();
            grace.awaitUploaded("plan.txt");
            grace.waitUntil(
                    "the second content is listed",
                    () -> grace.awaitFile("plan.txt").getText().contains("23 bytes"));

            grace.clickInRow("plan.txt", "Versions");
            WebElement version = grace.waitFor(By.cssSelector("#versions-dialog tbody tr"));
            assertThat(version.getText()).contains("10 bytes", "grace");
            assertThat(grace.findAll(By.cssSelector("#versions-dialog tbody tr")))
                    .hasSize(1);
            grace.screenshot("versions");
            grace.assertAccessible("the versions dialog");

            grace.click(version.findElement(By.xpath(".//button[text()='Restore']")));
            grace.waitUntil(
                    "the restored content is current",
                    () -> grace.find(By.id("versions-current")).getText().contains("10 bytes"));
            grace.waitUntil(
                    "the replaced content became a version",
                    () -> grace.findAll(By.cssSelector("#versions-dialog tbody tr")).stream()
                            .anyMatch(row -> row.getText().contains("23 bytes")));
            grace.find(By.id("versions-close")).click();
            grace.waitUntil(
                    "the list shows the restored content",
                    () -> grace.awaitFile("plan.txt").getText().contains("10 bytes"));
        }
    }

    @Test
    void aRenameOfWhatAnotherDeviceChangedMeanwhileIsRefused() throws Exception {
        Path memo = Files.writeString(work.resolve("memo.txt"), "memo");
        try (Browser laptop = new Browser("henry-laptop", system.app(), work);
                Browser phone = new Browser("henry-phone", system.app(), work)) {
            laptop.open();
            laptop.register("henry", PASSWORD);
            laptop.choose(memo);
            laptop.awaitFile("memo.txt");

            phone.open();
            phone.login("henry", PASSWORD);
            phone.waitFor(By.id("files-title"));
            phone.awaitFile("memo.txt");

            // the laptop opens the rename dialog with the version it shows; the phone renames the file meanwhile
            laptop.clickInRow("memo.txt", "Rename");
            WebElement name = laptop.waitFor(By.id("rename-dialog-name"));
            phone.clickInRow("memo.txt", "Rename");
            WebElement phoneName = phone.waitFor(By.id("rename-dialog-name"));
            phoneName.clear();
            phoneName.sendKeys("memo-from-phone.txt");
            phone.find(By.id("rename-dialog-submit")).click();
            phone.awaitFile("memo-from-phone.txt");

            name.clear();
            name.sendKeys("memo-from-laptop.txt");
            laptop.find(By.id("rename-dialog-submit")).click();
            WebElement error = laptop.waitFor(By.id("rename-dialog-error"));
            assertThat(error.getText()).contains("changed elsewhere");
            laptop.screenshot("changed-elsewhere");
            error.findElement(By.xpath(".//button[text()='Reload']")).click();
            laptop.awaitFile("memo-from-phone.txt");
            assertThat(laptop.findAll(laptop.fileRow("memo-from-laptop.txt"))).isEmpty();
        }
    }

    private static void createFolder(Browser browser, String name) {
        browser.find(By.id("new-folder")).click();
        browser.waitFor(By.id("folder-dialog-name")).sendKeys(name);
        browser.find(By.id("folder-dialog-submit")).click();
        browser.awaitFile(name);
    }

    private static void openFolder(Browser browser, String name) {
        browser.awaitFile(name)
                .findElement(By.cssSelector("button.folder-link"))
                .click();
        browser.waitUntil(
                "the folder " + name + " is shown", () -> crumbs(browser).endsWith("/" + name));
    }

    /** The breadcrumbs as "My files/reports". */
    private static String crumbs(Browser browser) {
        return String.join(
                "/",
                browser.findAll(By.cssSelector("#crumbs li")).stream()
                        .map(WebElement::getText)
                        .toList());
    }

    private static By trashRow(String name) {
        return By.xpath("//table[@id='files-trash']//tr[@data-name=" + Browser.xpathLiteral(name) + "]");
    }
}
