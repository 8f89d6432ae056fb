package io.zkml.compiler.quant;

import io.zkml.compiler.graph.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Softmax and LogSoftmax along one axis as composite gadgets, keeping the relations plain intervals lose:
 * m = max along the axis (pairwise, exact); d = −relu(m − x), which equals x − m and is proven ≤ 0 by its own
 * construction; e = Exp(d) as a spline on [min d, 0], so e ≤ 1; S = Σ e, clamped to ≥ one quantum (≥ 1.0 for LogSoftmax;
 * it is ≥ 1 anyway, the maximum contributing e^0); Softmax = round(e·2^s / S) as an exact rounded {@link Quotient}; LogSoftmax =
 * d − Log(S) with Log as a spline.
 */
final class SoftmaxOps {

    private SoftmaxOps() {
    }

    static void register(Map<String, Translator> r) {
        r.put("Softmax", (b, node, in) -> List.of(new Operand.Var(softmax(b, node, Ops.var(node, in, 0), false))));
        r.put("LogSoftmax", (b, node, in) -> List.of(new Operand.Var(softmax(b, node, Ops.var(node, in, 0), true))));
    }

    static QValue softmax(ProgramBuilder b, Node node, QValue x, boolean log) {
        int[] shape = x.shape();
        int rank = shape.length;
        // opsets before 13: the input is taken as 2-D [∏ dims before axis (default 1), ∏ the rest]
        boolean coerce = b.opset() < 13;
        int axis = Ops.axis(node, node.intAttr("axis", coerce ? 1 : -1), Math.max(rank, 1));
        int len = rank == 0 ? 1 : shape[axis];
        int inner = 1;
        for (int i = axis + 1; i < rank; i++) {
            inner *= shape[i];
        }
        if (coerce) {
            len *= inner;
            inner = 1;
        }
        int n = x.size();
        int groups = n / Math.max(len, 1);
        // element (g, j) of the axis-major view: g = outer·inner + in, index = (outer·len + j)·inner + in
        int[][] at = new int[len][groups];
        int[] groupOf = new int[n];
        for (int g = 0; g < groups; g++) {
            int outer = g / inner;
            int inr = g % inner;
            for (int j = 0; j < len; j++) {
                int idx = (outer * len + j) * inner + inr;
                at[j][g] = idx;
                groupOf[idx] = g;
            }
        }
        int s = x.scale();
        int[] gShape = {groups};
        int[] gid = ActivationOps.identity(groups);
        QValue m = b.gather(node, x, at[0], gShape);
        for (int j = 1; j < len; j++) {
            QValue xj = b.gather(node, x, at[j], gShape);
            m = b.max(node, m, gid, xj, gid, gShape);
        }
        int[] id = ActivationOps.identity(n);
        QValue gap = b.affine(node, List.of(m, x), new int[][] {groupOf, id}, new long[] {1, -1}, new long[n], shape, s);
        QValue d = b.affine(node, List.of(b.relu(node, gap)), new int[][] {id}, new long[] {-1}, new long[n], shape, s);
        QValue e = SplineFit.apply(b, node, d, new UnaryFunction("Exp", Math::exp, 0, Double.NaN, UnaryFunction.Clamp.NONE));
        List<QValue> parts = new ArrayList<>();
        int[][] idx = new int[len][];
        long[] ones = new long[len];
        for (int j = 0; j < len; j++) {
            parts.add(e);
            idx[j] = at[j];
            ones[j] = 1;
        }
        QValue sum = b.affine(node, parts, idx, ones, new long[groups], gShape, s);
        if (log) {
            // S ≥ 1 (the maximum contributes e^0): clamped to it so that Log's domain starts at 1
            long[] unit = new long[groups];
            java.util.Arrays.fill(unit, 1L << s);
            long[] minusUnit = new long[groups];
            java.util.Arrays.fill(minusUnit, -(1L << s));
            QValue over = b.relu(node, b.affine(node, List.of(sum), new int[][] {gid}, new long[] {1}, minusUnit, gShape, s));
            sum = b.affine(node, List.of(over), new int[][] {gid}, new long[] {1}, unit, gShape, s);
            QValue logSum = SplineFit.apply(b, node, sum, new UnaryFunction("Log", Math::log, Double.NaN, Double.NaN, UnaryFunction.Clamp.QUANTUM));
            return b.affine(node, List.of(d, logSum), new int[][] {id, groupOf}, new long[] {1, -1}, new long[n], shape, s);
        }
        long[] minusOne = new long[groups];
        java.util.Arrays.fill(minusOne, -1);
        long[] one = new long[groups];
        java.util.Arrays.fill(one, 1);
        QValue clamped = b.relu(node, b.affine(node, List.of(sum), new int[][] {gid}, new long[] {1}, minusOne, gShape, s));
        QValue den = b.affine(node, List.of(clamped), new int[][] {gid}, new long[] {1}, one, gShape, s);
        QValue denFull = b.gather(node, den, groupOf, shape);
        QValue num = b.upscale(node, e, s);
        return DivisionOps.quotient(b, node, num, denFull, s, "");
    }
}
