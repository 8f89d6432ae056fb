package io.zkml.service.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.prover.backend.ProverBackends;
import io.zkml.service.store.Claim;
import io.zkml.service.store.H2JobStore;
import io.zkml.service.store.Job;
import io.zkml.service.store.JobKind;
import io.zkml.service.store.JobStatus;
import io.zkml.service.store.JobStore;
import io.zkml.service.store.PgTesting;
import io.zkml.service.store.PostgresJobStore;
import io.zkml.service.store.StoreException;
import io.zkml.service.store.Submission;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fencing of the published bundle: a worker whose lease expired without its noticing (its heartbeats could not reach
 * the store) finishes its proof after another claim of the job succeeded. Its result is refused, its stored bundle
 * deleted, and the published bundle stays the winner's, byte for byte. On H2, and on PostgreSQL where
 * {@code ZKML_TEST_PG_URL} names one.
 */
class LateWorkerTest {

    @TempDir
    Path dir;

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = LateWorkerTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aStaleWorkerFinishingLateChangesNothingPublished(String db) throws Exception {
        DataFolder data = DataFolder.create(dir);
        String input = new String(resource("/service/1l_mlp/input.json"), java.nio.charset.StandardCharsets.UTF_8);
        try (JobStore store = db.equals("h2") ? H2JobStore.open(dir) : PostgresJobStore.open(PgTesting.freshSchema());
             var backend = ProverBackends.open("java"); Pipeline pipeline = new Pipeline(data, backend, 1)) {
            pipeline.storeModel("m_1", resource("/service/1l_mlp/network.onnx"));
            pipeline.compile("m_1", ModelOptions.fromQuery(Map.of("input_range", List.of("-2:2"))));
            pipeline.developmentSetup("m_1");
            Job job = new Job("p_1", JobKind.PROOF, "m_1", "alice", JobStatus.QUEUED, 0, 0, null, 0, null, false, 1, 0, null);
            assertThat(store.submit(job, null, "h", 10, 10)).isInstanceOf(Submission.Accepted.class);
            Files.createDirectories(data.proof("p_1"));
            Files.writeString(data.input("p_1"), input);
            Workers.Settings settings = new Workers.Settings(0, Duration.ofSeconds(30), 3, Duration.ofMillis(1), Duration.ofMillis(10));

            // the first claim's lease (1 ms) expires; a second worker claims the job and publishes its proof
            Claim first = store.claim("stale", System.currentTimeMillis(), 1, 3).orElseThrow();
            Thread.sleep(5);
            Claim second = store.claim("healthy", System.currentTimeMillis(), 30_000, 3).orElseThrow();
            assertThat(second.job().attempts()).isEqualTo(2);
            new Workers(store, pipeline, settings, Clock.systemUTC(), "n2").run(second);
            Job done = store.job("p_1").orElseThrow();
            assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(done.bundle()).startsWith(DataFolder.BUNDLE_REF);
            byte[] published = data.bundle(done);

            // the first worker, cut off from the store for its heartbeats, proves on (it read the input before the
            // second worker deleted it) and tries to succeed
            Files.writeString(data.input("p_1"), input);
            List<String> succeeds = new ArrayList<>();
            JobStore cutOff = (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class}, (p, m, args) -> {
                if (m.getName().equals("heartbeat")) {
                    throw new StoreException("job database: unreachable (test)", null);
                }
                try {
                    Object r = m.invoke(store, args);
                    if (m.getName().equals("succeed")) {
                        succeeds.add(args[1] + " -> " + r);
                    }
                    return r;
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
            new Workers(cutOff, pipeline, settings, Clock.systemUTC(), "n1").run(first);
            assertThat(succeeds).as("the stale worker proved and was refused").singleElement().asString().endsWith(" -> false")
                    .startsWith(DataFolder.BUNDLE_REF).doesNotStartWith(done.bundle());
            String loser = succeeds.getFirst().substring(DataFolder.BUNDLE_REF.length(), succeeds.getFirst().indexOf(' '));
            assertThat(data.artifacts().path(loser)).as("the loser's bundle is deleted").doesNotExist();
            Job after = store.job("p_1").orElseThrow();
            assertThat(after.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(after.bundle()).isEqualTo(done.bundle());
            assertThat(after.finished()).isEqualTo(done.finished());
            assertThat(data.bundle(after)).as("the published bundle, byte for byte").isEqualTo(published);
            assertThat(data.artifacts().path(done.bundle().substring(DataFolder.BUNDLE_REF.length()))).exists();
        }
    }
}
