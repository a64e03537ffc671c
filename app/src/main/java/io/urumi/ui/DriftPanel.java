package io.urumi.ui;

import io.urumi.drift.Drift;
import java.time.Instant;
import java.util.List;

/**
 * The store page's drift section: when the live objects were last compared with the release, and what differed.
 * {@code stale} when the store was deployed again since that check. Secret values are never part of a row.
 */
public record DriftPanel(boolean checked, String ago, String iso, String exact, int revision, boolean stale,
                         int total, List<Row> rows) {

    /** One difference as a table row. */
    public record Row(String object, String what, String path, String manifest, String live) {
        static Row of(Drift.Difference d) {
            String what = switch (d.change()) {
                case MISSING -> "missing from the cluster";
                case CHANGED -> d.live() == null ? "removed" : "changed";
                case SECRET_DATA -> "data differs (values not shown)";
            };
            return new Row(d.kind() + " " + d.name(), what, d.path(), d.manifest() == null ? "" : d.manifest(),
                    d.live() == null ? "" : d.live());
        }
    }

    static DriftPanel of(Drift drift, Integer storeRevision, Instant now) {
        if (drift == null) {
            return new DriftPanel(false, "", "", "", 0, false, 0, List.of());
        }
        return new DriftPanel(true, Durations.ago(drift.checkedAt(), now), Durations.iso(drift.checkedAt()),
                Durations.exact(drift.checkedAt()), drift.revision(),
                storeRevision == null || storeRevision != drift.revision(), drift.total(),
                drift.differences().stream().map(Row::of).toList());
    }

    public boolean drifted() {
        return checked && !stale && total > 0;
    }

    /** More differences were found than are kept. */
    public int notShown() {
        return total - rows.size();
    }
}
