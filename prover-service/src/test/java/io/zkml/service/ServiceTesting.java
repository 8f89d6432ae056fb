package io.zkml.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml.bundle.ProofBundle;
import io.zkml.core.io.JsonText;
import io.zkml.core.snarkjs.VerificationKeyJson;
import io.zkml.service.http.Api;
import io.zkml.verifier.Groth16;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** What the service tests share: a tiny model, node configurations, waiting, and checking a bundle. */
final class ServiceTesting {

    static final String ADMIN = "test-admin-key-0123456789";
    /** 1l_mlp from EZKL's examples: one Gemm (3 → 4) and a ReLU; inputs about 0.5 … 1.6. */
    static final String MODEL = "/service/1l_mlp/network.onnx";
    static final String INPUT = "/service/1l_mlp/input.json";
    static final String RANGE = "input_range=-2:2";

    private ServiceTesting() {
    }

    static byte[] resource(String name) {
        try (InputStream in = ServiceTesting.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String input() {
        return new String(resource(INPUT), StandardCharsets.UTF_8);
    }

    static ServiceConfig config(Path data) {
        return ServiceConfig.defaults(data).withPort(0).withAdminKey(ADMIN).withBackend("java");
    }

    /** The command line that runs {@code zkml ARGS} in a new JVM on this test's class path and JVM flags. */
    static List<String> zkmlCommand(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--enable-native-access") || a.startsWith("--add-opens")).forEach(cmd::add);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.zkml.cli.ZkmlCommand"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Makes a key with the admin key; returns its secret. */
    static String key(Http http, String name, String role) {
        Http.Response r = http.json(Api.KEYS, ADMIN, "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("key").asText();
    }

    /** Polls a route until its JSON satisfies {@code done} (at most a minute); returns that JSON. */
    static JsonNode await(Http http, Api.Route route, String key, String id, Predicate<JsonNode> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Http.Response r = http.get(route, key, id);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode j = r.json();
            if (done.test(j)) {
                return j;
            }
            assertThat(System.nanoTime()).as("waiting for " + id + ": " + j).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    static JsonNode awaitProof(Http http, String key, String id) throws InterruptedException {
        return await(http, Api.PROOF, key, id, j -> !j.path("status").asText().matches("queued|running"));
    }

    /** Registers the tiny model and waits until it is ready; its id. */
    static String readyModel(Http http, String owner) throws InterruptedException {
        Http.Response r = http.call(Api.MODELS, owner, resource(MODEL), "application/octet-stream", RANGE, null);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().path("id").asText();
        JsonNode m = await(http, Api.MODEL, owner, id, j -> !j.path("status").asText().matches("compiling|setup"));
        assertThat(m.path("status").asText()).as(m.toString()).isEqualTo("ready");
        return id;
    }

    /** Checks a bundle on its own (derived fields) and with the Java verifier under the model's verification key. */
    static void assertVerifies(JsonNode bundleJson, String vkJson) {
        ProofBundle b = ProofBundle.read(JsonText.parse("bundle", JsonText.stringify(bundleJson)));
        assertThat(b.inconsistency()).isEmpty();
        var vk = VerificationKeyJson.read("vk", vkJson);
        assertThat(Groth16.verify(vk, b.proof(), b.publicSignals())).isTrue();
    }
}
