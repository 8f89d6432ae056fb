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
 * idempotency, limits, migrations, stores on one database claiming each job once, and webhook deliveries made with
 * a proof's success and claimed like jobs. A subclass opens its store.
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

    private static final Webhook ALICE_1 = new Webhook("wh_a1", "alice", "http://127.0.0.1:1/a1", "secret-a1-0123456789", 5);
    private static final Webhook ALICE_2 = new Webhook("wh_a2", "alice", "https://example.org/a2", "secret-a2-0123456789", 6);
    private static final Webhook BOB = new Webhook("wh_b", "bob", "http://127.0.0.1:1/b", "secret-b-0123456789", 7);

    /** Submits a proof job of {@code owner}, claims it and finishes it succeeded at {@code now}. */
    private static void prove(SqlJobStore s, String id, String owner, long now) {
        accepted(s.submit(job(id, owner, now), null, "h", 1000, 1000));
        Claim c = s.claim("w", now, 1000, 3).orElseThrow();
        assertThat(c.job().id()).isEqualTo(id);
        assertThat(s.succeed(c, "bundle-1.json", now)).isTrue();
    }

    @Test
    void aSucceededProofGetsOneDeliveryForEachWebhookOfItsOwner() {
        try (SqlJobStore s = open()) {
            s.addWebhook(ALICE_1);
            s.addWebhook(ALICE_2);
            s.addWebhook(BOB);
            assertThat(s.webhooks("alice")).containsExactly(ALICE_1, ALICE_2);
            prove(s, "p_1", "alice", 100);
            // not for failed proofs, nor for model jobs
            accepted(s.submit(job("p_2", "alice", 101), null, "h", 10, 10));
            assertThat(s.fail(s.claim("w", 101, 1000, 3).orElseThrow(), "bad input", 102)).isTrue();
            s.insertModel(new ModelRecord("m_9", "alice", ModelRecord.COMPILING, null, "{}", 103),
                    new Job("m_9", JobKind.MODEL, "m_9", "alice", JobStatus.QUEUED, 0, 0, null, 0, null, false, 103, 0, null));
            assertThat(s.succeed(s.claim("w", 103, 1000, 3).orElseThrow(), 104)).isTrue();

            assertThat(s.deliveries(ALICE_1.id())).singleElement().satisfies(d -> {
                assertThat(d.id()).isEqualTo(SqlJobStore.deliveryId(ALICE_1.id(), "p_1"));
                assertThat(d.proofId()).isEqualTo("p_1");
                assertThat(d.status()).isEqualTo(Delivery.Status.PENDING);
                assertThat(d.webhook()).isEqualTo(ALICE_1);
                assertThat(d.attempts()).isZero();
            });
            assertThat(s.deliveries(ALICE_2.id())).extracting(Delivery::proofId).containsExactly("p_1");
            assertThat(s.deliveries(BOB.id())).as("bob's webhook gets only bob's proofs").isEmpty();
            assertThat(SqlJobStore.deliveryId(ALICE_1.id(), "p_1")).isNotEqualTo(SqlJobStore.deliveryId(ALICE_2.id(), "p_1"));
            assertThat(s.pendingDeliveries()).isEqualTo(2);

            Webhook late = new Webhook("wh_late", "alice", "http://127.0.0.1:1/late", "secret-late-0123456789", 200);
            s.addWebhook(late);
            prove(s, "p_3", "alice", 300);
            assertThat(s.deliveries(late.id())).as("a webhook gets the proofs that succeed after it was registered")
                    .extracting(Delivery::proofId).containsExactly("p_3");

            assertThat(s.deleteWebhook("bob", ALICE_1.id())).as("only its owner deletes it").isFalse();
            assertThat(s.deleteWebhook("alice", ALICE_1.id())).isTrue();
            assertThat(s.deleteWebhook("alice", ALICE_1.id())).isFalse();
            assertThat(s.deliveries(ALICE_1.id())).as("its deliveries went with it").isEmpty();
            assertThat(s.webhooks("alice")).containsExactly(ALICE_2, late);
            assertThat(s.pendingDeliveries()).isEqualTo(3);
        }
    }

    @Test
    void aDeliveryIsHeldByOneNodeUntilItsLeaseEndsKeepsItsIdAcrossRetriesAndIsGivenUp() {
        try (SqlJobStore s = open()) {
            s.addWebhook(ALICE_1);
            prove(s, "p_1", "alice", 100);
            String id = SqlJobStore.deliveryId(ALICE_1.id(), "p_1");
            Delivery first = s.claimDelivery("nodeA", 1000, 100, 3).orElseThrow();
            assertThat(first.id()).isEqualTo(id);
            assertThat(first.attempts()).isEqualTo(1);
            assertThat(first.webhook().secret()).as("any node can sign").isEqualTo(ALICE_1.secret());
            assertThat(s.claimDelivery("nodeB", 1050, 100, 3)).as("held by node A").isEmpty();

            // node A dies mid-delivery: once its lease ends, node B takes the same delivery over
            Delivery second = s.claimDelivery("nodeB", 1101, 100, 3).orElseThrow();
            assertThat(second.id()).isEqualTo(id);
            assertThat(second.attempts()).isEqualTo(2);
            assertThat(s.delivered(first, 1102)).as("node A's stale claim records nothing").isFalse();
            assertThat(s.retryDelivery(second, "HTTP 500", 2000)).isTrue();
            assertThat(s.retryDelivery(second, "HTTP 500", 2000)).as("once").isFalse();
            assertThat(s.claimDelivery("nodeA", 1500, 100, 3)).as("not due before 2000").isEmpty();

            Delivery third = s.claimDelivery("nodeA", 2000, 100, 3).orElseThrow();
            assertThat(third.id()).isEqualTo(id);
            assertThat(third.lastError()).isEqualTo("HTTP 500");
            assertThat(s.giveUpDelivery(third, "HTTP 502", 2010)).isTrue();
            Delivery failed = s.deliveries(ALICE_1.id()).getFirst();
            assertThat(failed.status()).isEqualTo(Delivery.Status.FAILED);
            assertThat(failed.attempts()).isEqualTo(3);
            assertThat(failed.lastError()).contains("gave up after 3 attempts").contains("HTTP 502");
            assertThat(s.pendingDeliveries()).isZero();
            assertThat(s.claimDelivery("nodeA", 9999, 100, 3)).isEmpty();

            // a delivery whose last allowed attempt's node died is given up by the next claim
            prove(s, "p_2", "alice", 3000);
            assertThat(s.claimDelivery("nodeA", 3000, 100, 1)).isPresent();
            assertThat(s.claimDelivery("nodeB", 3200, 100, 1)).isEmpty();
            Delivery lost = s.deliveries(ALICE_1.id()).getLast();
            assertThat(lost.status()).isEqualTo(Delivery.Status.FAILED);
            assertThat(lost.lastError()).contains("gave up after 1 attempts").contains("the node sending it stopped");

            // a delivered one is done
            prove(s, "p_3", "alice", 4000);
            Delivery ok = s.claimDelivery("nodeB", 4000, 100, 3).orElseThrow();
            assertThat(s.delivered(ok, 4001)).isTrue();
            assertThat(s.deliveries(ALICE_1.id()).getLast().status()).isEqualTo(Delivery.Status.DELIVERED);
            assertThat(s.claimDelivery("nodeA", 99_999, 100, 3)).isEmpty();
        }
    }

    @Test
    void storesSharingADatabaseClaimEachDeliveryOnce() throws Exception {
        int proofs = 30;
        int nodes = 3;
        List<SqlJobStore> stores = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            for (int i = 0; i < nodes; i++) {
                stores.add(open());
            }
            stores.get(0).addWebhook(ALICE_1);
            for (int i = 0; i < proofs; i++) {
                prove(stores.get(i % nodes), "p_" + i, "alice", i);
            }
            ConcurrentHashMap<String, String> sentBy = new ConcurrentHashMap<>();
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                SqlJobStore s = stores.get(i);
                String node = "node" + i;
                done.add(pool.submit(() -> {
                    for (Optional<Delivery> d = s.claimDelivery(node, 10_000, 60_000, 3); d.isPresent(); d = s.claimDelivery(node, 10_000, 60_000, 3)) {
                        assertThat(sentBy.putIfAbsent(d.get().id(), node)).as("claimed twice: " + d.get().id()).isNull();
                        assertThat(s.delivered(d.get(), 10_001)).isTrue();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            assertThat(sentBy).hasSize(proofs);
            assertThat(stores.get(1).deliveries(ALICE_1.id())).hasSize(proofs).allSatisfy(d -> {
                assertThat(d.status()).isEqualTo(Delivery.Status.DELIVERED);
                assertThat(d.attempts()).isEqualTo(1);
            });
        } finally {
            pool.shutdownNow();
            stores.forEach(SqlJobStore::close);
        }
    }
}
