package io.zkml.service.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import io.zkml.prover.backend.ForwardingBackend;
import io.zkml.prover.backend.KeySegments;
import io.zkml.prover.backend.ProgressListener;
import io.zkml.prover.backend.ProverBackend;
import io.zkml.prover.backend.ProverBackends;
import io.zkml.service.store.Claim;
import io.zkml.service.store.H2JobStore;
import io.zkml.service.store.Job;
import io.zkml.service.store.JobKind;
import io.zkml.service.store.JobStatus;
import io.zkml.service.store.Submission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a worker ends a job it claimed: cancelled on request (before it runs, and while the prover runs, through the
 * prover's cancel flag), retried after an I/O error until it is given up.
 */
class WorkersTest {

    @TempDir
    Path dir;

    private static Job proof(String id, String model) {
        return new Job(id, JobKind.PROOF, model, "alice", JobStatus.QUEUED, 0, 0, null, 0, null, false, 1, 0, null);
    }

    private static Workers workers(H2JobStore store, Pipeline pipeline) {
        return new Workers(store, pipeline, new Workers.Settings(0, Duration.ofSeconds(30), 2, Duration.ofMillis(1), Duration.ofMillis(10)),
                Clock.systemUTC(), "test");
    }

    /** Submits a proof job with an input, claims it, cancels it, runs the claim: the job ends cancelled without running. */
    private static void cancelWhileClaimed(H2JobStore store, Workers workers, DataFolder data, String id) throws Exception {
        assertThat(store.submit(proof(id, "m_none"), null, "h", 10, 10)).isInstanceOf(Submission.Accepted.class);
        Files.createDirectories(data.proof(id));
        Files.writeString(data.input(id), "{}");
        Claim c = store.claim("test", System.currentTimeMillis(), 30_000, 2).orElseThrow();
        store.cancel(id, System.currentTimeMillis());
        workers.run(c);
        assertThat(store.job(id).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void aJobCancelledWhileClaimedNeverRunsAndAnIoErrorIsRetriedThenGivenUp() throws Exception {
        DataFolder data = DataFolder.create(dir);
        try (H2JobStore store = H2JobStore.open(dir); var backend = ProverBackends.open("java"); Pipeline pipeline = new Pipeline(data, backend, 1)) {
            Workers workers = workers(store, pipeline);
            // cancelled while claimed: it never runs, and its input is deleted
            cancelWhileClaimed(store, workers, data, "p_c");
            assertThat(data.input("p_c")).doesNotExist();
            // with inputs retained (zkml serve --retain-inputs) the cancelled job's input stays
            try (Pipeline retaining = new Pipeline(data, backend, 1, true)) {
                cancelWhileClaimed(store, workers(store, retaining), data, "p_k");
                assertThat(data.input("p_k")).exists();
            }

            // an input that cannot be read (an I/O error, not bad input): retried, then given up after 2 attempts
            store.submit(proof("p_r", "m_none"), null, "h", 10, 10);
            Claim r1 = store.claim("test", System.currentTimeMillis(), 30_000, 2).orElseThrow();
            workers.run(r1);
            Job afterFirst = store.job("p_r").orElseThrow();
            assertThat(afterFirst.status()).isEqualTo(JobStatus.QUEUED);
            assertThat(afterFirst.error()).contains("input.json");
            Thread.sleep(5);
            Claim r2 = store.claim("test", System.currentTimeMillis(), 30_000, 2).orElseThrow();
            workers.run(r2);
            Job given = store.job("p_r").orElseThrow();
            assertThat(given.status()).isEqualTo(JobStatus.FAILED);
            assertThat(given.error()).startsWith("gave up after 2 attempts");
            assertThat(given.attempts()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "native"})
    void cancellingARunningProofStopsTheProverThroughItsCancelFlag(String backendName) throws Exception {
        if (backendName.equals("native")) {
            Optional<String> why = io.zkml.prover.backend.NativeBackend.unavailableReason();
            Assumptions.assumeTrue(why.isEmpty(), () -> "the native backend does not load here: " + why.orElse(""));
        }
        DataFolder data = DataFolder.create(dir);
        CountDownLatch proving = new CountDownLatch(1);
        AtomicBoolean flagSeen = new AtomicBoolean();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (H2JobStore store = H2JobStore.open(dir); var real = ProverBackends.open(backendName);
                Pipeline pipeline = new Pipeline(data, new HeldBackend(real, proving, flagSeen, thrown), 1)) {
            try (InputStream onnx = WorkersTest.class.getResourceAsStream("/service/1l_mlp/network.onnx")) {
                pipeline.storeModel("m_1", onnx.readAllBytes());
            }
            pipeline.compile("m_1", ModelOptions.fromQuery(Map.of("input_range", List.of("-2:2"))));
            pipeline.developmentSetup("m_1");
            List<Path> modelFiles = stored(data);
            store.submit(proof("p_run", "m_1"), null, "h", 10, 10);
            Files.createDirectories(data.proof("p_run"));
            Files.writeString(data.input("p_run"), "{\"input_data\": [[0.5, -1.0, 1.5]]}");
            // a short lease: the heartbeat, which brings the cancel request to the prover, beats every 100 ms
            Workers workers = new Workers(store, pipeline, new Workers.Settings(0, Duration.ofMillis(300), 2, Duration.ofMillis(1),
                    Duration.ofMillis(10)), Clock.systemUTC(), "test");
            Claim c = store.claim("test", System.currentTimeMillis(), 300, 2).orElseThrow();
            Thread worker = Thread.ofPlatform().start(() -> workers.run(c));
            assertThat(proving.await(30, TimeUnit.SECONDS)).as("the prover started").isTrue();
            assertThat(store.job("p_run").orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
            store.cancel("p_run", System.currentTimeMillis());
            worker.join(30_000);
            assertThat(worker.isAlive()).isFalse();
            assertThat(flagSeen.get()).as("the worker set the prover's cancel flag").isTrue();
            assertThat(thrown.get()).as("the " + backendName + " prover stopped on its flag").isInstanceOf(CancellationException.class);
            assertThat(store.job("p_run").orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
            assertThat(store.job("p_run").orElseThrow().bundle()).isNull();
            assertThat(stored(data)).as("no bundle was stored").isEqualTo(modelFiles);
            assertThat(data.input("p_run")).doesNotExist();
        }
    }

    /** Every file in the data folder's artifacts, in order. */
    static List<Path> stored(DataFolder data) throws java.io.IOException {
        try (var s = Files.walk(data.artifacts().root().resolve("sha256"))) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /**
     * A backend whose {@code prove} waits, once it is called, until the worker sets the cancel flag, then hands
     * the call with that flag to the real backend and records what the real prover threw.
     */
    private record HeldBackend(ProverBackend real, CountDownLatch proving, AtomicBoolean flagSeen, AtomicReference<Throwable> thrown)
            implements ForwardingBackend {
        @Override
        public Proof prove(KeySegments key, MemorySegment witness, Fr r, Fr s, ProgressListener progress, AtomicBoolean cancel) {
            proving.countDown();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!cancel.get() && System.nanoTime() < until) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            flagSeen.set(cancel.get());
            try {
                return real.prove(key, witness, r, s, progress, cancel);
            } catch (RuntimeException e) {
                thrown.set(e);
                throw e;
            }
        }

        @Override
        public ProverBackend delegate() {
            return real;
        }

        @Override
        public void close() {
        }
    }
}
