package io.zkml.service;

import static io.zkml.service.ServiceTesting.ADMIN;
import static io.zkml.service.ServiceTesting.RANGE;
import static io.zkml.service.ServiceTesting.input;
import static io.zkml.service.ServiceTesting.resource;
import static io.zkml.service.WebApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.zkml.core.r1cs.R1csReader;
import io.zkml.core.zkey.Zkey;
import io.zkml.prover.groth16.Setup;
import io.zkml.service.http.Api;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API end to end on one node (Java prover) and the tiny model 1l_mlp, its HTTP server on the test's Vert.x
 * ({@link VertxExtension}) and called with a Vert.x {@code WebClient} ({@link WebApi}): register → ready → prove →
 * a bundle that the Java verifier accepts; roles and isolation; bad input; idempotency; Arrow batches, all or
 * none; cancellation and queue limits on an API-only node; key upload; the stored artifacts. Independent calls go
 * out together and are checked when all have answered; a scenario whose steps depend on each other awaits each
 * answer on the test's thread. Every route and status seen is checked against the OpenAPI document at the end.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
class ServiceApiTest {

    private static final String ARROW = "application/vnd.apache.arrow.stream";
    private static final String OCTETS = "application/octet-stream";
    private static final String JSON = "application/json";

    @TempDir
    static Path data;

    ProvingNode node;
    WebApi api;
    String alice; // owner
    String carol; // another owner
    String bob; // relayer
    String dave; // another relayer
    String model;

    @BeforeAll
    void start(Vertx vertx, VertxTestContext ctx) throws Exception {
        node = ProvingNode.start(ServiceTesting.config(data).withLimits(64L << 20, 4096, 1L << 20, 100, 1000), vertx);
        api = new WebApi(vertx, node.port());
        Future.all(api.key("alice", "owner"), api.key("carol", "owner"), api.key("bob", "relayer"), api.key("dave", "relayer")).compose(keys -> {
            alice = keys.resultAt(0);
            carol = keys.resultAt(1);
            bob = keys.resultAt(2);
            dave = keys.resultAt(3);
            return api.readyModel(alice);
        }).onComplete(ctx.succeeding(id -> {
            model = id;
            ctx.completeNow();
        }));
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
        node.close();
        OpenApiContractTest.assertSeenStatusesDocumented();
    }

    /** Runs a scenario of awaited calls on the test's thread, reporting its outcome to {@code ctx}. */
    private static void scenario(VertxTestContext ctx, VertxTestContext.ExecutionBlock steps) {
        ctx.verify(steps);
        ctx.completeNow();
    }

    @Test
    void aSharedModelIsProvedForARelayerAndTheBundleVerifies(VertxTestContext ctx) {
        scenario(ctx, () -> {
            JsonNode m = await(api.get(Api.MODEL, alice, model)).json();
            assertThat(m.path("provenance").path("kind").asText() + m.path("provenance")).contains("development");
            assertThat(m.path("circuit").path("r1cs").path("wires").asInt()).isPositive();
            WebApi.Response vk = await(api.get(Api.VK, alice, model));
            assertThat(vk.status()).isEqualTo(200);
            assertThat(vk.headers().get("content-type")).startsWith("application/json");
            WebApi.Response sol = await(api.get(Api.VERIFIER, alice, model));
            assertThat(sol.status()).isEqualTo(200);
            assertThat(sol.body()).contains("contract").contains("verifyProof");

            assertThat(await(api.json(Api.PROVE, bob, input(), model)).status()).as("not shared yet").isEqualTo(404);
            assertThat(await(api.call(Api.SHARE, alice, null, null, null, null, model, "bob")).status()).isEqualTo(204);
            assertThat(await(api.get(Api.MODEL, bob, model)).status()).isEqualTo(200);
            WebApi.Response submitted = await(api.json(Api.PROVE, bob, input(), model));
            assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
            String id = submitted.json().path("id").asText();

            JsonNode done = await(api.finished(bob, id));
            assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
            assertThat(done.path("progress").asDouble()).isEqualTo(1.0);
            JsonNode bundle = done.path("bundle");
            ServiceTesting.assertVerifies(bundle, vk.body());
            assertThat(bundle.path("zkeyHash").asText()).isEqualTo(m.path("zkeyHash").asText());
            assertThat(bundle.path("outputs").get(0).path("values").size()).isEqualTo(4);
            // signed by the node whose public key GET /v1/node shows
            JsonNode nodeKey = await(api.get(Api.NODE, bob)).json().path("nodeKey");
            assertThat(nodeKey.path("keyId").asText()).isEqualTo(bundle.path("signature").path("keyId").asText());
            byte[] pk = io.zkml.bundle.BundleSignature.parsePublicKey(nodeKey.path("publicKey").asText(), "nodeKey");
            assertThat(io.zkml.bundle.BundleSignature.problem((com.fasterxml.jackson.databind.node.ObjectNode) bundle, pk)).isEmpty();
            assertThat(data.resolve(io.zkml.service.NodeKey.FILE)).exists();
            assertThat(data.resolve("proofs").resolve(id).resolve("input.json")).as("the private input is deleted").doesNotExist();
            // the published bundle is a content-addressed artifact, named by its hash in the store
            String ref = node.store().job(id).orElseThrow().bundle();
            assertThat(ref).startsWith("sha256:");
            assertThat(artifact(ref.substring(7))).exists();

            // isolation: the other relayer and the other owner see nothing of it (asked all at once)
            List<Future<WebApi.Response>> others = List.of(api.get(Api.PROOF, dave, id), api.get(Api.PROOF, carol, id), api.get(Api.MODEL, carol, model),
                    api.get(Api.VK, dave, model), api.get(Api.PROOF, ADMIN, id), api.call(Api.CANCEL, dave, null, null, null, null, id));
            await(Future.all(others));
            assertThat(others.stream().map(f -> f.result().status())).containsExactly(404, 404, 404, 404, 200, 404);
            // a finished job stays finished
            assertThat(await(api.call(Api.CANCEL, bob, null, null, null, null, id)).json().path("status").asText()).isEqualTo("succeeded");
        });
    }

    @Test
    void keysAndRolesAreChecked(VertxTestContext ctx) {
        Future<WebApi.Response> noKey = api.get(Api.NODE, null);
        Future<WebApi.Response> unknownKey = api.get(Api.NODE, "zk_not-a-key");
        Future<WebApi.Response> nodeInfo = api.get(Api.NODE, bob);
        Future<WebApi.Response> relayerRegisters = api.call(Api.MODELS, bob, resource(ServiceTesting.MODEL), OCTETS, RANGE, null);
        Future<WebApi.Response> ownerMakesKey = api.json(Api.KEYS, alice, "{\"name\": \"eve\", \"role\": \"admin\"}");
        Future<WebApi.Response> nameTaken = api.json(Api.KEYS, ADMIN, "{\"name\": \"alice\", \"role\": \"owner\"}");
        Future<WebApi.Response> badRole = api.json(Api.KEYS, ADMIN, "{\"name\": \"frank\", \"role\": \"king\"}");
        Future<WebApi.Response> relayerShares = api.call(Api.SHARE, bob, null, null, null, null, model, "dave");
        Future<WebApi.Response> otherOwnerShares = api.call(Api.SHARE, carol, null, null, null, null, model, "dave");
        Future<WebApi.Response> health = api.get(Api.HEALTH, null);
        Future<WebApi.Response> ready = api.get(Api.READY, null);
        Future<WebApi.Response> openapi = api.get(Api.OPENAPI, null);
        Future.all(List.of(noKey, unknownKey, nodeInfo, relayerRegisters, ownerMakesKey, nameTaken, badRole, relayerShares, otherOwnerShares, health, ready,
                openapi)).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    assertThat(noKey.result().status()).isEqualTo(401);
                    assertThat(noKey.result().headers().get("WWW-Authenticate")).isEqualTo("Bearer");
                    assertThat(unknownKey.result().status()).isEqualTo(401);
                    assertThat(nodeInfo.result().json().path("backend").asText()).containsIgnoringCase("java");
                    assertThat(relayerRegisters.result().status()).isEqualTo(403);
                    assertThat(ownerMakesKey.result().status()).isEqualTo(403);
                    assertThat(nameTaken.result().status()).as("name taken").isEqualTo(409);
                    assertThat(badRole.result().status()).isEqualTo(400);
                    assertThat(badRole.result().errorField()).isEqualTo("role");
                    assertThat(relayerShares.result().status()).as("a relayer cannot share").isIn(403, 404);
                    assertThat(otherOwnerShares.result().status()).isEqualTo(404);
                    assertThat(health.result().status()).isEqualTo(200);
                    assertThat(ready.result().status()).isEqualTo(200);
                    assertThat(openapi.result().body()).contains("openapi: 3");
                    ctx.completeNow();
                })));
    }

    @Test
    void badInputIsRefusedNamingTheField(VertxTestContext ctx) {
        scenario(ctx, () -> {
            byte[] onnx = resource(ServiceTesting.MODEL);
            WebApi.Response noRange = await(api.call(Api.MODELS, alice, onnx, OCTETS, null, null));
            assertThat(noRange.status()).isEqualTo(400);
            assertThat(noRange.errorField()).isEqualTo("input_range");
            assertThat(noRange.body()).doesNotContain("Exception").doesNotContain("\tat ");
            WebApi.Response badVis = await(api.call(Api.MODELS, alice, onnx, OCTETS, RANGE + "&input_visibility=loud", null));
            assertThat(badVis.status()).isEqualTo(400);
            assertThat(badVis.errorField()).isEqualTo("input_visibility");
            WebApi.Response unknown = await(api.call(Api.MODELS, alice, onnx, OCTETS, RANGE + "&colour=red", null));
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.errorField()).isEqualTo("colour");
            assertThat(await(api.call(Api.MODELS, alice, new byte[0], OCTETS, RANGE, null)).errorField()).isEqualTo("body");

            WebApi.Response wrongCount = await(api.json(Api.PROVE, alice, "{\"input_data\": [[1.0, 0.5]]}", model));
            assertThat(wrongCount.status()).isEqualTo(400);
            assertThat(wrongCount.errorMessage()).contains("3 elements");
            assertThat(await(api.json(Api.PROVE, alice, "{\"input_data\": ", model)).status()).isEqualTo(400);
            assertThat(await(api.json(Api.PROVE, alice, input(), "m_nosuchmodel")).status()).isEqualTo(404);
            assertThat(await(api.json(Api.PROVE, alice, "{\"input_data\": [[" + "1.0,".repeat(2000) + "1.0]]}", model)).status()).as("over 4 KiB")
                    .isEqualTo(413);
            assertThat(await(api.get(Api.PROOF, alice, "p_nosuchproof")).status()).isEqualTo(404);
            assertThat(await(api.call(Api.PROVE, alice, input().getBytes(StandardCharsets.UTF_8), JSON, null, new String[] {"Idempotency-Key", "x".repeat(201)},
                    model)).errorField()).isEqualTo("Idempotency-Key");

            // out of the declared range: accepted as a job, which fails with the reason and is not retried
            WebApi.Response outOfRange = await(api.json(Api.PROVE, alice, "{\"input_data\": [[9.0, 0.5, 0.5]]}", model));
            assertThat(outOfRange.status()).isEqualTo(202);
            JsonNode failed = await(api.finished(alice, outOfRange.json().path("id").asText()));
            assertThat(failed.path("status").asText()).isEqualTo("failed");
            assertThat(failed.path("error").asText()).contains("range");
            assertThat(failed.path("attempts").asInt()).isEqualTo(1);

            // a file that is not ONNX: the model fails, saying why
            WebApi.Response junk = await(api.call(Api.MODELS, alice, "not onnx".getBytes(StandardCharsets.UTF_8), OCTETS, RANGE, null));
            assertThat(junk.status()).isEqualTo(202);
            JsonNode m = await(api.settled(alice, junk.json().path("id").asText()));
            assertThat(m.path("status").asText()).isEqualTo("failed");
            assertThat(m.path("error").asText()).isNotBlank();
            assertThat(await(api.get(Api.VK, alice, junk.json().path("id").asText())).status()).as("not ready").isEqualTo(409);
        });
    }

    @Test
    void resubmittingWithAnIdempotencyKeyGivesTheSameJob(VertxTestContext ctx) {
        scenario(ctx, () -> {
            String[] idem = {"Idempotency-Key", "order-42"};
            byte[] body = input().getBytes(StandardCharsets.UTF_8);
            WebApi.Response first = await(api.call(Api.PROVE, alice, body, JSON, null, idem, model));
            assertThat(first.status()).isEqualTo(202);
            WebApi.Response again = await(api.call(Api.PROVE, alice, body, JSON, null, idem, model));
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
            WebApi.Response other = await(api.call(Api.PROVE, alice, "{\"input_data\": [[0.5, 0.5, 0.5]]}".getBytes(StandardCharsets.UTF_8), JSON, null, idem,
                    model));
            assertThat(other.status()).isEqualTo(409);
            assertThat(other.errorField()).isEqualTo("Idempotency-Key");
            // another key may use the same Idempotency-Key for its own job
            assertThat(await(api.call(Api.PROVE, ADMIN, body, JSON, null, idem, model)).status()).isEqualTo(202);
            assertThat(await(api.finished(alice, first.json().path("id").asText())).path("status").asText()).isEqualTo("succeeded");
        });
    }

    @Test
    void concurrentResubmissionsUnderOneIdempotencyKeyMakeOneJob(VertxTestContext ctx) {
        byte[] body = input().getBytes(StandardCharsets.UTF_8);
        String[] idem = {"Idempotency-Key", "order-43"};
        int n = 5;
        Checkpoint answered = ctx.checkpoint(n);
        Checkpoint checked = ctx.checkpoint();
        List<Future<WebApi.Response>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(api.call(Api.PROVE, alice, body, JSON, null, idem, model).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                assertThat(r.status()).as(r.body()).isIn(200, 202);
                answered.flag();
            }))));
        }
        Future.all(all).onComplete(ctx.succeeding(done -> ctx.verify(() -> {
            assertThat(all.stream().map(f -> f.result().status())).as("one new job, then the same one").containsOnly(202, 200).containsOnlyOnce(202);
            assertThat(all.stream().map(f -> f.result().json().path("id").asText()).distinct()).hasSize(1);
            checked.flag();
        })));
    }

    @Test
    void anArrowBodyQueuesOneProofPerRowAndItsIdempotencyKeyCoversTheBatch(VertxTestContext ctx) {
        scenario(ctx, () -> {
            String[] idem = {"Idempotency-Key", "batch-7"};
            byte[] two = arrowStream(3, new double[] {1.5, 0.5, -1.25}, new double[] {0.0, -2.0, 2.0});
            WebApi.Response first = await(api.call(Api.PROVE, alice, two, ARROW, null, idem, model));
            assertThat(first.status()).as(first.body()).isEqualTo(202);
            JsonNode ids = first.json().path("ids");
            assertThat(ids.size()).isEqualTo(2);
            assertThat(ids.get(0).asText()).isNotEqualTo(ids.get(1).asText());
            WebApi.Response again = await(api.call(Api.PROVE, alice, two, ARROW, null, idem, model));
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().path("ids")).isEqualTo(ids);
            byte[] other = arrowStream(3, new double[] {1.5, 0.5, -1.25});
            assertThat(await(api.call(Api.PROVE, alice, other, ARROW, null, idem, model)).status()).isEqualTo(409);
            // told by its first bytes without the media type; rows of the wrong size are refused naming the body
            WebApi.Response wrong = await(api.call(Api.PROVE, alice, arrowStream(2, new double[] {1, 2}), OCTETS, null, null, model));
            assertThat(wrong.status()).isEqualTo(400);
            assertThat(wrong.errorField()).isEqualTo("body");
            assertThat(wrong.body()).doesNotContain("input_data");
            String vk = await(api.get(Api.VK, alice, model)).body();
            for (JsonNode id : ids) {
                JsonNode done = await(api.finished(alice, id.asText()));
                assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
                ServiceTesting.assertVerifies(done.path("bundle"), vk);
            }
            // a hashed input's salt has no place in an Arrow body: such a model refuses batches
            WebApi.Response r = await(api.call(Api.MODELS, alice, resource(ServiceTesting.MODEL), OCTETS, RANGE + "&input_visibility=hashed", null));
            String hashed = await(api.settled(alice, r.json().path("id").asText())).path("id").asText();
            WebApi.Response refused = await(api.call(Api.PROVE, alice, two, ARROW, null, null, hashed));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body()).contains("hashed").contains("salt");
        });
    }

    @Test
    void anArrowBatchWithABadRowQueuesNothing(VertxTestContext ctx) {
        scenario(ctx, () -> {
            String erin = await(api.key("erin", "relayer"));
            assertThat(await(api.call(Api.SHARE, alice, null, null, null, null, model, "erin")).status()).isEqualTo(204);
            byte[] bad = arrowStream(3, new double[] {1.5, 0.5, -1.25}, new double[] {0.5, Double.NaN, 0.5}, new double[] {0.0, 0.0, 0.0});
            WebApi.Response refused = await(api.call(Api.PROVE, erin, bad, ARROW, null, new String[] {"Idempotency-Key", "bad-batch"}, model));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.errorField()).isEqualTo("body");
            assertThat(refused.errorMessage()).contains("row 1").contains("input '").contains("element 1").contains("NaN").contains("no proof of this batch was queued");
            assertThat(node.store().proofsOf("erin", 0, 100)).as("not even row 0").isEmpty();
            // the same key with a good body afterwards: the refused request stored nothing under it
            byte[] good = arrowStream(3, new double[] {1.5, 0.5, -1.25});
            assertThat(await(api.call(Api.PROVE, erin, good, ARROW, null, new String[] {"Idempotency-Key", "bad-batch"}, model)).status()).isEqualTo(202);
        });
    }

    /**
     * On an API-only node (no workers: what is queued stays queued) over a data folder with a ready model: a batch
     * that would exceed the key's queue is refused whole (429), cancelling a queued proof ends it at once, and the
     * room it frees takes the batch.
     */
    @Test
    void cancellingAndQueueLimitsOnAnApiOnlyNode(Vertx vertx, VertxTestContext ctx, @TempDir Path other) {
        scenario(ctx, () -> {
            String owner;
            String ready;
            String relayer;
            try (ProvingNode proving = ProvingNode.start(ServiceTesting.config(other), vertx)) {
                WebApi first = new WebApi(vertx, proving.port());
                owner = await(first.key("olive", "owner"));
                relayer = await(first.key("rita", "relayer"));
                ready = await(first.readyModel(owner));
                assertThat(await(first.call(Api.SHARE, owner, null, null, null, null, ready, "rita")).status()).isEqualTo(204);
                first.close();
            }
            try (ProvingNode apiOnly = ProvingNode.start(ServiceTesting.config(other).withWorkers(0, Duration.ofSeconds(1), 3)
                    .withLimits(1 << 20, 1 << 20, 1 << 20, 3, 1000), vertx)) {
                WebApi idle = new WebApi(vertx, apiOnly.port());
                WebApi.Response two = await(idle.call(Api.PROVE, owner, arrowStream(3, new double[] {0, 0, 0}, new double[] {1, 1, 1}), ARROW, null, null,
                        ready));
                assertThat(two.status()).as(two.body()).isEqualTo(202);
                byte[] pair = arrowStream(3, new double[] {0.5, 0, 0}, new double[] {1, 0.5, 1});
                WebApi.Response tooMany = await(idle.call(Api.PROVE, owner, pair, ARROW, null, null, ready));
                assertThat(tooMany.status()).as("2 queued + 2 > 3").isEqualTo(429);
                assertThat(tooMany.headers().get("Retry-After")).isNotBlank();
                assertThat(tooMany.errorMessage()).contains("batch of 2");
                assertThat(apiOnly.store().proofsOf("olive", 0, 100)).as("none of the batch").hasSize(2);

                String queued = two.json().path("ids").get(1).asText();
                assertThat(await(idle.call(Api.CANCEL, relayer, null, null, null, null, queued)).status()).as("not the relayer's").isEqualTo(404);
                JsonNode cancelled = await(idle.call(Api.CANCEL, owner, null, null, null, null, queued)).json();
                assertThat(cancelled.path("status").asText()).isEqualTo("cancelled");
                assertThat(cancelled.path("error").asText()).isEqualTo("cancelled on request");
                assertThat(cancelled.has("bundle")).isFalse();
                assertThat(other.resolve("proofs").resolve(queued).resolve("input.json")).as("its input is deleted").doesNotExist();
                assertThat(await(idle.get(Api.PROOF, owner, queued)).json().path("status").asText()).isEqualTo("cancelled");
                assertThat(await(idle.call(Api.CANCEL, owner, null, null, null, null, queued)).json().path("status").asText()).as("again: no change")
                        .isEqualTo("cancelled");
                // one queued now: the batch of two fits
                WebApi.Response fits = await(idle.call(Api.PROVE, owner, pair, ARROW, null, null, ready));
                assertThat(fits.status()).as(fits.body()).isEqualTo(202);
                assertThat(fits.json().path("proofs").get(0).path("status").asText()).isEqualTo("queued");
                idle.close();
            }
        });
    }

    @Test
    void aCeremonyKeyReplacesTheDevelopmentKeyOnlyIfItBelongsToTheCircuit(VertxTestContext ctx) {
        scenario(ctx, () -> {
            String owned = await(api.readyModel(carol));
            byte[] junk = "this is not a zkey".getBytes(StandardCharsets.UTF_8);
            WebApi.Response bad = await(api.call(Api.ZKEY, carol, junk, OCTETS, null, null, owned));
            assertThat(bad.status()).as(bad.body()).isEqualTo(400);
            assertThat(await(api.call(Api.ZKEY, alice, junk, OCTETS, null, null, owned)).status()).isEqualTo(404);
            assertThat(await(api.call(Api.ZKEY, carol, new byte[(1 << 20) + 1], OCTETS, null, null, owned)).status()).isEqualTo(413);

            // a key of another circuit: the 2-layer model's
            WebApi.Response other = await(api.call(Api.MODELS, carol, resource("/models/2l_relu_fc/network.onnx"), OCTETS, RANGE, null));
            String otherId = other.json().path("id").asText();
            await(api.until(Api.MODEL, carol, otherId, j -> j.path("status").asText().equals("ready")));
            byte[] otherKey = Files.readAllBytes(modelFile(otherId, "circuit.zkey"));
            WebApi.Response wrong = await(api.call(Api.ZKEY, carol, otherKey, OCTETS, null, null, owned));
            assertThat(wrong.status()).as(wrong.body()).isEqualTo(400);

            // a fresh key for this circuit (standing in for a ceremony's): installed, and proofs use it
            String before = await(api.get(Api.MODEL, carol, owned)).json().path("zkeyHash").asText();
            ByteArrayOutputStream fresh = new ByteArrayOutputStream();
            try (Zkey k = Setup.development(R1csReader.read(modelFile(owned, "circuit.r1cs")), new SecureRandom())) {
                k.write(fresh);
            }
            WebApi.Response put = await(api.call(Api.ZKEY, carol, fresh.toByteArray(), OCTETS, null, null, owned));
            assertThat(put.status()).as(put.body()).isEqualTo(200);
            assertThat(put.json().path("zkeyHash").asText()).isNotEqualTo(before);
            assertThat(modelFile(owned, "circuit.zkey")).as("the key is stored under its hash").hasBinaryContent(fresh.toByteArray())
                    .hasFileName(put.json().path("zkeyHash").asText());
            WebApi.Response p = await(api.json(Api.PROVE, carol, input(), owned));
            JsonNode done = await(api.finished(carol, p.json().path("id").asText()));
            assertThat(done.path("status").asText()).isEqualTo("succeeded");
            assertThat(done.path("bundle").path("zkeyHash").asText()).isEqualTo(put.json().path("zkeyHash").asText());
            ServiceTesting.assertVerifies(done.path("bundle"), await(api.get(Api.VK, carol, owned)).body());
        });
    }

    @Test
    void theSameUploadIsStoredOnceAndATamperedArtifactIsNotServed(VertxTestContext ctx) {
        scenario(ctx, () -> {
            // carol's models (the test above, or this one) and alice's are the same upload: one stored model.onnx, one circuit
            String again = await(api.readyModel(carol));
            for (String name : List.of("model.onnx", "circuit.r1cs", "report.json")) {
                assertThat(modelFile(again, name)).as(name).isEqualTo(modelFile(model, name));
            }
            assertThat(modelFile(again, "circuit.zkey")).as("each has its own development key").isNotEqualTo(modelFile(model, "circuit.zkey"));
            assertThat(modelFile(again, "circuit.json")).as("which circuit.json records").isNotEqualTo(modelFile(model, "circuit.json"));
            try (var files = Files.list(data.resolve("models").resolve(again))) {
                assertThat(files.map(f -> f.getFileName().toString())).as("the model's folder only names its files").containsExactly("manifest.json");
            }

            // a verification key changed on disk: refused, naming the hash, not served
            Path vk = modelFile(again, "verification_key.json");
            byte[] good = Files.readAllBytes(vk);
            vk.toFile().setWritable(true);
            Files.writeString(vk, new String(good, StandardCharsets.UTF_8).replace("\"groth16\"", "\"plonk\""));
            WebApi.Response served = await(api.get(Api.VK, carol, again));
            assertThat(served.status()).isEqualTo(500);
            assertThat(served.json().path("error").path("code").asText()).isEqualTo("corrupt_artifact");
            assertThat(served.errorMessage()).contains(vk.getFileName().toString()).doesNotContain("plonk");
            Files.write(vk, good);
            assertThat(await(api.get(Api.VK, carol, again)).body()).isEqualTo(new String(good, StandardCharsets.UTF_8));

            // a published bundle changed on disk: the proof is refused whole, not served altered
            WebApi.Response p = await(api.json(Api.PROVE, carol, input(), again));
            String id = p.json().path("id").asText();
            assertThat(await(api.finished(carol, id)).path("status").asText()).isEqualTo("succeeded");
            Path bundle = artifact(node.store().job(id).orElseThrow().bundle().substring(7));
            byte[] published = Files.readAllBytes(bundle);
            bundle.toFile().setWritable(true);
            Files.writeString(bundle, new String(published, StandardCharsets.UTF_8).replace("1", "2"));
            WebApi.Response altered = await(api.get(Api.PROOF, carol, id));
            assertThat(altered.status()).isEqualTo(500);
            assertThat(altered.json().path("error").path("code").asText()).isEqualTo("corrupt_artifact");
            Files.write(bundle, published);
            ServiceTesting.assertVerifies(await(api.get(Api.PROOF, carol, id)).json().path("bundle"), new String(good, StandardCharsets.UTF_8));
        });
    }

    /** A stored artifact of the node's data folder. */
    static Path artifact(String sha) {
        return data.resolve("artifacts").resolve("sha256").resolve(sha.substring(0, 2)).resolve(sha);
    }

    /** A stored file of a model, as its manifest names it in the data folder. */
    static Path modelFile(String model, String name) throws java.io.IOException {
        Path manifest = data.resolve("models").resolve(model).resolve("manifest.json");
        String sha = io.zkml.core.io.JsonText.read(manifest).node().path("files").path(name).asText();
        assertThat(sha).as(name + " of " + model).hasSize(64);
        return artifact(sha);
    }

    /** An Arrow IPC stream of one fixed_size_list&lt;double, n&gt; column, a row per array. */
    static byte[] arrowStream(int n, double[]... rows) throws Exception {
        try (org.apache.arrow.memory.BufferAllocator a = new org.apache.arrow.memory.RootAllocator();
                org.apache.arrow.vector.complex.FixedSizeListVector v = org.apache.arrow.vector.complex.FixedSizeListVector.empty("input", n, a)) {
            v.addOrGetVector(org.apache.arrow.vector.types.pojo.FieldType.nullable(org.apache.arrow.vector.types.Types.MinorType.FLOAT8.getType()));
            org.apache.arrow.vector.Float8Vector values = (org.apache.arrow.vector.Float8Vector) v.getDataVector();
            for (int r = 0; r < rows.length; r++) {
                v.setNotNull(r);
                for (int i = 0; i < n; i++) {
                    values.setSafe(r * n + i, rows[r][i]);
                }
            }
            values.setValueCount(rows.length * n);
            v.setValueCount(rows.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (org.apache.arrow.vector.VectorSchemaRoot root = new org.apache.arrow.vector.VectorSchemaRoot(java.util.List.of(v));
                    org.apache.arrow.vector.ipc.ArrowStreamWriter w = new org.apache.arrow.vector.ipc.ArrowStreamWriter(root, null, out)) {
                root.setRowCount(rows.length);
                w.start();
                w.writeBatch();
                w.end();
            }
            return out.toByteArray();
        }
    }
}
