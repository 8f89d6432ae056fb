package io.zkml.compiler.quant;

import io.zkml.compiler.graph.Constant;
import io.zkml.compiler.graph.Node;
import java.util.Arrays;
import java.util.List;

/**
 * Gather along axis 0 with computed indices: of constant data a {@link Lookup}, of computed data a {@link Select}.
 * For constant data with computed indices (integers at scale 0, from ArgMax, a comparison or
 * arithmetic on them): a {@link Lookup} of the data rows, quantized at the parameter scale. The indices' proven
 * range must lie in [−n, n) (negative ones count from the end, as ONNX says).
 */
public final class VariableGather {

    private VariableGather() {
    }

    /** The same over a computed data tensor: a {@link Select}, one product per reachable row and output. */
    private static QValue computed(ProgramBuilder b, Node node, QValue data, QValue idx) {
        int[] s = data.shape();
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
        int cols = data.size() / Math.max(n, 1);
        int bits = Bounds.unsignedBits(hi - lo);
        int[] rows = new int[1 << bits];
        Arrays.fill(rows, -1);
        long dlo = Long.MAX_VALUE;
        long dhi = Long.MIN_VALUE;
        for (long v = lo; v <= hi; v++) {
            int row = (int) (v < 0 ? v + n : v);
            rows[(int) (v - lo)] = row;
            for (int c = 0; c < cols; c++) {
                dlo = Math.min(dlo, data.lo()[row * cols + c]);
                dhi = Math.max(dhi, data.hi()[row * cols + c]);
            }
        }
        int m = idx.size();
        long[] c = new long[m];
        Arrays.fill(c, -lo);
        QValue u = b.affine(node, List.of(idx), new int[][] {ActivationOps.identity(m)}, new long[] {1}, c, idx.shape(), 0);
        int[] shape = new int[idx.shape().length + s.length - 1];
        System.arraycopy(idx.shape(), 0, shape, 0, idx.shape().length);
        System.arraycopy(s, 1, shape, idx.shape().length, s.length - 1);
        long[] olo = new long[m * cols];
        long[] ohi = new long[m * cols];
        Arrays.fill(olo, dlo);
        Arrays.fill(ohi, dhi);
        QValue out = b.value(shape, data.scale(), olo, ohi);
        b.ops().add(new Select(new int[] {u.id(), data.id()}, out, node.describe(), bits, rows, cols));
        return out;
    }

    public static List<Operand> gather(ProgramBuilder b, Node node, List<Operand> in) {
        QValue idx = Ops.var(node, in, 1);
        if (Ops.required(node, in, 0) instanceof Operand.Var(QValue dv)) {
            return List.of(new Operand.Var(computed(b, node, dv, idx)));
        }
        Constant data = Ops.constant(node, in, 0);
        int[] s = data.shape();
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
        int cols = data.values().length / Math.max(n, 1);
        int bits = Bounds.unsignedBits(hi - lo);
        int sp = b.paramScale();
        long[][] table = new long[cols][1 << bits];
        long tlo = Long.MAX_VALUE;
        long thi = Long.MIN_VALUE;
        for (long v = lo; v <= hi; v++) {
            int row = (int) (v < 0 ? v + n : v);
            for (int c = 0; c < cols; c++) {
                long q = Fixed.quantize(data.values()[row * cols + c], sp, node);
                table[c][(int) (v - lo)] = q;
                tlo = Math.min(tlo, q);
                thi = Math.max(thi, q);
            }
        }
        int m = idx.size();
        long[] c = new long[m];
        Arrays.fill(c, -lo);
        QValue u = b.affine(node, List.of(idx), new int[][] {ActivationOps.identity(m)}, new long[] {1}, c, idx.shape(), 0);
        int[] shape = new int[idx.shape().length + s.length - 1];
        System.arraycopy(idx.shape(), 0, shape, 0, idx.shape().length);
        System.arraycopy(s, 1, shape, idx.shape().length, s.length - 1);
        long[] olo = new long[m * cols];
        long[] ohi = new long[m * cols];
        Arrays.fill(olo, tlo);
        Arrays.fill(ohi, thi);
        QValue out = b.value(shape, sp, olo, ohi);
        b.ops().add(new Lookup(new int[] {u.id()}, out, node.describe(), bits, table));
        return List.of(new Operand.Var(out));
    }
}
