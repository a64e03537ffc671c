package io.urumi.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A move of every store on one chart version to another, in waves, stopping at the first failure. */
public record FleetUpgrade(long id, String fromVersion, String toVersion, State state, String requestedBy,
                           String haltedStore, String haltReason, Instant createdAt, Instant finishedAt,
                           Instant updatedAt, List<Member> stores) {

    /** RUNNING until every wave is through (SUCCEEDED) or a store's upgrade failed (HALTED). */
    public enum State { RUNNING, SUCCEEDED, HALTED }

    /** One store of the plan: its wave, where its upgrade is, and the UPGRADE operation queued for it. */
    public record Member(String storeId, int wave, int position, Status status, Long operationId, String error,
                         Instant updatedAt) {
    }

    /** Where one store is in the fleet upgrade. */
    public enum Status {
        /** Its wave has not started yet. */
        PENDING,
        /** Its UPGRADE operation is queued or running. */
        UPGRADING,
        SUCCEEDED,
        /** Its upgrade failed (and was rolled back), or it could not be queued: the fleet upgrade halts. */
        FAILED,
        /** Not READY, or no longer on the source chart, when its wave started; reported, not a failure. */
        SKIPPED,
        /** Its wave never started because the fleet upgrade halted first; the store was left untouched. */
        NOT_STARTED;

        public boolean finished() {
            return this != PENDING && this != UPGRADING;
        }
    }

    /** Where a wave is, from its stores: FAILED if one failed, RUNNING while one upgrades, SUCCEEDED when all are through. */
    public enum WaveStatus { PENDING, RUNNING, SUCCEEDED, FAILED, NOT_STARTED }

    public WaveStatus waveStatus(int wave) {
        List<Status> statuses = wave(wave).stream().map(Member::status).toList();
        if (statuses.contains(Status.FAILED)) {
            return WaveStatus.FAILED;
        }
        if (statuses.contains(Status.UPGRADING)) {
            return WaveStatus.RUNNING;
        }
        if (statuses.contains(Status.NOT_STARTED)) {
            return WaveStatus.NOT_STARTED;
        }
        return statuses.contains(Status.PENDING) ? WaveStatus.PENDING : WaveStatus.SUCCEEDED;
    }

    /** How many stores of the plan are in {@code status}. */
    public long count(Status status) {
        return stores.stream().filter(m -> m.status() == status).count();
    }

    /** The actor recorded on the store operations this fleet upgrade queues. */
    public String actor() {
        return actor(id);
    }

    public static String actor(long id) {
        return "fleet-upgrade-" + id;
    }

    /** The number of waves in the plan. */
    public int waveCount() {
        return stores.stream().mapToInt(Member::wave).max().orElse(0);
    }

    public List<Member> wave(int wave) {
        return stores.stream().filter(m -> m.wave() == wave).toList();
    }

    /** The wave being worked on: the first one with a store still pending or upgrading. */
    public Optional<Integer> currentWave() {
        return stores.stream().filter(m -> !m.status().finished()).map(Member::wave).min(Integer::compare);
    }
}
