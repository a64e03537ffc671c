package io.urumi.ui;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import io.urumi.support.Api;
import io.urumi.support.LocalCluster;
import io.urumi.support.TestPlatform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** A person in a real browser creates, watches, inspects and deletes stores on a real local control plane. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StorePagesIT {
    private static final Duration PROVISIONING = Duration.ofMinutes(3);
    private final LocalCluster cluster = LocalCluster.get();
    @TempDir
    static Path data;
    private TestPlatform platform;
    private Api api;
    private HeadlessBrowser browser;
    private ChromeDriver page;
    private String base;

    @BeforeAll
    void start() {
        platform = TestPlatform.start(cluster, data);
        api = platform.api();
        browser = new HeadlessBrowser();
        page = browser.driver();
        base = "http://127.0.0.1:" + platform.port();
        browser.signInAsAdmin(base);
    }

    @AfterAll
    void stop() {
        browser.close();
        platform.close();
    }

    @Test
    void aStoreCreatedThroughTheFormReachesReadyWhileThePageWatchesWithoutReloading() {
        page.get(base + "/");
        browser.followTo(By.linkText("New store"), Duration.ofSeconds(15));
        page.findElement(By.id("name")).sendKeys("browser-shop");
        page.findElement(By.id("adminEmail")).sendKeys("owner@example.com");
        browser.followTo(By.cssSelector("main form button[type=submit]"), Duration.ofSeconds(15));

        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> page.getCurrentUrl().endsWith("/stores/browser-shop"));
        browser.markThisPageLoad();
        await().ignoreExceptions().atMost(PROVISIONING).pollInterval(Duration.ofMillis(250)).until(() -> browser.storeBadge().equals("Ready"));
        assertTrue(browser.sameLoad(), "the page updated itself without a reload");
        assertTrue(page.findElements(By.cssSelector(".steps .step")).stream()
                .allMatch(step -> step.getText().contains("Done")), "every provisioning step is done");
        assertTrue(page.findElement(By.id("store-detail")).getText()
                .contains(io.urumi.support.Repo.currentChartVersion()), "chart version shown");
        browser.screenshot("store-page");

        browser.followTo(By.xpath("//button[normalize-space()='Reveal password']"), Duration.ofSeconds(15));
        String shown = page.findElement(By.id("revealed-password")).getText();
        Secret secret = cluster.client().secrets().inNamespace("store-browser-shop").withName("store-credentials").get();
        assertEquals(new String(Base64.getDecoder().decode(secret.getData().get("admin-password")),
                StandardCharsets.UTF_8), shown, "the password shown is the one in the store's Secret");
    }

    @Test
    void aFinishedRestartShowsTheRestartsOwnStepsAllDoneAndNoProvisioningChecklist() {
        assertEquals(202, api.createStore("restart-shop").status());
        api.awaitState("restart-shop", "READY");
        page.get(base + "/stores/restart-shop");
        browser.followTo(By.xpath("//button[normalize-space()='Restart store']"), Duration.ofSeconds(15));
        api.awaitLastOperation("restart-shop", "RESTART");

        page.get(base + "/stores/restart-shop");
        List<String> titles = page.findElements(By.cssSelector(".steps .step .step-title")).stream()
                .map(WebElement::getText).toList();
        assertEquals(List.of("Request recorded", "Replace the store's pods", "New pods ready", "Ready"), titles);
        assertTrue(page.findElements(By.cssSelector(".steps .step")).stream()
                .allMatch(step -> step.getText().contains("Done")), "every step of the restart is done");
        browser.screenshot("store-restarted");
    }

    @Test
    void theStoreListFollowsAStoreFromRequestToReadyWithoutReloading() {
        page.get(base + "/");
        browser.markThisPageLoad();
        assertEquals(202, api.createStore("list-shop").status());
        // The list polls every 10 s while nothing is in progress, so the new row shows up within that.
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> !rowBadge("list-shop").isEmpty());
        await().ignoreExceptions().atMost(PROVISIONING).pollInterval(Duration.ofMillis(250))
                .until(() -> rowBadge("list-shop").equals("Ready"));
        assertTrue(browser.sameLoad(), "the list updated itself without a reload");
        browser.screenshot("store-list");
    }

    @Test
    void aBadNameIsShownNextToTheFieldAndCreatesNothing() {
        page.get(base + "/stores/new");
        page.findElement(By.id("name")).sendKeys("Bad_Name");
        page.findElement(By.id("adminEmail")).sendKeys("owner@example.com");
        browser.followTo(By.cssSelector("main form button[type=submit]"), Duration.ofSeconds(15));

        WebElement error = page.findElement(By.id("name-error"));
        assertTrue(error.isDisplayed());
        assertTrue(error.getText().contains("lowercase letters"), error.getText());
        assertEquals("Bad_Name", page.findElement(By.id("name")).getAttribute("value"), "the input is kept");
        assertEquals("name", page.switchTo().activeElement().getAttribute("id"), "focus is on the field to fix");
        assertEquals(404, api.get("/api/stores/Bad_Name").status());
        assertTrue(storeIds().stream().noneMatch(id -> id.equalsIgnoreCase("bad_name")));
    }

    @Test
    void aMarkupLikeNameIsRefusedAndEchoedAsPlainText() {
        String markup = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">";
        page.get(base + "/stores/new");
        page.findElement(By.id("name")).sendKeys(markup);
        page.findElement(By.id("adminEmail")).sendKeys("owner@example.com");
        browser.followTo(By.cssSelector("main form button[type=submit]"), Duration.ofSeconds(15));

        assertTrue(page.findElement(By.id("name-error")).isDisplayed());
        assertEquals(markup, page.findElement(By.id("name")).getAttribute("value"), "echoed back as text");
        assertEquals(0L, ((Number) page.executeScript("return document.querySelectorAll('main script, main img').length"))
                .longValue(), "nothing typed became an element");
        assertEquals(Boolean.TRUE, page.executeScript("return typeof window.pwned === 'undefined'"));
        assertFalse(page.getPageSource().contains("<script>window.pwned"));
        assertTrue(storeIds().isEmpty() || storeIds().stream().noneMatch(id -> id.contains("script")));
    }

    @Test
    void deletingThroughTheTypedConfirmationRemovesTheStore() {
        assertEquals(202, api.createStore("doomed-shop").status());
        await().ignoreExceptions().atMost(PROVISIONING).pollInterval(Duration.ofMillis(250))
                .until(() -> !"PROVISIONING".equals(api.state("doomed-shop")));
        assertEquals("READY", api.state("doomed-shop"));

        page.get(base + "/stores/doomed-shop");
        browser.followTo(By.linkText("Delete this store…"), Duration.ofSeconds(15));
        page.findElement(By.id("confirm")).sendKeys("doomed");
        browser.followTo(By.xpath("//button[normalize-space()='Delete store']"), Duration.ofSeconds(15));
        assertTrue(page.findElement(By.id("confirm-error")).getText().contains("Nothing was deleted"));
        assertEquals("READY", api.state("doomed-shop"), "a wrong name deletes nothing");

        page.findElement(By.id("confirm")).clear();
        page.findElement(By.id("confirm")).sendKeys("doomed-shop");
        browser.followTo(By.xpath("//button[normalize-space()='Delete store']"), Duration.ofSeconds(15));
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> page.getCurrentUrl().endsWith("/stores/doomed-shop"));
        browser.markThisPageLoad();
        await().ignoreExceptions().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> browser.storeBadge().equals("Deleted"));
        assertTrue(browser.sameLoad(), "the store page followed the deletion without a reload");
        assertEquals("DELETED", api.state("doomed-shop"));
        assertEquals(null, cluster.client().namespaces().withName("store-doomed-shop").get());
    }





    private String rowBadge(String store) {
        List<WebElement> badges = page.findElements(By.xpath("//tr[th/a[text()='" + store + "']]//span[contains("
                + "@class,'badge ')]"));
        return badges.isEmpty() ? "" : badges.get(0).getText().replaceAll("^\\W+", "").trim();
    }

    private List<String> storeIds() {
        return api.get("/api/stores?includeDeleted=true").json().path("stores").findValues("id").stream()
                .map(n -> n.asText()).toList();
    }
}
