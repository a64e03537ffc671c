package io.urumi.ui;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's chromium, headless, driven through Debian's chromedriver with a fresh profile; nothing is downloaded. */
final class HeadlessBrowser implements AutoCloseable {
    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    HeadlessBrowser() {
        try {
            profile = Files.createTempDirectory("urumi-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,1000", "--user-data-dir=" + profile);
        driver = new ChromeDriver(service, options);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Signs in through the sign-in form, as a person would, and waits for the store list. */
    HeadlessBrowser signIn(String base, String user, String password) {
        driver.get(base + "/login");
        driver.findElement(By.id("name")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        followTo(By.xpath("//button[normalize-space()='Sign in']"), java.time.Duration.ofSeconds(10));
        if (driver.getCurrentUrl().contains("/login")) {
            throw new AssertionError("sign-in as " + user + " failed: " + driver.getPageSource());
        }
        return this;
    }

    HeadlessBrowser signInAsAdmin(String base) {
        return signIn(base, "admin", io.urumi.support.TestPlatform.ADMIN_PASSWORD);
    }

    /**
     * Clicks a link or a form's button and waits until the browser has left the page (the old one is gone), up to
     * {@code timeout}.
     */
    void followTo(By target, java.time.Duration timeout) {
        WebElement before = driver.findElement(By.tagName("html"));
        driver.findElement(target).click();
        org.awaitility.Awaitility.await().atMost(timeout).until(() -> {
            try {
                before.isEnabled();
                return false;
            } catch (StaleElementReferenceException gone) {
                return true;
            }
        });
    }

    /** Leaves a mark in this page's JavaScript state: a reload would wipe it (see {@link #sameLoad()}). */
    void markThisPageLoad() {
        driver.executeScript("window.sameLoad = true");
    }

    boolean sameLoad() {
        return Boolean.TRUE.equals(driver.executeScript("return window.sameLoad === true"));
    }

    /** The text of the store page's state badge, without its leading symbol. */
    String storeBadge() {
        return driver.findElement(By.cssSelector("#store-detail .status-line .badge")).getText()
                .replaceAll("^\\W+", "").trim();
    }

    /** Saves the whole page, not just the window, as app/target/screenshots/NAME.png and returns the file. */
    Path screenshot(String name) {
        Dimension window = driver.manage().window().getSize();
        long height = ((Number) driver.executeScript("return document.documentElement.scrollHeight")).longValue();
        driver.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.max(window.getHeight(), height)));
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(window);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException ignored) {
                // a leftover temporary profile is harmless
            }
        }
    }
}
