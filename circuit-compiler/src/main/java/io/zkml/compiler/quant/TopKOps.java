package io.zkml.compiler.quant;

import io.zkml.compiler.graph.Node;
import io.zkml.compiler.graph.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * TopK with a constant k: k rounds of ArgMax's gadget. Round j takes m_j = the maximum of the remaining elements
 * (pairwise maxima), marks the first element equal to it with the prefix chain eᵢ = [rᵢ − m_j ≥ 0],
 * pᵢ₊₁ = pᵢ − pᵢ·eᵢ (one-hot zᵢ = pᵢ·eᵢ, index Σ i·zᵢ), and removes it: rᵢ − D·zᵢ with D = the width of the input's
 * proven range + 1, which puts it below every element that remains. Ties go to the lower index first, as ONNX
 * asks; outputs are always sorted. The smallest k: the same on −x. Values keep x's scale; indices are integers
 * (scale 0). Every wire is a max, comparison, product or linear combination of the ones before it, so the
 * witness is the only one.
 */
final class TopKOps {

    private TopKOps() {
    }

    static void register(Map<String, Translator> r) {
        r.put("TopK", TopKOps::topK);
    }

    private static List<Operand> topK(ProgramBuilder b, Node node, List<Operand> in) {
        QValue x = Ops.var(node, in, 0);
        int[] s = x.shape();
        int ax = Ops.axis(node, node.intAttr("axis", -1), s.length);
        boolean largest = node.intAttr("largest", 1) != 0;
        long[] kk = node.hasInput(1) ? Ops.constant(node, in, 1).longs() : new long[] {node.intAttr("k", -1)};
        int n = s[ax];
        if (kk.length != 1 || kk[0] < 1 || kk[0] > n) {
            throw node.error("k must be one constant in 1.." + n + " (the axis length), is " + Arrays.toString(kk));
        }
        int k = (int) kk[0];
        int[] kept = s.clone();
        kept[ax] = 1;
        int slices = Shapes.size(kept);
        int inner = Shapes.strides(s)[ax];
        int[][] idx = new int[n][slices];
        for (int o = 0; o < slices; o++) {
            for (int i = 0; i < n; i++) {
                idx[i][o] = (o / inner) * n * inner + i * inner + o % inner;
            }
        }
        int[] id = ActivationOps.identity(slices);
        int[] all = ActivationOps.identity(x.size());
        long lo = Arrays.stream(x.lo()).min().orElse(0);
        long hi = Arrays.stream(x.hi()).max().orElse(0);
        long d = Bounds.check(hi - lo + 1, node.describe());
        // r: the remaining elements, in the maximizing sense
        QValue r = largest ? x : b.affine(node, List.of(x), new int[][] {all}, new long[] {-1}, new long[x.size()], s, x.scale());
        List<QValue> values = new ArrayList<>();
        List<QValue> indices = new ArrayList<>();
        long[] one = new long[slices];
        Arrays.fill(one, 1);
        for (int j = 0; j < k; j++) {
            QValue m = PoolOps.extremum(b, node, r, idx, kept, true);
            QValue p = b.affine(node, List.of(), new int[0][], new long[0], one, kept, 0);
            QValue[] z = new QValue[n];
            for (int i = 0; i < n; i++) {
                QValue ri = b.gather(node, r, idx[i], kept);
                QValue e = b.nonNegative(node, b.affine(node, List.of(ri, m), new int[][] {id, id}, new long[] {1, -1}, new long[slices], kept, x.scale()));
                z[i] = b.product(node, p, e, id, id, kept);
                p = b.affine(node, List.of(p, z[i]), new int[][] {id, id}, new long[] {1, -1}, new long[slices], kept, 0);
            }
            int[][] index = new int[n][];
            long[] factor = new long[n];
            for (int i = 0; i < n; i++) {
                index[i] = id;
                factor[i] = i;
            }
            values.add(m);
            indices.add(b.affine(node, Arrays.asList(z), index, factor, new long[slices], kept, 0));
            if (j + 1 < k) {
                // r'[idx[i][o]] = r[idx[i][o]] − D·z_i[o]
                Rows rows = new Rows(x.size());
                int[] rowOf = new int[x.size()];
                int[] sliceOf = new int[x.size()];
                for (int i = 0; i < n; i++) {
                    for (int o = 0; o < slices; o++) {
                        rowOf[idx[i][o]] = i;
                        sliceOf[idx[i][o]] = o;
                    }
                }
                for (int e = 0; e < x.size(); e++) {
                    rows.term(e, 1);
                    rows.term(x.size() + rowOf[e] * slices + sliceOf[e], -d);
                    rows.endRow(0);
                }
                List<QValue> ins = new ArrayList<>(List.of(r));
                ins.addAll(Arrays.asList(z));
                r = b.linear(node, ins, s, x.scale(), rows.rowStart(), rows.col(), rows.coef(), rows.constant());
            }
        }
        int[] out = s.clone();
        out[ax] = k;
        return List.of(new Operand.Var(stack(b, node, values, out, ax, largest ? 1 : -1, x.scale())),
                new Operand.Var(stack(b, node, indices, out, ax, 1, 0)));
    }

    /** The k tensors of the kept shape, placed along the axis: out[outer, j, rest] = sign·parts[j][outer, rest]. */
    private static QValue stack(ProgramBuilder b, Node node, List<QValue> parts, int[] out, int ax, long sign, int scale) {
        int k = out[ax];
        int inner = Shapes.strides(out)[ax];
        int slices = parts.getFirst().size();
        int n = Shapes.size(out);
        Rows rows = new Rows(n);
        for (int e = 0; e < n; e++) {
            int outer = e / (k * inner);
            int j = (e / inner) % k;
            int rest = e % inner;
            rows.term(j * slices + outer * inner + rest, sign);
            rows.endRow(0);
        }
        return b.linear(node, parts, out, scale, rows.rowStart(), rows.col(), rows.coef(), rows.constant());
    }
}
