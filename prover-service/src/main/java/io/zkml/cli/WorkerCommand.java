package io.zkml.cli;

import io.zkml.service.ProvingNode;
import io.zkml.service.ServiceConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "worker",
        mixinStandardHelpOptions = true,
        description = {"Runs proving workers only, no HTTP API: they claim jobs from the PostgreSQL job store of --db, which",
                "`zkml serve --db` nodes fill, and read and write artifacts in --data DIR, which must be the same folder",
                "(one shared filesystem) for every node. A job whose worker died is claimed again by any node once its",
                "lease expires. Stops on SIGTERM/SIGINT."})
final class WorkerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--db", required = true, paramLabel = "URL", description = "the job store: postgresql://USER:PASSWORD@HOST:PORT/DB")
    String db;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "the data folder shared by every node")
    Path data;

    @Option(names = "--backend", defaultValue = "auto", paramLabel = "auto|native|java", description = "the prover (default ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--workers", defaultValue = "1", description = "proving slots (default ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--lease-seconds", defaultValue = "30", description = "a claimed job's lease without heartbeat (default ${DEFAULT-VALUE})")
    int leaseSeconds;

    @Option(names = "--max-attempts", defaultValue = "3", description = "claims of a job before it is given up (default ${DEFAULT-VALUE})")
    int maxAttempts;

    @Override
    public Integer call() throws Exception {
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be at least 1, is " + workers);
        }
        PrintWriter err = spec.commandLine().getErr();
        // a workers-only node makes no admin key: the API nodes do
        ServiceConfig config = ServiceConfig.defaults(data).withBackend(backend)
                .withWorkers(workers, Duration.ofSeconds(leaseSeconds), maxAttempts);
        ProvingNode node = ProvingNode.start(config, db, false);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "zkml-shutdown"));
        err.println("zkml worker: " + workers + " worker" + (workers == 1 ? "" : "s") + " on the PostgreSQL job store, data " + data.toAbsolutePath());
        err.flush();
        stopped.await();
        return 0;
    }
}
