package io.zkml.compiler.quant;

import io.zkml.compiler.graph.Node;
import io.zkml.compiler.graph.Shapes;
import java.util.List;
import java.util.Map;

/**
 * Sign (sign(x) = [x ≥ 0] + [x ≥ 1] − 1, in units of the last place) and ArgMax/ArgMin (the first, or last,
 * index where an element equals the maximum: eᵢ = [xᵢ − max ≥ 0], pᵢ₊₁ = pᵢ − pᵢ·eᵢ with p₀ = 1, index =
 * Σ i·(pᵢ − pᵢ₊₁)); both give exact integers at scale 0.
 */
final class SelectOps {

    private SelectOps() {
    }

    static void register(Map<String, Translator> r) {
        r.put("Sign", SelectOps::sign);
        r.put("ArgMax", (b, node, in) -> argExtremum(b, node, in, true));
        r.put("ArgMin", (b, node, in) -> argExtremum(b, node, in, false));
    }

    private static List<Operand> sign(ProgramBuilder b, Node node, List<Operand> in) {
        QValue x = Ops.var(node, in, 0);
        int n = x.size();
        int[] id = ActivationOps.identity(n);
        long[] minusOne = new long[n];
        java.util.Arrays.fill(minusOne, -1);
        QValue nn = b.nonNegative(node, x);
        QValue pos = b.nonNegative(node, b.affine(node, List.of(x), new int[][] {id}, new long[] {1}, minusOne, x.shape(), x.scale()));
        return List.of(new Operand.Var(b.affine(node, List.of(nn, pos), new int[][] {id, id}, new long[] {1, 1}, minusOne, x.shape(), 0)));
    }

    private static List<Operand> argExtremum(ProgramBuilder b, Node node, List<Operand> in, boolean isMax) {
        QValue x = Ops.var(node, in, 0);
        int[] s = x.shape();
        int ax = Ops.axis(node, node.intAttr("axis", 0), s.length);
        boolean keep = node.intAttr("keepdims", 1) != 0;
        boolean last = node.intAttr("select_last_index", 0) != 0;
        int[] kept = s.clone();
        kept[ax] = 1;
        return List.of(new Operand.Var(argExtremum(b, node, x, ax, isMax, last, keep ? kept : dropAxis(s, ax))));
    }

    /**
     * The index along axis ax of each slice's maximum (isMax) or minimum, the first (or, with last, the last) on
     * ties, as integers at scale 0 of the given shape (one element per slice).
     */
    static QValue argExtremum(ProgramBuilder b, Node node, QValue x, int ax, boolean isMax, boolean last, int[] outShape) {
        int[] s = x.shape();
        int n = s[ax];
        if (n == 0) {
            throw node.error("arg-extremum over an empty axis");
        }
        int[] kept = s.clone();
        kept[ax] = 1;
        int slices = Shapes.size(kept);
        int[] strides = Shapes.strides(s);
        int inner = strides[ax];
        // idx[k][o]: the k-th element along the axis of slice o, in search order
        int[][] idx = new int[n][slices];
        for (int o = 0; o < slices; o++) {
            int outer = o / inner;
            int rest = o % inner;
            for (int k = 0; k < n; k++) {
                int pos = last ? n - 1 - k : k;
                idx[k][o] = outer * n * inner + pos * inner + rest;
            }
        }
        QValue m = PoolOps.extremum(b, node, x, idx, kept, isMax);
        int[] id = ActivationOps.identity(slices);
        long[] one = new long[slices];
        java.util.Arrays.fill(one, 1);
        QValue p = b.affine(node, List.of(), new int[0][], new long[0], one, kept, 0);
        QValue[] ps = new QValue[n + 1];
        ps[0] = p;
        for (int k = 0; k < n; k++) {
            QValue xk = b.gather(node, x, idx[k], kept);
            // e = [x_k − m ≥ 0] for the maximum, [m − x_k ≥ 0] for the minimum
            QValue d = b.affine(node, List.of(xk, m), new int[][] {id, id}, isMax ? new long[] {1, -1} : new long[] {-1, 1}, new long[slices], kept, x.scale());
            QValue e = b.nonNegative(node, d);
            QValue z = b.product(node, ps[k], e, id, id, kept);
            ps[k + 1] = b.affine(node, List.of(ps[k], z), new int[][] {id, id}, new long[] {1, -1}, new long[slices], kept, 0);
        }
        // index = Σ pos(k)·(p_k − p_{k+1})
        List<QValue> all = java.util.Arrays.asList(ps);
        int[][] index = new int[n + 1][];
        long[] factor = new long[n + 1];
        for (int k = 0; k <= n; k++) {
            index[k] = id;
            long before = k == 0 ? 0 : (last ? n - 1 - (k - 1) : k - 1);
            long here = k == n ? 0 : (last ? n - 1 - k : k);
            factor[k] = here - before;
        }
        return b.affine(node, all, index, factor, new long[slices], outShape, 0);
    }

    static int[] dropAxis(int[] s, int ax) {
        int[] out = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i != ax) {
                out[j++] = s[i];
            }
        }
        return out;
    }
}
