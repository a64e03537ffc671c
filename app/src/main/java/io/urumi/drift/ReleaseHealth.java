package io.urumi.drift;

import java.time.Instant;
import java.util.List;

/** What the cluster says about a store's release right now: gone, deployed (with its drift), or mid-change. */
public interface ReleaseHealth {
    Finding check(String storeId);

    /** One of the four answers. */
    sealed interface Finding permits Gone, Deployed, Pending, Unsettled {
    }

    /** No release record is left, or the newest one says it is being or was uninstalled; {@code what} says which. */
    record Gone(String what) implements Finding {
    }

    /** The deployed revision, and how the live objects differ from its manifest. */
    record Deployed(int revision, List<Drift.Difference> differences) implements Finding {
    }

    /**
     * The newest record is left pending-install, -upgrade or -rollback since {@code since}: Helm refuses every
     * further operation until it is unlocked. Whoever began it may still be at work, or may have crashed.
     */
    record Pending(int revision, String status, Instant since) implements Finding {
    }

    /** None of these: e.g. failed, which an operation (or its recovery) settles; nothing to judge now. */
    record Unsettled(String status) implements Finding {
    }
}
