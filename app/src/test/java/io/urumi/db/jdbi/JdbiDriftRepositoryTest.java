package io.urumi.db.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.urumi.db.Database;
import io.urumi.drift.Drift;
import io.urumi.drift.DriftRepository;
import io.urumi.store.Engine;
import io.urumi.store.StoreRepository;
import io.urumi.support.StoreFixture;
import io.urumi.support.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Database tier: drift results and which store is due for a check, on H2 and on PostgreSQL. */
@ParameterizedClass
@EnumSource(Database.Dialect.class)
class JdbiDriftRepositoryTest {
    @Parameter
    Database.Dialect dialect;
    @TempDir
    Path dir;
    private Database db;
    private StoreRepository stores;
    private DriftRepository drifts;
    private StoreFixture fixture;
    private final Instant now = Instant.parse("2026-11-23T10:00:00Z");

    @BeforeEach
    void open() {
        db = TestDatabases.fresh(dialect, dir).open();
        stores = new JdbiStoreRepository(db.jdbi());
        drifts = new JdbiDriftRepository(db.jdbi());
        fixture = new StoreFixture(db.jdbi(), Clock.fixed(now, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void readyStore(String id, int revision) {
        fixture.readyStore(id, Engine.WOOCOMMERCE, "0.3.0", revision);
    }

    @Test
    void theLatestCheckReplacesTheOneBeforeAndKeepsItsDifferencesInOrder() {
        readyStore("shop-a", 1);
        Drift.Difference missing = new Drift.Difference("Service", "urumi-shop-a-web", Drift.Change.MISSING, "", null,
                null);
        Drift.Difference replicas = new Drift.Difference("Deployment", "urumi-shop-a-web", Drift.Change.CHANGED,
                "spec.replicas", "1", "3");
        drifts.save("shop-a", new Drift(1, now, 2, List.of(missing, replicas)));
        assertEquals(Optional.of(new Drift(1, now, 2, List.of(missing, replicas))), drifts.find("shop-a"));
        assertEquals(1, drifts.driftedStores());

        drifts.save("shop-a", new Drift(2, now.plusSeconds(60), 0, List.of()));
        assertEquals(Optional.of(new Drift(2, now.plusSeconds(60), 0, List.of())), drifts.find("shop-a"));
        assertEquals(0, drifts.driftedStores());
    }

    @Test
    void onlyTheFirstDifferencesAreKeptWhileTheTotalCountsAll() {
        readyStore("shop-a", 1);
        List<Drift.Difference> many = IntStream.range(0, Drift.KEPT + 5).mapToObj(i -> new Drift.Difference(
                "ConfigMap", "cm", Drift.Change.CHANGED, "data.k" + i, "a", "b")).toList();
        drifts.save("shop-a", new Drift(1, now, many.size(), many));
        Drift found = drifts.find("shop-a").orElseThrow();
        assertEquals(Drift.KEPT + 5, found.total());
        assertEquals(Drift.KEPT, found.differences().size());
        assertEquals("data.k0", found.differences().get(0).path());
    }

    @Test
    void aNeverCheckedOrNewlyDeployedStoreIsDueBeforeOneCheckedLongAgo() {
        readyStore("shop-a", 1);
        readyStore("shop-b", 1);
        drifts.save("shop-a", new Drift(1, now.minus(Duration.ofHours(1)), 0, List.of()));
        assertEquals(List.of("shop-b", "shop-a"), drifts.mostOverdue(now.minusSeconds(600), 10));

        drifts.save("shop-b", new Drift(1, now, 0, List.of()));
        assertEquals(List.of("shop-a"), drifts.mostOverdue(now.minusSeconds(600), 10));
        assertEquals(List.of(), drifts.mostOverdue(now.minus(Duration.ofHours(2)), 10));

        stores.markReadyAt("shop-b", "0.3.0", 2, now);
        assertEquals(List.of("shop-b"), drifts.mostOverdue(now.minus(Duration.ofHours(2)), 1),
                "a check at an older revision says nothing about the new one");
        assertEquals(2, drifts.readyStores());
        assertTrue(drifts.find("shop-c").isEmpty());
    }
}
