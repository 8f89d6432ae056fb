package io.zkml.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml.cli.ZkmlCommandTest.Run;
import io.zkml.compiler.onnx.proto.OnnxProto.GraphProto;
import io.zkml.compiler.onnx.proto.OnnxProto.ModelProto;
import io.zkml.compiler.onnx.proto.OnnxProto.NodeProto;
import io.zkml.compiler.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.zkml.compiler.onnx.proto.OnnxProto.TensorShapeProto;
import io.zkml.compiler.onnx.proto.OnnxProto.TypeProto;
import io.zkml.compiler.onnx.proto.OnnxProto.ValueInfoProto;
import io.zkml.core.io.JsonText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The command line a newcomer meets: help and exit codes on every verb, one-line reasons for bad arguments, the
 * one-step {@code prove DIR --input … -o BUNDLE/} with {@code verify BUNDLE/}, {@code demo}, {@code bench} and
 * {@code completion}.
 */
class NewcomerCommandsTest {

    static Run zkml(String... args) {
        return ZkmlCommandTest.zkml(args);
    }

    static Run ok(String... args) {
        Run r = zkml(args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.err()).isZero();
        return r;
    }

    static JsonNode json(String text) {
        return JsonText.parse("stdout", text).node();
    }

    /** Every command path: "compile", "ptau new", …; the root is the empty list. */
    private static List<List<String>> commands(CommandLine cmd, List<String> prefix) {
        List<List<String>> all = new ArrayList<>();
        all.add(prefix);
        cmd.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> p = new ArrayList<>(prefix);
                p.add(name);
                all.addAll(commands(sub, p));
            }
        });
        return all;
    }

    @Test
    void everyCommandsHelpExitsZeroAndStatesTheExitCodes() {
        List<List<String>> all = commands(new CommandLine(new ZkmlCommand()), List.of());
        assertThat(all.stream().map(l -> String.join(" ", l))).contains("prove", "verify", "demo", "bench", "completion", "inspect", "ptau new",
                "zkey verify", "contribute", "beacon", "commit");
        for (List<String> c : all) {
            List<String> args = new ArrayList<>(c);
            args.add("--help");
            Run r = ok(args.toArray(String[]::new));
            assertThat(r.out().replaceAll("\\s+", " ")).as(String.join(" ", c)).contains("Usage: zkml").contains("Exit codes: 0 ok; 1 verification false")
                    .contains("2 bad input or usage").contains("3 internal error").contains("--quiet");
        }
    }

    @Test
    void badArgumentsExitTwoWithOneLine(@TempDir Path dir) {
        String[][] bad = {
                {"prove", "--no-such-option"},
                {"prove"},
                {"prove", dir.toString(), "--input", "in.json"},
                {"verify"},
                {"verify", dir.resolve("nothing").toString()},
                {"bench", "--log2n", "99"},
                {"bench", "--proofs", "x"},
                {"demo", "--model-dir", dir.resolve("absent").toString()},
                {"compile", dir.resolve("absent.onnx").toString(), "-o", dir.resolve("c").toString(), "--input-range", "0:1"},
                {"inspect", dir.resolve("absent.json").toString()},
                {"prove", "--row", "0", "--zkey", "c.zkey", "--witness", "w.wtns", "--proof", "p.json", "--public", "s.json"},
                {"setup", "--dev", "--json"},
                {"calldata", "--json", "--proof", dir.resolve("absent.json").toString(), "--public", dir.resolve("absent.json").toString()},
                {"ptau", "verify", dir.resolve("absent.ptau").toString(), "--json"},
                {"witness", dir.toString(), "--input", "in.json", "--witness", "w.wtns", "--output", "o.json", "--json"},
        };
        for (String[] args : bad) {
            Run r = zkml(args);
            assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
            List<String> lines = r.err().strip().lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines.getFirst()).as(String.join(" ", args)).doesNotContain("Exception");
            assertThat(r.err()).doesNotContain("\tat ");
        }
        // --verbose adds the stack trace, the exit code stays
        Run verbose = zkml("inspect", dir.resolve("absent.json").toString(), "--verbose");
        assertThat(verbose.exit()).isEqualTo(2);
        assertThat(verbose.err()).contains("absent.json").contains("\tat ");
        // a reason names what is missing
        assertThat(zkml("demo", "--model-dir", dir.resolve("absent").toString()).err()).contains("absent").contains("--model-dir");
        assertThat(zkml("compile", dir.resolve("absent.onnx").toString(), "-o", dir.resolve("c").toString(), "--input-range", "0:1").err())
                .contains("no such file").contains("absent.onnx");
    }

    @Test
    void anUnsupportedOpIsNamedWithItsNode(@TempDir Path dir) throws Exception {
        var shape = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(1))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(4));
        var input = ValueInfoProto.newBuilder().setName("x")
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape)));
        var graph = GraphProto.newBuilder().addInput(input).addOutput(ValueInfoProto.newBuilder().setName("y"))
                .addNode(NodeProto.newBuilder().setOpType("Hardmax").setName("pick").addInput("x").addOutput("y"));
        Path model = dir.resolve("hardmax.onnx");
        Files.write(model, ModelProto.newBuilder().setIrVersion(8).addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph).build().toByteArray());
        Run r = zkml("compile", model.toString(), "-o", dir.resolve("c").toString(), "--input-range", "0:1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("'pick'").contains("unsupported operator Hardmax").doesNotContain("internal error");
    }

    @Test
    void unexpectedExceptionsAreInternalErrors() {
        assertThat(ZkmlCommand.isUserError(new NullPointerException())).isFalse();
        assertThat(ZkmlCommand.isUserError(new IllegalStateException("x"))).isFalse();
        assertThat(ZkmlCommand.isUserError(new IllegalArgumentException("x"))).isTrue();
        assertThat(ZkmlCommand.isUserError(new java.nio.file.NoSuchFileException("x"))).isTrue();
    }

    /** compile → setup → prove DIR --input -o BUNDLE/ → verify BUNDLE/, on EZKL's one-layer MLP, with the Java prover. */
    @Test
    void proveAnInputIntoABundleFolderAndVerifyIt(@TempDir Path dir) throws Exception {
        Path model = CompilePipelineTest.copy("/models/1l_mlp/network.onnx", dir.resolve("network.onnx"));
        Path input = CompilePipelineTest.copy("/models/1l_mlp/input.json", dir.resolve("input.json"));
        Path circ = dir.resolve("circ");
        ok("compile", model.toString(), "-o", circ.toString(), "--input-range", "-2:2", "--output-visibility", "argmax");
        Run noKey = zkml("prove", circ.toString(), "--input", input.toString(), "-o", dir.resolve("b0").toString());
        assertThat(noKey.exit()).isEqualTo(2);
        assertThat(noKey.err()).contains("no proving key").contains("zkml setup");
        ok("setup", circ.toString(), "--dev");

        Path bundle = dir.resolve("bundle");
        Run prove = ok("prove", circ.toString(), "--input", input.toString(), "-o", bundle.toString(), "--backend", "java", "--json");
        JsonNode summary = json(prove.out());
        assertThat(summary.get("outputs").get(0).get("visibility").asText()).isEqualTo("argmax");
        long argmax = summary.get("outputs").get(0).get("values").get(0).asLong();
        for (String f : List.of("proof.json", "public.json", "output.json", "calldata.txt", "bundle.json")) {
            assertThat(bundle.resolve(f)).isRegularFile();
        }
        JsonNode output = JsonText.read(bundle.resolve("output.json")).node();
        assertThat(output.get("names").get(0).asText()).isEqualTo("output");
        assertThat(output.get("shapes").get(0)).hasSize(2);
        assertThat(output.get("disclosed").get(0).get("values").get(0).asLong()).isEqualTo(argmax);
        double[] outs = new double[4];
        for (int i = 0; i < 4; i++) {
            outs[i] = output.get("outputs").get(0).get(i).asDouble();
        }
        for (int i = 0; i < 4; i++) {
            assertThat(outs[(int) argmax]).isGreaterThanOrEqualTo(outs[i]);
        }
        // calldata.txt is what zkml calldata prints for the same proof
        String calldata = ok("calldata", "--proof", bundle.resolve("proof.json").toString(), "--public", bundle.resolve("public.json").toString()).out();
        assertThat(Files.readString(bundle.resolve("calldata.txt")).strip()).isEqualTo(calldata.strip());

        assertThat(ok("inspect", bundle.toString()).out()).contains("proof bundle").contains("argmax");

        // verify BUNDLE/: with the key of the circuit output.json names, with --circuit, with an exported vk
        assertThat(ok("verify", bundle.toString()).out().strip()).isEqualTo("valid");
        assertThat(ok("verify", bundle.toString(), "--circuit", circ.toString()).out().strip()).isEqualTo("valid");
        Path vk = dir.resolve("vk.json");
        ok("export-vk", circ.toString(), "-o", vk.toString());
        JsonNode verdict = json(ok("verify", bundle.resolve("bundle.json").toString(), "--vk", vk.toString(), "--json").out());
        assertThat(verdict.get("valid").asBoolean()).isTrue();
        assertThat(verdict.get("outputs").get(0).get("values").get(0).asLong()).isEqualTo(argmax);
        // the low-level files verify as snarkjs's do
        assertThat(ok("verify", "--vk", vk.toString(), "--proof", bundle.resolve("proof.json").toString(), "--public",
                bundle.resolve("public.json").toString()).out().strip()).isEqualTo("valid");

        // a bundle folder away from its circuit folder: say how to give the key
        Path moved = Files.createDirectories(dir.resolve("moved"));
        Files.copy(bundle.resolve("bundle.json"), moved.resolve("bundle.json"));
        Files.writeString(moved.resolve("output.json"), Files.readString(bundle.resolve("output.json")).replace(circ.toAbsolutePath().toString(),
                dir.resolve("elsewhere").toString()));
        Run away = zkml("verify", moved.toString());
        assertThat(away.exit()).isEqualTo(2);
        assertThat(away.err()).contains("--vk vk.json or --circuit DIR").contains("elsewhere");
        assertThat(ok("verify", moved.toString(), "--vk", vk.toString()).out().strip()).isEqualTo("valid");

        // another key for the same circuit: the bundle names the old one
        ok("setup", circ.toString(), "--dev");
        Run other = zkml("verify", bundle.toString(), "--json");
        assertThat(other.exit()).isEqualTo(1);
        assertThat(json(other.out()).get("valid").asBoolean()).isFalse();
        assertThat(json(other.out()).get("reason").asText()).contains("another proving key");

        // a tampered public signal: invalid
        String bundleText = Files.readString(bundle.resolve("bundle.json"));
        JsonNode b = JsonText.parse("b", bundleText).node();
        String first = b.get("publicSignals").get(0).asText();
        Files.writeString(bundle.resolve("bundle.json"), bundleText.replace("\"" + first + "\"", "\"" + (Long.parseLong(first) + 1) + "\""));
        Run tampered = zkml("verify", bundle.toString(), "--vk", vk.toString());
        assertThat(tampered.exit()).isEqualTo(1);
        assertThat(tampered.out()).startsWith("invalid");

        // --quiet: no notes on standard error, the answer on standard output
        ok("setup", circ.toString(), "--dev");
        Run quiet = ok("prove", circ.toString(), "--input", input.toString(), "-o", bundle.toString(), "--backend", "java", "--quiet");
        assertThat(quiet.err()).doesNotContain("proved").doesNotContain("backend");
        assertThat(quiet.out()).contains("argmax");

        // an input of the wrong shape names the expected shape
        Path wrong = dir.resolve("wrong.json");
        Files.writeString(wrong, "{\"input_data\": [[0.1, 0.2]]}");
        Run shape = zkml("prove", circ.toString(), "--input", wrong.toString(), "-o", dir.resolve("b2").toString(), "--backend", "java");
        assertThat(shape.exit()).isEqualTo(2);
        assertThat(shape.err()).contains("'input'").contains("of shape [1, 3] has 3 elements");
    }

    /** The demo on a stand-in model folder (EZKL's one-layer MLP with a meta.json), with the Java prover. */
    @Test
    void demoOnAStandInModel(@TempDir Path dir) throws Exception {
        Path models = Files.createDirectories(dir.resolve("mlp"));
        CompilePipelineTest.copy("/models/1l_mlp/network.onnx", models.resolve("model.onnx"));
        CompilePipelineTest.copy("/models/1l_mlp/input.json", models.resolve("input.json"));
        // meta.json as models/ writes it: compile options under "compile", class names under "output"
        Files.writeString(models.resolve("meta.json"), "{\"compile\": {\"input_range\": [-2.0, 2.0], \"input_scale\": 7, \"param_scale\": 6},"
                + " \"output\": {\"class_names\": [\"a\", \"b\", \"c\", \"d\"]}}");
        Path work = dir.resolve("work");
        Run demo = ok("demo", "--model-dir", models.toString(), "--dir", work.toString(), "--backend", "java", "--json");
        JsonNode s = json(demo.out());
        assertThat(s.get("valid").asBoolean()).isTrue();
        assertThat(s.get("developmentKey").asBoolean()).isTrue();
        assertThat(s.get("steps")).hasSize(5);
        assertThat(s.get("label").asText()).isIn("'a'", "'b'", "'c'", "'d'");
        assertThat(s.get("commitment").asText()).startsWith("0x");
        assertThat(work.resolve("circuit/circuit.json")).isRegularFile();
        JsonNode circuitJson = JsonText.read(work.resolve("circuit/circuit.json")).node();
        assertThat(circuitJson.get("inputs").get(0).get("visibility").asText()).isEqualTo("hashed");
        assertThat(circuitJson.get("inputs").get(0).get("range").get(1).asDouble()).isEqualTo(2.0);
        assertThat(circuitJson.get("options").get("inputScale").asInt()).isEqualTo(7);
        assertThat(circuitJson.get("options").get("paramScale").asInt()).isEqualTo(6);
        assertThat(ok("verify", work.resolve("bundle").toString()).out().strip()).isEqualTo("valid");

        Run human = ok("demo", "--model-dir", models.toString(), "--dir", dir.resolve("work2").toString(), "--backend", "java");
        assertThat(human.out()).contains("[1/5]").contains("[5/5]").contains("valid").contains("DEVELOPMENT key").contains(dir.resolve("work2").toString());
        assertThat(human.err()).contains("WARNING");
    }

    /** The real demo, once models/breast-cancer is in the checkout. */
    @Test
    void demoOnTheBreastCancerModel(@TempDir Path dir) throws Exception {
        Path models = Path.of("").toAbsolutePath().getParent().resolve(DemoCommand.DEFAULT_MODEL);
        assumeTrue(Files.isDirectory(models), "skipped: " + models + " does not exist yet");
        JsonNode s = json(ok("demo", "--model-dir", models.toString(), "--dir", dir.resolve("work").toString(), "--json").out());
        assertThat(s.get("valid").asBoolean()).isTrue();
        assertThat(s.get("steps")).hasSize(5);
    }

    /**
     * The demo path (compile → setup → prove → verify) on the other models of models/, each compiled as its report.json
     * says: the digit CNN (private pixels, argmax; one held-out image picked with --row) and the diabetes regressor
     * (hashed features, public score).
     */
    @ParameterizedTest
    @ValueSource(strings = {"digits", "diabetes"})
    void demoPathOnTheOtherModels(String name, @TempDir Path dir) throws Exception {
        Path models = Path.of("").toAbsolutePath().getParent().resolve("models").resolve(name);
        assumeTrue(Files.isDirectory(models), "skipped: " + models + " does not exist");
        boolean digits = name.equals("digits");
        Path input = models.resolve(digits ? "heldout.json" : "input.json");
        Path circ = dir.resolve("circuit");
        List<String> compile = new ArrayList<>(List.of("compile", models.resolve("model.onnx").toString(), "-o", circ.toString()));
        JsonNode args = JsonText.read(models.resolve("report.json")).node().get("compile").get("zkml_compile_args");
        args.forEach(a -> compile.add(a.asText()));
        ok(compile.toArray(String[]::new));
        ok("setup", circ.toString(), "--dev");
        List<String> prove = new ArrayList<>(List.of("prove", circ.toString(), "--input", input.toString(), "-o", dir.resolve("bundle").toString(),
                "--json"));
        int row = 5;
        if (digits) {
            prove.addAll(List.of("--row", String.valueOf(row)));
        }
        if (compile.contains("hashed")) {
            Path salts = dir.resolve("commitment.json");
            ok("commit", "--circuit", circ.toString(), "--input", input.toString(), "-o", salts.toString());
            prove.addAll(List.of("--salts", salts.toString()));
        }
        JsonNode summary = json(ok(prove.toArray(String[]::new)).out());
        JsonNode disclosed = summary.get("outputs").get(0);
        assertThat(disclosed.get("visibility").asText()).isEqualTo(digits ? "argmax" : "public");
        assertThat(disclosed.get("values")).isNotEmpty();
        if (digits) {
            // the float model's class for that image (report.json: the circuit agrees on every held-out image)
            JsonNode floats = JsonText.read(input).node().get("output_data").get(0);
            int best = 0;
            for (int k = 1; k < 10; k++) {
                best = floats.get(row * 10 + k).asDouble() > floats.get(row * 10 + best).asDouble() ? k : best;
            }
            assertThat(disclosed.get("values").get(0).asInt()).isEqualTo(best);
        }
        assertThat(ok("verify", dir.resolve("bundle").toString()).out().strip()).isEqualTo("valid");
    }

    @Test
    void benchPrintsConstraintsPerSecond() {
        JsonNode s = json(ok("bench", "--log2n", "6", "--proofs", "1", "--backend", "java", "--json").out());
        assertThat(s.get("constraints").asInt()).isEqualTo(62);
        assertThat(s.get("constraintsPerSecond").asDouble()).isPositive();
        assertThat(ok("bench", "--log2n", "5", "--proofs", "1", "--backend", "java").out()).contains("constraints/s");
    }

    @Test
    void completionPrintsABashScript() {
        String script = ok("completion").out();
        assertThat(script).contains("complete -F").contains("prove").contains("demo").contains("--input");
    }
}
