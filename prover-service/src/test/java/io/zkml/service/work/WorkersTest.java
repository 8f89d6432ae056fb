package io.zkml.service.work;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a worker ends a job it claimed: cancelled on request, retried after an I/O error until it is given up. */
class WorkersTest {

    @TempDir
    Path dir;

    private static Job proof(String id, String model) {
        return new Job(id, JobKind.PROOF, model, "alice", JobStatus.QUEUED, 0, 0, null, 0, null, false, 1, 0, null);
    }

    @Test
    void aJobCancelledWhileClaimedNeverRunsAndAnIoErrorIsRetriedThenGivenUp() throws Exception {
        DataFolder data = DataFolder.create(dir);
        try (H2JobStore store = H2JobStore.open(dir); var backend = ProverBackends.open("java"); Pipeline pipeline = new Pipeline(data, backend, 1)) {
            Workers workers = new Workers(store, pipeline, new Workers.Settings(0, Duration.ofSeconds(30), 2, Duration.ofMillis(1),
                    Duration.ofMillis(10)), Clock.systemUTC(), "test");
            // cancelled while claimed: it never runs, and its input is deleted
            assertThat(store.submit(proof("p_c", "m_none"), null, "h", 10, 10)).isInstanceOf(Submission.Accepted.class);
            Files.createDirectories(data.proof("p_c"));
            Files.writeString(data.input("p_c"), "{}");
            Claim c = store.claim("test", System.currentTimeMillis(), 30_000, 2).orElseThrow();
            store.cancel("p_c", System.currentTimeMillis());
            workers.run(c);
            assertThat(store.job("p_c").orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
            assertThat(data.input("p_c")).doesNotExist();

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
}
