package io.zkml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.bundle.BundleSignature;
import io.zkml.cli.ZkmlCommandTest.Run;
import io.zkml.core.io.JsonText;
import io.zkml.service.NodeKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed bundles: a node key signs a real bundle (1l_mlp, fixed-point outputs); verify-bundle accepts it with the
 * node's key, refuses it when any member was changed or the key is another node's, and still checks the proof.
 */
class VerifyBundleCommandTest {

    static Run ok(String... args) {
        Run r = ZkmlCommandTest.zkml(args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isZero();
        return r;
    }

    @Test
    void aSignedBundleVerifiesWithItsNodeKeyOnly(@TempDir Path dir) throws Exception {
        Path model = CompilePipelineTest.copy("/models/1l_mlp/network.onnx", dir.resolve("network.onnx"));
        Path input = CompilePipelineTest.copy("/models/1l_mlp/input.json", dir.resolve("input.json"));
        Path circ = dir.resolve("circ");
        ok("compile", model.toString(), "-o", circ.toString(), "--input-range", "-2:2");
        ok("setup", circ.toString(), "--dev");
        Path out = dir.resolve("b");
        ok("prove", circ.toString(), "--input", input.toString(), "-o", out.toString(), "--backend", "java");

        Path nodeDir = Files.createDirectories(dir.resolve("node"));
        NodeKey key = NodeKey.loadOrCreate(nodeDir);
        assertThat(Files.getPosixFilePermissions(nodeDir.resolve(NodeKey.FILE))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(NodeKey.loadOrCreate(nodeDir).keyId()).as("the key is kept").isEqualTo(key.keyId());
        ObjectNode bundle = (ObjectNode) JsonText.read(out.resolve("bundle.json")).node();
        ObjectNode signed = key.sign(bundle);
        // the signed text, read back, still verifies: the canonical form survives a print/parse round trip
        ObjectNode reread = (ObjectNode) JsonText.parse("signed", JsonText.stringify(signed)).node();
        assertThat(BundleSignature.problem(reread, key.publicKey())).isEmpty();

        // any member changed: the signature no longer holds
        List<String> names = new ArrayList<>();
        bundle.fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("proof", "publicSignals", "outputs", "calldata", "provenance", "zkeyHash");
        for (String name : names) {
            ObjectNode t = reread.deepCopy();
            t.set(name, changed(t.get(name)));
            assertThat(BundleSignature.problem(t, key.publicKey())).as(name).hasValueSatisfying(s -> assertThat(s).contains("changed"));
        }

        Path file = dir.resolve("signed.json");
        Files.writeString(file, JsonText.stringify(signed));
        String hex = HexFormat.of().formatHex(key.publicKey());
        Run valid = ok("verify-bundle", file.toString(), "--node-key", hex, "--circuit", circ.toString());
        assertThat(valid.out().strip()).isEqualTo("valid");
        assertThat(valid.err()).contains(key.keyId());
        // the key as GET /v1/node shows it, in a file; the whole proof answer as the bundle
        Path nodeJson = dir.resolve("node.json");
        ObjectNode node = JsonText.NODES.objectNode();
        node.set("nodeKey", key.toJson());
        Files.writeString(nodeJson, JsonText.stringify(node));
        Path answer = dir.resolve("proof.json");
        ObjectNode proof = JsonText.NODES.objectNode().put("id", "p_1").put("status", "succeeded");
        proof.set("bundle", signed);
        Files.writeString(answer, JsonText.stringify(proof));
        assertThat(ok("verify-bundle", answer.toString(), "--node-key", nodeJson.toString(), "--circuit", circ.toString()).out().strip())
                .isEqualTo("valid");

        // tampered output value
        ObjectNode tampered = signed.deepCopy();
        ArrayNode values = (ArrayNode) tampered.get("outputs").get(0).get("values");
        values.set(0, values.get(0).asDouble() + 1);
        Files.writeString(file, JsonText.stringify(tampered));
        Run bad = ZkmlCommandTest.zkml("verify-bundle", file.toString(), "--node-key", hex, "--circuit", circ.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out()).startsWith("invalid: the signature does not match");

        // another node's key
        NodeKey other = NodeKey.loadOrCreate(Files.createDirectories(dir.resolve("other")));
        Files.writeString(file, JsonText.stringify(signed));
        Run wrong = ZkmlCommandTest.zkml("verify-bundle", file.toString(), "--node-key", HexFormat.of().formatHex(other.publicKey()),
                "--circuit", circ.toString());
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.out()).contains("signed by key " + key.keyId() + ", not by " + other.keyId());

        // a validly signed bundle whose proof does not verify (a node that signed garbage) is still invalid
        ObjectNode forged = bundle.deepCopy();
        ArrayNode pub = (ArrayNode) forged.get("publicSignals");
        pub.set(0, JsonText.NODES.textNode("7"));
        Files.writeString(file, JsonText.stringify(key.sign(forged)));
        Run unsound = ZkmlCommandTest.zkml("verify-bundle", file.toString(), "--node-key", hex, "--circuit", circ.toString());
        assertThat(unsound.exit()).as(unsound.out() + unsound.err()).isEqualTo(1);
        assertThat(unsound.out()).startsWith("invalid");

        // malformed key: exit 2
        Run malformed = ZkmlCommandTest.zkml("verify-bundle", file.toString(), "--node-key", "abc", "--circuit", circ.toString());
        assertThat(malformed.exit()).isEqualTo(2);
        assertThat(malformed.err()).contains("--node-key");
    }

    /** A value other than {@code v}, of the same kind. */
    private static JsonNode changed(JsonNode v) {
        if (v.isTextual()) {
            return JsonText.NODES.textNode(v.asText() + "0");
        }
        if (v.isNumber()) {
            return JsonText.NODES.numberNode(v.asLong() + 1);
        }
        if (v.isArray()) {
            ArrayNode a = v.deepCopy();
            a.add("x");
            return a;
        }
        ObjectNode o = v.deepCopy();
        o.put("x", 1);
        return o;
    }
}
