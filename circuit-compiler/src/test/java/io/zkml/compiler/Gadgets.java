package io.zkml.compiler;

import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.graph.Node;
import io.zkml.compiler.lower.Lowering;
import io.zkml.compiler.quant.Disclosures;
import io.zkml.compiler.quant.ProgramBuilder;
import io.zkml.compiler.quant.QProgram;
import io.zkml.compiler.quant.QValue;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Tiny one-input circuits around a single gadget, for soundness and agreement tests. */
final class Gadgets {

    static final Node NODE = new Node(0, "gadget", "Test", List.of(), List.of(), Map.of());

    private Gadgets() {
    }

    /**
     * A circuit whose input has n elements in [lo, hi] (integers, scale {@code scale}) and whose output is what
     * {@code body} builds from it.
     */
    static Circuit circuit(int n, long lo, long hi, int scale, int paramScale, BiFunction<ProgramBuilder, QValue, QValue> body) {
        return build(n, lo, hi, scale, paramScale, Visibility.PUBLIC, (b, x) -> new QProgram.Output("y", body.apply(b, x), Visibility.PUBLIC));
    }

    /**
     * A circuit whose input (n elements in [lo, hi], shape [n], scale {@code scale}) is also its one output, which
     * discloses what vis says.
     */
    static Circuit disclosing(int n, long lo, long hi, int scale, Visibility vis) {
        return build(n, lo, hi, scale, scale, vis, (b, x) -> new QProgram.Output("y", x, vis, Disclosures.disclose(b, NODE, x, vis)));
    }

    private static Circuit build(int n, long lo, long hi, int scale, int paramScale, Visibility vis, BiFunction<ProgramBuilder, QValue, QProgram.Output> output) {
        ProgramBuilder b = new ProgramBuilder(paramScale);
        long[] l = new long[n];
        long[] h = new long[n];
        Arrays.fill(l, lo);
        Arrays.fill(h, hi);
        QValue x = b.value(new int[] {n}, scale, l, h);
        CompileOptions.InputRange range = new CompileOptions.InputRange(Math.scalb((double) lo, -scale), Math.scalb((double) hi, -scale));
        QProgram.Input in = new QProgram.Input("x", x, range, lo, hi, Visibility.PRIVATE);
        QProgram.Output out = output.apply(b, x);
        QProgram p = new QProgram(List.of(in), b.values(), b.ops(), List.of(out));
        CompileOptions opts = new CompileOptions(scale, paramScale, List.of(range), List.of(Visibility.PRIVATE), List.of(vis));
        return Circuit.assemble(p, opts, "test", Lowering.lower(p));
    }

    static int[] identity(int n) {
        int[] id = new int[n];
        Arrays.setAll(id, i -> i);
        return id;
    }
}
