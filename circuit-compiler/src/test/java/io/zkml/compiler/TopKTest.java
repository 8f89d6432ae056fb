package io.zkml.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.onnx.proto.OnnxProto.GraphProto;
import io.zkml.compiler.onnx.proto.OnnxProto.TensorProto;
import io.zkml.compiler.onnx.proto.OnnxProto.TensorShapeProto;
import io.zkml.compiler.onnx.proto.OnnxProto.TypeProto;
import io.zkml.compiler.onnx.proto.OnnxProto.ValueInfoProto;
import io.zkml.compiler.witness.WitnessGenerator;
import io.zkml.core.field.Fr;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.wtns.Witness;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TopK with a constant k: values and indices against ONNX Runtime (ties included), uniqueness of the witness; and
 * integer-typed graph inputs (TopK over them, indices of an embedding table).
 */
class TopKTest {

    private static byte[] topK(ValueInfoProto input, long k, int axis, int largest) {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(input).addOutput(Models.output("v")).addOutput(Models.output("i"))
                .addInitializer(TensorProto.newBuilder().setName("k").setDataType(7).addDims(1).addInt64Data(k))
                .addNode(Models.node("TopK", "top", new String[] {"x", "k"}, new String[] {"v", "i"}, Models.intAttr("axis", axis),
                        Models.intAttr("largest", largest), Models.intAttr("sorted", 1)));
        return Models.model(13, g);
    }

    private static ValueInfoProto int64Input(String name, long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(7).setShape(s)))
                .build();
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "3,1,1", "2,1,0", "5,-1,0", "1,0,1", "2,0,0"})
    void matchesOnnxRuntimeWithTies(long k, int axis, int largest) throws Exception {
        byte[] model = topK(Models.floatInput("x", 2, 5), k, axis, largest);
        // row 0 has a tie at the top (0.75 twice) and at the bottom; row 1 is all equal but one
        double[] x = {0.75, -0.5, 0.75, 0.25, -0.5, 0.125, 0.125, -0.875, 0.125, 0.125};
        Circuit c = Compiler.compile(model, CompileOptions.withRange(-1, 1));
        WitnessGenerator.Result r = WitnessGenerator.generate(c, List.of(x));
        List<float[]> expected = OrtOracle.run(model, List.of(x), List.of(new int[] {2, 5}));
        assertThat(c.program().outputs().get(0).value().shape()).isEqualTo(axis == 0 ? new int[] {(int) k, 5} : new int[] {2, (int) k});
        for (int e = 0; e < expected.get(0).length; e++) {
            assertThat(r.outputs()[0][e]).as("value %d", e).isEqualTo(expected.get(0)[e]);
            assertThat(r.outputs()[1][e]).as("index %d", e).isEqualTo(expected.get(1)[e]);
        }
        ConformanceTest.everyInRangeInputProves(c);
        assertThat(Determinism.check(c.r1cs()).undetermined()).isZero();
    }

    @Test
    void integerInputsTakeWholeNumbersOnly() throws Exception {
        byte[] model = topK(int64Input("x", 1, 4), 2, 1, 1);
        Circuit c = Compiler.compile(model, CompileOptions.withRange(-10.5, 20.7));
        assertThat(c.program().inputs().getFirst().value().scale()).isZero();
        assertThat(c.program().inputs().getFirst().qlo()).isEqualTo(-10);
        assertThat(c.program().inputs().getFirst().qhi()).isEqualTo(20);
        double[] x = {3, 20, -10, 7};
        WitnessGenerator.Result r = WitnessGenerator.generate(c, List.of(x));
        assertThat(r.outputs()[0]).containsExactly(20, 7);
        assertThat(r.outputs()[1]).containsExactly(1, 3);
        List<float[]> expected = OrtOracle.run(model, List.of(x), List.of(new int[] {1, 4}));
        assertThat(expected.get(0)).containsExactly(20f, 7f);
        assertThatThrownBy(() -> WitnessGenerator.generate(c, List.of(new double[] {3, 2.5, 1, 0}))).isInstanceOf(CompileException.class)
                .hasMessageContaining("is of an integer type; element 1 = 2.5 is not a whole number");
        assertThatThrownBy(() -> Compiler.compile(model, CompileOptions.withRange(0.2, 0.8))).isInstanceOf(CompileException.class)
                .hasMessageContaining("holds no whole number");
    }

    @Test
    void anIntegerInputIndexesAnEmbeddingTable() throws Exception {
        double[] table = {0.5, -0.25, 1.0, 0.75, -1.0, 0.125, 0.25, 0.5, -0.5, 0.0};
        GraphProto.Builder g = GraphProto.newBuilder().addInput(int64Input("ids", 1, 3)).addOutput(Models.output("e"))
                .addInitializer(Models.floats("table", new long[] {5, 2}, table))
                .addNode(Models.node("Gather", "embed", new String[] {"table", "ids"}, new String[] {"e"}, Models.intAttr("axis", 0)));
        byte[] model = Models.model(13, g);
        Circuit c = Compiler.compile(model, CompileOptions.withRange(0, 4));
        double[] ids = {4, 0, 2};
        double[] got = WitnessGenerator.generate(c, List.of(ids)).outputs()[0];
        float[] expected = OrtOracle.run(model, List.of(ids), List.of(new int[] {1, 3})).getFirst();
        assertThat(got).containsExactly(-0.5, 0.0, 0.5, -0.25, -1.0, 0.125);
        for (int i = 0; i < got.length; i++) {
            assertThat(got[i]).isEqualTo(expected[i]);
        }
        ConformanceTest.everyInRangeInputProves(c);
    }

    @Test
    void kMustBeAConstantWithinTheAxis() {
        assertThatThrownBy(() -> Compiler.compile(topK(Models.floatInput("x", 1, 3), 4, 1, 1), CompileOptions.withRange(-1, 1)))
                .isInstanceOf(CompileException.class).hasMessageContaining("(TopK): k must be one constant in 1..3 (the axis length), is [4]");
    }

    /**
     * Malicious witnesses: over every input of a tiny range, a forced value or index (the other wires kept) or any
     * flipped bit fails; and exhaustively, with both inputs pinned to the same value (the tie, where the index is
     * the only choice), exactly one witness satisfies the R1CS: indices 0 then 1.
     */
    @Test
    void forgeriesFailAndTheTieHasOneWitness() {
        Circuit c = Compiler.compile(topK(Models.floatInput("x", 1, 2), 2, 1, 1), CompileOptions.withRange(-1, 0).withScales(0, 0));
        R1cs r = c.r1cs();
        for (long a = -1; a <= 0; a++) {
            for (long b = -1; b <= 0; b++) {
                Witness honest = c.witness(c.solve(new long[][] {{a, b}}));
                assertThat(r.isSatisfiedBy(honest)).isTrue();
                for (int k = 0; k < 2; k++) {
                    for (int w : c.outputWires(k)) {
                        assertThat(r.isSatisfiedBy(honest.with(w, honest.get(w).add(Fr.ONE)))).as("x = [%d, %d], output wire %d moved", a, b, w).isFalse();
                    }
                }
                for (int w = r.wires().firstInternal(); w < r.nWires(); w++) {
                    Fr v = honest.get(w);
                    if (v.isZero() || v.isOne()) {
                        assertThat(r.isSatisfiedBy(honest.with(w, v.isZero() ? Fr.ONE : Fr.ZERO))).as("x = [%d, %d], wire %d flipped", a, b, w).isFalse();
                    }
                }
            }
        }
        Circuit tie = Compiler.compile(topK(Models.floatInput("x", 1, 2), 2, 1, 1), CompileOptions.withRange(0, 0).withScales(0, 0));
        List<Fr[]> all = Exhaustive.witnesses(tie.r1cs(), new Fr[] {Fr.ZERO, Fr.ZERO}, 16);
        assertThat(all).hasSize(1);
        assertThat(all.getFirst()[tie.outputWires(1)[0]]).isEqualTo(Fr.ZERO);
        assertThat(all.getFirst()[tie.outputWires(1)[1]]).isEqualTo(Fr.ONE);
    }
}
