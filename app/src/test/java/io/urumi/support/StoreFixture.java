package io.urumi.support;

import io.urumi.db.jdbi.JdbiOperationRepository;
import io.urumi.db.jdbi.JdbiReleaseRepository;
import io.urumi.db.jdbi.JdbiStoreRepository;
import io.urumi.store.Engine;
import io.urumi.store.OperationRepository;
import io.urumi.store.ReleaseRecord;
import io.urumi.store.ReleaseRepository;
import io.urumi.store.Store;
import io.urumi.store.StoreNames;
import io.urumi.store.StoreRepository;
import io.urumi.store.StoreState;
import java.time.Clock;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/** Stores recorded straight in the database as the platform would have left them, for tests that start there. */
public final class StoreFixture {
    /** Who asked for every store recorded here. */
    public static final String OWNER = "alice";
    /** The address every store recorded here gives its admin user. */
    public static final String ADMIN_EMAIL = "owner@example.com";
    private final StoreRepository stores;
    private final OperationRepository operations;
    private final ReleaseRepository releases;
    private final Clock clock;

    public StoreFixture(Jdbi jdbi) {
        this(jdbi, Clock.systemUTC());
    }

    public StoreFixture(Jdbi jdbi, Clock clock) {
        this.stores = new JdbiStoreRepository(jdbi);
        this.operations = new JdbiOperationRepository(jdbi);
        this.releases = new JdbiReleaseRepository(jdbi);
        this.clock = clock;
    }

    /** A store as provisioning leaves it: READY on {@code chartVersion} at {@code revision}, its CREATE done. */
    public void readyStore(String id, Engine engine, String chartVersion, int revision) {
        operations.succeed(readyStoreStillInItsCreate(id, engine, chartVersion, revision), clock.instant());
    }

    /**
     * READY, but its CREATE operation not yet marked done: as while the worker that made it READY is finishing,
     * so the platform's own operation is still at work on the store. Returns that operation's id.
     */
    public long readyStoreStillInItsCreate(String id, Engine engine, String chartVersion, int revision) {
        Instant now = clock.instant();
        long create = stores.create(new Store(id, engine, StoreState.PROVISIONING, ADMIN_EMAIL, OWNER, null, null,
                null, null, now, now, null, null, now), OWNER);
        stores.markReady(id, chartVersion, revision, now);
        return create;
    }

    /** One revision in the store's release history, as the platform records Helm's. */
    public void release(String id, int revision, String chartVersion, String status, String description) {
        releases.record(new ReleaseRecord(id, revision, StoreNames.release(id), chartVersion, "6.8", status,
                description, OWNER, clock.instant()));
    }
}
