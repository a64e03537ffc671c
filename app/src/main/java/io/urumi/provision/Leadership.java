package io.urumi.provision;

/**
 * Whether this replica is the one that runs the workers, the fleet upgrader and the reconciler's actions. Every
 * replica serves pages and API; exactly one leads.
 */
public interface Leadership extends AutoCloseable {
    /** Starts campaigning; {@code onStart} runs when this replica becomes the leader, {@code onStop} if it stops. */
    void start(Runnable onStart, Runnable onStop);

    boolean isLeader();

    /** Steps down on shutdown (giving the lease up, so another replica takes over at once); no callback runs. */
    @Override
    void close();

    /** A single replica without election: it leads from start to end. */
    static Leadership always() {
        return new Leadership() {
            private volatile boolean leading;

            @Override
            public void start(Runnable onStart, Runnable onStop) {
                leading = true;
                onStart.run();
            }

            @Override
            public boolean isLeader() {
                return leading;
            }

            @Override
            public void close() {
                leading = false;
            }
        };
    }
}
