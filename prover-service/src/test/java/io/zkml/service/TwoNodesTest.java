package io.zkml.service;

import static io.zkml.service.ServiceTesting.ADMIN;
import static io.zkml.service.ServiceTesting.input;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml.service.http.Api;
import io.zkml.service.store.Job;
import io.zkml.service.store.JobStatus;
import io.zkml.service.store.PgTesting;
import io.zkml.service.store.PostgresJobStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one PostgreSQL job store and one shared data folder: an API node ({@code ProvingNode} with a
 * worker, in this JVM) and a {@code zkml worker} process. The worker process is killed (SIGKILL) while it holds a
 * job; all 20 jobs still succeed, each with one result that verifies, the killed one's job claimed again.
 * Skipped where {@code ZKML_TEST_PG_URL} is not set.
 */
class TwoNodesTest {

    @TempDir
    Path shared;

    @Test
    void twentyJobsSurviveTheKillOfANodeEachProvenOnce() throws Exception {
        String db = PgTesting.freshSchema();
        Process worker = null;
        try (ProvingNode api = ProvingNode.start(ServiceTesting.config(shared).withWorkers(1, Duration.ofSeconds(1), 3), db, true);
             PostgresJobStore store = PostgresJobStore.open(db)) {
            List<String> cmd = ServiceTesting.zkmlCommand("worker", "--db", db, "--data", shared.toString(), "--backend", "java", "--lease-seconds", "1");
            worker = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            // wait until its workers run, so that it takes part in the 20 jobs, then keep draining its stderr
            BufferedReader err = new BufferedReader(new InputStreamReader(worker.getErrorStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            for (String line = err.readLine(); line == null || !line.startsWith("zkml worker: "); line = err.readLine()) {
                assertThat(line).as("zkml worker ended before its workers ran:\n" + seen).isNotNull();
                seen.append(line).append('\n');
            }
            Thread.ofPlatform().daemon(true).start(() -> err.lines().forEach(l -> { }));
            String workerMark = ":" + worker.pid() + "/";

            Http http = new Http(api.port());
            String model = ServiceTesting.readyModel(http, ADMIN);
            List<String> proofs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Http.Response r = http.json(Api.PROVE, ADMIN, input(), model);
                assertThat(r.status()).as(r.body()).isEqualTo(202);
                proofs.add(r.json().path("id").asText());
            }
            // kill the worker process once it holds a job
            String held = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (held == null && System.nanoTime() < deadline) {
                for (String id : proofs) {
                    Job j = store.job(id).orElseThrow();
                    if (j.status() == JobStatus.RUNNING && j.leaseToken() != null && j.leaseToken().contains(workerMark)) {
                        held = id;
                        break;
                    }
                }
                Thread.sleep(20);
            }
            assertThat(held).as("the worker process claimed a job").isNotNull();
            worker.destroyForcibly();
            assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();

            String vk = http.get(Api.VK, ADMIN, model).body();
            int again = 0;
            for (String id : proofs) {
                JsonNode done = ServiceTesting.awaitProof(http, ADMIN, id);
                assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
                ServiceTesting.assertVerifies(done.path("bundle"), vk);
                Job j = store.job(id).orElseThrow();
                assertThat(j.status()).isEqualTo(JobStatus.SUCCEEDED);
                assertThat(j.leaseToken()).as("finished: no claim holds it").isNull();
                again += j.attempts() > 1 ? 1 : 0;
            }
            assertThat(store.job(held).orElseThrow().attempts()).as("the killed node's job was claimed again").isGreaterThan(1);
            assertThat(store.pending()).isZero();
            System.out.println("TwoNodesTest: 20 jobs succeeded; claimed again after the kill: " + again);
        } finally {
            if (worker != null) {
                worker.destroyForcibly();
            }
        }
    }
}
