package io.zkml.service;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.zkml.cli.AtomicFile;
import io.zkml.prover.backend.ProverBackend;
import io.zkml.prover.backend.ProverBackends;
import io.zkml.service.http.Api;
import io.zkml.service.store.ApiKey;
import io.zkml.service.store.H2JobStore;
import io.zkml.service.store.JobStore;
import io.zkml.service.store.PostgresJobStore;
import io.zkml.service.store.Role;
import io.zkml.service.store.StoreException;
import io.zkml.service.work.DataFolder;
import io.zkml.service.work.Pipeline;
import io.zkml.service.work.Workers;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One node of the proving service: the job store and artifacts of a data folder, the workers, and the HTTP
 * API, started together and closed together. Started by {@code zkml serve} (or, workers only, by
 * {@code zkml worker}); tests start it in-process. The job store is the embedded H2 database in the data folder,
 * or, for several nodes, a PostgreSQL database they share; those nodes must then share the data folder too (one
 * shared filesystem), since any node's worker may prove on any model.
 */
public final class ProvingNode implements AutoCloseable {

    /** The file the generated bootstrap admin key goes to (rw-------). */
    public static final String ADMIN_KEY_FILE = "admin.key";

    private final JobStore store;
    private final ProverBackend backend;
    private final Pipeline pipeline;
    private final Workers workers;
    private final Webhooks webhooks;
    /** How often the webhook sender looks in the store for due deliveries. */
    static final long WEBHOOK_POLL_MS = 250;
    private final Vertx vertx;
    /** Whether this node made {@link #vertx} (and closes it), rather than its caller. */
    private final boolean ownVertx;
    private final HttpServer server;
    private final String generatedAdminKey;

    private ProvingNode(JobStore store, ProverBackend backend, Pipeline pipeline, Workers workers, Webhooks webhooks, Vertx vertx,
                        boolean ownVertx, HttpServer server, String generatedAdminKey) {
        this.ownVertx = ownVertx;
        this.webhooks = webhooks;
        this.store = store;
        this.backend = backend;
        this.pipeline = pipeline;
        this.workers = workers;
        this.vertx = vertx;
        this.server = server;
        this.generatedAdminKey = generatedAdminKey;
    }

    /** Opens the data folder and its embedded store, starts the workers and the API; returns once it listens. */
    public static ProvingNode start(ServiceConfig config) throws IOException {
        return start(config, null, true);
    }

    /**
     * Opens the data folder and the store ({@code db}: a {@code postgresql://} URL, or null for the embedded one),
     * starts the workers and, if {@code api}, the HTTP API; returns once it listens.
     */
    public static ProvingNode start(ServiceConfig config, String db, boolean api) throws IOException {
        return start(config, db, api, null);
    }

    /**
     * {@link #start(ServiceConfig)} with the HTTP API on the caller's Vert.x instance (a test's), which the node
     * then leaves open when it closes.
     */
    public static ProvingNode start(ServiceConfig config, Vertx vertx) throws IOException {
        return start(config, null, true, vertx);
    }

    private static ProvingNode start(ServiceConfig config, String db, boolean api, Vertx given) throws IOException {
        DataFolder data = DataFolder.create(config.data());
        JobStore store;
        try {
            store = openStore(config.data(), db);
        } catch (StoreException e) {
            throw new IOException(e.getMessage(), e);
        }
        ProverBackend backend = null;
        Vertx vertx = null;
        Workers workers = null;
        Pipeline pipeline = null;
        Webhooks webhooks = null;
        try {
            String generated = api ? bootstrapAdmin(store, config) : null; // a workers-only node makes no keys
            backend = ProverBackends.open(config.backend());
            pipeline = new Pipeline(data, backend, config.hotCircuits(), config.retainInputs());
            String nodeName = InetAddress.getLocalHost().getHostName() + ":" + ProcessHandle.current().pid();
            workers = new Workers(store, pipeline, new Workers.Settings(config.workers(), config.lease(), config.maxAttempts(), config.backoff(),
                    Duration.ofMillis(Math.min(500, config.lease().toMillis()))), config.clock(), nodeName);
            workers.start();
            if (!api) {
                return new ProvingNode(store, backend, pipeline, workers, null, null, false, null, generated);
            }
            vertx = given != null ? given : Vertx.vertx();
            Operations ops = new Operations(config, store, pipeline, workers, NodeKey.loadOrCreate(config.data()), nodeName);
            webhooks = ops.webhooks();
            webhooks.start(WEBHOOK_POLL_MS);
            if (Files.exists(config.data().resolve("webhooks").resolve("hooks.json"))) {
                System.getLogger(ProvingNode.class.getName()).log(System.Logger.Level.WARNING, config.data().resolve("webhooks")
                        + " holds webhooks of an older version, which kept them per node; they now live in the job store: register them again");
            }
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
                    .requestHandler(new Api(vertx, ops).router()).listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return new ProvingNode(store, backend, pipeline, workers, webhooks, vertx, given == null, server, generated);
        } catch (InterruptedException | ExecutionException | TimeoutException | IOException | RuntimeException e) {
            if (webhooks != null) {
                webhooks.close();
            }
            if (workers != null) {
                workers.close();
            }
            if (vertx != null && given == null) {
                vertx.close();
            }
            if (pipeline != null) {
                pipeline.close();
            }
            if (backend != null) {
                backend.close();
            }
            store.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IOException("cannot start the service on " + config.host() + ":" + config.port() + ": " + cause.getMessage(), cause);
        }
    }

    /** The embedded store in {@code data} if {@code db} is null, else the PostgreSQL database it names. */
    public static JobStore openStore(Path data, String db) {
        return db == null ? H2JobStore.open(data) : PostgresJobStore.open(db);
    }

    /**
     * Makes sure an admin key exists: the given one (stored hashed, under the name "admin"), else, if the store
     * holds no admin key, a fresh one written to DIR/admin.key (rw-------) and returned, to be printed once.
     */
    private static String bootstrapAdmin(JobStore store, ServiceConfig config) throws IOException {
        if (config.adminKey() != null) {
            if (config.adminKey().length() < 16) {
                throw new IllegalArgumentException("the admin key must have at least 16 characters");
            }
            String hash = Operations.hashKey(config.adminKey());
            if (store.keyByHash(hash).isEmpty() && !store.putKey(new ApiKey("admin", Role.ADMIN, hash))) {
                // another admin key holds the name: keep both, under a name of its own
                store.putKey(new ApiKey("admin-" + hash.substring(0, 8), Role.ADMIN, hash));
            }
            return null;
        }
        if (store.hasAdmin()) {
            return null;
        }
        String secret = Operations.newSecret();
        Path file = config.data().resolve(ADMIN_KEY_FILE);
        AtomicFile.writePrivateString(file, secret + "\n");
        store.putKey(new ApiKey("admin", Role.ADMIN, Operations.hashKey(secret)));
        return secret;
    }

    /** The port the API listens on. */
    public int port() {
        if (server == null) {
            throw new IllegalStateException("this node runs workers only, no API");
        }
        return server.actualPort();
    }

    /** The admin key generated at this start (no admin key was given or stored), to print once. */
    public Optional<String> generatedAdminKey() {
        return Optional.ofNullable(generatedAdminKey);
    }

    public JobStore store() {
        return store;
    }

    /** Whether the admin key file exists: for messages. */
    public static boolean hasAdminKeyFile(Path data) {
        return Files.isRegularFile(data.resolve(ADMIN_KEY_FILE));
    }

    /** Stops accepting requests, lets running jobs end (their leases lapse if they do not), closes everything. */
    @Override
    public void close() {
        if (server != null) {
            await(server.close());
        }
        if (webhooks != null) {
            webhooks.close();
        }
        workers.close();
        if (vertx != null && ownVertx) {
            await(vertx.close());
        }
        pipeline.close();
        backend.close();
        store.close();
    }

    private static void await(io.vertx.core.Future<Void> closing) {
        try {
            closing.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // closing anyway
        }
    }
}
