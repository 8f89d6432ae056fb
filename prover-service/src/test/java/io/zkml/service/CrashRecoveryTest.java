package io.zkml.service;

import static io.zkml.service.ServiceTesting.input;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml.service.http.Api;
import io.zkml.service.store.Claim;
import io.zkml.service.store.JobStatus;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability on one data folder across node restarts: a job whose worker died holding its lease is completed
 * by the next node, once; the dead worker cannot write a second result. Also queue limits and cancellation on
 * an API-only node, and that nothing stored is lost across restarts.
 */
class CrashRecoveryTest {

    @TempDir
    Path data;

    @Test
    void aJobWhoseWorkerDiedIsCompletedOnceByTheNextNode() throws Exception {
        String owner;
        String model;
        try (ProvingNode first = ProvingNode.start(ServiceTesting.config(data))) {
            Http http = new Http(first.port());
            owner = ServiceTesting.key(http, "olga", "owner");
            model = ServiceTesting.readyModel(http, owner);
        }

        // an API-only node (no workers) takes three submissions; a fourth exceeds the key's queue
        String survivor;
        String cancelled;
        Claim dead;
        try (ProvingNode apiOnly = ProvingNode.start(ServiceTesting.config(data).withWorkers(0, Duration.ofSeconds(1), 3)
                .withLimits(1 << 20, 1 << 20, 1 << 20, 3, 1000))) {
            Http http = new Http(apiOnly.port());
            assertThat(http.get(Api.MODEL, owner, model).json().path("status").asText()).as("the model survived the restart").isEqualTo("ready");
            survivor = http.json(Api.PROVE, owner, input(), model).json().path("id").asText();
            cancelled = http.json(Api.PROVE, owner, input(), model).json().path("id").asText();
            String queued = http.json(Api.PROVE, owner, input(), model).json().path("id").asText();
            Http.Response full = http.json(Api.PROVE, owner, input(), model);
            assertThat(full.status()).isEqualTo(429);
            assertThat(full.raw().headers().firstValue("Retry-After")).isPresent();
            JsonNode c = http.call(Api.CANCEL, owner, null, null, null, null, cancelled).json();
            assertThat(c.path("status").asText()).isEqualTo("cancelled");
            assertThat(data.resolve("proofs").resolve(cancelled).resolve("input.json")).doesNotExist();
            assertThat(http.call(Api.CANCEL, owner, null, null, null, null, queued).status()).isEqualTo(200);

            // a worker claims the first job with a one-second lease, then its node dies without finishing it
            dead = apiOnly.store().claim("doomed-worker", System.currentTimeMillis(), 1000, 3).orElseThrow();
            assertThat(dead.job().id()).isEqualTo(survivor);
            assertThat(http.get(Api.PROOF, owner, survivor).json().path("status").asText()).isEqualTo("running");
        }

        try (ProvingNode next = ProvingNode.start(ServiceTesting.config(data).withWorkers(1, Duration.ofSeconds(1), 3))) {
            Http http = new Http(next.port());
            JsonNode done = ServiceTesting.awaitProof(http, owner, survivor);
            assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
            assertThat(done.path("attempts").asInt()).as("claimed by the dead worker, then by the new node").isEqualTo(2);
            ServiceTesting.assertVerifies(done.path("bundle"), http.get(Api.VK, owner, model).body());
            // the dead worker wakes up: its lease is gone, it can neither finish nor fail the job
            assertThat(next.store().succeed(dead, System.currentTimeMillis())).isFalse();
            assertThat(next.store().fail(dead, "late", System.currentTimeMillis())).isFalse();
            assertThat(next.store().job(survivor).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(http.get(Api.PROOF, owner, cancelled).json().path("status").asText()).as("a cancelled job stays cancelled")
                    .isEqualTo("cancelled");
        }
        OpenApiContractTest.assertSeenStatusesDocumented();
    }
}
