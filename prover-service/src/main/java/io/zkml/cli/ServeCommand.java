package io.zkml.cli;

import io.zkml.service.ProvingNode;
import io.zkml.service.ServiceConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = {"Runs the proving service: the HTTP API (see the README and GET /openapi.yaml) and the proving workers, on an",
                "embedded job store (or the PostgreSQL of --db) and the artifacts in --data DIR. Jobs survive a crash: a job whose worker died is claimed again",
                "once its lease expires. Stops on SIGTERM/SIGINT.",
                "The bootstrap admin key: --admin-key, else $ZKML_ADMIN_KEY, else one generated into DIR/admin.key (rw-------)",
                "and printed once. Admins make owner and relayer keys with POST /v1/keys."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", description = "the port (default ${DEFAULT-VALUE}; 0: any free one)")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "the address to listen on (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--data", defaultValue = "zkml-data", paramLabel = "DIR", description = "the data folder (default ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--db", paramLabel = "URL", description = {"the job store: postgresql://USER:PASSWORD@HOST:PORT/DB, shared by several nodes, which",
            "must then share --data too (one shared filesystem); default: the embedded database in --data"})
    String db;

    @Option(names = "--admin-key", paramLabel = "KEY", description = "the bootstrap admin key (at least 16 characters; default $ZKML_ADMIN_KEY)")
    String adminKey;

    @Option(names = "--backend", defaultValue = "auto", paramLabel = "auto|native|java", description = "the prover (default ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--workers", defaultValue = "1", description = "proving slots; 0 for an API-only node (default ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--lease-seconds", defaultValue = "30", description = "a claimed job's lease without heartbeat (default ${DEFAULT-VALUE})")
    int leaseSeconds;

    @Option(names = "--max-attempts", defaultValue = "3", description = "claims of a job before it is given up (default ${DEFAULT-VALUE})")
    int maxAttempts;

    @Option(names = "--max-model-mb", defaultValue = "64", description = "the largest ONNX upload, MiB (default ${DEFAULT-VALUE})")
    long maxModelMb;

    @Option(names = "--max-input-kb", defaultValue = "1024", description = "the largest input.json, KiB (default ${DEFAULT-VALUE})")
    long maxInputKb;

    @Option(names = "--max-zkey-mb", defaultValue = "4096", description = "the largest proving-key upload, MiB (default ${DEFAULT-VALUE})")
    long maxZkeyMb;

    @Option(names = "--max-queued-per-key", defaultValue = "100", description = "queued jobs per API key before 429 (default ${DEFAULT-VALUE})")
    int maxQueuedPerKey;

    @Option(names = "--max-queued", defaultValue = "1000", description = "queued jobs of the node before 503 (default ${DEFAULT-VALUE})")
    int maxQueued;

    @Option(names = "--retain-inputs", description = {"keep each proof's private input.json (mode 0600) in the data folder after its job ended;",
            "by default it is deleted once the proof is published, failed or cancelled"})
    boolean retainInputs;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String admin = adminKey != null ? adminKey : System.getenv("ZKML_ADMIN_KEY");
        ServiceConfig config = ServiceConfig.defaults(data).withHost(host).withPort(port).withAdminKey(admin).withBackend(backend)
                .withWorkers(workers, Duration.ofSeconds(leaseSeconds), maxAttempts)
                .withLimits(maxModelMb << 20, maxInputKb << 10, maxZkeyMb << 20, maxQueuedPerKey, maxQueued)
                .withRetainInputs(retainInputs);
        ProvingNode node = ProvingNode.start(config, db, true);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "zkml-shutdown"));
        node.generatedAdminKey().ifPresent(k -> err.println("zkml serve: generated the admin key (shown once; also in "
                + data.resolve(ProvingNode.ADMIN_KEY_FILE) + ", rw-------): " + k));
        String where = db == null ? "data " + data.toAbsolutePath() : "PostgreSQL job store, data " + data.toAbsolutePath();
        err.println("zkml serve: listening on http://" + host + ":" + node.port() + " (" + where + ", " + workers + " worker"
                + (workers == 1 ? "" : "s") + ")");
        err.flush();
        stopped.await();
        return 0;
    }
}
