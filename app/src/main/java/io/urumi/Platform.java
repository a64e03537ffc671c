package io.urumi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javalin.Javalin;
import io.urumi.auth.Accounts;
import io.urumi.auth.ApiTokens;
import io.urumi.auth.AuditLog;
import io.urumi.auth.Sessions;
import io.urumi.cluster.KubernetesStoreCluster;
import io.urumi.cluster.KubernetesStoreCredentials;
import io.urumi.cluster.LeaseLeadership;
import io.urumi.cluster.StoreNamespaceWatch;
import io.urumi.config.Config;
import io.urumi.db.Database;
import io.urumi.db.jdbi.JdbiDriftRepository;
import io.urumi.db.jdbi.JdbiFleetUpgradeRepository;
import io.urumi.db.jdbi.JdbiOperationRepository;
import io.urumi.db.jdbi.JdbiReleaseRepository;
import io.urumi.db.jdbi.JdbiStoreRepository;
import io.urumi.drift.DriftRepository;
import io.urumi.drift.DriftService;
import io.urumi.drift.ReleaseChecks;
import io.urumi.fleet.FleetService;
import io.urumi.fleet.FleetUpgradeRepository;
import io.urumi.fleet.FleetUpgrader;
import io.urumi.observe.MetricsSummary;
import io.urumi.observe.PlatformMetrics;
import io.urumi.observe.TimedReleaseInspector;
import io.urumi.observe.TimedStoreReleases;
import io.urumi.provision.Deprovisioner;
import io.urumi.provision.EngineReadiness;
import io.urumi.provision.Leadership;
import io.urumi.provision.OperationRunner;
import io.urumi.provision.Provisioner;
import io.urumi.provision.Reconciler;
import io.urumi.provision.ReleaseTests;
import io.urumi.provision.Repair;
import io.urumi.provision.ResetPassword;
import io.urumi.provision.Restart;
import io.urumi.provision.Retries;
import io.urumi.provision.Rollback;
import io.urumi.provision.StoreOperation;
import io.urumi.provision.StoreReleases;
import io.urumi.provision.Upgrade;
import io.urumi.provision.Work;
import io.urumi.provision.WorkerPool;
import io.urumi.release.ChartCatalog;
import io.urumi.release.HelmReleaseInspector;
import io.urumi.release.HelmReleaseRecords;
import io.urumi.release.HelmStoreReleases;
import io.urumi.release.HelmTestHooks;
import io.urumi.release.ReleaseDriftProbe;
import io.urumi.store.ChartVersions;
import io.urumi.store.Operation;
import io.urumi.store.OperationRepository;
import io.urumi.store.ReleaseInspector;
import io.urumi.store.ReleaseRepository;
import io.urumi.store.StoreQuotas;
import io.urumi.store.StoreRepository;
import io.urumi.store.StoreService;
import io.urumi.store.StoreValues;
import io.urumi.ui.PlatformHealth;
import io.urumi.ui.StoreViews;
import io.urumi.web.ObservabilityApi;
import io.urumi.web.WebApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: builds every part from one Config, starts them, and stops them in order. */
public final class Platform implements AutoCloseable {
    private final Config config;
    private final Database database;
    private final KubernetesClient kubernetes;
    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);
    private final WorkerPool workers;
    private final FleetUpgrader fleetUpgrader;
    private final PlatformHealth health;
    private final Reconciler reconciler;
    private final ReleaseChecks releaseChecks;
    private final Leadership leadership;
    private final Runnable onLeadershipLost;
    private final Javalin web;
    private final EngineReadiness engineReadiness;
    /** How often the platform re-checks that each engine's setup can reach what it needs (a route can open later). */
    private static final Duration ENGINE_CHECK_INTERVAL = Duration.ofMinutes(5);

    public Platform(Config config) {
        this(config, () -> { });
    }

    /**
     * {@code onLeadershipLost} runs after this replica stopped leading (its workers stopped taking work). The process
     * entry point exits there: Helm calls in flight cannot be interrupted, and the next leader resumes them.
     */
    public Platform(Config config, Runnable onLeadershipLost) {
        this.config = config;
        this.onLeadershipLost = onLeadershipLost;
        Clock clock = Clock.systemUTC();
        this.database = Database.open(config.jdbcUrl(), config.databaseLogin().user(),
                config.databaseLogin().password());
        this.kubernetes = kubernetesClient(config);
        StoreRepository stores = new JdbiStoreRepository(database.jdbi());
        OperationRepository operations = new JdbiOperationRepository(database.jdbi());
        ReleaseRepository releaseRecords = new JdbiReleaseRepository(database.jdbi());
        KubernetesStoreCluster cluster = new KubernetesStoreCluster(kubernetes, config.ingressNamespace(),
                config.installerAccess());
        ChartCatalog catalog = new ChartCatalog(config.chartDir(), config.chartCatalogDir());
        HelmReleaseRecords helmRecords = new HelmReleaseRecords(kubernetes);
        DriftRepository drifts = new JdbiDriftRepository(database.jdbi());
        MetricsSummary summary = new MetricsSummary(stores, operations, drifts, clock);
        PlatformMetrics metrics = new PlatformMetrics(summary::snapshot);
        StoreReleases releases = new TimedStoreReleases(
                new HelmStoreReleases(catalog, config.kubeconfig(), helmRecords, new HelmTestHooks(kubernetes)), metrics);
        StoreValues values = new StoreValues(config.baseDomain(), config.ingressClass(), config.storageClass(),
                config.provisioningTimeout(), config.storeDefaults());
        ReleaseTests releaseTests = new ReleaseTests(releases, stores, releaseTestTimeout(config), metrics, clock);
        Work work = new Work(cluster, releases, stores, releaseRecords, values, releaseTests,
                config.provisioningTimeout(), config.helmHistoryMax(), clock);
        AtomicBoolean stopping = new AtomicBoolean();
        this.leadership = config.leaderElection()
                .<Leadership>map(e -> new LeaseLeadership(kubernetes, e.namespace(), e.leaseName(), identity(),
                        e.leaseDuration()))
                .orElseGet(Leadership::always);
        AuditLog audit = new AuditLog(database.jdbi(), clock);
        ReleaseDriftProbe probe = new ReleaseDriftProbe(kubernetes, helmRecords, config.ingressNamespace());
        this.releaseChecks = new ReleaseChecks(probe, stores, operations, drifts, leadership::isLeader,
                config.releaseCheckInterval(), config.provisioningTimeout(), audit, clock);
        Provisioner provisioner = new Provisioner(work);
        Map<Operation.Type, StoreOperation> byType = new EnumMap<>(Operation.Type.class);
        for (Operation.Type type : Operation.Type.values()) {
            byType.put(type, switch (type) {
                case CREATE, RETRY -> provisioner;
                case DELETE -> new Deprovisioner(cluster, releases, stores, config.provisioningTimeout(),
                        config.namespaceDeleteTimeout(), clock);
                case UPGRADE -> new Upgrade(work);
                case ROLLBACK -> new Rollback(work);
                case RESTART -> new Restart(work);
                case RESET_PASSWORD -> new ResetPassword(work);
                case REPAIR -> new Repair(work, releaseChecks);
            });
        }
        OperationRunner runner = new OperationRunner(stores, operations, byType, stopping::get,
                new Retries(config.maxAttempts(), config.retryBackoff()), metrics, clock);
        this.workers = new WorkerPool(operations, runner, config.workers(), stopping, clock);
        runner.onFollowUp(workers::wake);
        releaseChecks.onWorkQueued(workers::wake);
        ReleaseInspector inspector = new TimedReleaseInspector(
                new HelmReleaseInspector(helmRecords, catalog, values, config.kubeconfig()), metrics);
        Config.Guardrails guardrails = config.guardrails();
        StoreService storeService = new StoreService(stores, new KubernetesStoreCredentials(kubernetes), operations,
                releaseRecords, inspector, ChartVersions.of(catalog.versions(), catalog::engines),
                config.helmHistoryMax(), new StoreQuotas(guardrails.maxStores(), guardrails.maxStoresPerUser()),
                workers::wake, clock);
        DriftService driftService = new DriftService(storeService, drifts, releaseChecks);
        FleetUpgradeRepository fleetUpgrades = new JdbiFleetUpgradeRepository(database.jdbi());
        this.fleetUpgrader = new FleetUpgrader(fleetUpgrades, stores, operations, storeService, clock);
        FleetService fleetService = new FleetService(fleetUpgrades, stores, catalog.versions(), fleetUpgrader::wake,
                clock);
        StoreViews views = new StoreViews(storeService, driftService, releaseRecords, config.baseDomain(), clock);
        this.health = new PlatformHealth(database::reachable, this::clusterReachable, Duration.ofSeconds(10), clock);
        this.health.reportLeadership(leadership::isLeader);
        this.reconciler = new Reconciler(new StoreNamespaceWatch(kubernetes), stores,
                config.orphanPolicy() == Config.OrphanPolicy.DELETE, leadership::isLeader, clock);
        Accounts accounts = new Accounts(database.jdbi(), clock);
        accounts.bootstrap(guardrails.adminPassword()).ifPresent(Platform::announceFirstPassword);
        Sessions sessions = new Sessions(database.jdbi(), guardrails.sessionIdleTimeout(),
                guardrails.sessionAbsoluteTimeout(), clock);
        sessions.purgeExpired();
        WebApp.Guards guards = new WebApp.Guards(accounts, sessions, new ApiTokens(database.jdbi(), clock),
                audit, guardrails, clock);
        this.engineReadiness = new EngineReadiness(EngineReadiness.pluginSource(config.chartDir(),
                config.storeDefaults()));
        this.web = WebApp.create(storeService, fleetService, driftService, views, jsonMapper(), config.baseDomain(), health,
                reconciler::orphans, guards, metrics, new ObservabilityApi(metrics, summary, storeService),
                engineReadiness::warnings);
    }

    /**
     * The generated first password goes to the console once, on its own, and never through the logger: log lines
     * are shipped and kept; this is for the operator watching the first start. It is not stored anywhere in clear.
     */
    private static void announceFirstPassword(String password) {
        System.out.println("""

                ================================================================
                 Urumi created the administrator 'admin' with this password:
                     %s
                 It is shown only this once. Sign in and change it on /account,
                 or set URUMI_ADMIN_PASSWORD before the first start instead.
                ================================================================
                """.formatted(password));
        System.out.flush();
    }

    /**
     * Every replica serves and watches; only the leader runs the workers, fleet upgrades, reconciler actions and
     * periodic release checks.
     */
    public Platform start() {
        health.start();
        engineReadiness.start(ENGINE_CHECK_INTERVAL);
        startReconciler();
        releaseChecks.start();
        leadership.start(this::lead, this::stepDown);
        web.start("0.0.0.0", config.port());
        return this;
    }

    private void lead() {
        workers.start();
        fleetUpgrader.start();
        reconciler.reconcileAll();
    }

    /**
     * Another replica may take the lease once it expires: stop taking work now. Operations still running stay
     * RUNNING in the database, and the next leader resumes them as after a crash.
     */
    private void stepDown() {
        fleetUpgrader.close();
        workers.stop(Duration.ZERO);
        onLeadershipLost.run();
    }

    /** Unique per process, readable in the Lease: the pod name (HOSTNAME in Kubernetes) and a random suffix. */
    private static String identity() {
        String host = System.getenv().getOrDefault("HOSTNAME", "urumi");
        return host + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /** The watch starts in the background: an unreachable cluster must not keep the platform from serving. */
    private void startReconciler() {
        Thread starter = new Thread(() -> {
            try {
                while (!reconciler.startAndReconcile(Duration.ofSeconds(30))) {
                    LOG.warn("reconciler could not sync with the cluster; trying again in 10 s");
                    Thread.sleep(10_000);
                }
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        }, "reconciler-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** The Helm test checks pages that are already up: it gets a short wait, never longer than an install's. */
    private static Duration releaseTestTimeout(Config config) {
        Duration cap = Duration.ofMinutes(2);
        return config.provisioningTimeout().compareTo(cap) < 0 ? config.provisioningTimeout() : cap;
    }

    /** Every HTTP route with its access rule. */
    public java.util.List<WebApp.Route> routes() {
        return WebApp.routes(web);
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
        health.close();
        engineReadiness.close();
        reconciler.close();
        releaseChecks.close();
        fleetUpgrader.close();
        workers.stop(config.shutdownGrace());
        leadership.close();
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
