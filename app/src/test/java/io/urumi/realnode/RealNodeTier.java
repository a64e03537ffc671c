package io.urumi.realnode;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Marks a real-node test class. The tier runs beside the simulated-node tests (which stay on the main thread, one
 * after another), because it mostly waits on containers; the lock keeps its own classes one at a time, since they
 * share the one node and its ingress on 127.0.0.1:80. Failsafe turns JUnit's parallel execution on for this.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("urumi-real-node")
public @interface RealNodeTier {
}
