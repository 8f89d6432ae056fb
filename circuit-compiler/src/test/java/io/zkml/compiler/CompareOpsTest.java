package io.zkml.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.onnx.proto.OnnxProto.GraphProto;
import io.zkml.compiler.witness.WitnessGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Comparisons, boolean ops and Where on computed tensors, against the same logic in doubles, with every wire determined. */
class CompareOpsTest {

    private static final double[] X = {-1, -0.5, 0, 0.25, 0.5, 0.75, 1, 1.5};

    private static Circuit compile(GraphProto.Builder g) {
        return Compiler.compile(Models.model(13, g), CompileOptions.withRange(-2, 2));
    }

    @Test
    void comparisonsAndLogicMatch() {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(Models.floatInput("x", 8))
                .addInitializer(Models.floats("q", new long[] {1}, 0.25)).addInitializer(Models.floats("h", new long[] {1}, 0.5))
                .addInitializer(Models.floats("one", new long[] {1}, 1))
                .addNode(Models.node("Greater", "g", new String[] {"x", "q"}, new String[] {"gt"}))
                .addNode(Models.node("LessOrEqual", "le", new String[] {"x", "one"}, new String[] {"le1"}))
                .addNode(Models.node("And", "a", new String[] {"gt", "le1"}, new String[] {"and"}))
                .addNode(Models.node("Equal", "e", new String[] {"x", "h"}, new String[] {"eq"}))
                .addNode(Models.node("Less", "l", new String[] {"x", "h"}, new String[] {"lt"}))
                .addNode(Models.node("Or", "o", new String[] {"eq", "lt"}, new String[] {"or"}))
                .addNode(Models.node("Xor", "xr", new String[] {"and", "or"}, new String[] {"xor"}))
                .addNode(Models.node("Not", "n", new String[] {"xor"}, new String[] {"not"}))
                .addNode(Models.node("GreaterOrEqual", "ge", new String[] {"x", "h"}, new String[] {"ge"}))
                .addOutput(Models.output("and")).addOutput(Models.output("or")).addOutput(Models.output("not")).addOutput(Models.output("ge"));
        Circuit c = compile(g);
        double[][] out = WitnessGenerator.generate(c, List.of(X)).outputs();
        for (int i = 0; i < X.length; i++) {
            double x = X[i];
            boolean and = x > 0.25 && x <= 1;
            boolean or = x == 0.5 || x < 0.5;
            assertThat(out[0][i]).as("and at %s", x).isEqualTo(and ? 1 : 0);
            assertThat(out[1][i]).as("or at %s", x).isEqualTo(or ? 1 : 0);
            assertThat(out[2][i]).as("not xor at %s", x).isEqualTo(and ^ or ? 0 : 1);
            assertThat(out[3][i]).as("ge at %s", x).isEqualTo(x >= 0.5 ? 1 : 0);
        }
        assertThat(Determinism.check(c.r1cs()).undetermined()).isZero();
    }

    @Test
    void whereWithAComputedConditionSelects() {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(Models.floatInput("x", 8))
                .addInitializer(Models.floats("z", new long[] {1}, 0)).addInitializer(Models.floats("k", new long[] {1}, -0.75))
                .addNode(Models.node("Less", "l", new String[] {"x", "z"}, new String[] {"neg"}))
                .addNode(Models.node("Where", "w", new String[] {"neg", "k", "x"}, new String[] {"y"}))
                .addOutput(Models.output("y"));
        Circuit c = compile(g);
        double[] out = WitnessGenerator.generate(c, List.of(X)).outputs()[0];
        for (int i = 0; i < X.length; i++) {
            assertThat(out[i]).as("where at %s", X[i]).isEqualTo(X[i] < 0 ? -0.75 : X[i]);
        }
        assertThat(Determinism.check(c.r1cs()).undetermined()).isZero();
    }

    @Test
    void aNonBooleanConditionIsRefused() {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(Models.floatInput("x", 8)).addInitializer(Models.floats("k", new long[] {1}, 1))
                .addNode(Models.node("Where", "w", new String[] {"x", "k", "x"}, new String[] {"y"})).addOutput(Models.output("y"));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> compile(g))).isInstanceOf(CompileException.class)
                .hasMessageContaining("node 0 'w' (Where): expected a boolean tensor");
    }
}
