package io.urumi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javalin.Javalin;
import io.urumi.cluster.KubernetesStoreCluster;
import io.urumi.config.Config;
import io.urumi.db.Database;
import io.urumi.provision.Deprovisioner;
import io.urumi.provision.OperationRunner;
import io.urumi.provision.Provisioner;
import io.urumi.provision.Upgrader;
import io.urumi.provision.WorkerPool;
import io.urumi.release.ChartCatalog;
import io.urumi.release.HelmReleaseInspector;
import io.urumi.release.HelmReleaseRecords;
import io.urumi.release.HelmStoreReleases;
import io.urumi.release.ReleaseRepository;
import io.urumi.release.StoreValues;
import io.urumi.store.OperationRepository;
import io.urumi.store.StoreRepository;
import io.urumi.store.StoreService;
import io.urumi.web.WebApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;

/** The composition root: builds every part from one Config, starts them, and stops them in order. */
public final class Platform implements AutoCloseable {
    private final Config config;
    private final Database database;
    private final KubernetesClient kubernetes;
    private final WorkerPool workers;
    private final Javalin web;

    public Platform(Config config) {
        this.config = config;
        Clock clock = Clock.systemUTC();
        this.database = Database.open(config.jdbcUrl());
        this.kubernetes = kubernetesClient(config);
        StoreRepository stores = new StoreRepository(database.jdbi());
        OperationRepository operations = new OperationRepository(database.jdbi());
        ReleaseRepository releaseRecords = new ReleaseRepository(database.jdbi());
        KubernetesStoreCluster cluster = new KubernetesStoreCluster(kubernetes, config.ingressNamespace(),
                config.installerAccess());
        ChartCatalog catalog = new ChartCatalog(config.chartDir(), config.chartCatalogDir());
        HelmReleaseRecords helmRecords = new HelmReleaseRecords(kubernetes);
        HelmStoreReleases releases = new HelmStoreReleases(catalog, config.kubeconfig(), helmRecords);
        StoreValues values = new StoreValues(config.baseDomain(), config.ingressClass(), config.storageClass());
        Provisioner provisioner = new Provisioner(cluster, releases, stores, releaseRecords, values,
                config.provisioningTimeout(), clock);
        Deprovisioner deprovisioner = new Deprovisioner(cluster, releases, stores, config.provisioningTimeout(),
                config.namespaceDeleteTimeout(), clock);
        Upgrader upgrader = new Upgrader(cluster, releases, stores, releaseRecords, values,
                config.provisioningTimeout(), config.helmHistoryMax(), clock);
        OperationRunner runner = new OperationRunner(stores, operations, provisioner, deprovisioner, upgrader, clock);
        this.workers = new WorkerPool(operations, runner, config.workers(), clock);
        HelmReleaseInspector inspector = new HelmReleaseInspector(helmRecords, catalog, values, config.kubeconfig());
        StoreService storeService = new StoreService(stores, operations, releaseRecords, inspector, catalog.versions(),
                config.helmHistoryMax(), workers::wake, clock);
        this.web = WebApp.create(storeService, jsonMapper(), config.baseDomain(), database::reachable,
                this::clusterReachable);
    }

    public Platform start() {
        workers.start();
        web.start("0.0.0.0", config.port());
        return this;
    }

    /** The port the HTTP server listens on (useful when the configured port is 0). */
    public int port() {
        return web.port();
    }

    private boolean clusterReachable() {
        try {
            return kubernetes.getKubernetesVersion() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        web.stop();
        workers.stop(Duration.ofSeconds(20));
        kubernetes.close();
        database.close();
    }

    static ObjectMapper jsonMapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    private static KubernetesClient kubernetesClient(Config config) {
        io.fabric8.kubernetes.client.Config kube = config.kubeconfig()
                .map(path -> {
                    try {
                        return io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(path));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read kubeconfig " + path, e);
                    }
                })
                .orElseGet(() -> io.fabric8.kubernetes.client.Config.autoConfigure(null));
        kube.setRequestTimeout(30_000);
        kube.setConnectionTimeout(10_000);
        kube.setRequestRetryBackoffLimit(3);
        return new KubernetesClientBuilder().withConfig(kube).build();
    }
}
