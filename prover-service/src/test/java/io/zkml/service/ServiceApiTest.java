package io.zkml.service;

import static io.zkml.service.ServiceTesting.ADMIN;
import static io.zkml.service.ServiceTesting.RANGE;
import static io.zkml.service.ServiceTesting.input;
import static io.zkml.service.ServiceTesting.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml.core.r1cs.R1csReader;
import io.zkml.core.zkey.Zkey;
import io.zkml.prover.groth16.Setup;
import io.zkml.service.http.Api;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API end to end on one node (Java prover) and the tiny model 1l_mlp: register → ready → prove → a bundle
 * that the Java verifier accepts; roles and isolation; bad input; idempotency; key upload.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceApiTest {

    @TempDir
    static Path data;

    ProvingNode node;
    Http http;
    String alice; // owner
    String carol; // another owner
    String bob; // relayer
    String dave; // another relayer
    String model;

    @BeforeAll
    void start() throws Exception {
        node = ProvingNode.start(ServiceTesting.config(data).withLimits(64L << 20, 4096, 1L << 20, 100, 1000));
        http = new Http(node.port());
        alice = ServiceTesting.key(http, "alice", "owner");
        carol = ServiceTesting.key(http, "carol", "owner");
        bob = ServiceTesting.key(http, "bob", "relayer");
        dave = ServiceTesting.key(http, "dave", "relayer");
        model = ServiceTesting.readyModel(http, alice);
    }

    @AfterAll
    void stop() throws Exception {
        node.close();
        OpenApiContractTest.assertSeenStatusesDocumented();
    }

    @Test
    void aSharedModelIsProvedForARelayerAndTheBundleVerifies() throws Exception {
        JsonNode m = http.get(Api.MODEL, alice, model).json();
        assertThat(m.path("provenance").path("kind").asText() + m.path("provenance")).contains("development");
        assertThat(m.path("circuit").path("r1cs").path("wires").asInt()).isPositive();
        Http.Response vk = http.get(Api.VK, alice, model);
        assertThat(vk.status()).isEqualTo(200);
        Http.Response sol = http.get(Api.VERIFIER, alice, model);
        assertThat(sol.status()).isEqualTo(200);
        assertThat(sol.body()).contains("contract").contains("verifyProof");

        assertThat(http.json(Api.PROVE, bob, input(), model).status()).as("not shared yet").isEqualTo(404);
        assertThat(http.call(Api.SHARE, alice, null, null, null, null, model, "bob").status()).isEqualTo(204);
        assertThat(http.get(Api.MODEL, bob, model).status()).isEqualTo(200);
        Http.Response submitted = http.json(Api.PROVE, bob, input(), model);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String id = submitted.json().path("id").asText();

        JsonNode done = ServiceTesting.awaitProof(http, bob, id);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.path("progress").asDouble()).isEqualTo(1.0);
        JsonNode bundle = done.path("bundle");
        ServiceTesting.assertVerifies(bundle, vk.body());
        assertThat(bundle.path("zkeyHash").asText()).isEqualTo(m.path("zkeyHash").asText());
        assertThat(bundle.path("outputs").get(0).path("values").size()).isEqualTo(4);
        // signed by the node whose public key GET /v1/node shows
        JsonNode nodeKey = http.get(Api.NODE, bob).json().path("nodeKey");
        assertThat(nodeKey.path("keyId").asText()).isEqualTo(bundle.path("signature").path("keyId").asText());
        byte[] pk = io.zkml.bundle.BundleSignature.parsePublicKey(nodeKey.path("publicKey").asText(), "nodeKey");
        assertThat(io.zkml.bundle.BundleSignature.problem((com.fasterxml.jackson.databind.node.ObjectNode) bundle, pk)).isEmpty();
        assertThat(data.resolve(io.zkml.service.NodeKey.FILE)).exists();
        assertThat(data.resolve("proofs").resolve(id).resolve("input.json")).as("the private input is deleted").doesNotExist();

        // isolation: the other relayer and the other owner see nothing of it
        assertThat(http.get(Api.PROOF, dave, id).status()).isEqualTo(404);
        assertThat(http.get(Api.PROOF, carol, id).status()).isEqualTo(404);
        assertThat(http.get(Api.MODEL, carol, model).status()).isEqualTo(404);
        assertThat(http.get(Api.VK, dave, model).status()).isEqualTo(404);
        assertThat(http.get(Api.PROOF, ADMIN, id).status()).isEqualTo(200);
        assertThat(http.call(Api.CANCEL, dave, null, null, null, null, id).status()).isEqualTo(404);
        // a finished job stays finished
        assertThat(http.call(Api.CANCEL, bob, null, null, null, null, id).json().path("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void keysAndRolesAreChecked() {
        assertThat(http.get(Api.NODE, null).status()).isEqualTo(401);
        assertThat(http.get(Api.NODE, "zk_not-a-key").status()).isEqualTo(401);
        JsonNode nodeInfo = http.get(Api.NODE, bob).json();
        assertThat(nodeInfo.path("backend").asText()).containsIgnoringCase("java");
        assertThat(http.call(Api.MODELS, bob, resource(ServiceTesting.MODEL), "application/octet-stream", RANGE, null).status()).isEqualTo(403);
        assertThat(http.json(Api.KEYS, alice, "{\"name\": \"eve\", \"role\": \"admin\"}").status()).isEqualTo(403);
        assertThat(http.json(Api.KEYS, ADMIN, "{\"name\": \"alice\", \"role\": \"owner\"}").status()).as("name taken").isEqualTo(409);
        Http.Response badRole = http.json(Api.KEYS, ADMIN, "{\"name\": \"frank\", \"role\": \"king\"}");
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.errorField()).isEqualTo("role");
        assertThat(http.call(Api.SHARE, bob, null, null, null, null, model, "dave").status()).as("a relayer cannot share").isIn(403, 404);
        assertThat(http.call(Api.SHARE, carol, null, null, null, null, model, "dave").status()).isEqualTo(404);
        assertThat(http.get(Api.HEALTH, null).status()).isEqualTo(200);
        assertThat(http.get(Api.READY, null).status()).isEqualTo(200);
        assertThat(http.get(Api.OPENAPI, null).body()).contains("openapi: 3");
    }

    @Test
    void badInputIsRefusedNamingTheField() throws Exception {
        byte[] onnx = resource(ServiceTesting.MODEL);
        Http.Response noRange = http.call(Api.MODELS, alice, onnx, "application/octet-stream", null, null);
        assertThat(noRange.status()).isEqualTo(400);
        assertThat(noRange.errorField()).isEqualTo("input_range");
        assertThat(noRange.body()).doesNotContain("Exception").doesNotContain("\tat ");
        Http.Response badVis = http.call(Api.MODELS, alice, onnx, "application/octet-stream", RANGE + "&input_visibility=loud", null);
        assertThat(badVis.status()).isEqualTo(400);
        assertThat(badVis.errorField()).isEqualTo("input_visibility");
        Http.Response unknown = http.call(Api.MODELS, alice, onnx, "application/octet-stream", RANGE + "&colour=red", null);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorField()).isEqualTo("colour");
        assertThat(http.call(Api.MODELS, alice, new byte[0], "application/octet-stream", RANGE, null).errorField()).isEqualTo("body");

        Http.Response wrongCount = http.json(Api.PROVE, alice, "{\"input_data\": [[1.0, 0.5]]}", model);
        assertThat(wrongCount.status()).isEqualTo(400);
        assertThat(wrongCount.json().path("error").path("message").asText()).contains("3 elements");
        assertThat(http.json(Api.PROVE, alice, "{\"input_data\": ", model).status()).isEqualTo(400);
        assertThat(http.json(Api.PROVE, alice, input(), "m_nosuchmodel").status()).isEqualTo(404);
        assertThat(http.json(Api.PROVE, alice, "{\"input_data\": [[" + "1.0,".repeat(2000) + "1.0]]}", model).status()).as("over 4 KiB")
                .isEqualTo(413);
        assertThat(http.get(Api.PROOF, alice, "p_nosuchproof").status()).isEqualTo(404);

        // out of the declared range: accepted as a job, which fails with the reason and is not retried
        Http.Response outOfRange = http.json(Api.PROVE, alice, "{\"input_data\": [[9.0, 0.5, 0.5]]}", model);
        assertThat(outOfRange.status()).isEqualTo(202);
        JsonNode failed = ServiceTesting.awaitProof(http, alice, outOfRange.json().path("id").asText());
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("error").asText()).contains("range");
        assertThat(failed.path("attempts").asInt()).isEqualTo(1);

        // a file that is not ONNX: the model fails, saying why
        Http.Response junk = http.call(Api.MODELS, alice, "not onnx".getBytes(StandardCharsets.UTF_8), "application/octet-stream", RANGE, null);
        assertThat(junk.status()).isEqualTo(202);
        JsonNode m = ServiceTesting.await(http, Api.MODEL, alice, junk.json().path("id").asText(),
                j -> !j.path("status").asText().matches("compiling|setup"));
        assertThat(m.path("status").asText()).isEqualTo("failed");
        assertThat(m.path("error").asText()).isNotBlank();
        assertThat(http.get(Api.VK, alice, junk.json().path("id").asText()).status()).as("not ready").isEqualTo(409);
    }

    @Test
    void resubmittingWithAnIdempotencyKeyGivesTheSameJob() throws Exception {
        String[] idem = {"Idempotency-Key", "order-42"};
        byte[] body = input().getBytes(StandardCharsets.UTF_8);
        Http.Response first = http.call(Api.PROVE, alice, body, "application/json", null, idem, model);
        assertThat(first.status()).isEqualTo(202);
        Http.Response again = http.call(Api.PROVE, alice, body, "application/json", null, idem, model);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
        Http.Response other = http.call(Api.PROVE, alice, "{\"input_data\": [[0.5, 0.5, 0.5]]}".getBytes(StandardCharsets.UTF_8),
                "application/json", null, idem, model);
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.errorField()).isEqualTo("Idempotency-Key");
        // another key may use the same Idempotency-Key for its own job
        assertThat(http.call(Api.PROVE, ADMIN, body, "application/json", null, idem, model).status()).isEqualTo(202);
        assertThat(ServiceTesting.awaitProof(http, alice, first.json().path("id").asText()).path("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void anArrowBodyQueuesOneProofPerRowAndItsIdempotencyKeyCoversTheBatch() throws Exception {
        String[] idem = {"Idempotency-Key", "batch-7"};
        byte[] two = arrowStream(3, new double[] {1.5, 0.5, -1.25}, new double[] {0.0, -2.0, 2.0});
        Http.Response first = http.call(Api.PROVE, alice, two, "application/vnd.apache.arrow.stream", null, idem, model);
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        JsonNode ids = first.json().path("ids");
        assertThat(ids.size()).isEqualTo(2);
        assertThat(ids.get(0).asText()).isNotEqualTo(ids.get(1).asText());
        Http.Response again = http.call(Api.PROVE, alice, two, "application/vnd.apache.arrow.stream", null, idem, model);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("ids")).isEqualTo(ids);
        byte[] other = arrowStream(3, new double[] {1.5, 0.5, -1.25});
        assertThat(http.call(Api.PROVE, alice, other, "application/vnd.apache.arrow.stream", null, idem, model).status()).isEqualTo(409);
        // told by its first bytes without the media type; rows of the wrong size are refused naming the body
        Http.Response wrong = http.call(Api.PROVE, alice, arrowStream(2, new double[] {1, 2}), "application/octet-stream", null, null, model);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.errorField()).isEqualTo("body");
        assertThat(wrong.body()).doesNotContain("input_data");
        String vk = http.get(Api.VK, alice, model).body();
        for (JsonNode id : ids) {
            JsonNode done = ServiceTesting.awaitProof(http, alice, id.asText());
            assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
            ServiceTesting.assertVerifies(done.path("bundle"), vk);
        }
        // a hashed input's salt has no place in an Arrow body: such a model refuses batches
        Http.Response r = http.call(Api.MODELS, alice, resource(ServiceTesting.MODEL), "application/octet-stream", RANGE + "&input_visibility=hashed", null);
        String hashed = ServiceTesting.await(http, Api.MODEL, alice, r.json().path("id").asText(), j -> !j.path("status").asText().matches("compiling|setup"))
                .path("id").asText();
        Http.Response refused = http.call(Api.PROVE, alice, two, "application/vnd.apache.arrow.stream", null, null, hashed);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("hashed").contains("salt");
    }

    /** A stored file of a model, as its manifest names it in the data folder. */
    static Path modelFile(String model, String name) throws java.io.IOException {
        Path manifest = data.resolve("models").resolve(model).resolve("manifest.json");
        String sha = io.zkml.core.io.JsonText.read(manifest).node().path("files").path(name).asText();
        return data.resolve("artifacts").resolve("sha256").resolve(sha.substring(0, 2)).resolve(sha);
    }

    /** An Arrow IPC stream of one fixed_size_list&lt;double, n&gt; column, a row per array. */
    static byte[] arrowStream(int n, double[]... rows) throws Exception {
        try (org.apache.arrow.memory.BufferAllocator a = new org.apache.arrow.memory.RootAllocator();
                org.apache.arrow.vector.complex.FixedSizeListVector v = org.apache.arrow.vector.complex.FixedSizeListVector.empty("input", n, a)) {
            v.addOrGetVector(org.apache.arrow.vector.types.pojo.FieldType.nullable(org.apache.arrow.vector.types.Types.MinorType.FLOAT8.getType()));
            org.apache.arrow.vector.Float8Vector data = (org.apache.arrow.vector.Float8Vector) v.getDataVector();
            for (int r = 0; r < rows.length; r++) {
                v.setNotNull(r);
                for (int i = 0; i < n; i++) {
                    data.setSafe(r * n + i, rows[r][i]);
                }
            }
            data.setValueCount(rows.length * n);
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

    @Test
    void aCeremonyKeyReplacesTheDevelopmentKeyOnlyIfItBelongsToTheCircuit() throws Exception {
        String owned = ServiceTesting.readyModel(http, carol);
        byte[] junk = "this is not a zkey".getBytes(StandardCharsets.UTF_8);
        Http.Response bad = http.call(Api.ZKEY, carol, junk, "application/octet-stream", null, null, owned);
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(http.call(Api.ZKEY, alice, junk, "application/octet-stream", null, null, owned).status()).isEqualTo(404);
        assertThat(http.call(Api.ZKEY, carol, new byte[(1 << 20) + 1], "application/octet-stream", null, null, owned).status())
                .isEqualTo(413);

        // a key of another circuit: the 2-layer model's
        Http.Response other = http.call(Api.MODELS, carol, resource("/models/2l_relu_fc/network.onnx"), "application/octet-stream", RANGE, null);
        String otherId = other.json().path("id").asText();
        ServiceTesting.await(http, Api.MODEL, carol, otherId, j -> j.path("status").asText().equals("ready"));
        byte[] otherKey = Files.readAllBytes(modelFile(otherId, "circuit.zkey"));
        Http.Response wrong = http.call(Api.ZKEY, carol, otherKey, "application/octet-stream", null, null, owned);
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(400);

        // a fresh key for this circuit (standing in for a ceremony's): installed, and proofs use it
        String before = http.get(Api.MODEL, carol, owned).json().path("zkeyHash").asText();
        ByteArrayOutputStream fresh = new ByteArrayOutputStream();
        try (Zkey k = Setup.development(R1csReader.read(modelFile(owned, "circuit.r1cs")),
                new SecureRandom())) {
            k.write(fresh);
        }
        Http.Response put = http.call(Api.ZKEY, carol, fresh.toByteArray(), "application/octet-stream", null, null, owned);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().path("zkeyHash").asText()).isNotEqualTo(before);
        Http.Response p = http.json(Api.PROVE, carol, input(), owned);
        JsonNode done = ServiceTesting.awaitProof(http, carol, p.json().path("id").asText());
        assertThat(done.path("status").asText()).isEqualTo("succeeded");
        assertThat(done.path("bundle").path("zkeyHash").asText()).isEqualTo(put.json().path("zkeyHash").asText());
        ServiceTesting.assertVerifies(done.path("bundle"), http.get(Api.VK, carol, owned).body());
    }
}
