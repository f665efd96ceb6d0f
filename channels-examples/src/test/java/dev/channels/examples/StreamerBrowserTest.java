package dev.channels.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The streamer's page in a real browser: headless Chromium (Debian's {@code chromium} and
 * {@code chromedriver}, driven by Selenium) opens {@code /}, and the frames must appear on the
 * page and keep arriving, with no error on the page; a screenshot is saved as
 * {@code target/streamer-page.png}. No mock of the browser.
 *
 * <p>{@code .ci/run} installs the browser when it is missing and sets
 * {@code CHANNELS_REQUIRE_BROWSER}, so in CI a missing browser fails the test; elsewhere the
 * test is skipped, with the reason, when no browser is installed.
 */
@Timeout(120)
class StreamerBrowserTest {
    private static final File CHROMIUM = new File(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final File DRIVER = new File(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));

    @Test
    void thePageShowsTheFramesLiveInAHeadlessChromium() throws Exception {
        boolean present = CHROMIUM.canExecute() && DRIVER.canExecute();
        if (System.getenv("CHANNELS_REQUIRE_BROWSER") != null) {
            assertTrue(present, "no browser: " + CHROMIUM + " and " + DRIVER + " must exist (.ci/run installs them)");
        }
        assumeTrue(present, "skipped: no " + CHROMIUM + " or " + DRIVER + " (apt-get install chromium chromium-driver)");

        Streamer.Server server = Streamer.Server.start(0, Duration.ofMillis(50), 64, Duration.ofSeconds(20), false);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1024,768");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER)
                .usingAnyFreePort()
                .build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.get("http://localhost:" + server.port() + "/");
            long first = awaitFrame(browser, 0);
            assertEquals("streaming", browser.findElement(By.id("status")).getText());
            Thread.sleep(1_000);                      // 20 periods of 50 ms
            long later = awaitFrame(browser, first + 5);
            assertTrue(later >= first + 5, "frames stopped arriving: " + first + " then " + later);

            Path shot = Path.of("target", "streamer-page.png");
            Files.createDirectories(shot.getParent());
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
            assertTrue(Files.size(shot) > 1_000, "an empty screenshot");

            // (LogEntry's level is a java.util.logging.Level, which this module does not read.)
            List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(LogEntry::toString)
                    .filter(e -> e.contains("[SEVERE]"))
                    .toList();
            assertEquals(List.of(), errors, "errors on the page");
        } finally {
            browser.quit();
            server.stop();
        }
    }

    /** Waits until the page's newest frame (its first line) is at least {@code atLeast}; returns it. */
    private static long awaitFrame(ChromeDriver browser, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String text = "";
        while (System.nanoTime() - deadline < 0) {
            text = browser.findElement(By.id("frames")).getText();
            if (text.startsWith("frame ")) {
                long n = Long.parseLong(text.split("\\s+")[1]);
                if (n >= atLeast) {
                    return n;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no frame " + atLeast + " on the page; it shows: " + text);
    }
}
