package io.urumi.provision;

import io.urumi.store.Drift;
import java.util.List;

/** What the cluster says about a store's release right now: gone, deployed (with its drift), or mid-change. */
public interface ReleaseHealth {
    Finding check(String storeId);

    /** One of the three answers. */
    sealed interface Finding permits Gone, Deployed, Unsettled {
    }

    /** No release record is left, or the newest one says it is being or was uninstalled; {@code what} says which. */
    record Gone(String what) implements Finding {
    }

    /** The deployed revision, and how the live objects differ from its manifest. */
    record Deployed(int revision, List<Drift.Difference> differences) implements Finding {
    }

    /** Neither: e.g. pending or failed, which an operation (or its recovery) settles; nothing to judge now. */
    record Unsettled(String status) implements Finding {
    }
}
