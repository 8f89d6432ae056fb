package io.zkml.cli;

import static io.zkml.cli.CompilePipelineTest.copy;
import static io.zkml.cli.CompilePipelineTest.zkml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkml.compiler.onnx.proto.OnnxProto.ModelProto;
import io.zkml.compiler.onnx.proto.OnnxProto.TensorProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --param-visibility committed} through the command line: one compiled circuit, the witness and a proof
 * with a fine-tuned model's weights, {@code zkml commit --params}, and refusals (exit 2) of a weight outside the
 * range and of another architecture.
 */
class CommittedParamsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The model with every float of every initializer replaced. */
    private static Path variant(Path model, Path to, UnaryOperator<Float> f, boolean sigmoid) throws Exception {
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(model));
        ModelProto.Builder b = m.toBuilder();
        for (int i = 0; i < b.getGraph().getInitializerCount(); i++) {
            TensorProto t = b.getGraph().getInitializer(i);
            TensorProto.Builder tb = t.toBuilder();
            java.nio.ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN);
            if (t.getDataType() == 1 && raw.remaining() > 0) {
                java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(raw.remaining()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                while (raw.hasRemaining()) {
                    out.putFloat(f.apply(raw.getFloat()));
                }
                tb.setRawData(com.google.protobuf.ByteString.copyFrom(out.array()));
            } else {
                for (int k = 0; k < t.getFloatDataCount(); k++) {
                    tb.setFloatData(k, f.apply(t.getFloatData(k)));
                }
            }
            b.getGraphBuilder().setInitializer(i, tb);
        }
        if (sigmoid) {
            for (int i = 0; i < b.getGraph().getNodeCount(); i++) {
                if (b.getGraph().getNode(i).getOpType().equals("Relu")) {
                    b.getGraphBuilder().setNode(i, b.getGraph().getNode(i).toBuilder().setOpType("Sigmoid"));
                }
            }
        }
        return Files.write(to, b.build().toByteArray());
    }

    @Test
    void oneCircuitProvesAFineTunedModelAndCommitsToIt(@TempDir Path dir) throws Exception {
        Path model = copy("/models/2l_relu_fc/network.onnx", dir.resolve("network.onnx"));
        Path input = copy("/models/2l_relu_fc/input.json", dir.resolve("input.json"));
        Path tuned = variant(model, dir.resolve("tuned.onnx"), x -> -0.9f * x, false);
        Path out = dir.resolve("circuit");
        ZkmlCommandTest.Run c = zkml("compile", model.toString(), "-o", out.toString(), "--input-range", "-2:2", "--param-visibility", "committed");
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("Param").contains("ParamLinear");
        JsonNode circuit = JSON.readTree(out.resolve("circuit.json").toFile());
        assertThat(circuit.path("options").path("paramRange").toString()).isEqualTo("[-1.0,0.99609375]");

        Path own = dir.resolve("own.json");
        Path tunedOut = dir.resolve("tuned-out.json");
        Path wtns = dir.resolve("w.wtns");
        assertThat(zkml("witness", out.toString(), "--input", input.toString(), "--witness", dir.resolve("own.wtns").toString(), "--output", own.toString())
                .exit()).isZero();
        ZkmlCommandTest.Run w = zkml("witness", out.toString(), "--input", input.toString(), "--params", tuned.toString(), "--witness", wtns.toString(),
                "--output", tunedOut.toString());
        assertThat(w.exit()).as(w.err()).isZero();
        assertThat(JSON.readTree(tunedOut.toFile()).path("outputs")).isNotEqualTo(JSON.readTree(own.toFile()).path("outputs"));
        // the fine-tuned model's own fixed-weight circuit computes the same output
        Path fixedDir = dir.resolve("fixed");
        assertThat(zkml("compile", tuned.toString(), "-o", fixedDir.toString(), "--input-range", "-2:2").exit()).isZero();
        Path fixedOut = dir.resolve("fixed-out.json");
        assertThat(zkml("witness", fixedDir.toString(), "--input", input.toString(), "--witness", dir.resolve("f.wtns").toString(), "--output",
                fixedOut.toString()).exit()).isZero();
        assertThat(JSON.readTree(tunedOut.toFile()).path("outputs")).isEqualTo(JSON.readTree(fixedOut.toFile()).path("outputs"));

        ZkmlCommandTest.Run commitOwn = zkml("commit", "--params", model.toString(), "--circuit", out.toString());
        assertThat(commitOwn.exit()).as(commitOwn.err()).isZero();
        JsonNode co = JSON.readTree(commitOwn.out());
        assertThat(co.path("commitment").asText()).isEqualTo(circuit.path("params").path("commitment").path("compiledModelSalt0").asText());
        assertThat(co.path("parameters").asInt()).isEqualTo(4);
        JsonNode ct = JSON.readTree(zkml("commit", "--params", tuned.toString(), "--circuit", out.toString()).out());
        assertThat(ct.path("commitment").asText()).isNotEqualTo(co.path("commitment").asText());
        JsonNode salted = JSON.readTree(zkml("commit", "--params", tuned.toString(), "--circuit", out.toString(), "--salt", "0x1234").out());
        assertThat(salted.path("commitment").asText()).isNotEqualTo(ct.path("commitment").asText());

        Path zkey = dir.resolve("c.zkey");
        Path vk = dir.resolve("vk.json");
        assertThat(zkml("setup", "--r1cs", out.resolve("circuit.r1cs").toString(), "--dev", "--zkey", zkey.toString(), "--vk", vk.toString()).exit()).isZero();
        Path proof = dir.resolve("proof.json");
        Path pub = dir.resolve("public.json");
        ZkmlCommandTest.Run p = zkml("prove", "--zkey", zkey.toString(), "--witness", wtns.toString(), "--proof", proof.toString(), "--public", pub.toString(),
                "--r1cs", out.resolve("circuit.r1cs").toString());
        assertThat(p.exit()).as(p.err()).isZero();
        assertThat(zkml("verify", "--vk", vk.toString(), "--proof", proof.toString(), "--public", pub.toString()).exit()).isZero();
        // the proof's last public signal is the fine-tuned model's commitment, as zkml commit --params computes it
        JsonNode signals = JSON.readTree(pub.toFile());
        assertThat(signals.get(signals.size() - 1).asText()).isEqualTo(ct.path("commitment").asText());
        assertThat(JSON.readTree(tunedOut.toFile()).path("params_commitment").asText()).isEqualTo(ct.path("commitment").asText());
        assertThat(JSON.readTree(own.toFile()).path("params_commitment").asText()).isEqualTo(co.path("commitment").asText());
        // one step: prove DIR --input --params passes the weights (and --params-salt) through to the witness
        Path bundle = dir.resolve("bundle");
        ZkmlCommandTest.Run pb = zkml("prove", out.toString(), "--input", input.toString(), "--params", tuned.toString(), "--params-salt", "0x1234",
                "--zkey", zkey.toString(), "-o", bundle.toString(), "--backend", "java");
        assertThat(pb.exit()).as(pb.err()).isZero();
        JsonNode bundled = JSON.readTree(bundle.resolve("public.json").toFile());
        assertThat(bundled.get(bundled.size() - 1).asText()).isEqualTo(salted.path("commitment").asText());
        // a salted commitment: the witness takes the salt, the same value as zkml commit --salt
        Path saltedOut = dir.resolve("salted-out.json");
        ZkmlCommandTest.Run ws = zkml("witness", out.toString(), "--input", input.toString(), "--params", tuned.toString(), "--params-salt", "0x1234",
                "--witness", dir.resolve("s.wtns").toString(), "--output", saltedOut.toString());
        assertThat(ws.exit()).as(ws.err()).isZero();
        assertThat(JSON.readTree(saltedOut.toFile()).path("params_commitment").asText()).isEqualTo(salted.path("commitment").asText());
        assertThat(circuit.path("publicSignals").get(circuit.path("publicSignals").size() - 1).path("kind").asText()).isEqualTo("params");
        ZkmlCommandTest.Run inspect = zkml("inspect", out.toString(), "--json");
        assertThat(inspect.exit()).as(inspect.err()).isZero();
        assertThat(inspect.out()).contains("\"params\"").contains("parameters");
    }

    @Test
    void aWeightOutOfRangeOrAnotherArchitectureExitsTwo(@TempDir Path dir) throws Exception {
        Path model = copy("/models/2l_relu_fc/network.onnx", dir.resolve("network.onnx"));
        Path input = copy("/models/2l_relu_fc/input.json", dir.resolve("input.json"));
        Path out = dir.resolve("circuit");
        assertThat(zkml("compile", model.toString(), "-o", out.toString(), "--input-range", "-2:2", "--param-visibility", "committed").exit()).isZero();
        Path big = variant(model, dir.resolve("big.onnx"), x -> x * 3, false);
        Path other = variant(model, dir.resolve("other.onnx"), x -> x, true);
        for (Path m : new Path[] {big, other}) {
            ZkmlCommandTest.Run w = zkml("witness", out.toString(), "--input", input.toString(), "--params", m.toString(), "--witness",
                    dir.resolve("w.wtns").toString(), "--output", dir.resolve("o.json").toString());
            assertThat(w.exit()).as(w.err()).isEqualTo(2);
            ZkmlCommandTest.Run k = zkml("commit", "--params", m.toString(), "--circuit", out.toString());
            assertThat(k.exit()).isEqualTo(2);
            assertThat(k.err()).isEqualTo(w.err().replace("zkml witness", "zkml commit"));
        }
        assertThat(zkml("witness", out.toString(), "--input", input.toString(), "--params", big.toString(), "--witness", dir.resolve("w.wtns").toString(),
                "--output", dir.resolve("o.json").toString()).err()).contains("outside the declared parameter range -1.0:0.99609375");
        assertThat(zkml("commit", "--params", other.toString(), "--circuit", out.toString()).err()).contains("differs from this one beyond the committed parameters");
        assertThat(dir.resolve("w.wtns")).doesNotExist();

        ZkmlCommandTest.Run fixedRange = zkml("compile", model.toString(), "-o", dir.resolve("f").toString(), "--input-range", "-2:2", "--param-range", "-1:1");
        assertThat(fixedRange.exit()).isEqualTo(2);
        assertThat(fixedRange.err()).contains("--param-visibility committed");
        ZkmlCommandTest.Run narrow = zkml("compile", model.toString(), "-o", dir.resolve("n").toString(), "--input-range", "-2:2", "--param-visibility",
                "committed", "--param-range", "-0.5:0.5");
        assertThat(narrow.exit()).isEqualTo(2);
        assertThat(narrow.err()).contains("Gemm").contains("outside the declared parameter range -0.5:0.5");
        assertThat(zkml("commit", "--params", model.toString()).exit()).isEqualTo(2);
    }
}
