package org.roofsweep.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.roofsweep.jobs.SharedSpark;
import org.roofsweep.jobs.query.SmallSweep;

/**
 * The report of the small sweep in a real browser: headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}) opens the page with every network request refused, finds each chart drawn (a canvas in
 * its element), no error in the console, and a tooltip with a point's inputs after hovering a data point of the
 * headline chart; it saves screenshots under {@code target/}. Skipped, with a message, where Chromium is not
 * installed.
 */
class ReportBrowserTest {
    private static ChromeDriver browser;
    private static Path page;
    private static Path target;

    @BeforeAll
    static void open() {
        Optional<Path> chromium = onPath("chromium");
        Optional<Path> driver = onPath("chromedriver");
        assumeTrue(chromium.isPresent() && driver.isPresent(), "skipped: no chromium and chromium-driver on the PATH "
                + "(apt-get install -y chromium chromium-driver; .ci/run installs them)");
        target = Path.of(System.getProperty("roofsweep.target", "target"));
        Report.Output report = Report.write(SharedSpark.session(), SmallSweep.get().dir(),
                target.resolve("browser-report"), SmallSweep.CATALOGS, 12);
        page = report.html();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        // no network: every host name fails to resolve and every request would go to a closed proxy port
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1800", "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
                "--proxy-bypass-list=<-loopback>");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile())
                .build();
        browser = new ChromeDriver(service, options);
        browser.get(page.toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(b -> Boolean.TRUE.equals(
                ((JavascriptExecutor) b).executeScript("return window.roofsweepReady === true")));
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static Optional<Path> onPath(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
    }

    @Test
    void everyChartIsDrawn() {
        List<WebElement> charts = browser.findElements(By.cssSelector("div.chart"));
        // headline speedup and memory efficiency, two heatmaps, throughput, memory, roofline
        assertEquals(7, charts.size(), "charts on the page");
        for (WebElement chart : charts) {
            assertFalse(chart.findElements(By.cssSelector("canvas, svg")).isEmpty(), chart.getAttribute("id")
                    + " has a canvas");
            assertTrue(chart.getSize().getHeight() > 300 && chart.getSize().getWidth() > 300, chart.getAttribute("id")
                    + " size " + chart.getSize());
        }
    }

    @Test
    void theConsoleHasNoError() {
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertEquals(List.of(), errors.stream().map(LogEntry::getMessage).toList());
    }

    @Test
    void hoveringAHeadlinePointShowsItsInputsAndResults() throws IOException {
        WebElement chart = browser.findElement(By.id("chart-1"));
        // the pixel of the first drawn point of the headline chart, from ECharts itself
        @SuppressWarnings("unchecked")
        List<Number> px = (List<Number>) browser.executeScript("""
                var c = window.roofsweepCharts[0], series = c.getOption().series;
                for (var s = 0; s < series.length; s++) {
                  for (var d of series[s].data) {
                    if (d && d.value && d.value[1] !== '-') {
                      return c.convertToPixel({seriesIndex: s}, d.value);
                    }
                  }
                }
                return null;""");
        assertTrue(px != null, "the headline chart has a point");
        int dx = (int) Math.round(px.get(0).doubleValue() - chart.getSize().getWidth() / 2.0);
        int dy = (int) Math.round(px.get(1).doubleValue() - chart.getSize().getHeight() / 2.0);
        new Actions(browser).moveToElement(chart, dx, dy).perform();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> chart.getText().contains("median e2e speedup"));
        String tooltip = chart.getText();
        assertTrue(tooltip.contains("images per request") && tooltip.contains("GPUs"), tooltip);
        Files.write(target.resolve("report-headline.png"), browser.findElement(By.cssSelector("div.pair"))
                .getScreenshotAs(OutputType.BYTES));
        Files.write(target.resolve("report-page.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void thePageLoadsNothingFromTheNetwork() throws IOException {
        String html = Files.readString(page);
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "no remote script, style or image");
        assertTrue(Files.size(page) < 5_000_000, "page of " + Files.size(page) + " bytes");
    }
}
