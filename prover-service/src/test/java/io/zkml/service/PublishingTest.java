package io.zkml.service;

import static io.zkml.service.ServiceTesting.input;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.bundle.BundleSignature;
import io.zkml.core.io.JsonText;
import io.zkml.service.http.Api;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing on one node (Java prover, 1l_mlp): server-sent events and webhooks carry the signed bundle (the
 * webhook retried after a 500, across a restart of the node); GET /metrics counts the proofs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishingTest {

    @TempDir
    static Path data;

    ProvingNode node;
    Http http;
    String owner;
    String relayer;
    String model;
    byte[] nodeKey;

    /** A parsed server-sent event. */
    record Sse(String id, String name, JsonNode data) {
    }

    @BeforeAll
    void start() throws Exception {
        node = ProvingNode.start(ServiceTesting.config(data));
        http = new Http(node.port());
        owner = ServiceTesting.key(http, "olga", "owner");
        relayer = ServiceTesting.key(http, "remy", "relayer");
        model = ServiceTesting.readyModel(http, owner);
        assertThat(http.call(Api.SHARE, owner, null, null, null, null, model, "remy").status()).isEqualTo(204);
        nodeKey = BundleSignature.parsePublicKey(http.get(Api.NODE, relayer).json().path("nodeKey").path("publicKey").asText(), "node");
    }

    @AfterAll
    void stop() throws Exception {
        node.close();
        OpenApiContractTest.assertSeenStatusesDocumented();
    }

    /** Parses an event stream's text into events. */
    static List<Sse> parse(List<String> lines) {
        List<Sse> out = new ArrayList<>();
        String id = null, name = null;
        StringBuilder data = null;
        for (String line : lines) {
            if (line.isEmpty()) {
                if (data != null) {
                    out.add(new Sse(id, name, JsonText.parse("event " + name, data.toString()).node()));
                }
                id = null;
                name = null;
                data = null;
            } else if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("event: ")) {
                name = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
            }
        }
        return out;
    }

    /** Reads a never-ending stream until an event satisfies {@code last} (at most a minute). */
    static List<Sse> until(BlockingQueue<String> q, java.util.function.Predicate<Sse> last) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = q.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                continue;
            }
            lines.add(line);
            List<Sse> events = parse(lines);
            if (line.isEmpty() && !events.isEmpty() && last.test(events.getLast())) {
                return events;
            }
        }
        throw new AssertionError("no such event within a minute; got " + lines);
    }

    @Test
    void eventStreamsCarryProgressAndTheSignedBundle() throws Exception {
        BlockingQueue<String> all = http.lines(Api.EVENTS, relayer, null);
        BlockingQueue<String> others = http.lines(Api.EVENTS, owner, null);
        Thread.sleep(300); // connected before the job exists
        Http.Response submitted = http.json(Api.PROVE, relayer, input(), model);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String id = submitted.json().path("id").asText();

        // one proof's stream: progress, then the bundle, then the end
        Http.Response one = http.get(Api.PROOF_EVENTS, relayer, id);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.raw().headers().firstValue("content-type")).hasValue("text/event-stream");
        List<Sse> events = parse(one.body().lines().toList());
        assertThat(events).extracting(Sse::name).startsWith("progress").endsWith("bundle");
        assertThat(events.getFirst().data().path("id").asText()).isEqualTo(id);
        Sse bundle = events.getLast();
        assertThat(bundle.id()).isEqualTo(id);
        assertThat(BundleSignature.problem((ObjectNode) bundle.data(), nodeKey)).isEmpty();
        ServiceTesting.assertVerifies(bundle.data(), http.get(Api.VK, relayer, model).body());

        // the key's stream: the same bundle; the owner of the model, who did not submit it, sees nothing of it
        List<Sse> mine = until(all, e -> "bundle".equals(e.name()));
        assertThat(mine.getLast().id()).endsWith(":" + id);
        assertThat(mine.getLast().data()).isEqualTo(bundle.data());
        // before the bundle only progress events; how many depends on timing (the stream polls the store every 200 ms and
        // a small proof may finish between two polls), so the count is not asserted — the proof's own stream above
        // always starts with one
        assertThat(mine.subList(0, mine.size() - 1)).extracting(Sse::name).allMatch("progress"::equals);
        assertThat(others.stream().filter(l -> l.contains(id))).isEmpty();

        // resuming after an earlier event replays the final event
        long finished = Long.parseLong(mine.getLast().id().substring(0, mine.getLast().id().indexOf(':')));
        BlockingQueue<String> resumed = http.lines(Api.EVENTS, relayer, new String[] {"Last-Event-ID", (finished - 1) + ":p_earlier"});
        assertThat(until(resumed, e -> "bundle".equals(e.name())).getLast().id()).isEqualTo(mine.getLast().id());

        // the metrics count it: one proof or more (the other test may have proved too), its constraints, latencies
        Http.Response metrics = http.get(Api.METRICS, null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.raw().headers().firstValue("content-type").orElse("")).startsWith("text/plain; version=0.0.4");
        java.util.Map<String, Double> m = new java.util.HashMap<>();
        for (String line : metrics.body().lines().toList()) {
            if (!line.startsWith("#")) {
                m.put(line.substring(0, line.lastIndexOf(' ')), Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        assertThat(metrics.body()).contains("# TYPE zkml_prove_seconds histogram", "# TYPE zkml_proofs_total counter");
        double proofs = m.get("zkml_proofs_total");
        assertThat(proofs).isGreaterThanOrEqualTo(1);
        assertThat(m.get("zkml_constraints_proved_total") / proofs).as("constraints per proof: the circuit's")
                .isEqualTo(circuitConstraints());
        assertThat(m.get("zkml_prove_seconds_count")).isEqualTo(proofs);
        assertThat(m.get("zkml_job_seconds_bucket{le=\"+Inf\"}")).isEqualTo(proofs);
        assertThat(m.get("zkml_job_seconds_sum")).isGreaterThanOrEqualTo(m.get("zkml_prove_seconds_sum"));
        assertThat(m).containsKeys("zkml_queue_depth", "zkml_webhook_deliveries_pending", "zkml_workers_busy");

        // a proof the key may not see: 404 before any stream
        assertThat(http.get(Api.PROOF_EVENTS, owner, id).status()).isEqualTo(404);
        assertThat(http.get(Api.PROOF_EVENTS, "nope", id).status()).isEqualTo(401);
    }

    /** The constraints of the model's circuit, as GET /v1/models/{id} reports them. */
    double circuitConstraints() {
        return http.get(Api.MODEL, owner, model).json().path("circuit").path("r1cs").path("constraints").asDouble();
    }

    @Test
    void aWebhookGetsTheSignedBundleAgainAfterA500AndARestart() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(call -> call == 1 ? 500 : 200)) {
            String secret = "webhook-secret-0123456789";
            String url = receiver.url();
            assertThat(http.json(Api.ADD_WEBHOOK, relayer, "{\"url\": \"ftp://x\"}").errorField()).isEqualTo("url");
            Http.Response added = http.json(Api.ADD_WEBHOOK, relayer, "{\"url\": \"" + url + "\", \"secret\": \"" + secret + "\"}");
            assertThat(added.status()).as(added.body()).isEqualTo(201);
            String hook = added.json().path("id").asText();
            assertThat(http.get(Api.WEBHOOKS, relayer).json().path("webhooks").toString()).contains(hook).doesNotContain(secret);
            assertThat(http.get(Api.WEBHOOKS, owner).json().path("webhooks")).isEmpty();

            String id = http.json(Api.PROVE, relayer, input(), model).json().path("id").asText();
            WebhookReceiver.Received first = receiver.next();
            assertThat(first).as("first delivery").isNotNull();
            // the node restarts before the retry is due (backoff 2 s): the new process retries it
            node.close();
            node = ProvingNode.start(ServiceTesting.config(data));
            http = new Http(node.port());
            WebhookReceiver.Received second = receiver.next();
            assertThat(second).as("the retry after a 500").isNotNull();

            for (WebhookReceiver.Received r : List.of(first, second)) {
                assertThat(r.proof()).isEqualTo(id);
                assertThat(r.signature()).isEqualTo("sha256=" + Webhooks.hmac(secret, r.body()));
                ObjectNode bundle = (ObjectNode) JsonText.parse("webhook body", r.body()).node();
                assertThat(BundleSignature.problem(bundle, nodeKey)).isEmpty();
            }
            assertThat(second.delivery()).isEqualTo(first.delivery());
            assertThat(second.body()).isEqualTo(first.body());
            ServiceTesting.assertVerifies(JsonText.parse("b", second.body()).node(), http.get(Api.VK, relayer, model).body());
            Thread.sleep(1000);
            assertThat(receiver.calls()).as("a delivery answered 200 is not sent again").isEqualTo(2);

            assertThat(http.call(Api.DELETE_WEBHOOK, owner, null, null, null, null, hook).status()).isEqualTo(404);
            assertThat(http.call(Api.DELETE_WEBHOOK, relayer, null, null, null, null, hook).status()).isEqualTo(204);
            assertThat(http.get(Api.WEBHOOKS, relayer).json().path("webhooks")).isEmpty();
        }
    }
}
