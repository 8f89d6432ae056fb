package io.zkml.compiler.quant;

import io.zkml.compiler.graph.Constant;
import io.zkml.compiler.graph.Node;
import java.util.Arrays;
import java.util.List;

/**
 * Gather along axis 0 with computed indices (integers at scale 0: from ArgMax, Sign, a comparison or arithmetic on
 * them): of constant data a {@link Lookup} of the rows quantized at the parameter scale, of computed data a
 * {@link Select}. The indices' proven range must lie in [−n, n) (negative ones count from the end, as ONNX says).
 */
public final class VariableGather {

    private VariableGather() {
    }

    /**
     * The index offsets u = idx − lo, each in [0, 2^bits), and the output's layout.
     *
     * @param rows per u in [0, 2^bits), the data row it selects (−1 beyond the proven range)
     */
    private record Indexed(QValue u, int bits, int[] rows, int cols, int[] shape) {
    }

    private static Indexed index(ProgramBuilder b, Node node, int[] s, int size, QValue idx) {
        if (s.length == 0 || Ops.axis(node, node.intAttr("axis", 0), s.length) != 0) {
            throw node.error("Gather with computed indices is supported along axis 0 only");
        }
        if (idx.scale() != 0) {
            throw node.error("computed indices must be integers (scale 0), got " + idx);
        }
        int n = s[0];
        long lo = idx.min();
        long hi = idx.max();
        if (lo < -n || hi >= n) {
            throw node.error("indices could reach [" + lo + ", " + hi + "], outside [" + -n + ", " + n + ") for a first dimension of " + n);
        }
        int bits = Bounds.unsignedBits(hi - lo);
        int[] rows = new int[1 << bits];
        Arrays.fill(rows, -1);
        for (long v = lo; v <= hi; v++) {
            rows[(int) (v - lo)] = (int) (v < 0 ? v + n : v);
        }
        int m = idx.size();
        long[] c = new long[m];
        Arrays.fill(c, -lo);
        QValue u = b.affine(node, List.of(idx), new int[][] {ActivationOps.identity(m)}, new long[] {1}, c, idx.shape(), 0);
        int[] shape = new int[idx.shape().length + s.length - 1];
        System.arraycopy(idx.shape(), 0, shape, 0, idx.shape().length);
        System.arraycopy(s, 1, shape, idx.shape().length, s.length - 1);
        return new Indexed(u, bits, rows, size / Math.max(n, 1), shape);
    }

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        Arrays.fill(a, v);
        return a;
    }

    public static List<Operand> gather(ProgramBuilder b, Node node, List<Operand> in) {
        QValue idx = Ops.var(node, in, 1);
        if (Ops.required(node, in, 0) instanceof Operand.Var(QValue data)) {
            Indexed ix = index(b, node, data.shape(), data.size(), idx);
            long dlo = Long.MAX_VALUE;
            long dhi = Long.MIN_VALUE;
            for (int row : ix.rows()) {
                for (int c = 0; row >= 0 && c < ix.cols(); c++) {
                    dlo = Math.min(dlo, data.lo()[row * ix.cols() + c]);
                    dhi = Math.max(dhi, data.hi()[row * ix.cols() + c]);
                }
            }
            int n = idx.size() * ix.cols();
            QValue out = b.value(ix.shape(), data.scale(), filled(n, dlo), filled(n, dhi));
            b.ops().add(new Select(new int[] {ix.u().id(), data.id()}, out, node.describe(), ix.bits(), ix.rows(), ix.cols()));
            return List.of(new Operand.Var(out));
        }
        Constant data = Ops.constant(node, in, 0);
        Indexed ix = index(b, node, data.shape(), data.values().length, idx);
        int sp = b.paramScale();
        long[][] table = new long[ix.cols()][1 << ix.bits()];
        long tlo = Long.MAX_VALUE;
        long thi = Long.MIN_VALUE;
        for (int u = 0; u < ix.rows().length; u++) {
            int row = ix.rows()[u];
            for (int c = 0; row >= 0 && c < ix.cols(); c++) {
                long q = Fixed.quantize(data.values()[row * ix.cols() + c], sp, node);
                table[c][u] = q;
                tlo = Math.min(tlo, q);
                thi = Math.max(thi, q);
            }
        }
        int n = idx.size() * ix.cols();
        QValue out = b.value(ix.shape(), sp, filled(n, tlo), filled(n, thi));
        b.ops().add(new Lookup(new int[] {ix.u().id()}, out, node.describe(), ix.bits(), table));
        return List.of(new Operand.Var(out));
    }
}
