package io.zkml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml.cli.ZkmlCommandTest.Run;
import io.zkml.core.io.JsonText;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.r1cs.R1csReader;
import io.zkml.core.testing.SnarkjsFixtures;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zkml inspect} on every kind of file it knows, told by content, and the refusals of everything else (exit 2). */
class InspectCommandTest {

    static Run zkml(String... args) {
        return ZkmlCommandTest.zkml(args);
    }

    static String fixture(String name) {
        return SnarkjsFixtures.path(name).toString();
    }

    /** The --json summary, after checking that the text form works too and names the type. */
    static JsonNode inspect(String path) {
        Run text = zkml("inspect", path);
        assertThat(text.exit()).as(text.err()).isZero();
        Run json = zkml("inspect", "--json", path);
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode n = JsonText.parse("summary", json.out()).node();
        assertThat(text.out()).startsWith(path + ": " + n.get("type").asText() + "\n");
        return n;
    }

    @Test
    void summarisesEverySnarkjsFixture() throws Exception {
        R1cs r1cs = R1csReader.read(SnarkjsFixtures.path("five_public.r1cs"));
        JsonNode r = inspect(fixture("five_public.r1cs"));
        assertThat(r.get("type").asText()).isEqualTo("r1cs");
        assertThat(r.get("constraints").asInt()).isEqualTo(r1cs.nConstraints());
        assertThat(r.get("wires").asInt()).isEqualTo(r1cs.nWires());
        assertThat(r.get("publicSignals").asInt()).isEqualTo(6);
        assertThat(r.get("publicOutputs").asInt()).isEqualTo(1);
        assertThat(r.get("prime").asText()).contains("21888242871839275222246405745257275088548364400416034343698204186575808495617");

        JsonNode z = inspect(fixture("five_public.zkey"));
        assertThat(z.get("type").asText()).isEqualTo("zkey");
        assertThat(z.get("publicSignals").asInt()).isEqualTo(6);
        assertThat(z.get("wires").asInt()).isEqualTo(r1cs.nWires());
        assertThat(z.get("provenance").get("kind").asText()).isEqualTo("powers-of-tau");
        assertThat(z.get("contributions")).hasSize(1);
        assertThat(z.get("contributions").get(0).get("name").asText()).isEqualTo("c1");
        assertThat(z.get("circuitHash").asText()).hasSize(128);
        assertThat(z.get("sections")).hasSize(10);

        JsonNode w = inspect(fixture("five_public.wtns"));
        assertThat(w.get("type").asText()).isEqualTo("wtns");
        assertThat(w.get("values").asInt()).isEqualTo(r1cs.nWires());

        JsonNode p = inspect(fixture("pot8_final.ptau"));
        assertThat(p.get("type").asText()).isEqualTo("ptau");
        assertThat(p.get("power").asInt()).isEqualTo(8);
        assertThat(p.get("preparedForPhase2").asBoolean()).isTrue();
        JsonNode beacon = inspect(fixture("pot8_beacon.ptau"));
        assertThat(beacon.get("preparedForPhase2").asBoolean()).isFalse();
        assertThat(beacon.get("contributions").get(beacon.get("contributions").size() - 1).get("type").asText()).isEqualTo("beacon");

        JsonNode proof = inspect(fixture("five_public_proof.json"));
        assertThat(proof.get("type").asText()).isEqualTo("proof");
        assertThat(proof.get("pointsOnCurve").asBoolean()).isTrue();

        JsonNode pub = inspect(fixture("five_public_public.json"));
        assertThat(pub.get("type").asText()).isEqualTo("public signals");
        assertThat(pub.get("count").asInt()).isEqualTo(6);

        JsonNode vk = inspect(fixture("five_public_vk.json"));
        assertThat(vk.get("type").asText()).isEqualTo("verification key");
        assertThat(vk.get("publicSignals").asInt()).isEqualTo(6);
        assertThat(vk.get("provenance").asText()).startsWith("not recorded");
    }

    @Test
    void tellsFilesByContentNotName(@TempDir Path dir) throws Exception {
        Path disguised = Files.write(dir.resolve("looks-like.json"), SnarkjsFixtures.bytes("square_chain.zkey"));
        assertThat(inspect(disguised.toString()).get("type").asText()).isEqualTo("zkey");
        Path proof = Files.write(dir.resolve("proof.onnx"), SnarkjsFixtures.bytes("square_chain_proof.json"));
        assertThat(inspect(proof.toString()).get("type").asText()).isEqualTo("proof");
        Path model = dir.resolve("model.bin");
        try (InputStream in = InspectCommandTest.class.getResourceAsStream("/models/2l_relu_fc/network.onnx")) {
            Files.write(model, in.readAllBytes());
        }
        JsonNode m = inspect(model.toString());
        assertThat(m.get("type").asText()).isEqualTo("onnx");
        assertThat(m.get("inputs")).hasSize(1);
        assertThat(m.get("inputs").get(0).get("shape").get(1).asInt()).isEqualTo(3);
        assertThat(m.get("outputs")).hasSize(1);
        assertThat(m.get("opsets").get("ai.onnx").asInt()).isPositive();
        int histogram = 0;
        for (JsonNode count : m.get("ops")) {
            histogram += count.asInt();
        }
        assertThat(histogram).isEqualTo(m.get("nodes").asInt()).isPositive();
        assertThat(m.get("ops").has("Relu")).isTrue();
        assertThat(m.get("parameters").asLong()).isPositive();

        // zkml commit's file: the commitment shown, the salt not
        Path input = Files.writeString(dir.resolve("input.json"), "{\"input_data\": [[0.5, 1.0]]}");
        Path commitment = dir.resolve("c.json");
        assertThat(zkml("commit", "--input", input.toString(), "--scale", "4", "-o", commitment.toString()).exit()).isZero();
        JsonNode written = JsonText.read(commitment).node();
        JsonNode c = inspect(commitment.toString());
        assertThat(c.get("type").asText()).isEqualTo("commitment");
        assertThat(c.get("commitment").asText()).isEqualTo(written.get("commitment").asText());
        assertThat(c.toString()).doesNotContain(written.get("salt").asText()).doesNotContain(written.get("salt_hex").asText());
        assertThat(inspect(input.toString()).get("type").asText()).isEqualTo("input");
    }

    @Test
    void malformedOrUnknownInputExitsTwoNamingThePath(@TempDir Path dir) throws Exception {
        byte[] zkey = SnarkjsFixtures.bytes("square_chain.zkey");
        Path[] bad = {
                Files.write(dir.resolve("cut.zkey"), Arrays.copyOf(zkey, 700)),
                Files.write(dir.resolve("cut.r1cs"), Arrays.copyOf(SnarkjsFixtures.bytes("square_chain.r1cs"), 100)),
                Files.write(dir.resolve("cut.wtns"), Arrays.copyOf(SnarkjsFixtures.bytes("square_chain.wtns"), 60)),
                Files.write(dir.resolve("cut.ptau"), Arrays.copyOf(SnarkjsFixtures.bytes("pot8_final.ptau"), 2000)),
                Files.writeString(dir.resolve("notes.txt"), "just some words, not a model"),
                Files.writeString(dir.resolve("model.onnx"), "not a model either"),
                Files.writeString(dir.resolve("empty.json"), ""),
                Files.writeString(dir.resolve("syntax.json"), "{\"pi_a\": [1, 2"),
                Files.writeString(dir.resolve("other.json"), "{\"hello\": \"world\"}"),
                Files.writeString(dir.resolve("signals.json"), "[\"12\", \"-3\"]"),
                Files.writeString(dir.resolve("proof.json"), "{\"pi_a\": [\"1\", \"2\"]}"),
                Files.writeString(dir.resolve("bundle.json"), "{\"format\": \"zkml-proof-bundle\", \"version\": 7}"),
                Files.createDirectory(dir.resolve("not-a-circuit")),
                dir.resolve("missing.r1cs"),
        };
        for (Path p : bad) {
            Run r = zkml("inspect", p.toString());
            assertThat(r.exit()).as(p + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).as(p.toString()).startsWith("zkml inspect: ").contains(p.toString()).doesNotContain("\tat ");
            assertThat(r.err().strip().lines()).as(p.toString()).hasSize(1);
            assertThat(r.out()).isEmpty();
        }
        // a circuit folder whose circuit.json is wrong: the folder and the file and the entry are named
        Path circuit = Files.createDirectory(dir.resolve("circuit"));
        Files.writeString(circuit.resolve("circuit.json"), "{\"format\": \"zkml-circuit\", \"r1cs\": {\"publicOutputs\": 1, \"publicInputs\": 0},"
                + " \"publicSignals\": [{\"kind\": \"output\", \"tensor\": \"y\", \"firstSignal\": 1, \"count\": 2}]}");
        Run folder = zkml("inspect", circuit.toString());
        assertThat(folder.exit()).isEqualTo(2);
        assertThat(folder.err()).startsWith("zkml inspect: " + circuit + ": circuit.json: $.publicSignals[0]").doesNotContain("\tat ");
        assertThat(zkml("inspect").exit()).isEqualTo(2);
        assertThat(zkml("--help").out()).contains("inspect");
        assertThat(zkml("help", "inspect").out()).contains("--json").contains("PATH");
    }

    @Test
    void backendsListsEveryBackendAndWhyNot() {
        Run text = zkml("inspect", "--backends");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out().lines().toList()).hasSize(3).satisfies(lines -> {
            assertThat(lines.get(0)).matches("cuda: (available|unavailable) — .+");
            assertThat(lines.get(1)).matches("native: (available|unavailable) — .+");
            assertThat(lines.get(2)).isEqualTo("java: available — pure Java");
        });
        Run json = zkml("inspect", "--backends", "--json");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode list = JsonText.parse("backends", json.out()).node();
        assertThat(list).hasSize(3);
        assertThat(list.get(0).get("name").asText()).isEqualTo("cuda");
        assertThat(list.get(0).get("detail").asText()).isNotBlank();
        Run both = zkml("inspect", "--backends", fixture("five_public.r1cs"));
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("either a PATH or --backends");
    }
}
