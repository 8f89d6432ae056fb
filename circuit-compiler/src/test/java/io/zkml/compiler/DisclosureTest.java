package io.zkml.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.circuit.CircuitFiles;
import io.zkml.compiler.onnx.proto.OnnxProto.GraphProto;
import io.zkml.compiler.quant.QProgram;
import io.zkml.compiler.witness.IoJson;
import io.zkml.compiler.witness.WitnessGenerator;
import io.zkml.core.field.Fr;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disclosure grammar, what circuit.json and output.json say of it, and a classifier that discloses its class. */
class DisclosureTest {

    @Test
    void everyFormParsesToItsCanonicalTextAndBack() {
        assertThat(Visibility.parse("PUBLIC")).isSameAs(Visibility.PUBLIC);
        assertThat(Visibility.parse("private")).isSameAs(Visibility.PRIVATE);
        assertThat(Visibility.parse("hashed")).isSameAs(Visibility.HASHED);
        assertThat(Visibility.parse("argmax")).isEqualTo(new Visibility.ArgMax());
        assertThat(Visibility.parse("gt:0.80")).isEqualTo(new Visibility.Threshold(Visibility.Comparison.GT, new BigDecimal("0.8")));
        assertThat(Visibility.parse("public:7,0,3")).isEqualTo(new Visibility.Elements(List.of(0, 3, 7)));
        for (String s : new String[] {"public", "private", "hashed", "argmax", "gt:0.8", "ge:-1.25", "lt:3", "le:100", "public:0,3,7", "gt:0.000001"}) {
            assertThat(Visibility.parse(s).toString()).isEqualTo(s);
            assertThat(Visibility.parse(Visibility.parse(s).toString())).isEqualTo(Visibility.parse(s));
        }
        assertThat(Visibility.parse("ge:1e2").toString()).isEqualTo("ge:100");
        // the element list of public:I,J continues over the commas that separate outputs
        assertThat(Visibility.parseList("public:0,3,7,argmax,gt:0.5,private"))
                .containsExactly(Visibility.parse("public:0,3,7"), new Visibility.ArgMax(), Visibility.parse("gt:0.5"), Visibility.PRIVATE);
        assertThat(Visibility.parseList("public,private")).containsExactly(Visibility.PUBLIC, Visibility.PRIVATE);
    }

    @Test
    void malformedVisibilitiesAreRefusedWithTheirReason() {
        assertThat(catchThrowable(() -> Visibility.parse("secret"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("visibility is public, private, hashed, argmax, gt:T").hasMessageContaining("'secret'");
        assertThat(catchThrowable(() -> Visibility.parse("gt"))).hasMessageContaining("needs a threshold: gt:T");
        assertThat(catchThrowable(() -> Visibility.parse("gt:high"))).hasMessageContaining("the threshold must be a decimal number");
        assertThat(catchThrowable(() -> Visibility.parse("lt:NaN"))).hasMessageContaining("the threshold must be a decimal number");
        assertThat(catchThrowable(() -> Visibility.parse("gt:1e20"))).hasMessageContaining("within ±10^15");
        assertThat(catchThrowable(() -> Visibility.parse("public:1,x"))).hasMessageContaining("takes element indices (integers), got 'x'");
        assertThat(catchThrowable(() -> Visibility.parse("public:2,2"))).hasMessageContaining("element 2 is listed twice");
        assertThat(catchThrowable(() -> Visibility.parse("public:-1"))).hasMessageContaining("non-negative");
        assertThat(catchThrowable(() -> Visibility.parse("argmax:1"))).hasMessageContaining("visibility is public, private");
    }

    @Test
    void predicatesAreForOutputsOnly() {
        for (String s : new String[] {"argmax", "gt:0", "public:0"}) {
            assertThat(catchThrowable(() -> CompileOptions.withRange(-1, 1).withVisibility(List.of(Visibility.parse(s)), List.of(Visibility.PUBLIC))))
                    .as(s).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--input-visibility " + s + ": an input is public, private or hashed; predicates and element selections disclose outputs"
                            + " (--output-visibility)");
        }
    }

    private static byte[] relu(long... dims) {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(Models.floatInput("x", dims)).addOutput(Models.output("y"))
                .addNode(Models.node("Relu", "r", new String[] {"x"}, new String[] {"y"}));
        return Models.model(13, g);
    }

    @Test
    void aPredicateThatDoesNotFitTheOutputIsNamed() {
        CompileOptions o = CompileOptions.withRange(-1, 1).withVisibility(List.of(Visibility.PRIVATE), List.of(Visibility.parse("public:1,6")));
        assertThat(catchThrowable(() -> Compiler.compile(relu(2, 3), o))).isInstanceOf(CompileException.class)
                .hasMessageContaining("'output y' (public:1,6): element 6 is not in the output: it has 6 elements (shape [2, 3])");
    }

    @Test
    void circuitJsonRecordsWhatEachSignalDisclosesAndLoadRecompilesIt(@TempDir Path dir) throws Exception {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(Models.floatInput("x", 2, 3))
                .addOutput(Models.output("a")).addOutput(Models.output("b")).addOutput(Models.output("c"))
                .addNode(Models.node("Relu", "r", new String[] {"x"}, new String[] {"a"}))
                .addNode(Models.node("Abs", "n", new String[] {"x"}, new String[] {"b"}))
                .addNode(Models.node("Sign", "s", new String[] {"x"}, new String[] {"c"}));
        byte[] model = Models.model(13, g);
        List<Visibility> outs = Visibility.parseList("argmax,gt:0.5,public:0,5");
        CompileOptions o = CompileOptions.withRange(-1, 1).withVisibility(List.of(Visibility.PUBLIC), outs);
        Circuit c = Compiler.compile(model, o);
        // two rows' argmax, six bits, two elements, then the six public inputs
        assertThat(c.layout().nPubOut()).isEqualTo(2 + 6 + 2);
        CircuitFiles.write(c, model, dir);
        JsonNode json = CircuitFiles.readCircuitJson(dir);
        assertThat(json.path("outputs").findValuesAsText("visibility")).containsExactly("argmax", "gt:0.5", "public:0,5");
        assertThat(json.path("publicSignals").toString()).isEqualTo("["
                + "{\"kind\":\"output\",\"tensor\":\"a\",\"visibility\":\"argmax\",\"firstSignal\":1,\"count\":2},"
                + "{\"kind\":\"output\",\"tensor\":\"b\",\"visibility\":\"gt:0.5\",\"firstSignal\":3,\"count\":6},"
                + "{\"kind\":\"output\",\"tensor\":\"c\",\"visibility\":\"public:0,5\",\"firstSignal\":9,\"count\":2},"
                + "{\"kind\":\"input\",\"tensor\":\"x\",\"visibility\":\"public\",\"firstSignal\":11,\"count\":6}]");
        assertThat(CircuitFiles.options(json)).isEqualTo(o);
        Circuit loaded = Compiler.load(dir);
        assertThat(loaded.fingerprint()).isEqualTo(c.fingerprint());

        double[] x = {0.25, -0.5, 0.75, -1, -0.625, -0.75};
        WitnessGenerator.Result r = WitnessGenerator.generate(loaded, List.of(x));
        List<Fr> pub = loaded.r1cs().publicSignals(r.witness());
        // argmax of relu(x) per row: [0.25, 0, 0.75] → 2, [0, 0, 0] → 0 (the first on a tie); |x| > 0.5 (0.5 itself is not);
        // sign(x) at 0 and 5; then x itself
        List<Fr> expected = new ArrayList<>(List.of(Fr.of(2), Fr.of(0), Fr.of(0), Fr.of(0), Fr.of(1), Fr.of(1), Fr.of(1), Fr.of(1), Fr.of(1), Fr.of(-1)));
        for (double v : x) {
            expected.add(Fr.of(Math.round(v * 256)));
        }
        assertThat(pub).containsExactlyElementsOf(expected);

        Path out = dir.resolve("output.json");
        IoJson.writeOutput(loaded, r, out);
        JsonNode o2 = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toFile());
        // the prover sees every output; the verifier learns what "disclosed" lists
        assertThat(o2.path("outputs").get(2).toString()).isEqualTo("[1.0,-1.0,1.0,-1.0,-1.0,-1.0]");
        assertThat(o2.path("disclosed").toString()).isEqualTo("["
                + "{\"tensor\":\"a\",\"visibility\":\"argmax\",\"values\":[2,0]},"
                + "{\"tensor\":\"b\",\"visibility\":\"gt:0.5\",\"values\":[0,0,1,1,1,1]},"
                + "{\"tensor\":\"c\",\"visibility\":\"public:0,5\",\"values\":[1.0,-1.0]}]");
    }

    @Test
    void privateOutputsDiscloseNothingAndHashedOnesOnlyTheirCommitment() {
        for (Visibility v : new Visibility[] {Visibility.PRIVATE, Visibility.HASHED}) {
            Circuit c = Compiler.compile(relu(1, 4), CompileOptions.withRange(-1, 1).withVisibility(List.of(Visibility.PRIVATE), List.of(v)));
            boolean hashed = v == Visibility.HASHED;
            // a hashed output: its commitment is the one public signal, its salt one more private input
            assertThat(c.layout().nPubOut()).isEqualTo(hashed ? 1 : 0);
            assertThat(c.layout().nPrvIn()).isEqualTo(hashed ? 5 : 4);
            assertThat(c.program().outputs().getFirst().disclosed()).isNull();
        }
    }

    /** The first index of the largest element. */
    private static int argMax(double[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void aClassifierDisclosesOnlyItsClassAndItIsTheFloatModelsClass() throws Exception {
        String name = "4l_relu_conv_fc";
        byte[] model = Corpus.model(name);
        List<double[]> sample = Corpus.input(name);
        CompileOptions o = Corpus.optionsFor(sample).withVisibility(List.of(Visibility.PRIVATE), List.of(new Visibility.ArgMax()));
        Circuit c = Compiler.compile(model, o);
        assertThat(c.layout().nPubOut()).isEqualTo(1);
        assertThat(Determinism.check(c.r1cs()).undetermined()).isZero();
        QProgram.Input in = c.program().inputs().getFirst();
        List<List<double[]>> inputs = new ArrayList<>(List.of(sample));
        Random rnd = new Random(11);
        for (int t = 0; t < 4; t++) {
            double[] x = new double[in.value().size()];
            for (int e = 0; e < x.length; e++) {
                x[e] = in.range().lo() + rnd.nextDouble() * (in.range().hi() - in.range().lo());
            }
            inputs.add(List.of(x));
        }
        int decided = 0;
        for (List<double[]> x : inputs) {
            WitnessGenerator.Result r = WitnessGenerator.generate(c, x);
            List<Fr> pub = c.r1cs().publicSignals(r.witness());
            assertThat(pub).hasSize(1);
            double[] quantized = r.outputs()[0];
            assertThat(pub.getFirst()).isEqualTo(Fr.of(argMax(quantized)));
            float[] f = OrtOracle.run(model, x, List.of(in.value().shape())).getFirst();
            double[] real = new double[f.length];
            double err = 0;
            for (int i = 0; i < f.length; i++) {
                real[i] = f[i];
                err = Math.max(err, Math.abs(f[i] - quantized[i]));
            }
            // where the float model's best class leads the runner-up by more than twice the quantization error, the
            // quantized model must agree and the public signal is the float model's class
            int best = argMax(real);
            double runnerUp = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < real.length; i++) {
                if (i != best) {
                    runnerUp = Math.max(runnerUp, real[i]);
                }
            }
            if (real[best] - runnerUp > 2 * err) {
                assertThat(pub.getFirst()).isEqualTo(Fr.of(best));
                decided++;
            }
        }
        assertThat(decided).as("inputs whose float class is clear of the quantization error").isPositive();
    }
}
