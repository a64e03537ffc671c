package io.urumi.ui;

import java.util.List;

/** The store list, which refreshes itself: often while something is in progress, rarely otherwise. */
public record StoreTable(List<StoreRow> rows, int inProgress, boolean showDeleted) {

    public String pollTrigger() {
        return inProgress > 0 ? "every 2s" : "every 10s";
    }

    public String refreshPath() {
        return showDeleted ? "/fragments/stores?deleted=show" : "/fragments/stores";
    }

    public String summary() {
        String count = rows.size() == 1 ? "1 store" : rows.size() + " stores";
        return inProgress == 0 ? count : count + " · " + inProgress + " in progress";
    }
}
