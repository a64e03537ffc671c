package io.urumi.ui;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.urumi.support.Api;
import io.urumi.support.LocalCluster;
import io.urumi.support.Repo;
import io.urumi.support.TestPlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A person in a real browser previews and makes an upgrade of a store made on chart 0.1.0, watches it, and rolls
 * it back to its first revision, all through the pages, on the local control plane.
 */
class UpgradePagesIT {
    private static final Duration LONG = Duration.ofMinutes(3);
    private static final String STORE = "paged-upgrade";
    private final LocalCluster cluster = LocalCluster.get();
    @TempDir
    Path data;
    @TempDir
    Path oldChart;
    private ChromeDriver page;

    @Test
    void aStoreIsPreviewedUpgradedAndRolledBackThroughThePagesWhileTheyWatch() throws Exception {
        // The platform as it was when it shipped 0.1.0 makes the store; the current platform takes over its data.
        Path chart010 = Repo.unpackPublishedChart("0.1.0", oldChart);
        try (TestPlatform old = TestPlatform.start(cluster, data, Map.of("URUMI_CHART_DIR", chart010.toString(),
                "URUMI_CHART_CATALOG_DIR", oldChart.resolve("none").toString()))) {
            assertEquals(202, old.api().createStore(STORE).status());
            await().atMost(LONG).pollInterval(Duration.ofMillis(250))
                    .until(() -> !"PROVISIONING".equals(old.api().state(STORE)));
            assertEquals("READY", old.api().state(STORE));
        }
        try (TestPlatform platform = TestPlatform.start(cluster, data); HeadlessBrowser browser = new HeadlessBrowser()) {
            Api api = platform.api();
            page = browser.driver();
            String base = "http://127.0.0.1:" + platform.port();
            browser.signInAsAdmin(base);

            page.get(base + "/stores/" + STORE);
            assertEquals("0.1.0", fact("Chart version"));
            page.findElement(By.cssSelector("#chartVersion option[value='0.2.0']")).click();
            browser.followTo(By.xpath("//button[normalize-space()='Preview upgrade']"), Duration.ofSeconds(60));

            assertTrue(page.getCurrentUrl().endsWith("/stores/" + STORE + "/upgrade?chartVersion=0.2.0"),
                    page.getCurrentUrl());
            assertEquals("chart 0.2.0", page.findElement(By.id("change-to")).getText());
            List<String> added = lines("#manifest-diff .dl-add");
            assertTrue(added.contains("+  name: urumi-" + STORE + "-store-info"), "the preview adds store-info: " + added);
            assertTrue(added.stream().allMatch(l -> l.startsWith("+")), "added lines keep their + prefix");
            assertTrue(lines("#manifest-diff .dl-del").stream().allMatch(l -> l.startsWith("-")));
            assertEquals(1, api.get("/api/stores/" + STORE).json().path("helmRevision").asInt(),
                    "a preview changes nothing");
            Path shot = browser.screenshot("upgrade-preview");
            assertTrue(Files.size(shot) > 10_000, "screenshot saved: " + shot);

            browser.followTo(By.xpath("//button[normalize-space()='Upgrade to chart 0.2.0']"), Duration.ofSeconds(60));
            assertTrue(page.getCurrentUrl().endsWith("/stores/" + STORE), page.getCurrentUrl());
            browser.markThisPageLoad();
            await().ignoreExceptions().atMost(LONG).pollInterval(Duration.ofMillis(250))
                    .until(() -> browser.storeBadge().equals("Ready") && fact("Chart version").equals("0.2.0"));
            assertTrue(browser.sameLoad(), "the page followed the upgrade without a reload");
            assertEquals("2", fact("Helm revision"));
            assertTrue(page.findElements(By.id("operation-notice")).isEmpty(), "a successful upgrade needs no notice");
            browser.screenshot("store-upgraded");

            browser.followTo(By.partialLinkText("Roll back to 1"), Duration.ofSeconds(60));
            assertEquals("revision 2", page.findElement(By.id("change-from")).getText());
            assertTrue(lines("#manifest-diff .dl-del").contains("-  name: urumi-" + STORE + "-store-info"),
                    "rolling back removes store-info");
            browser.followTo(By.xpath("//button[normalize-space()='Roll back to revision 1']"), Duration.ofSeconds(60));
            browser.markThisPageLoad();
            await().ignoreExceptions().atMost(LONG).pollInterval(Duration.ofMillis(250))
                    .until(() -> browser.storeBadge().equals("Ready") && fact("Helm revision").equals("3"));
            assertTrue(browser.sameLoad(), "the page followed the rollback without a reload");
            assertEquals("0.1.0", fact("Chart version"));
            assertEquals(List.of("Install", "Upgrade to 0.2.0", "Rollback to 1"), page.findElements(
                    By.cssSelector("#releases-heading ~ .table-scroll tbody tr td:nth-of-type(4)")).stream()
                    .map(WebElement::getText).toList());
            assertEquals("READY", api.state(STORE));
            assertFalse(page.getPageSource().contains("id=\"refusal\""));
        }
    }

    private List<String> lines(String css) {
        return page.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    /** A value of the store's facts list, by its label. */
    private String fact(String label) {
        return page.findElement(By.xpath("//dl[@class='facts']/dt[normalize-space()='" + label
                + "']/following-sibling::dd[1]")).getText().trim();
    }





}
