package io.zkml.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The job store's rules, which every store keeps: claims and leases, fencing by lease token, giving up,
 * idempotency, limits, migrations, and stores on one database claiming each job once. A subclass opens its store.
 */
abstract class JobStoreContract {

    /** Opens the store under test; a second call opens the same database again. */
    abstract SqlJobStore open();

    private static Job job(String id, String owner, long created) {
        return new Job(id, JobKind.PROOF, "m_1", owner, JobStatus.QUEUED, 0, 0, null, 0, null, false, created, 0, null);
    }

    private static Job accepted(Submission s) {
        assertThat(s).isInstanceOf(Submission.Accepted.class);
        return ((Submission.Accepted) s).job();
    }

    @Test
    void aClaimHoldsAJobUntilItsLeaseExpiresAndOnlyItsHolderFinishesIt() {
        try (SqlJobStore s = open()) {
            accepted(s.submit(job("p_a", "alice", 1), null, "h", 10, 10));
            accepted(s.submit(job("p_b", "alice", 2), null, "h", 10, 10));
            Claim a = s.claim("w1", 1000, 100, 3).orElseThrow();
            assertThat(a.job().id()).as("oldest first").isEqualTo("p_a");
            Claim b = s.claim("w2", 1000, 100, 3).orElseThrow();
            assertThat(b.job().id()).isEqualTo("p_b");
            assertThat(s.claim("w3", 1050, 100, 3)).as("both held").isEmpty();

            assertThat(s.heartbeat(a, 1090, 100, 0.5)).isEqualTo(JobStore.Lease.HELD); // a's lease now ends at 1190
            Optional<Claim> again = s.claim("w3", 1150, 100, 3);
            assertThat(again.map(c -> c.job().id())).as("b's lease expired at 1100").contains("p_b");
            assertThat(again.get().job().attempts()).isEqualTo(2);
            assertThat(s.heartbeat(b, 1160, 100, 0.9)).isEqualTo(JobStore.Lease.LOST);
            assertThat(s.succeed(b, "bundle-1.json", 1170)).as("the stale claim cannot finish").isFalse();
            assertThat(s.succeed(again.get(), "bundle-2.json", 1170)).isTrue();
            assertThat(s.succeed(again.get(), 1171)).as("once").isFalse();
            assertThat(s.succeed(b, "bundle-1.json", 1172)).as("nor after the winner").isFalse();
            assertThat(s.job("p_b").orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(s.job("p_b").orElseThrow().bundle()).as("the winner's file is recorded").isEqualTo("bundle-2.json");
            assertThat(s.job("p_a").orElseThrow().progress()).isEqualTo(0.5);
        }
    }

    @Test
    void aJobIsGivenUpAfterMaxAttemptsAndRetriesWaitForTheirBackoff() {
        try (SqlJobStore s = open()) {
            accepted(s.submit(job("p_a", "alice", 1), null, "h", 10, 10));
            Claim first = s.claim("w", 0, 10, 2).orElseThrow();
            assertThat(s.retry(first, "disk hiccup", 500)).isTrue();
            assertThat(s.claim("w", 100, 10, 2)).as("not due before 500").isEmpty();
            Claim second = s.claim("w", 500, 10, 2).orElseThrow();
            assertThat(second.job().attempts()).isEqualTo(2);
            // the second worker dies; its lease expires; the job has had its two attempts
            assertThat(s.claim("w", 1000, 10, 2)).isEmpty();
            Job j = s.job("p_a").orElseThrow();
            assertThat(j.status()).isEqualTo(JobStatus.FAILED);
            assertThat(j.error()).contains("gave up after 2 attempts").contains("disk hiccup");
        }
    }

    @Test
    void cancellingStopsAQueuedJobAtOnceAndAsksARunningOne() {
        try (SqlJobStore s = open()) {
            accepted(s.submit(job("p_a", "alice", 1), null, "h", 10, 10));
            accepted(s.submit(job("p_b", "alice", 2), null, "h", 10, 10));
            Claim a = s.claim("w", 0, 1000, 3).orElseThrow();
            assertThat(s.cancel("p_b", 5).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
            Job running = s.cancel("p_a", 5).orElseThrow();
            assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(running.cancelRequested()).isTrue();
            assertThat(s.heartbeat(a, 6, 1000, 0.3)).isEqualTo(JobStore.Lease.CANCEL);
            assertThat(s.cancelled(a, 7)).isTrue();
            assertThat(s.claim("w", 5000, 1000, 3)).as("nothing left").isEmpty();
            assertThat(s.cancel("p_none", 8)).isEmpty();
        }
    }

    @Test
    void idempotencyKeysArePerKeyAndQueuesAreBounded() {
        try (SqlJobStore s = open()) {
            Job first = accepted(s.submit(job("p_a", "alice", 1), "k1", "hash1", 2, 3));
            Submission retry = s.submit(job("p_x", "alice", 2), "k1", "hash1", 2, 3);
            assertThat(retry).isEqualTo(new Submission.Accepted(first, false));
            assertThat(s.submit(job("p_y", "alice", 2), "k1", "hash2", 2, 3)).isInstanceOf(Submission.Conflict.class);
            accepted(s.submit(job("p_b", "bob", 3), "k1", "hash2", 2, 3));
            accepted(s.submit(job("p_c", "alice", 4), null, "h", 2, 3));
            assertThat(s.submit(job("p_d", "alice", 5), null, "h", 2, 3)).isEqualTo(new Submission.QueueFull(true, 2));
            assertThat(s.submit(job("p_e", "carol", 5), null, "h", 2, 3)).isEqualTo(new Submission.QueueFull(false, 3));
            assertThat(s.job("p_x")).isEmpty();
            assertThat(s.pending()).isEqualTo(3);
        }
    }

    @Test
    void aBatchIsStoredAllOrNone() {
        try (SqlJobStore s = open()) {
            accepted(s.submit(job("p_a", "alice", 1), null, "h", 3, 5));
            // two more would make 3 of alice's: allowed; three more would not, and none of them is stored
            assertThat(s.submitAll(List.of(job("p_b", "alice", 2), job("p_c", "alice", 2), job("p_d", "alice", 2)), null, List.of("h", "h", "h"), 3, 5))
                    .containsExactly(new Submission.QueueFull(true, 1));
            assertThat(s.job("p_b")).isEmpty();
            assertThat(s.submitAll(List.of(job("p_e", "bob", 2), job("p_f", "bob", 2), job("p_g", "bob", 2), job("p_h", "bob", 2),
                    job("p_i", "bob", 2)), null, List.of("h", "h", "h", "h", "h"), 10, 5)).containsExactly(new Submission.QueueFull(false, 1));
            assertThat(s.job("p_e")).isEmpty();

            List<String> keys = List.of("b:0", "b:1");
            List<Submission> batch = s.submitAll(List.of(job("p_b", "alice", 3), job("p_c", "alice", 3)), keys, List.of("h0", "h1"), 3, 5);
            assertThat(batch).hasSize(2).allSatisfy(x -> assertThat(((Submission.Accepted) x).fresh()).isTrue());
            List<Submission> again = s.submitAll(List.of(job("p_x", "alice", 4), job("p_y", "alice", 4)), keys, List.of("h0", "h1"), 3, 5);
            assertThat(again).containsExactly(new Submission.Accepted(accepted(batch.get(0)), false), new Submission.Accepted(accepted(batch.get(1)), false));
            // the same keys for another request: a conflict, nothing stored, though the queue is full anyway
            assertThat(s.submitAll(List.of(job("p_x", "alice", 4), job("p_y", "alice", 4)), keys, List.of("h0", "other"), 3, 5))
                    .singleElement().isInstanceOf(Submission.Conflict.class);
            assertThat(s.job("p_x")).isEmpty();
            assertThat(s.job("p_y")).isEmpty();
            assertThat(s.pending()).isEqualTo(3);
        }
    }

    @Test
    void reopeningKeepsEverythingAndAppliesNoMigrationTwice() {
        try (SqlJobStore s = open()) {
            assertThat(s.putKey(new ApiKey("alice", Role.OWNER, "a".repeat(64)))).isTrue();
            assertThat(s.putKey(new ApiKey("alice", Role.RELAYER, "b".repeat(64)))).isFalse();
            s.insertModel(new ModelRecord("m_1", "alice", ModelRecord.COMPILING, null, "{}", 1),
                    new Job("m_1", JobKind.MODEL, "m_1", "alice", JobStatus.QUEUED, 0, 0, null, 0, null, false, 1, 0, null));
            s.share("m_1", "bob");
            s.share("m_1", "bob");
        }
        try (SqlJobStore s = open()) {
            assertThat(s.schemaVersion()).isEqualTo(SqlJobStore.MIGRATIONS.size());
            assertThat(s.keyByHash("a".repeat(64))).contains(new ApiKey("alice", Role.OWNER, "a".repeat(64)));
            assertThat(s.hasAdmin()).isFalse();
            assertThat(s.model("m_1").orElseThrow().owner()).isEqualTo("alice");
            assertThat(s.isSharedWith("m_1", "bob")).isTrue();
            assertThat(s.isSharedWith("m_1", "carol")).isFalse();
            assertThat(s.job("m_1").orElseThrow().kind()).isEqualTo(JobKind.MODEL);
        }
    }

    @Test
    void storesSharingADatabaseClaimEachJobOnce() throws Exception {
        int jobs = 40;
        int nodes = 4;
        List<SqlJobStore> stores = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            for (int i = 0; i < nodes; i++) {
                stores.add(open());
            }
            for (int i = 0; i < jobs; i++) {
                accepted(stores.get(i % nodes).submit(job("p_" + i, "alice", i), null, "h", 1000, 1000));
            }
            ConcurrentHashMap<String, String> doneBy = new ConcurrentHashMap<>();
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                SqlJobStore s = stores.get(i);
                String worker = "node" + i;
                results.add(pool.submit(() -> {
                    int n = 0;
                    for (Optional<Claim> c = s.claim(worker, 10_000, 60_000, 3); c.isPresent(); c = s.claim(worker, 10_000, 60_000, 3)) {
                        assertThat(doneBy.putIfAbsent(c.get().job().id(), worker)).as("claimed twice: " + c.get().job().id()).isNull();
                        assertThat(s.succeed(c.get(), 10_001)).isTrue();
                        n++;
                    }
                    return n;
                }));
            }
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get();
            }
            assertThat(total).isEqualTo(jobs);
            assertThat(doneBy).hasSize(jobs);
            assertThat(stores.get(0).pending()).isZero();
            assertThat(stores.get(1).job("p_7").orElseThrow().attempts()).as("claimed once").isEqualTo(1);
        } finally {
            pool.shutdownNow();
            stores.forEach(SqlJobStore::close);
        }
    }
}
