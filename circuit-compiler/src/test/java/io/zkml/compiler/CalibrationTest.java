package io.zkml.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.onnx.proto.OnnxProto.GraphProto;
import io.zkml.compiler.witness.Samples;
import io.zkml.compiler.witness.WitnessGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Calibration: ranges and power-of-two scales from sample inputs, errors against the float model (ONNX Runtime). */
class CalibrationTest {

    private static final List<Visibility> PRIVATE = List.of(Visibility.PRIVATE);
    private static final List<Visibility> PUBLIC = List.of(Visibility.PUBLIC);

    /** n random inputs of 2l_relu_fc in [−1, 1], with ONNX Runtime's outputs when withOutputs. */
    private static Samples samples(byte[] model, int n, boolean withOutputs) throws Exception {
        Random rnd = new Random(11);
        List<List<double[]>> in = new ArrayList<>();
        List<List<double[]>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = rnd.doubles(3, -1, 1).toArray();
            in.add(List.of(x));
            if (withOutputs) {
                float[] y = OrtOracle.run(model, List.of(x), List.of(new int[] {1, 3})).getFirst();
                double[] d = new double[y.length];
                for (int k = 0; k < y.length; k++) {
                    d[k] = y[k];
                }
                out.add(List.of(d));
            }
        }
        return new Samples(in, out);
    }

    @Test
    void withFloatOutputsTheLowestErrorWinsAndIsMeasured() throws Exception {
        byte[] model = Corpus.model("2l_relu_fc");
        Samples s = samples(model, 12, true);
        Calibration.Result r = Calibration.calibrate(model, s, List.of(), null, null, PRIVATE, PUBLIC, 12, null);
        assertThat(r.measured()).isTrue();
        assertThat(r.proposedRanges()).isTrue();
        assertThat(r.candidates()).hasSize(12 - Calibration.MIN_SCALE + 1).allMatch(Calibration.Candidate::feasible);
        double best = r.candidates().stream().mapToDouble(Calibration.Candidate::maxAbsError).min().orElseThrow();
        Calibration.Candidate chosen = r.candidates().stream().filter(c -> c.inputScale() == r.options().inputScale()).findFirst().orElseThrow();
        assertThat(chosen.maxAbsError()).isLessThanOrEqualTo(best + Math.max(0.01 * best, 0x1p-20));
        // every smaller scale is worse than the 1% slack: the rule took the smallest one within it
        r.candidates().stream().filter(c -> c.inputScale() < chosen.inputScale())
                .forEach(c -> assertThat(c.maxAbsError()).isGreaterThan(best + Math.max(0.01 * best, 0x1p-20)));
        // the coarsest scale is clearly worse than the chosen one
        assertThat(r.candidates().getFirst().maxAbsError()).isGreaterThan(chosen.maxAbsError());
        assertThat(r.outputErrors()).hasSize(1);
        assertThat(r.outputErrors()[0]).isEqualTo(chosen.maxAbsError());

        // the chosen options compile, and every sample proves with outputs within the measured error
        Circuit c = Compiler.compile(model, r.options());
        for (int i = 0; i < s.size(); i++) {
            WitnessGenerator.Result w = WitnessGenerator.generate(c, s.inputs().get(i));
            assertThat(Math.abs(w.outputs()[0][0] - s.outputs().get(i).getFirst()[0])).isLessThanOrEqualTo(r.outputErrors()[0]);
        }
        // a tolerance: the smallest scale within it
        double tol = r.candidates().get(4).maxAbsError();
        Calibration.Result t = Calibration.calibrate(model, s, List.of(), null, null, PRIVATE, PUBLIC, 12, tol);
        int expected = r.candidates().stream().filter(x -> x.maxAbsError() <= tol).findFirst().orElseThrow().inputScale();
        assertThat(t.options().inputScale()).isEqualTo(expected).isLessThanOrEqualTo(Calibration.MIN_SCALE + 4);
        assertThat(t.rule()).contains("within the tolerance");
        // a tolerance no scale meets: the lowest error as before, and the output says so
        Calibration.Result none = Calibration.calibrate(model, s, List.of(), null, null, PRIVATE, PUBLIC, 12, 0.0);
        assertThat(none.options()).isEqualTo(r.options());
        assertThat(none.rule()).startsWith("no scale is within the tolerance 0.0");
        ObjectNode json = r.toJson();
        assertThat(json.path("inputScale").asInt()).isEqualTo(chosen.inputScale());
        assertThat(json.path("candidates").size()).isEqualTo(r.candidates().size());
        assertThat(json.path("outputMaxAbsError").get(0).asDouble()).isEqualTo(chosen.maxAbsError());
        assertThat(r.summary()).contains("chosen: input scale " + chosen.inputScale());
    }

    @Test
    void withoutOutputsTheLargestFeasibleScaleWins() throws Exception {
        // y = x · W with W all 100, 16 inputs, inputs up to ±10^6: bounds reach 16 · 2^20 · 2^s · 100 · 2^s, beyond 2^60 above s = 14
        double[] w = new double[16 * 4];
        Arrays.fill(w, 100);
        var g = GraphProto.newBuilder().addInput(Models.floatInput("x", 1, 16)).addOutput(Models.output("y"))
                .addInitializer(Models.floats("w", new long[] {16, 4}, w))
                .addNode(Models.node("MatMul", "mm", new String[] {"x", "w"}, new String[] {"y"}));
        byte[] model = Models.model(13, g);
        double[] x = new double[16];
        Arrays.fill(x, 1e6);
        x[0] = -1e6;
        Samples s = new Samples(List.of(List.of(x)), List.of());
        Calibration.Result r = Calibration.calibrate(model, s, List.of(), null, null, PRIVATE, PUBLIC, 16, null);
        assertThat(r.measured()).isFalse();
        assertThat(r.candidates().stream().filter(c -> !c.feasible()).map(Calibration.Candidate::inputScale)).containsExactly(15, 16);
        assertThat(r.candidates().getLast().refusal()).contains("beyond the 2^60 bound");
        assertThat(r.options().inputScale()).isEqualTo(14);
        assertThat(r.options().paramScale()).isEqualTo(14);
        assertThat(Compiler.compile(model, r.options()).nConstraints()).isPositive();

        // with a tolerance but no float outputs, the finest feasible scale is the reference
        double[] y = new double[16];
        Arrays.setAll(y, i -> 0.3 + 0.0123 * i);
        Samples two = new Samples(List.of(List.of(x), List.of(y)), List.of());
        Calibration.Result t = Calibration.calibrate(model, two, List.of(), null, null, PRIVATE, PUBLIC, 16, 1.0);
        assertThat(t.reference()).isEqualTo("the outputs at scale 14/14, the finest feasible");
        assertThat(t.candidates().get(14 - Calibration.MIN_SCALE).maxAbsError()).isZero();
        assertThat(t.options().inputScale()).isLessThan(14);
        Calibration.Candidate c = t.candidates().get(t.options().inputScale() - Calibration.MIN_SCALE);
        assertThat(c.maxAbsError()).isLessThanOrEqualTo(1.0);
        assertThat(t.candidates().get(t.options().inputScale() - Calibration.MIN_SCALE - 1).maxAbsError()).isGreaterThan(1.0);

        // a given param scale stays; only the input scale moves
        Calibration.Result half = Calibration.calibrate(model, s, List.of(), null, 4, PRIVATE, PUBLIC, 30, null);
        assertThat(half.options().paramScale()).isEqualTo(4);
        assertThat(half.options().inputScale()).isEqualTo(24);

        // nothing feasible: the reason is given
        assertThatThrownBy(() -> Calibration.calibrate(model, s, List.of(), null, 30, PRIVATE, PUBLIC, 8, null)).isInstanceOf(CompileException.class)
                .hasMessageContaining("no scale from 2 to 8 is feasible");
    }

    @Test
    void samplesOutsideADeclaredRangeRefuseEveryScale() throws Exception {
        byte[] model = Corpus.model("2l_relu_fc");
        Samples s = new Samples(List.of(List.of(new double[] {0.5, 3, 0})), List.of());
        assertThatThrownBy(() -> Calibration.calibrate(model, s, List.of(new CompileOptions.InputRange(-1, 1)), null, null, PRIVATE, PUBLIC, 8, null))
                .isInstanceOf(CompileException.class).hasMessageContaining("outside the declared range");
    }
}
