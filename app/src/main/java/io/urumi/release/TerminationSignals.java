package io.urumi.release;

import sun.misc.Signal;

/**
 * Helm's Go runtime replaces the JVM's SIGTERM/SIGINT handlers on its first call (helm-java issue 409), so the
 * process would ignore Kubernetes' stop signal. Re-installing handlers after each Helm call restores an orderly
 * shutdown: the JVM runs its shutdown hooks and exits 143 (TERM) or 130 (INT).
 */
final class TerminationSignals {
    private TerminationSignals() {
    }

    static void restore() {
        handle("TERM", 143);
        handle("INT", 130);
    }

    private static void handle(String name, int status) {
        Signal.handle(new Signal(name), signal -> new Thread(() -> System.exit(status), "exit-on-" + name).start());
    }
}
