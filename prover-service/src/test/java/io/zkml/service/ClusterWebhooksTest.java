package io.zkml.service;

import static io.zkml.service.ServiceTesting.input;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.bundle.BundleSignature;
import io.zkml.core.io.JsonText;
import io.zkml.service.http.Api;
import io.zkml.service.store.Delivery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks on two nodes of one store (the embedded H2 database of one shared data folder, opened by both nodes in
 * this JVM; on PostgreSQL the store's rules are the same, {@code JobStoreContract}): node A, an API without
 * workers, registers the webhooks; node B proves. Both send deliveries, each exactly once; after A stops, B
 * alone delivers, retrying a failed one under the same delivery id.
 */
class ClusterWebhooksTest {

    @TempDir
    Path shared;

    @Test
    void aWebhookRegisteredOnOneNodeGetsTheBundlesProvedOnAnotherOnceEach() throws Exception {
        ProvingNode a = ProvingNode.start(ServiceTesting.config(shared).withWorkers(0, Duration.ofSeconds(30), 3));
        try (ProvingNode b = ProvingNode.start(ServiceTesting.config(shared));
             WebhookReceiver ok = new WebhookReceiver(call -> 200);
             WebhookReceiver flaky = new WebhookReceiver(call -> call == 1 ? 503 : 200)) {
            Http httpA = new Http(a.port());
            Http httpB = new Http(b.port());
            String relayer = ServiceTesting.key(httpA, "rita", "relayer");
            String model = ServiceTesting.readyModel(httpA, ServiceTesting.ADMIN);
            assertThat(httpA.call(Api.SHARE, ServiceTesting.ADMIN, null, null, null, null, model, "rita").status()).isEqualTo(204);
            byte[] nodeKey = BundleSignature.parsePublicKey(httpB.get(Api.NODE, relayer).json().path("nodeKey").path("publicKey").asText(), "node");
            String vk = httpB.get(Api.VK, relayer, model).body();

            String secret = "cluster-secret-0123456789";
            String okHook = register(httpA, relayer, ok.url(), secret);
            // two proofs, submitted on A, proved by B (A has no workers); both nodes send deliveries
            List<String> proofs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Http.Response r = httpA.json(Api.PROVE, relayer, input(), model);
                assertThat(r.status()).as(r.body()).isEqualTo(202);
                proofs.add(r.json().path("id").asText());
            }
            Set<String> deliveries = new HashSet<>();
            List<String> delivered = new ArrayList<>();
            for (int i = 0; i < proofs.size(); i++) {
                WebhookReceiver.Received got = ok.next();
                assertThat(got).as("delivery " + (i + 1)).isNotNull();
                assertSigned(got, secret, nodeKey, vk);
                delivered.add(got.proof());
                deliveries.add(got.delivery());
            }
            assertThat(delivered).containsExactlyInAnyOrderElementsOf(proofs);
            assertThat(deliveries).hasSize(proofs.size());

            // A stops (once the store has recorded both deliveries: a node stopping between a receiver's answer and
            // recording it leaves the delivery to be sent again, which is allowed but not what this test counts);
            // a webhook it registered still gets B's next proof, from B, after a 503, under one delivery id
            String flakyHook = register(httpA, relayer, flaky.url(), secret);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (b.store().pendingDeliveries() > 0) {
                assertThat(System.nanoTime()).as("deliveries recorded").isLessThan(deadline);
                Thread.sleep(20);
            }
            a.close();
            a = null;
            String last = httpB.json(Api.PROVE, relayer, input(), model).json().path("id").asText();
            WebhookReceiver.Received first = flaky.next();
            WebhookReceiver.Received retry = flaky.next();
            assertThat(first).isNotNull();
            assertThat(retry).as("the retry after a 503").isNotNull();
            assertThat(retry.delivery()).isEqualTo(first.delivery());
            assertThat(retry.proof()).isEqualTo(last);
            assertSigned(retry, secret, nodeKey, vk);
            WebhookReceiver.Received third = ok.next();
            assertThat(third.proof()).isEqualTo(last);

            Thread.sleep(1500); // several rounds of the senders: nothing is sent again
            assertThat(ok.calls()).as("one request per delivery").isEqualTo(3);
            assertThat(flaky.calls()).isEqualTo(2);
            assertThat(b.store().deliveries(okHook)).hasSize(3).allSatisfy(d -> {
                assertThat(d.status()).isEqualTo(Delivery.Status.DELIVERED);
                assertThat(d.attempts()).isEqualTo(1);
            });
            assertThat(b.store().deliveries(flakyHook)).singleElement().satisfies(d -> {
                assertThat(d.status()).isEqualTo(Delivery.Status.DELIVERED);
                assertThat(d.attempts()).isEqualTo(2);
                assertThat(d.lastError()).isEqualTo("HTTP 503");
            });
            assertThat(b.store().pendingDeliveries()).isZero();
        } finally {
            if (a != null) {
                a.close();
            }
        }
    }

    private static String register(Http http, String key, String url, String secret) {
        Http.Response added = http.json(Api.ADD_WEBHOOK, key, "{\"url\": \"" + url + "\", \"secret\": \"" + secret + "\"}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return added.json().path("id").asText();
    }

    /** The HMAC over the body, the node's signature over the bundle, and the proof under the model's key. */
    private static void assertSigned(WebhookReceiver.Received r, String secret, byte[] nodeKey, String vk) {
        assertThat(r.signature()).isEqualTo("sha256=" + Webhooks.hmac(secret, r.body()));
        ObjectNode bundle = (ObjectNode) JsonText.parse("webhook body", r.body()).node();
        assertThat(BundleSignature.problem(bundle, nodeKey)).isEmpty();
        ServiceTesting.assertVerifies(bundle, vk);
    }
}
