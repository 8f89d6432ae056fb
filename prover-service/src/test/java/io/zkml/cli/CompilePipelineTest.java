package io.zkml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkml.verifier.node.NodeTools;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a corpus model (EZKL's 2l_relu_fc): zkml compile → witness → setup --dev → prove →
 * verify, snarkjs accepting the R1CS and the witness, and refusals with exit 2.
 */
class CompilePipelineTest {

    static ZkmlCommandTest.Run zkml(String... args) {
        return ZkmlCommandTest.zkml(args);
    }

    static Path copy(String resource, Path to) throws Exception {
        try (InputStream in = CompilePipelineTest.class.getResourceAsStream(resource)) {
            Files.write(to, in.readAllBytes());
        }
        return to;
    }

    @Test
    void compileWitnessProveVerify(@TempDir Path dir) throws Exception {
        Path model = copy("/models/2l_relu_fc/network.onnx", dir.resolve("network.onnx"));
        Path input = copy("/models/2l_relu_fc/input.json", dir.resolve("input.json"));
        Path out = dir.resolve("circuit");
        ZkmlCommandTest.Run c = zkml("compile", model.toString(), "-o", out.toString(), "--input-range", "-2:2", "--input-visibility", "public");
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("Rescale").contains("total");
        for (String f : new String[] {"circuit.r1cs", "circuit.json", "report.json", "report.txt", "model.onnx"}) {
            assertThat(out.resolve(f)).exists();
        }
        // the same model compiles to the same bytes
        Path again = dir.resolve("again");
        assertThat(zkml("compile", model.toString(), "-o", again.toString(), "--input-range", "-2:2", "--input-visibility", "public").exit()).isZero();
        for (String f : new String[] {"circuit.r1cs", "circuit.json", "report.json"}) {
            assertThat(Files.readAllBytes(again.resolve(f))).as(f).isEqualTo(Files.readAllBytes(out.resolve(f)));
        }

        Path wtns = dir.resolve("w.wtns");
        Path output = dir.resolve("output.json");
        ZkmlCommandTest.Run w = zkml("witness", out.toString(), "--input", input.toString(), "--witness", wtns.toString(), "--output", output.toString());
        assertThat(w.exit()).as(w.err()).isZero();
        JsonNode o = new ObjectMapper().readTree(output.toFile());
        assertThat(o.path("outputs").get(0).size()).isEqualTo(1);
        assertThat(o.path("shapes").get(0).toString()).isEqualTo("[1,1]");

        NodeTools.Result info = NodeTools.snarkjs(dir, "r1cs", "info", out.resolve("circuit.r1cs").toString());
        assertThat(info.output()).contains("# of Constraints");
        NodeTools.snarkjs(dir, "wtns", "check", out.resolve("circuit.r1cs").toString(), wtns.toString());

        Path zkey = dir.resolve("c.zkey");
        Path vk = dir.resolve("vk.json");
        ZkmlCommandTest.Run s = zkml("setup", "--r1cs", out.resolve("circuit.r1cs").toString(), "--dev", "--zkey", zkey.toString(), "--vk", vk.toString());
        assertThat(s.exit()).as(s.err()).isZero();
        Path proof = dir.resolve("proof.json");
        Path pub = dir.resolve("public.json");
        ZkmlCommandTest.Run p = zkml("prove", "--zkey", zkey.toString(), "--witness", wtns.toString(), "--proof", proof.toString(), "--public", pub.toString(),
                "--r1cs", out.resolve("circuit.r1cs").toString());
        assertThat(p.exit()).as(p.err()).isZero();
        ZkmlCommandTest.Run v = zkml("verify", "--vk", vk.toString(), "--proof", proof.toString(), "--public", pub.toString());
        assertThat(v.exit()).isZero();
        assertThat(v.out()).startsWith("valid");

        // public signals: the output (quantized at its scale), then the public input
        JsonNode signals = new ObjectMapper().readTree(pub.toFile());
        JsonNode circuit = new ObjectMapper().readTree(out.resolve("circuit.json").toFile());
        int outScale = circuit.path("outputs").get(0).path("scale").asInt();
        BigInteger q = new BigInteger(signals.get(0).asText());
        if (q.bitLength() > 128) {
            q = q.subtract(io.zkml.core.field.Fr.MODULUS);
        }
        assertThat(Math.scalb(q.doubleValue(), -outScale)).isEqualTo(o.path("outputs").get(0).get(0).asDouble());
        assertThat(signals.size()).isEqualTo(1 + circuit.path("inputs").get(0).path("shape").get(1).asInt());
    }

    @Test
    void badModelsAndInputsExitTwoWithAReason(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "not a model");
        ZkmlCommandTest.Run r = zkml("compile", junk.toString(), "-o", dir.resolve("x").toString(), "--input-range", "-1:1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("not an ONNX model");

        Path model = copy("/models/2l_relu_fc/network.onnx", dir.resolve("network.onnx"));
        ZkmlCommandTest.Run none = zkml("compile", model.toString(), "-o", dir.resolve("n").toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("declare the input range (--input-range LO:HI) or give sample inputs (--calibration input.json)");
        Path samples = Files.writeString(dir.resolve("samples.json"), "{\"input_data\": [[0.0, 0.5, 1.0]]}");
        ZkmlCommandTest.Run cal = zkml("compile", model.toString(), "-o", dir.resolve("cal").toString(), "--calibration", samples.toString());
        assertThat(cal.exit()).as(cal.err()).isZero();
        assertThat(cal.out()).contains("input ranges [-0.25:1.25] (from the samples)").contains("chosen: input scale 16, param scale 16 (the largest feasible scale");
        Path out = dir.resolve("c");
        assertThat(zkml("compile", model.toString(), "-o", out.toString(), "--input-range", "-1:1").exit()).isZero();
        Path outside = Files.writeString(dir.resolve("in.json"), "{\"input_data\": [[0.5, 1.5, 0.0]]}");
        ZkmlCommandTest.Run w = zkml("witness", out.toString(), "--input", outside.toString(), "--witness", dir.resolve("w.wtns").toString(), "--output",
                dir.resolve("o.json").toString());
        assertThat(w.exit()).isEqualTo(2);
        assertThat(w.err()).contains("outside the declared range");
        Path shortIn = Files.writeString(dir.resolve("short.json"), "{\"input_data\": [[0.5]]}");
        ZkmlCommandTest.Run s = zkml("witness", out.toString(), "--input", shortIn.toString(), "--witness", dir.resolve("w.wtns").toString(), "--output",
                dir.resolve("o.json").toString());
        assertThat(s.exit()).isEqualTo(2);
        assertThat(s.err()).contains("input_data[0] ('input') holds 1 values; the input of shape [1, 3] has 3 elements");
        assertThat(dir.resolve("w.wtns")).doesNotExist();

        // a circuit directory whose files do not belong together
        Path good = Files.writeString(dir.resolve("good.json"), "{\"input_data\": [[0.5, 0.25, 0.0]]}");
        byte[] r1cs = Files.readAllBytes(out.resolve("circuit.r1cs"));
        r1cs[r1cs.length - 1] ^= 1;
        Files.write(out.resolve("circuit.r1cs"), r1cs);
        ZkmlCommandTest.Run t = zkml("witness", out.toString(), "--input", good.toString(), "--witness", dir.resolve("w.wtns").toString(), "--output",
                dir.resolve("o.json").toString());
        assertThat(t.exit()).isEqualTo(2);
        assertThat(t.err()).contains("circuit.r1cs is missing or does not match the SHA-256 recorded in circuit.json");
        r1cs[r1cs.length - 1] ^= 1;
        Files.write(out.resolve("circuit.r1cs"), r1cs);
        Path json = out.resolve("circuit.json");
        Files.writeString(json, Files.readString(json).replaceFirst("\"fingerprint\" : \"[0-9a-f]", "\"fingerprint\" : \"x"));
        ZkmlCommandTest.Run f = zkml("witness", out.toString(), "--input", good.toString(), "--witness", dir.resolve("w.wtns").toString(), "--output",
                dir.resolve("o.json").toString());
        assertThat(f.exit()).isEqualTo(2);
        assertThat(f.err()).contains("gives a circuit other than the one circuit.r1cs holds");
    }

    /** Calibration samples and the witness input as an Arrow IPC file (written here with Arrow Java): scales chosen, errors reported. */
    @Test
    void arrowSamplesCalibrateAndFeedTheWitness(@TempDir Path dir) throws Exception {
        Path model = copy("/models/2l_relu_fc/network.onnx", dir.resolve("network.onnx"));
        // 2l_relu_fc: y = relu(x·W1 + b1)·W2 + b2 on 3 inputs; its float outputs are not given here, so the largest feasible scale wins
        double[][] rows = {{0.1, -0.2, 0.3}, {-0.5, 0.5, 0.25}, {0.75, 0.0, -0.75}};
        Path arrow = dir.resolve("samples.arrow");
        try (org.apache.arrow.memory.BufferAllocator a = new org.apache.arrow.memory.RootAllocator();
                org.apache.arrow.vector.complex.FixedSizeListVector v = org.apache.arrow.vector.complex.FixedSizeListVector.empty("input", 3, a)) {
            v.addOrGetVector(org.apache.arrow.vector.types.pojo.FieldType.nullable(org.apache.arrow.vector.types.Types.MinorType.FLOAT4.getType()));
            org.apache.arrow.vector.Float4Vector data = (org.apache.arrow.vector.Float4Vector) v.getDataVector();
            for (int i = 0; i < rows.length; i++) {
                for (int j = 0; j < 3; j++) {
                    data.setSafe(i * 3 + j, (float) rows[i][j]);
                }
                v.setNotNull(i);
            }
            data.setValueCount(9);
            v.setValueCount(3);
            try (org.apache.arrow.vector.VectorSchemaRoot root = new org.apache.arrow.vector.VectorSchemaRoot(java.util.List.of(v));
                    java.io.OutputStream out = Files.newOutputStream(arrow);
                    org.apache.arrow.vector.ipc.ArrowFileWriter w = new org.apache.arrow.vector.ipc.ArrowFileWriter(root, null, java.nio.channels.Channels.newChannel(out))) {
                root.setRowCount(3);
                w.start();
                w.writeBatch();
                w.end();
            }
        }
        Path out = dir.resolve("c");
        ZkmlCommandTest.Run c = zkml("compile", model.toString(), "-o", out.toString(), "--calibrate", arrow.toString(), "--scale-cap", "12");
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("calibration: 3 samples").contains("chosen: input scale 12, param scale 12").contains("total");
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.path("calibration").path("inputScale").asInt()).isEqualTo(12);
        assertThat(report.path("calibration").path("candidates").size()).isEqualTo(11);
        JsonNode circuit = new ObjectMapper().readTree(out.resolve("circuit.json").toFile());
        assertThat(circuit.path("options").path("inputScale").asInt()).isEqualTo(12);

        Path output = dir.resolve("o.json");
        ZkmlCommandTest.Run many = zkml("witness", out.toString(), "--input", arrow.toString(), "--witness", dir.resolve("w.wtns").toString(), "--output",
                output.toString());
        assertThat(many.exit()).isEqualTo(2);
        assertThat(many.err()).contains("holds 3 samples: choose one with --row N (0..2)");
        ZkmlCommandTest.Run w = zkml("witness", out.toString(), "--input", arrow.toString(), "--row", "2", "--witness", dir.resolve("w.wtns").toString(),
                "--output", output.toString());
        assertThat(w.exit()).as(w.err()).isZero();
        // the same sample through input.json gives the same output
        Path json = Files.writeString(dir.resolve("in.json"), "{\"input_data\": [[" + (float) 0.75 + ", 0.0, " + (float) -0.75 + "]]}");
        Path output2 = dir.resolve("o2.json");
        assertThat(zkml("witness", out.toString(), "--input", json.toString(), "--witness", dir.resolve("w2.wtns").toString(), "--output",
                output2.toString()).exit()).isZero();
        assertThat(Files.readString(output)).isEqualTo(Files.readString(output2));
        assertThat(Files.readAllBytes(dir.resolve("w.wtns"))).isEqualTo(Files.readAllBytes(dir.resolve("w2.wtns")));
    }
}
