package io.urumi.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The stores and each store's event timeline: state changes that queue work do so in one transaction. */
public interface StoreRepository {
    /** Records a new store in PROVISIONING with its CREATE operation; a taken name is a conflict. */
    long create(Store store, String requestedBy);

    /**
     * Moves a store from one of {@code from} to {@code to} and queues an operation, atomically.
     * Returns empty when the store was not in an allowed state (someone else got there first).
     */
    Optional<Long> transitionAndQueue(String id, Set<StoreState> from, StoreState to, Operation.Type type,
                                      String parameter, String requestedBy, String message, Instant now);

    Optional<Store> find(String id);

    List<Store> list(boolean includeDeleted);

    /** The stores one owner holds. */
    List<Store> listOwnedBy(String owner, boolean includeDeleted);

    /** Live (not deleted) stores, in all (null) or of one owner. */
    long countLive(String ownerOrNull);

    Optional<String> owner(String id);

    /** The store's publishable API key (not a secret; see V8), if its setup has told it. */
    Optional<String> publishableKey(String id);

    void setPublishableKey(String id, String key);

    void markReady(String id, String chartVersion, int revision, Instant now);

    /** Back to READY after an upgrade or rollback, at the given chart version and revision. */
    void markReadyAt(String id, String chartVersion, int revision, Instant now);

    void markFailed(String id, String step, String reason, Instant now);

    /** Records that the user wants the store gone; the running operation stops at its next step. */
    void requestDeletion(String id, Instant now);

    boolean deletionRequested(String id);

    /**
     * Marks a store FAILED only if it is in {@code from} and no operation is active on it: the reconciler must not
     * judge a store that a worker is changing. Returns whether it did.
     */
    boolean failIfIdle(String id, StoreState from, String step, String reason, Instant now);

    void markDeleted(String id, Instant now);

    void addEvent(String storeId, Long operationId, String step, StoreEvent.Status status, String message,
                  Instant now);

    List<StoreEvent> events(String storeId);

    /** The engine of each of these stores that exists. */
    Map<String, Engine> engines(Collection<String> ids);

    List<StoreEvent> recentEvents(int limit);

    /** How many stores are in each state; states without a store are absent. Deleted tombstones count as DELETED. */
    Map<StoreState, Long> countByState();

    /** How long provisioning took for each store that became READY at or after {@code since}. */
    List<Duration> provisioningTimes(Instant since);

    /** How many steps failed at or after {@code since}, by step, most frequent first. */
    Map<String, Long> failuresByStep(Instant since);

    /** The newest events of one owner's stores, newest first. */
    List<StoreEvent> recentEventsOwnedBy(String owner, int limit);
}
