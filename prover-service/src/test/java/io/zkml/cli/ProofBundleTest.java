package io.zkml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.bundle.KeyRecord;
import io.zkml.cli.ZkmlCommandTest.Run;
import io.zkml.core.io.JsonText;
import io.zkml.core.testing.SnarkjsFixtures;
import io.zkml.verifier.node.NodeTools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A circuit folder from compile to proof bundle: setup records the key and its provenance in circuit.json
 * (every other byte kept), export-vk describes the public signals (and snarkjs still accepts the key), the
 * bundle verifies, its calldata is {@code zkml calldata}'s, its outputs are the witness step's, and a bundle
 * that claims other outputs or another description is invalid.
 */
class ProofBundleTest {

    static Run zkml(String... args) {
        return ZkmlCommandTest.zkml(args);
    }

    static Run ok(String... args) {
        Run r = ZkmlCommandTest.zkml(args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.err()).isZero();
        return r;
    }

    static JsonNode json(Path p) throws Exception {
        return JsonText.read(p).node();
    }

    @Test
    void fromCompileToVerifiedBundle(@TempDir Path dir) throws Exception {
        Path model = CompilePipelineTest.copy("/models/2l_relu_fc/network.onnx", dir.resolve("network.onnx"));
        Path input = CompilePipelineTest.copy("/models/2l_relu_fc/input.json", dir.resolve("input.json"));
        Path circ = dir.resolve("circuit");
        ok("compile", model.toString(), "-o", circ.toString(), "--input-range", "-2:2", "--input-visibility", "public");
        Path circuitJson = circ.resolve("circuit.json");
        String before = Files.readString(circuitJson);

        // setup DIR: the key lands in the folder and is recorded there, nothing else in circuit.json changes
        Run setup = ok("setup", circ.toString(), "--dev");
        assertThat(setup.err()).contains("recorded the key and its provenance in " + circuitJson);
        Path zkey = circ.resolve("circuit.zkey");
        JsonNode key = json(circuitJson).get("key");
        assertThat(key.get("file").asText()).isEqualTo("circuit.zkey");
        assertThat(key.get("sha256").asText()).isEqualTo(KeyRecord.sha256(zkey));
        assertThat(key.get("provenance").get("kind").asText()).isEqualTo("development");
        String after = Files.readString(circuitJson);
        String unchanged = before.substring(0, before.lastIndexOf('}')).stripTrailing();
        assertThat(after).startsWith(unchanged + ",").contains("\"key\"").endsWith("}\n");
        ObjectNode withoutKey = (ObjectNode) json(circuitJson);
        withoutKey.remove("key");
        assertThat(withoutKey).isEqualTo(JsonText.parse("before", before).node());

        // inspect shows the public signals with their visibility and the key's provenance
        JsonNode folder = JsonText.parse("inspect", ok("inspect", "--json", circ.toString()).out()).node();
        assertThat(folder.get("type").asText()).isEqualTo("circuit folder");
        assertThat(folder.get("publicSignals").get(0).get("kind").asText()).isEqualTo("output");
        assertThat(folder.get("publicSignals").get(0).get("visibility").asText()).isEqualTo("public");
        assertThat(folder.get("publicSignals").get(1).get("kind").asText()).isEqualTo("input");
        assertThat(folder.get("key").get("provenance").get("kind").asText()).isEqualTo("development");
        assertThat(folder.get("key").get("fileMatches").asBoolean()).isTrue();
        assertThat(folder.get("r1cs").get("fileMatches").asBoolean()).isTrue();
        assertThat(ok("inspect", circuitJson.toString()).out()).contains("provenance:").contains("kind: development");
        assertThat(ok("inspect", zkey.toString()).out()).contains("kind: development").contains("name: zkml provenance");

        // export-vk DIR: one description per public signal, and snarkjs ignores the extra fields
        Path vk = dir.resolve("vk.json");
        ok("export-vk", circ.toString(), "-o", vk.toString());
        JsonNode vkJson = json(vk);
        int nPublic = vkJson.get("nPublic").asInt();
        JsonNode described = vkJson.get("zkml_public_signals");
        assertThat(described).hasSize(nPublic);
        int outScale = json(circuitJson).get("outputs").get(0).get("scale").asInt();
        assertThat(described.get(0).get("tensor").asText()).isEqualTo(json(circuitJson).get("outputs").get(0).get("name").asText());
        assertThat(described.get(0).get("scale").asInt()).isEqualTo(outScale);
        assertThat(described.get(nPublic - 1).get("kind").asText()).isEqualTo("input");
        assertThat(described.get(nPublic - 1).get("element").asInt()).isEqualTo(nPublic - 2);
        Path vk2 = dir.resolve("vk2.json");
        ok("export-vk", "--zkey", zkey.toString(), "--circuit", circ.toString(), "-o", vk2.toString());
        assertThat(Files.readString(vk2)).isEqualTo(Files.readString(vk));

        // prove with a bundle (and the snarkjs files beside it)
        Path wtns = dir.resolve("w.wtns"), output = dir.resolve("output.json");
        ok("witness", circ.toString(), "--input", input.toString(), "--witness", wtns.toString(), "--output", output.toString());
        Path bundle = dir.resolve("bundle.json"), proof = dir.resolve("proof.json"), pub = dir.resolve("public.json");
        ok("prove", "--zkey", zkey.toString(), "--witness", wtns.toString(), "--circuit", circ.toString(), "--bundle", bundle.toString(),
                "--proof", proof.toString(), "--public", pub.toString());
        JsonNode b = json(bundle);
        assertThat(b.get("format").asText()).isEqualTo("zkml-proof-bundle");
        assertThat(b.get("proof")).isEqualTo(json(proof));
        assertThat(b.get("publicSignals")).isEqualTo(json(pub));
        assertThat(b.get("signals")).isEqualTo(described);
        assertThat(b.get("circuitHash").asText()).isEqualTo(json(circuitJson).get("r1cs").get("sha256").asText());
        assertThat(b.get("zkeyHash").asText()).isEqualTo(key.get("sha256").asText());
        assertThat(b.get("provenance")).isEqualTo(key.get("provenance"));
        assertThat(b.get("outputs").get(0).get("values").get(0).decimalValue())
                .isEqualByComparingTo(json(output).get("outputs").get(0).get(0).decimalValue());
        assertThat(b.get("inputs").get(0).get("values")).hasSize(nPublic - 1);
        assertThat(b.get("calldata").asText() + "\n").isEqualTo(ok("calldata", "--proof", proof.toString(), "--public", pub.toString()).out());

        Run v = ok("verify", "--vk", vk.toString(), "--bundle", bundle.toString());
        assertThat(v.out()).isEqualTo("valid\n");
        assertThat(v.err()).contains("warning: ").contains("forge").doesNotContain("note:");
        Path plain = dir.resolve("plain_vk.json");
        ok("export-vk", "--zkey", zkey.toString(), "-o", plain.toString());
        Run unchecked = ok("verify", "--vk", plain.toString(), "--bundle", bundle.toString());
        assertThat(unchecked.out()).isEqualTo("valid\n");
        assertThat(unchecked.err()).contains("does not describe the public signals").contains("unchecked");
        assertThat(ok("verify", "--vk", vk.toString(), "--proof", proof.toString(), "--public", pub.toString()).out()).isEqualTo("valid\n");
        assertThat(NodeTools.snarkjs(dir, "groth16", "verify", vk.toString(), pub.toString(), proof.toString()).output()).contains("OK");
        assertThat(JsonText.parse("inspect", ok("inspect", "--json", bundle.toString()).out()).node().get("consistent").asBoolean()).isTrue();

        // a bundle claiming another output, or describing its signals otherwise, is invalid (exit 1)
        ObjectNode lying = (ObjectNode) json(bundle);
        ((ArrayNode) lying.get("outputs").get(0).get("values")).set(0, JsonText.NODES.numberNode(1e6));
        Path liar = Files.writeString(dir.resolve("liar.json"), JsonText.stringify(lying));
        Run l = zkml("verify", "--vk", vk.toString(), "--bundle", liar.toString());
        assertThat(l.exit()).isEqualTo(1);
        assertThat(l.out()).isEqualTo("invalid: the bundle's \"outputs\" are not the values its public signals carry\n");
        ObjectNode rescaled = (ObjectNode) json(bundle);
        ((ObjectNode) rescaled.get("signals").get(0)).put("scale", outScale + 1);
        ((ObjectNode) rescaled.get("outputs").get(0)).put("scale", outScale + 1);
        ((ArrayNode) rescaled.get("outputs").get(0).get("values")).set(0, JsonText.NODES.numberNode(
                b.get("outputs").get(0).get("values").get(0).doubleValue() / 2));
        Path other = Files.writeString(dir.resolve("other.json"), JsonText.stringify(rescaled));
        Run o = zkml("verify", "--vk", vk.toString(), "--bundle", other.toString());
        assertThat(o.out()).isEqualTo("invalid: the bundle describes its public signals otherwise than the verification key does\n");
        assertThat(o.exit()).isEqualTo(1);

        // a contribution into the folder from its recorded key is recorded; one from another key is not
        Run c = ok("contribute", zkey.toString(), zkey.toString(), "--name", "alice");
        assertThat(c.err()).contains("recorded the key and its provenance");
        JsonNode contributed = json(circuitJson).get("key");
        assertThat(contributed.get("sha256").asText()).isEqualTo(KeyRecord.sha256(zkey)).isNotEqualTo(key.get("sha256").asText());
        assertThat(contributed.get("provenance").get("phase2_contributions").asInt()).isEqualTo(1);
        Run foreign = ok("contribute", SnarkjsFixtures.path("square_chain.zkey").toString(), circ.resolve("foreign.zkey").toString());
        assertThat(foreign.err()).contains("not recorded in " + circuitJson);
        assertThat(json(circuitJson).get("key")).isEqualTo(contributed);

        // a key of another circuit is refused with the folder's description
        Run mismatch = zkml("export-vk", "--zkey", SnarkjsFixtures.path("square_chain.zkey").toString(), "--circuit", circ.toString());
        assertThat(mismatch.exit()).isEqualTo(2);
        assertThat(mismatch.err()).contains("is not a key of the circuit in " + circ);
        Run noCircuit = zkml("prove", "--zkey", zkey.toString(), "--witness", wtns.toString(), "--bundle", bundle.toString());
        assertThat(noCircuit.exit()).isEqualTo(2);
        assertThat(noCircuit.err()).contains("--bundle needs the circuit folder");
        Run twoCircuits = zkml("prove", "--zkey", zkey.toString(), "--witness", wtns.toString(), "--circuit", circ.toString(), "--bundle",
                bundle.toString(), "--r1cs", SnarkjsFixtures.path("square_chain.r1cs").toString());
        assertThat(twoCircuits.exit()).isEqualTo(2);
        assertThat(twoCircuits.err()).contains("give the circuit once");

        // a ceremony key: setup from a ptau, a contribution and a beacon, each recorded with its provenance
        Run ptau = ok("setup", circ.toString(), "--ptau", SnarkjsFixtures.path("pot8_final.ptau").toString());
        assertThat(ptau.err()).contains("recorded the key");
        assertThat(json(circuitJson).get("key").get("provenance").get("status").asText()).isEqualTo("no-contribution");
        ok("contribute", zkey.toString(), zkey.toString(), "--name", "bob", "--entropy", "dice");
        ok("beacon", zkey.toString(), zkey.toString(), "--hash", "0123456789abcdef", "--iterations", "10", "--name", "final");
        JsonNode ceremony = json(circuitJson).get("key").get("provenance");
        assertThat(ceremony.get("status").asText()).isEqualTo("contributions-and-beacon");
        assertThat(ceremony.get("contributors").toString()).isEqualTo("[\"bob\",\"final\"]");
        assertThat(json(circuitJson).get("key").get("sha256").asText()).isEqualTo(KeyRecord.sha256(zkey));
        JsonNode inspected = JsonText.parse("inspect", ok("inspect", "--json", zkey.toString()).out()).node();
        assertThat(inspected.get("provenance")).isEqualTo(ceremony);
        assertThat(inspected.get("contributions").get(1).get("type").asText()).isEqualTo("beacon");
        contributed = json(circuitJson).get("key");

        // verify takes the proof once: files or bundle
        Run twice = zkml("verify", "--vk", vk.toString(), "--bundle", bundle.toString(), "--proof", proof.toString());
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err()).contains("not both");

        // setup: the circuit once, --zkey with --r1cs; an R1CS that does not match circuit.json is not recorded
        Run both = zkml("setup", circ.toString(), "--r1cs", circ.resolve("circuit.r1cs").toString(), "--dev");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("a circuit folder DIR or --r1cs C.r1cs (not both)");
        Run noKey = zkml("setup", "--r1cs", circ.resolve("circuit.r1cs").toString(), "--dev");
        assertThat(noKey.exit()).isEqualTo(2);
        assertThat(noKey.err()).contains("--zkey C.zkey is required with --r1cs");
        Files.writeString(circuitJson, Files.readString(circuitJson).replace(json(circuitJson).get("r1cs").get("sha256").asText(), "0".repeat(64)));
        Run stale = ok("setup", "--r1cs", circ.resolve("circuit.r1cs").toString(), "--dev", "--zkey", dir.resolve("other.zkey").toString());
        assertThat(stale.err()).contains("not recorded in " + circuitJson).contains("does not match the SHA-256 recorded there");
        assertThat(json(circuitJson).get("key")).isEqualTo(contributed);
    }

    @Test
    void aCircuitJsonOfAnotherToolIsLeftAlone(@TempDir Path dir) throws Exception {
        Path foreign = Files.writeString(dir.resolve("circuit.json"), "{\"name\": \"not zkml's\"}");
        Run c = ok("contribute", SnarkjsFixtures.path("square_chain.zkey").toString(), dir.resolve("out.zkey").toString());
        assertThat(c.err()).contains("note: the key is not recorded in " + foreign).contains("not a zkml circuit description");
        assertThat(Files.readString(foreign)).isEqualTo("{\"name\": \"not zkml's\"}");
        assertThat(dir.resolve("out.zkey")).exists();
    }
}
