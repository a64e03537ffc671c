package io.urumi.devcluster;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local cluster's storage provisioner: gives every pending PVC a PersistentVolume pre-bound to it and binds
 * the pair (the real PV controller confirms it), and deletes those volumes once their claim is gone.
 *
 * <p>On the simulated node a volume is only an object ({@link #simulated}); on a real node it is a directory on
 * this machine that the kubelet mounts ({@link #onDisk}), made world-writable as rancher's local-path
 * provisioner does: a hostPath volume gets no fsGroup ownership, and the store's containers run as fixed
 * non-root uids. The directory goes with its volume.
 *
 * <p>The cluster's default StorageClass is its own and binds when a pod needs the claim
 * ({@code WaitForFirstConsumer}), as most real clusters' default classes do: the scheduler picks the node,
 * marks the claim, waits for the binding (it checks once a second) and then binds the pod. With immediate
 * binding, a StatefulSet's pod is tried as its claim is created, and whether the claim is bound by then
 * was a race whose loser waited 1 s, then 2 s more in the scheduler's backoff.
 */
public final class LocalVolumes implements AutoCloseable {
    static final String LABEL = "urumi.io/sim-volume";
    static final String STORAGE_CLASS = "urumi-sim";
    static final String LOCAL_STORAGE_CLASS = "urumi-local";
    private static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
    private static final Logger LOG = LoggerFactory.getLogger(LocalVolumes.class);

    private final KubernetesClient client;
    private final WorkQueue queue;
    private final String storageClass;
    private final String provisioner;
    /** Where real volumes live; null on the simulated node. */
    private final Path root;
    private SharedIndexInformer<PersistentVolumeClaim> claims;
    private SharedIndexInformer<PersistentVolume> volumes;

    private LocalVolumes(KubernetesClient client, WorkQueue queue, String storageClass, String provisioner, Path root) {
        this.client = client;
        this.queue = queue;
        this.storageClass = storageClass;
        this.provisioner = provisioner;
        this.root = root;
    }

    /** Volumes that are only objects: nothing is ever mounted on the simulated node. */
    static LocalVolumes simulated(KubernetesClient client, WorkQueue queue) {
        return new LocalVolumes(client, queue, STORAGE_CLASS, "urumi.io/node-simulator", null);
    }

    /** Volumes that are directories under {@code root}, for a real node on this machine. */
    public static LocalVolumes onDisk(KubernetesClient client, WorkQueue queue, Path root) {
        return new LocalVolumes(client, queue, LOCAL_STORAGE_CLASS, "urumi.io/local-path", root);
    }

    public void start() {
        client.storage().v1().storageClasses().resource(new StorageClassBuilder()
                .withNewMetadata().withName(storageClass)
                .addToAnnotations("storageclass.kubernetes.io/is-default-class", "true").endMetadata()
                .withProvisioner(provisioner).withReclaimPolicy("Delete")
                .withVolumeBindingMode("WaitForFirstConsumer").build()).createOr(NonDeletingOperation::update);
        // Handlers read the informers' caches, so each field is set before its informer runs.
        claims = client.persistentVolumeClaims().inAnyNamespace().runnableInformer(0);
        claims.addEventHandler(Handlers.onAddOrUpdate(claim -> {
            String key = Cache.metaNamespaceKeyFunc(claim);
            queue.add("pvc " + key, () -> provision(key));
        }));
        claims.run();
        volumes = client.persistentVolumes().withLabel(LABEL).runnableInformer(0);
        volumes.addEventHandler(Handlers.onAddOrUpdate(volume -> {
            String name = volume.getMetadata().getName();
            queue.add("pv " + name, () -> reclaim(name));
        }));
        volumes.run();
    }

    private void provision(String key) {
        PersistentVolumeClaim claim = claims.getStore().getByKey(key);
        if (claim == null || claim.getMetadata().getDeletionTimestamp() != null
                || !Optional.ofNullable(claim.getSpec().getVolumeName()).orElse("").isEmpty()
                || !"Pending".equals(claim.getStatus() == null ? "Pending" : claim.getStatus().getPhase())
                || waitsForConsumer(claim)) {
            return;
        }
        try {
            PersistentVolume volume = volumeFor(claim, root);
            if (root != null) {
                makeDirectory(Path.of(volume.getSpec().getHostPath().getPath()));
            }
            client.persistentVolumes().resource(volume).create();
            LOG.info("pvc {} -> provisioned volume {}", key, volumeName(claim));
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
        bind(claim);
    }

    /**
     * Binds the claim to its volume at once, as the PV controller would on its next sync: a StatefulSet's pod is
     * created right after its claim, and each scheduling attempt that finds the claim unbound costs a backoff of 1 s,
     * then 2 s. The PV controller sees the finished pair and only marks the volume Bound.
     */
    private void bind(PersistentVolumeClaim claim) {
        var resource = client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace())
                .withName(claim.getMetadata().getName());
        try {
            PersistentVolumeClaim bound = resource.edit(c -> new PersistentVolumeClaimBuilder(c)
                    .editMetadata().addToAnnotations("pv.kubernetes.io/bind-completed", "yes")
                    .addToAnnotations("pv.kubernetes.io/bound-by-controller", "yes").endMetadata()
                    .editSpec().withVolumeName(volumeName(claim)).endSpec().build());
            PersistentVolume volume = volumeFor(claim, root);
            resource.updateStatus(new PersistentVolumeClaimBuilder(bound).withNewStatus().withPhase("Bound")
                    .withAccessModes(volume.getSpec().getAccessModes())
                    .withCapacity(volume.getSpec().getCapacity()).endStatus().build());
        } catch (KubernetesClientException e) {
            // Already bound by the PV controller meanwhile, or gone: nothing left to do.
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw e;
            }
        }
    }

    /** A claim of this provisioner's class that no pod has been scheduled with yet. */
    private boolean waitsForConsumer(PersistentVolumeClaim claim) {
        return storageClass.equals(claim.getSpec().getStorageClassName())
                && (claim.getMetadata().getAnnotations() == null
                || !claim.getMetadata().getAnnotations().containsKey(SELECTED_NODE));
    }

    /** Mirrors what a dynamic provisioner makes: same size, modes and class, bound to this claim. */
    static PersistentVolume volumeFor(PersistentVolumeClaim claim, Path root) {
        Quantity size = Optional.ofNullable(claim.getSpec().getResources())
                .map(r -> r.getRequests())
                .map(r -> r.get("storage"))
                .orElse(new Quantity("1Gi"));
        List<String> modes = claim.getSpec().getAccessModes().isEmpty()
                ? List.of("ReadWriteOnce") : claim.getSpec().getAccessModes();
        String uid = claim.getMetadata().getUid();
        return new PersistentVolumeBuilder()
                .withNewMetadata().withName(volumeName(claim)).withLabels(Map.of(LABEL, "true")).endMetadata()
                .withNewSpec()
                .withCapacity(Map.of("storage", size))
                .withAccessModes(modes)
                .withVolumeMode(claim.getSpec().getVolumeMode())
                .withStorageClassName(Optional.ofNullable(claim.getSpec().getStorageClassName()).orElse(""))
                .withPersistentVolumeReclaimPolicy("Delete")
                .withNewHostPath().withPath(root == null ? "/tmp/sim-pv/" + uid : root.resolve(uid).toString())
                .endHostPath()
                .withNewClaimRef()
                .withNamespace(claim.getMetadata().getNamespace())
                .withName(claim.getMetadata().getName())
                .withUid(uid)
                .endClaimRef()
                .endSpec()
                .build();
    }

    private static String volumeName(PersistentVolumeClaim claim) {
        return "sim-pv-" + claim.getMetadata().getUid();
    }

    /** The claim is gone: drop its volume, as the Delete reclaim policy promises. */
    private void reclaim(String name) {
        PersistentVolume volume = volumes.getStore().getByKey(name);
        if (volume == null || volume.getMetadata().getDeletionTimestamp() != null || volume.getStatus() == null) {
            return;
        }
        String phase = volume.getStatus().getPhase();
        if ("Released".equals(phase) || "Failed".equals(phase)) {
            if (root != null && volume.getSpec().getHostPath() != null) {
                removeDirectory(Path.of(volume.getSpec().getHostPath().getPath()));
            }
            client.persistentVolumes().withName(name).delete();
            LOG.info("pv {} deleted ({})", name, phase);
        }
    }

    private static void makeDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            // Set explicitly: the umask would take the group and world bits away.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create volume directory " + dir, e);
        }
    }

    private void removeDirectory(Path dir) {
        if (!dir.startsWith(root) || dir.equals(root) || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove volume directory " + dir, e);
        }
    }

    @Override
    public void close() {
        if (volumes != null) {
            volumes.close();
        }
        if (claims != null) {
            claims.close();
        }
    }
}
