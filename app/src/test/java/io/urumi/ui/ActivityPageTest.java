package io.urumi.ui;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.urumi.Platform;
import io.urumi.support.Api;
import io.urumi.support.OfflinePlatformTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The activity page opens with the platform summary for administrators, and only for them. */
@OfflinePlatformTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActivityPageTest {
    private Platform platform;
    private Api admin;

    @BeforeAll
    void connectAndLetOneStoreFail(Platform platform, Api admin) {
        this.platform = platform;
        this.admin = admin;
        assertEquals(202, admin.createStore("glance-shop").status());
        await().atMost(Duration.ofSeconds(60)).until(() -> "FAILED".equals(admin.state("glance-shop")));
    }

    @Test
    void anAdministratorSeesTheSummaryAtAGlanceAboveTheEvents() {
        HttpResponse<String> page = new PageClient(platform.port()).get("/activity");
        assertEquals(200, page.statusCode());
        String html = page.body();
        int start = html.indexOf("id=\"glance\"");
        assertTrue(start > 0, "the summary is shown");
        String glance = html.substring(start, html.indexOf("</section>", start));
        assertTrue(glance.contains("Last 24h at a glance"), glance);
        assertTrue(glance.contains("<span class=\"tag\">failed 1</span>"), glance);
        assertTrue(glance.contains("<span class=\"tag\">namespace 1</span>"), glance);
        assertTrue(glance.contains("no store became ready"), glance);
        assertTrue(glance.contains("0 waiting"), glance);
        assertTrue(html.indexOf("glance-shop") > start, "events follow");
    }

    @Test
    void aMemberSeesNoPlatformWideFigures() {
        admin.createUser("max", "member");
        HttpResponse<String> page = PageClient.signedIn(platform.port(), "max", "password-of-max").get("/activity");
        assertEquals(200, page.statusCode());
        assertFalse(page.body().contains("id=\"glance\""));
        assertFalse(page.body().contains("glance-shop"), "nor other users' stores");
    }
}
