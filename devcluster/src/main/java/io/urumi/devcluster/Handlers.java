package io.urumi.devcluster;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** Informer event handlers made from lambdas. */
public final class Handlers {
    private Handlers() {
    }

    /** Reacts to the new state of an added or updated object; deletions are of no interest. */
    static <T> ResourceEventHandler<T> onAddOrUpdate(Consumer<T> action) {
        return onChange((before, after) -> {
            if (after != null) {
                action.accept(after);
            }
        });
    }

    /** Reacts to any change with (before, after); before is null when added, after when deleted. */
    public static <T> ResourceEventHandler<T> onChange(BiConsumer<T, T> action) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                action.accept(null, obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                action.accept(oldObj, newObj);
            }

            @Override
            public void onDelete(T obj, boolean finalStateUnknown) {
                action.accept(obj, null);
            }
        };
    }
}
