package dev.filesys.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person's browser: Debian's Chromium, headless, with a fresh profile of its own (so two browsers are two
 * independent users, as two people's machines would be) and its own download folder. Always {@link #close()} it: that
 * quits Chromium and its chromedriver, and deletes the profile.
 */
final class Browser implements AutoCloseable {

    private static final AtomicInteger SHOTS = new AtomicInteger();
    static final Duration WAIT = Duration.ofSeconds(60);

    final String name;
    final ChromeDriver driver;
    final Path downloads;
    private final Path profile;
    private final String appUrl;

    Browser(String name, String appUrl, Path work) throws IOException {
        this(name, appUrl, work, null);
    }

    /** @param proxy the proxy all its requests go through (loopback ones too), or null for none */
    Browser(String name, String appUrl, Path work, GatedProxy proxy) throws IOException {
        requireInstalled();
        this.name = name;
        this.appUrl = appUrl;
        this.profile = Files.createTempDirectory("filesys-chromium-" + name);
        this.downloads = Files.createDirectories(work.resolve("downloads-" + name));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("filesys.browser.binary", "/usr/bin/chromium"));
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--no-default-browser-check",
                "--user-data-dir=" + profile,
                "--window-size=1280,900",
                "--lang=en-US");
        if (proxy != null) {
            // Chromium bypasses proxies for loopback addresses unless told not to
            options.addArguments("--proxy-server=" + proxy.address(), "--proxy-bypass-list=<-loopback>");
        }
        options.setExperimentalOption(
                "prefs",
                Map.of(
                        "download.default_directory", downloads.toString(),
                        "download.prompt_for_download", false,
                        "safebrowsing.enabled", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"))
                        .toFile())
                .build();
        ChromeDriver started;
        try {
            started = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            deleteProfile();
            throw e;
        }
        this.driver = started;
    }

    /** Says what to do when Debian's browser or its driver is missing, instead of a driver error. */
    private static void requireInstalled() {
        for (String program : new String[] {
            System.getProperty("filesys.browser.binary", "/usr/bin/chromium"),
            System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver")
        }) {
            if (!Files.isExecutable(Path.of(program))) {
                throw new IllegalStateException("the browser tests need " + program
                        + ": apt-get install -y chromium chromium-driver (.ci/run does it), or leave them out with"
                        + " -pl '!browser-tests'");
            }
        }
    }

    /** Opens the app at the balancer's address. */
    Browser open() {
        driver.get(appUrl);
        waitFor(By.cssSelector("#username, #files-title"));
        return this;
    }

    WebElement waitFor(By locator) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    void waitUntil(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, WAIT)
                .withMessage(what)
                .pollingEvery(Duration.ofMillis(100))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> condition.getAsBoolean());
    }

    WebElement find(By locator) {
        return driver.findElement(locator);
    }

    List<WebElement> findAll(By locator) {
        return driver.findElements(locator);
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    // ---- the app's steps ---------------------------------------------------------------------------------------

    void register(String username, String password) {
        fillLogin(username, password);
        find(By.id("register")).click();
        waitFor(By.id("files-title"));
        waitUntil(
                "the event stream is live",
                () -> find(By.id("live-state")).getText().equals("Live"));
    }

    void login(String username, String password) {
        fillLogin(username, password);
        find(By.id("login")).click();
    }

    void fillLogin(String username, String password) {
        WebElement name = waitFor(By.id("username"));
        name.clear();
        name.sendKeys(username);
        WebElement secret = find(By.id("password"));
        secret.clear();
        secret.sendKeys(password);
    }

    void logout() {
        find(By.id("logout")).click();
        waitFor(By.id("username"));
    }

    /** Drops files onto the drop zone, as a person dragging them from their file manager would. */
    void drop(Path... files) {
        WebElement input = (WebElement) script("""
                const zone = arguments[0];
                const input = document.createElement('input');
                input.type = 'file';
                input.multiple = true;
                input.id = 'test-drag-source';
                input.addEventListener('change', () => {
                  const transfer = new DataTransfer();
                  for (const file of input.files) transfer.items.add(file);
                  for (const type of ['dragenter', 'dragover', 'drop']) {
                    zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
                  }
                  input.remove();
                });
                document.body.append(input);
                return input;
                """, find(By.id("dropzone")));
        input.sendKeys(String.join("\n", Stream.of(files).map(Path::toString).toList()));
    }

    /** Chooses files with the picker. */
    void choose(Path... files) {
        find(By.id("file-input"))
                .sendKeys(String.join("\n", Stream.of(files).map(Path::toString).toList()));
    }

    WebElement uploadRow(String fileName) {
        return waitFor(By.xpath("//ul[@id='uploads']/li[@data-name=" + xpathLiteral(fileName) + "]"));
    }

    /** Waits for an upload's row to say it is stored. */
    WebElement awaitUploaded(String fileName) {
        WebElement row = uploadRow(fileName);
        waitUntil(
                fileName + " uploaded (now: " + row.getText().replace('\n', ' ') + ")",
                () -> row.getAttribute("class").contains("done")
                        || row.getAttribute("class").contains("failed"));
        assertThat(row.getAttribute("class")).as(row.getText()).contains("done");
        return row;
    }

    /** Waits for an upload's row to show a refusal, and returns its text. */
    String awaitUploadRefused(String fileName) {
        WebElement row = uploadRow(fileName);
        waitUntil(fileName + " refused", () -> row.getAttribute("class").contains("failed"));
        return row.findElement(By.cssSelector(".upload-error")).getText();
    }

    void showTab(String tab) {
        find(By.id("tab-" + tab)).click();
        waitUntil("tab " + tab, () -> "true".equals(find(By.id("tab-" + tab)).getAttribute("aria-selected")));
    }

    By fileRow(String fileName) {
        return By.xpath("//div[@id='files-panel']//tr[@data-name=" + xpathLiteral(fileName) + "]");
    }

    WebElement awaitFile(String fileName) {
        return waitFor(fileRow(fileName));
    }

    void awaitNoFile(String fileName) {
        waitUntil(
                fileName + " gone from the list",
                () -> findAll(fileRow(fileName)).isEmpty());
    }

    /** Clicks the row's button for {@code action} ("Download", "Share", "Delete"). */
    void clickInRow(String fileName, String action) {
        WebElement button = awaitFile(fileName)
                .findElement(
                        By.cssSelector("button[aria-label='" + action + " " + fileName.replace("'", "\\'") + "']"));
        click(button);
    }

    /**
     * Clicks a button scrolled to the middle of the window; when notices (bottom right) still cover it, as they do a
     * row at the foot of the page, dismisses them first, as a user would.
     */
    void click(WebElement button) {
        script("arguments[0].scrollIntoView({block: 'center'})", button);
        try {
            button.click();
        } catch (ElementClickInterceptedException covered) {
            driver.findElements(By.cssSelector("#notices .notice-close")).forEach(WebElement::click);
            button.click();
        }
    }

    /** Waits for a download to finish in this browser's download folder and returns the file. */
    Path awaitDownload(String fileName) {
        Path target = downloads.resolve(fileName);
        waitUntil(
                fileName + " downloaded", () -> Files.exists(target) && !Files.exists(Path.of(target + ".crdownload")));
        return target;
    }

    // ---- evidence ------------------------------------------------------------------------------------------------

    /** Saves what the browser shows now under the screenshots folder, numbered in the order taken. */
    void screenshot(String step) {
        Path folder = Path.of(System.getProperty("filesys.screenshots", "target/screenshots"));
        try {
            Files.createDirectories(folder);
            // the whole page, not only the window, so that a phone-sized screenshot shows the list under the uploads
            // the capture lays the page out without a vertical scroll bar, so the window's full width
            Number width = (Number) script("return Math.max(window.innerWidth, document.documentElement.scrollWidth)");
            Number height = (Number) script("return document.documentElement.scrollHeight");
            Map<String, Object> shot = driver.executeCdpCommand(
                    "Page.captureScreenshot",
                    Map.of(
                            "format",
                            "png",
                            "captureBeyondViewport",
                            true,
                            "clip",
                            Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
            Files.write(
                    folder.resolve(String.format("%02d-%s-%s.png", SHOTS.incrementAndGet(), name, step)),
                    Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs axe-core on the page as it is now: no serious or critical violation. */
    void assertAccessible(String what) {
        Results results = new AxeBuilder().analyze(driver);
        List<String> problems = results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(Browser::describe)
                .toList();
        assertThat(problems).as("axe-core on %s", what).isEmpty();
    }

    private static String describe(Rule rule) {
        return rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at "
                + rule.getNodes().stream()
                        .map(node -> String.valueOf(node.getTarget()))
                        .toList();
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    static String xpathLiteral(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        return "concat('" + text.replace("'", "', \"'\", '") + "')";
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteProfile();
        }
    }

    private void deleteProfile() {
        try (Stream<Path> paths = Files.walk(profile)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: the system cleans it up anyway
        }
    }
}
