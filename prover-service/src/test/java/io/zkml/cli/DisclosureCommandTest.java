package io.zkml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zkml compile --output-visibility}: a proof (Java backend) that discloses only whether the model's output
 * is above a threshold and one public input, verified against those signals; and usage errors with exit 2.
 */
class DisclosureCommandTest {

    private static ZkmlCommandTest.Run zkml(String... args) {
        return ZkmlCommandTest.zkml(args);
    }

    @Test
    void aProofDisclosesOnlyTheThresholdBit(@TempDir Path dir) throws Exception {
        Path model = CompilePipelineTest.copy("/models/2l_relu_fc/network.onnx", dir.resolve("network.onnx"));
        Path out = dir.resolve("circuit");
        ZkmlCommandTest.Run c = zkml("compile", model.toString(), "-o", out.toString(), "--input-range", "-2:2", "--output-visibility", "ge:0.25");
        assertThat(c.exit()).as(c.err()).isZero();
        JsonNode circuit = new ObjectMapper().readTree(out.resolve("circuit.json").toFile());
        assertThat(circuit.path("outputs").get(0).path("visibility").asText()).isEqualTo("ge:0.25");
        assertThat(circuit.path("publicSignals").toString())
                .isEqualTo("[{\"kind\":\"output\",\"tensor\":\"output\",\"visibility\":\"ge:0.25\",\"firstSignal\":1,\"count\":1}]");

        java.util.Set<Long> seen = new java.util.TreeSet<>();
        for (double x : new double[] {-1.5, 0.0, 1.5}) {
            Path input = Files.writeString(dir.resolve("in.json"), "{\"input_data\": [[" + x + ", " + x + ", " + x + "]]}");
            Path wtns = dir.resolve("w.wtns");
            Path output = dir.resolve("output.json");
            ZkmlCommandTest.Run w = zkml("witness", out.toString(), "--input", input.toString(), "--witness", wtns.toString(), "--output", output.toString());
            assertThat(w.exit()).as(w.err()).isZero();
            JsonNode o = new ObjectMapper().readTree(output.toFile());
            double y = o.path("outputs").get(0).get(0).asDouble();
            long bit = o.path("disclosed").get(0).path("values").get(0).asLong();
            assertThat(bit).as("output %s", y).isEqualTo(y >= 0.25 ? 1 : 0);
            seen.add(bit);

            Path zkey = dir.resolve("c.zkey");
            Path vk = dir.resolve("vk.json");
            if (!Files.exists(zkey)) {
                ZkmlCommandTest.Run s = zkml("setup", "--r1cs", out.resolve("circuit.r1cs").toString(), "--dev", "--zkey", zkey.toString(), "--vk", vk.toString());
                assertThat(s.exit()).as(s.err()).isZero();
            }
            Path proof = dir.resolve("proof.json");
            Path pub = dir.resolve("public.json");
            ZkmlCommandTest.Run p = zkml("prove", "--backend", "java", "--zkey", zkey.toString(), "--witness", wtns.toString(), "--proof", proof.toString(),
                    "--public", pub.toString(), "--r1cs", out.resolve("circuit.r1cs").toString());
            assertThat(p.exit()).as(p.err()).isZero();
            // the only public signal is the bit
            assertThat(new ObjectMapper().readTree(pub.toFile()).toString()).isEqualTo("[\"" + bit + "\"]");
            assertThat(zkml("verify", "--vk", vk.toString(), "--proof", proof.toString(), "--public", pub.toString()).exit()).isZero();
            // the same proof does not verify the other answer
            Files.writeString(pub, "[\"" + (1 - bit) + "\"]");
            assertThat(zkml("verify", "--vk", vk.toString(), "--proof", proof.toString(), "--public", pub.toString()).exit())
                    .isEqualTo(ZkmlCommand.EXIT_NEGATIVE);
        }
        assertThat(seen).as("both answers are proven").containsExactly(0L, 1L);
    }

    @Test
    void theHelpStatesTheGrammar() {
        ZkmlCommandTest.Run h = zkml("compile", "--help");
        assertThat(h.exit()).isZero();
        // picocli wraps the text: compare it with single spaces
        assertThat(h.out().replaceAll("\\s+", " ")).contains("--output-visibility=VIS").contains("argmax: per row").contains("gt:T, ge:T, lt:T, le:T")
                .contains("(gt:T is [q > floor").contains("public:I,J,...: those flat row-major elements");
    }

    @Test
    void badVisibilitiesExitTwoWithAReason(@TempDir Path dir) throws Exception {
        Path model = CompilePipelineTest.copy("/models/2l_relu_fc/network.onnx", dir.resolve("network.onnx"));
        String[][] cases = {
            {"--output-visibility", "gt:high", "visibility 'gt:high': the threshold must be a decimal number"},
            {"--output-visibility", "secret", "visibility is public, private, hashed, argmax, gt:T, ge:T, lt:T, le:T or public:I,J,..., got 'secret'"},
            {"--output-visibility", "public:0,0", "element 0 is listed twice"},
            {"--input-visibility", "argmax", "--input-visibility argmax: an input is public, private or hashed"},
            {"--output-visibility", "public:3", "element 3 is not in the output: it has 1 elements (shape [1, 1])"},
            {"--output-visibility", "argmax,argmax", "--output-visibility is given 2 times for 1 tensors"},
        };
        for (String[] k : cases) {
            ZkmlCommandTest.Run r = zkml("compile", model.toString(), "-o", dir.resolve("c").toString(), "--input-range", "-1:1", k[0], k[1]);
            assertThat(r.exit()).as(k[1]).isEqualTo(ZkmlCommand.EXIT_MALFORMED);
            assertThat(r.err()).as(k[1]).contains(k[2]).doesNotContain("Exception");
        }
    }
}
