package io.urumi.provision;

import java.util.Optional;

/**
 * Says where a store's setup Job ran, so a store on the development node simulator never reads as installed: there
 * the Job "succeeds" without any container running.
 */
final class SetupRuntime {
    /** The container-ID scheme of pods on the node simulator. */
    static final String SIMULATED = "sim";

    private SetupRuntime() {
    }

    static String describe(Optional<String> runtime) {
        if (runtime.isEmpty()) {
            return "Setup job completed (its pod is gone, so where it ran is unknown)";
        }
        if (SIMULATED.equals(runtime.get())) {
            return "Setup job reported success on the simulated node: no container ran, so nothing was installed"
                    + " (development only)";
        }
        return "Setup job completed in a real container (" + runtime.get() + ")";
    }
}
