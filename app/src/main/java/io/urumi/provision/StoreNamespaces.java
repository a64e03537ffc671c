package io.urumi.provision;

import java.util.Set;
import java.util.function.Consumer;

/** The store namespaces that exist in the cluster, kept current by a watch. */
public interface StoreNamespaces extends AutoCloseable {
    /** Starts watching; {@code onGone} receives the store id of every store namespace that disappears. */
    void start(Consumer<String> onGone);

    boolean synced();

    /** Store ids whose namespace exists now. */
    Set<String> present();

    /** Deletes an orphaned store namespace (policy "delete"). */
    void delete(String storeId);

    @Override
    void close();
}
