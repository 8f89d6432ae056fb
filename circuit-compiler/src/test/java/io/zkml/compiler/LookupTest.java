package io.zkml.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.graph.Constant;
import io.zkml.compiler.onnx.proto.OnnxProto.GraphProto;
import io.zkml.compiler.quant.Operand;
import io.zkml.compiler.quant.QValue;
import io.zkml.compiler.quant.VariableGather;
import io.zkml.compiler.witness.WitnessGenerator;
import io.zkml.core.field.Fr;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.wtns.Witness;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gather of constant data with computed indices (an embedding lookup). */
class LookupTest {

    private static final double[] TABLE = {0.5, -1, 2, 0.25, 3, -0.75};

    @Test
    void everyIndexSelectsItsRowAndNothingElseProves() {
        // indices in [−3, 2] over 3 rows of 2: negative ones count from the end
        Circuit c = Gadgets.circuit(1, -3, 2, 0, 2, (b, x) -> {
            Operand out = VariableGather.gather(b, Gadgets.NODE, List.of(new Operand.Const(new Constant(new int[] {3, 2}, TABLE)), new Operand.Var(x))).getFirst();
            return ((Operand.Var) out).v();
        });
        R1cs r = c.r1cs();
        int in = c.inputWires(0)[0];
        for (long x = -3; x <= 2; x++) {
            Witness honest = c.witness(c.solve(new long[][] {{x}}));
            assertThat(r.isSatisfiedBy(honest)).isTrue();
            int row = (int) (x < 0 ? x + 3 : x);
            long[] out = c.output(c.solve(new long[][] {{x}}), 0);
            assertThat(out).containsExactly(Math.round(TABLE[row * 2] * 4), Math.round(TABLE[row * 2 + 1] * 4));
            List<Fr[]> all = Exhaustive.witnesses(r, new Fr[] {honest.get(in)}, 17);
            assertThat(all).as("witnesses for index %d", x).hasSize(1);
        }
        assertThat(Determinism.check(r).undetermined()).isZero();
    }

    @Test
    void signPlusOneThenGatherMatchesTheTable() {
        // index = sign(x) + 1 in {0, 1, 2}
        GraphProto.Builder g = GraphProto.newBuilder().addInput(Models.floatInput("x", 3)).addOutput(Models.output("y"))
                .addInitializer(Models.floats("emb", new long[] {3, 2}, TABLE)).addInitializer(Models.floats("one", new long[] {1}, 1))
                .addNode(Models.node("Sign", "s", new String[] {"x"}, new String[] {"sg"}))
                .addNode(Models.node("Add", "a", new String[] {"sg", "one"}, new String[] {"i"}))
                .addNode(Models.node("Gather", "g", new String[] {"emb", "i"}, new String[] {"y"}));
        Circuit c = Compiler.compile(Models.model(13, g), CompileOptions.withRange(-1, 1));
        double[] y = WitnessGenerator.generate(c, List.of(new double[] {-0.5, 0, 0.75})).outputs()[0];
        assertThat(y).containsExactly(TABLE[0], TABLE[1], TABLE[2], TABLE[3], TABLE[4], TABLE[5]);
        assertThat(c.program().outputs().getFirst().value().shape()).containsExactly(3, 2);
        assertThat(Determinism.check(c.r1cs()).undetermined()).isZero();
    }

    @Test
    void computedDataWithComputedIndicesIsUniqueForEveryInput() {
        // x = (i, d1, d2) in [−2, 1]³: gather row i of (i, d1, d2) itself
        Circuit c = Gadgets.circuit(3, -2, 1, 0, 0, (b, x) -> {
            QValue i = b.gather(Gadgets.NODE, x, new int[] {0}, new int[] {1});
            QValue data = b.gather(Gadgets.NODE, x, new int[] {0, 1, 2}, new int[] {3});
            return ((Operand.Var) VariableGather.gather(b, Gadgets.NODE, List.of(new Operand.Var(data), new Operand.Var(i))).getFirst()).v();
        });
        R1cs r = c.r1cs();
        int[] in = c.inputWires(0);
        for (long a = -2; a <= 1; a++) {
            for (long d1 = -2; d1 <= 1; d1++) {
                for (long d2 = -2; d2 <= 1; d2++) {
                    long[] x = {a, d1, d2};
                    long[] solved = c.solve(new long[][] {x});
                    Witness honest = c.witness(solved);
                    assertThat(r.isSatisfiedBy(honest)).isTrue();
                    assertThat(c.output(solved, 0)).containsExactly(x[(int) (a < 0 ? a + 3 : a)]);
                    Fr[] ins = {honest.get(in[0]), honest.get(in[1]), honest.get(in[2])};
                    assertThat(Exhaustive.witnesses(r, ins, 17)).as("witnesses for %s", java.util.Arrays.toString(x)).hasSize(1);
                }
            }
        }
        assertThat(Determinism.check(r).undetermined()).isZero();
    }

    @Test
    void indicesThatCouldLeaveTheTableAreRefused() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Gadgets.circuit(1, 0, 5, 0, 2, (b, x) -> {
            Operand out = VariableGather.gather(b, Gadgets.NODE, List.of(new Operand.Const(new Constant(new int[] {3, 2}, TABLE)), new Operand.Var(x))).getFirst();
            return ((Operand.Var) out).v();
        }))).isInstanceOf(CompileException.class).hasMessageContaining("indices could reach [0, 5], outside [-3, 3)");
    }
}
