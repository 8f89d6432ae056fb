package io.zkml.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml.compiler.CompileOptions.InputRange;
import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.circuit.CircuitFiles;
import io.zkml.compiler.circuit.ParamCommitment;
import io.zkml.compiler.lower.LayerStats;
import io.zkml.compiler.onnx.proto.OnnxProto.AttributeProto;
import io.zkml.compiler.onnx.proto.OnnxProto.GraphProto;
import io.zkml.compiler.quant.ParamLinear;
import io.zkml.compiler.quant.QProgram;
import io.zkml.compiler.witness.WitnessGenerator;
import io.zkml.core.field.Fr;
import io.zkml.core.hash.Commitment;
import io.zkml.core.r1cs.R1cs;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Committed parameters ({@code --param-visibility committed}): the same outputs as fixed weights, one circuit for
 * every weight set in the declared range, the range enforced in the circuit, and another model's parameters
 * accepted only for the same architecture.
 */
class CommittedParamsTest {

    private static final InputRange UNIT = new InputRange(-1, 1);

    /** x[1, 3] → Gemm(W1[4, 3]ᵀ, b1[4]) → Relu → Gemm(W2[2, 4]ᵀ, b2[2]). */
    static byte[] mlp(double[] w1, double[] b1, double[] w2, double[] b2) {
        AttributeProto transB = AttributeProto.newBuilder().setName("transB").setType(AttributeProto.AttributeType.INT).setI(1).build();
        GraphProto.Builder g = GraphProto.newBuilder().addInput(Models.floatInput("x", 1, 3)).addOutput(Models.output("y"))
                .addInitializer(Models.floats("W1", new long[] {w1.length / 3, 3}, w1)).addInitializer(Models.floats("b1", new long[] {b1.length}, b1))
                .addInitializer(Models.floats("W2", new long[] {2, w1.length / 3}, w2)).addInitializer(Models.floats("b2", new long[] {2}, b2))
                .addNode(Models.node("Gemm", "fc1", new String[] {"x", "W1", "b1"}, new String[] {"h"}, transB))
                .addNode(Models.node("Relu", "relu", new String[] {"h"}, new String[] {"r"}))
                .addNode(Models.node("Gemm", "fc2", new String[] {"r", "W2", "b2"}, new String[] {"y"}, transB));
        return Models.model(13, g);
    }

    static byte[] mlpA() {
        return mlp(new double[] {0.5, -0.25, 0.125, 0.75, 0.3, -0.6, -0.1, 0.2, 0.9, 0.05, -0.45, 0.33}, new double[] {0.1, -0.2, 0.05, 0},
                new double[] {0.4, -0.7, 0.2, 0.1, -0.3, 0.6, 0.25, -0.15}, new double[] {0.02, -0.04});
    }

    /** mlpA fine-tuned: every weight moved, one of them to zero (which fixed weights would drop as a term). */
    static byte[] mlpB() {
        return mlp(new double[] {0.45, -0.2, 0.0, 0.8, 0.35, -0.55, -0.15, 0.25, 0.85, 0.1, -0.5, 0.3}, new double[] {0.12, -0.18, 0.0, 0.03},
                new double[] {0.35, -0.75, 0.25, 0.05, -0.35, 0.65, 0.2, -0.1}, new double[] {0.0, -0.06});
    }

    private static CompileOptions committed(InputRange range) {
        return CompileOptions.withRange(-1, 1).withParams(ParamVisibility.COMMITTED, range);
    }

    private static final List<double[]> INPUT = List.of(new double[] {0.5, -0.75, 0.25});

    @Test
    void outputsEqualThoseWithFixedWeightsAndTheReferenceEvaluation() throws Exception {
        for (String name : new String[] {"1l_mlp", "2l_relu_fc", "1l_conv"}) {
            List<double[]> in = Corpus.input(name);
            CompileOptions fixed = Corpus.optionsFor(in);
            Circuit f = Compiler.compile(Corpus.model(name), fixed);
            Circuit c = Compiler.compile(Corpus.model(name), fixed.withParams(ParamVisibility.COMMITTED, null));
            assertThat(c.program().ops()).as(name).anyMatch(op -> op instanceof ParamLinear);
            WitnessGenerator.Result rf = WitnessGenerator.generate(f, in);
            WitnessGenerator.Result rc = WitnessGenerator.generate(c, in);
            assertThat(rc.quantizedOutputs()).as(name).isDeepEqualTo(rf.quantizedOutputs());
            long[][] values = c.program().evaluate(WitnessGenerator.quantize(c.program(), in));
            assertThat(rc.quantizedOutputs()[0]).as(name + ": witness vs reference").isEqualTo(values[c.program().outputs().getFirst().value().id()]);
            assertThat(Determinism.check(c.r1cs()).undetermined()).as(name + ": every wire determined by inputs and parameters").isZero();
            ConformanceTest.everyInRangeInputProves(c);
            everyInRangeWeightSetProves(c, in);
            String line = "committed:" + name + "," + c.r1cs().nConstraints() + "," + c.r1cs().nWires();
            assertThat(ConformanceTest.Golden.lines()).as("golden/circuits.csv (update it when a change of circuit size is intended)").contains(line);
        }
    }

    /**
     * Parameters at the corners of the declared range (all lowest, all highest, alternating) and random ones, with
     * the sample input and the input range's corners: each has a witness (the bounds came from the range, not from
     * the compiled model's values) equal to the reference evaluation with those parameters.
     */
    static void everyInRangeWeightSetProves(Circuit c, List<double[]> sample) {
        java.util.Random rnd = new java.util.Random(11);
        List<QProgram.Param> ts = c.program().params().tensors();
        for (int pattern = 0; pattern < 4; pattern++) {
            long[][] p = new long[ts.size()][];
            for (int k = 0; k < p.length; k++) {
                QProgram.Param t = ts.get(k);
                p[k] = new long[t.values().length];
                for (int e = 0; e < p[k].length; e++) {
                    p[k][e] = switch (pattern) {
                        case 0 -> t.qlo();
                        case 1 -> t.qhi();
                        case 2 -> e % 2 == 0 ? t.qlo() : t.qhi();
                        default -> t.qlo() + (long) (rnd.nextDouble() * (t.qhi() - t.qlo() + 1));
                    };
                }
            }
            for (int corner = 0; corner < 3; corner++) {
                List<double[]> in = sample;
                if (corner > 0) {
                    in = c.program().inputs().stream().map(i -> {
                        double[] x = new double[i.value().size()];
                        java.util.Arrays.fill(x, i.range().lo());
                        return x;
                    }).toList();
                }
                if (corner == 2) {
                    in = c.program().inputs().stream().map(i -> {
                        double[] x = new double[i.value().size()];
                        java.util.Arrays.fill(x, i.range().hi());
                        return x;
                    }).toList();
                }
                WitnessGenerator.Result r = WitnessGenerator.generate(c, in, p);
                long[][] values = c.program().evaluate(WitnessGenerator.quantize(c.program(), in), p);
                assertThat(r.quantizedOutputs()[0]).isEqualTo(values[c.program().outputs().getFirst().value().id()]);
            }
        }
    }

    @Test
    void oneCircuitServesEveryWeightSetInTheDeclaredRange() {
        Circuit a = Compiler.compile(mlpA(), committed(UNIT));
        Circuit b = Compiler.compile(mlpB(), committed(UNIT));
        assertThat(b.fingerprint()).isEqualTo(a.fingerprint());
        assertThat(b.r1cs().constraints()).isEqualTo(a.r1cs().constraints());
        assertThat(b.layout()).isEqualTo(a.layout());
        // with fixed weights the two are different circuits
        assertThat(Compiler.compile(mlpB(), CompileOptions.withRange(-1, 1)).fingerprint())
                .isNotEqualTo(Compiler.compile(mlpA(), CompileOptions.withRange(-1, 1)).fingerprint());

        // b's parameters in a's circuit give b's outputs, which fixed weights give too
        long[][] pb = Compiler.paramsOf(a, mlpB());
        assertThat(pb).isDeepEqualTo(b.program().params().ownValues());
        WitnessGenerator.Result r = WitnessGenerator.generate(a, INPUT, pb);
        assertThat(r.quantizedOutputs()).isDeepEqualTo(WitnessGenerator.generate(Compiler.compile(mlpB(), CompileOptions.withRange(-1, 1)), INPUT).quantizedOutputs());
        assertThat(r.quantizedOutputs()).isNotEqualTo(WitnessGenerator.generate(a, INPUT).quantizedOutputs());
        assertThat(ParamCommitment.of(Fr.ZERO, pb)).isNotEqualTo(ParamCommitment.of(Fr.ZERO, a.program()));
        // a circuit with the default range takes a model whose own default would be narrower: the circuit's range rules
        byte[] small = mlp(new double[12], new double[4], new double[8], new double[] {0.01, 0});
        Circuit d = Compiler.compile(mlpA(), committed(null));
        assertThat(Compiler.paramsOf(d, small)[3]).containsExactly(Math.round(0.01 * 65536), 0);
    }

    @Test
    void theDefaultRangeIsTheLargestParameterRoundedUpToAPowerOfTwo() {
        Circuit c = Compiler.compile(mlpA(), committed(null));
        QProgram.Params p = c.program().params();
        // largest |parameter| 0.9: W = 1, the range [-1, 1 - 2^-8]
        assertThat(p.range()).isEqualTo(new InputRange(-1, 1 - 1.0 / 256));
        assertThat(p.defaultRange()).isTrue();
        assertThat(p.tensors()).extracting(QProgram.Param::role).containsExactly("weight", "bias", "weight", "bias");
        assertThat(p.count()).isEqualTo(12 + 4 + 8 + 2);
        // weights at scale 8 in [-256, 255]: one 9-bit decomposition (10 constraints) each
        assertThat(p.tensors().getFirst().qlo()).isEqualTo(-256);
        assertThat(p.tensors().getFirst().qhi()).isEqualTo(255);
        assertThat(c.layers().stream().filter(l -> l.step().equals("Param")).findFirst().orElseThrow().constraints()).isEqualTo(12 * 10);
    }

    @Test
    void aParameterOutsideTheDeclaredRangeIsRefused() {
        assertThat(catchThrowable(() -> Compiler.compile(mlpA(), committed(new InputRange(-0.5, 0.5)))))
                .isInstanceOf(CompileException.class).hasMessageContaining("'fc1' (Gemm)").hasMessageContaining("weight element 3 = 0.75")
                .hasMessageContaining("outside the declared parameter range -0.5:0.5");
        Circuit c = Compiler.compile(mlpA(), committed(UNIT));
        byte[] big = mlp(new double[] {0.5, -0.25, 0.125, 0.75, 0.3, -0.6, -0.1, 0.2, 1.5, 0.05, -0.45, 0.33}, new double[] {0.1, -0.2, 0.05, 0},
                new double[] {0.4, -0.7, 0.2, 0.1, -0.3, 0.6, 0.25, -0.15}, new double[] {0.02, -0.04});
        assertThat(catchThrowable(() -> Compiler.paramsOf(c, big))).isInstanceOf(CompileException.class)
                .hasMessageContaining("the parameter model does not fit the circuit").hasMessageContaining("weight element 8 = 1.5");
    }

    @Test
    void aParameterOutsideTheRangeViolatesTheCircuit() {
        Circuit c = Compiler.compile(mlpA(), committed(UNIT));
        long[][] q = WitnessGenerator.quantize(c.program(), INPUT);
        long[][] p = c.program().params().ownValues();
        assertThat(c.firstViolated(c.solve(q, p))).isEqualTo(-1);
        for (long bad : new long[] {257, -257, 1 << 20}) {
            long[][] tampered = Arrays.stream(p).map(long[]::clone).toArray(long[][]::new);
            tampered[2][5] = bad;
            assertThat(c.firstViolated(c.solve(q, tampered))).as("weight %d", bad).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void thePublicCommitmentIsZkCoresAndBindsEveryWeight() {
        Circuit c = Compiler.compile(mlpA(), committed(UNIT));
        long[][] q = WitnessGenerator.quantize(c.program(), INPUT);
        long[][] p = c.program().params().ownValues();
        Fr salt = Fr.of(0x5eed);
        int commitment = c.paramsCommitment().commitmentWire();
        long[] solved = c.solve(q, p);
        Fr[] honest = c.solveField(solved, List.of(), salt);
        assertThat(c.firstViolated(solved, honest)).isEqualTo(-1);
        Fr published = honest[commitment];
        assertThat(published).isEqualTo(Commitment.commit(salt, ParamCommitment.values(p)).value()).isEqualTo(ParamCommitment.of(salt, p));
        // the last public output, after the model's output
        List<Fr> signals = c.r1cs().publicSignals(c.witness(honest));
        assertThat(signals).hasSize(2 + 1).last().isEqualTo(published);
        assertThat(c.solveField(solved, List.of(), Fr.ZERO)[commitment]).isNotEqualTo(published).isEqualTo(ParamCommitment.of(Fr.ZERO, p));

        // one weight changed and everything downstream recomputed: another commitment ...
        long[][] tampered = Arrays.stream(p).map(long[]::clone).toArray(long[][]::new);
        tampered[2][5] += 1;
        long[] s2 = c.solve(q, tampered);
        Fr[] v2 = c.solveField(s2, List.of(), salt);
        assertThat(c.firstViolated(s2, v2)).isEqualTo(-1);
        assertThat(v2[commitment]).isNotEqualTo(published);
        // ... and with the published commitment kept, a violated constraint
        v2[commitment] = published;
        assertThat(c.firstViolated(s2, v2)).isGreaterThanOrEqualTo(0);
    }

    /** x[1, 1] · W[1, 1] at scales 2: every witness of the tiny circuit, for weights in and beyond the range. */
    @Test
    void exhaustivelyOnlyInRangeWeightsHaveAWitnessAndItIsUnique() {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(Models.floatInput("x", 1, 1)).addOutput(Models.output("y"))
                .addInitializer(Models.floats("W", new long[] {1, 1}, 0.5)).addNode(Models.node("MatMul", "mm", new String[] {"x", "W"}, new String[] {"y"}));
        CompileOptions o = new CompileOptions(2, 2, List.of(new InputRange(-1, 0.75)), List.of(Visibility.PRIVATE), List.of(Visibility.PUBLIC))
                .withParams(ParamVisibility.COMMITTED, new InputRange(-1, 0.75));
        Circuit c = Compiler.compile(Models.model(13, g), o);
        int out = c.outputWires(0)[0];
        // the integer constraints (range checks, product, rescale); the commitment's field constraints follow them
        // in the R1CS and are the hash gadget's (thePublicCommitmentIsZkCoresAndBindsEveryWeight checks its binding)
        int poseidon = c.layers().stream().filter(l -> l.step().equals("Poseidon")).mapToInt(LayerStats::constraints).sum();
        assertThat(poseidon).isPositive();
        R1cs r = c.r1cs();
        R1cs integerPart = R1cs.of(r.wires(), r.constraints().subList(0, r.constraints().size() - poseidon));
        for (long x : new long[] {-4, -1, 0, 3}) {
            for (long w = -6; w <= 5; w++) {
                List<Fr[]> all = Exhaustive.witnesses(integerPart, new Fr[] {Fr.of(x), Fr.of(w), Fr.ZERO}, 22);
                if (w < -4 || w > 3) {
                    assertThat(all).as("x = %d, w = %d beyond the range", x, w).isEmpty();
                } else {
                    assertThat(all).as("x = %d, w = %d", x, w).hasSize(1);
                    long expected = Math.floorDiv(x * w + 2, 4);
                    assertThat(all.getFirst()[out]).isEqualTo(Fr.of(expected));
                    long[] solved = c.solve(new long[][] {{x}}, new long[][] {{w}});
                    assertThat(c.witness(c.solveField(solved, List.of(), Fr.ZERO)).get(out)).isEqualTo(Fr.of(expected));
                }
            }
        }
    }

    @Test
    void anotherArchitectureIsRefused() {
        Circuit a = Compiler.compile(mlpA(), committed(UNIT));
        byte[] wider = mlp(new double[15], new double[5], new double[10], new double[2]);
        assertThat(catchThrowable(() -> Compiler.paramsOf(a, wider))).isInstanceOf(CompileException.class).hasMessageContaining("not the same architecture");
        assertThat(catchThrowable(() -> Compiler.paramsOf(Compiler.compile(mlpA(), CompileOptions.withRange(-1, 1)), mlpB())))
                .isInstanceOf(CompileException.class).hasMessageContaining("--param-visibility committed");
    }

    @Test
    void circuitJsonRecordsTheParametersAndTheDirectoryLoads(@TempDir Path dir) throws Exception {
        Circuit c = Compiler.compile(mlpA(), committed(null));
        CircuitFiles.write(c, mlpA(), dir);
        JsonNode json = CircuitFiles.readCircuitJson(dir);
        assertThat(json.path("options").path("paramVisibility").asText()).isEqualTo("committed");
        assertThat(json.path("options").path("paramRange").toString()).isEqualTo("[-1.0,0.99609375]");
        JsonNode p = json.path("params");
        assertThat(p.path("rangeSource").asText()).startsWith("default");
        assertThat(p.path("count").asInt()).isEqualTo(26);
        assertThat(p.path("tensors").get(1).path("node").asText()).contains("'fc1'");
        assertThat(p.path("tensors").get(1).path("scale").asInt()).isEqualTo(16);
        assertThat(p.path("commitment").path("compiledModelSalt0").asText()).isEqualTo(ParamCommitment.of(Fr.ZERO, c.program()).toString());
        CompileOptions back = CircuitFiles.options(json);
        assertThat(back.paramVisibility()).isEqualTo(ParamVisibility.COMMITTED);
        assertThat(back.paramRange()).isEqualTo(new InputRange(-1, 0.99609375));
        assertThat(Compiler.load(dir).fingerprint()).isEqualTo(c.fingerprint());
    }
}
