package io.urumi.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.urumi.support.ServiceAccountIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Attempts an identity must be refused, and the objects they try to create. */
final class Forbidden {
    private Forbidden() {
    }

    static void assertRefused(String what, Runnable attempt) {
        try {
            attempt.run();
            fail("the platform's ServiceAccount could " + what);
        } catch (KubernetesClientException e) {
            assertEquals(403, e.getCode(), what + ": " + e.getMessage());
        }
    }

    static ClusterRoleBinding clusterRoleBinding(String role, ServiceAccountIdentity who) {
        return new ClusterRoleBindingBuilder().withNewMetadata().withName("rbac-probe").endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(role)
                .endRoleRef().addNewSubject().withKind("User").withName(who.username()).endSubject().build();
    }

    static RoleBinding roleBinding(String clusterRole, ServiceAccountIdentity who) {
        return new RoleBindingBuilder().withNewMetadata().withName("rbac-probe-" + clusterRole).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
                .withName(clusterRole).endRoleRef()
                .addNewSubject().withKind("User").withName(who.username()).endSubject().build();
    }

    static ClusterRole clusterRole() {
        return new ClusterRoleBuilder().withNewMetadata().withName("rbac-probe").endMetadata()
                .addNewRule().withApiGroups("").withResources("secrets").withVerbs("get").endRule().build();
    }

    static Pod pod() {
        return new PodBuilder().withNewMetadata().withName("rbac-probe").endMetadata().withNewSpec()
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build();
    }

    /** The identity asking to act as {@code user}. */
    static KubernetesClient impersonating(ServiceAccountIdentity who, String user, String userAgent) {
        try {
            Config config = Config.fromKubeconfig(Files.readString(who.kubeconfig()));
            config.setUserAgent(userAgent);
            config.setImpersonateUsername(user);
            config.setRequestRetryBackoffLimit(0);
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
