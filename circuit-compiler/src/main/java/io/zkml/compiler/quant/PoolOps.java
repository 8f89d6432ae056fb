package io.zkml.compiler.quant;

import io.zkml.compiler.graph.Node;
import io.zkml.compiler.graph.Shapes;
import java.util.List;
import java.util.Map;

/**
 * Pooling and reductions. AveragePool, GlobalAveragePool and ReduceMean: a window sum divided by the window size
 * with rounding (per-window sizes that differ, at padded borders, multiply by round(2^s_p / count) instead);
 * ReduceSum: the sum; MaxPool, GlobalMaxPool, ReduceMax and ReduceMin: pairwise maxima.
 */
final class PoolOps {

    private PoolOps() {
    }

    static void register(Map<String, Translator> r) {
        r.put("AveragePool", (b, node, in) -> List.of(new Operand.Var(average(b, node, Ops.var(node, in, 0), false))));
        r.put("GlobalAveragePool", (b, node, in) -> List.of(new Operand.Var(average(b, node, Ops.var(node, in, 0), true))));
        r.put("MaxPool", PoolOps::maxPool);
        r.put("GlobalMaxPool", PoolOps::globalMaxPool);
        r.put("ReduceSum", (b, node, in) -> reduce(b, node, in, Kind.SUM));
        r.put("ReduceMean", (b, node, in) -> reduce(b, node, in, Kind.MEAN));
        r.put("ReduceMax", (b, node, in) -> reduce(b, node, in, Kind.MAX));
        r.put("ReduceMin", (b, node, in) -> reduce(b, node, in, Kind.MIN));
    }

    private enum Kind { SUM, MEAN, MAX, MIN }

    /**
     * The maximum (or minimum) over K positions: out[e] = max over k of x[idx[k][e]], as K − 1 pairwise
     * maxima (each y + relu(x − y)).
     */
    static QValue extremum(ProgramBuilder b, Node node, QValue x, int[][] idx, int[] shape, boolean isMax) {
        QValue src = x;
        if (!isMax) {
            src = b.affine(node, List.of(x), new int[][] {ActivationOps.identity(x.size())}, new long[] {-1}, new long[x.size()], x.shape(), x.scale());
        }
        QValue acc = b.gather(node, src, idx[0], shape);
        int[] id = ActivationOps.identity(acc.size());
        for (int k = 1; k < idx.length; k++) {
            acc = b.max(node, acc, id, b.gather(node, src, idx[k], shape), id, shape);
        }
        if (!isMax) {
            acc = b.affine(node, List.of(acc), new int[][] {id}, new long[] {-1}, new long[acc.size()], shape, acc.scale());
        }
        return acc;
    }

    private static List<Operand> maxPool(ProgramBuilder b, Node node, List<Operand> in) {
        QValue x = Ops.var(node, in, 0);
        if (node.outputs().size() > 1 && !node.outputs().get(1).isEmpty()) {
            throw node.error("the Indices output of MaxPool is not supported");
        }
        int rank = x.shape().length;
        if (rank != 3 && rank != 4) {
            throw node.error("pooling supports 1-D and 2-D inputs (rank 3 or 4), got " + Ops.shape(x.shape()));
        }
        boolean oneD = rank == 3;
        int nc = x.shape()[0] * x.shape()[1];
        int h = oneD ? 1 : x.shape()[2];
        int w = x.shape()[rank - 1];
        long[] ks = node.intsAttr("kernel_shape");
        if (ks == null || ks.length != (oneD ? 1 : 2)) {
            throw node.error("kernel_shape must have one entry per spatial axis");
        }
        int kh = oneD ? 1 : (int) ks[0];
        int kw = (int) ks[ks.length - 1];
        long[] strides = LinearOps.spatial(node, "strides", oneD, 1);
        long[] dil = LinearOps.spatial(node, "dilations", oneD, 1);
        if (node.intAttr("ceil_mode", 0) != 0) {
            throw node.error("ceil_mode = 1 is not supported");
        }
        if (node.intAttr("storage_order", 0) != 0) {
            throw node.error("storage_order = 1 is not supported");
        }
        int[] pads = LinearOps.pads(node, oneD, new int[] {h, w}, new int[] {kh, kw}, strides, dil);
        int oh = (int) ((h + pads[0] + pads[2] - dil[0] * (kh - 1) - 1) / strides[0] + 1);
        int ow = (int) ((w + pads[1] + pads[3] - dil[1] * (kw - 1) - 1) / strides[1] + 1);
        if (oh < 1 || ow < 1) {
            throw node.error("the window does not fit the input");
        }
        int n = nc * oh * ow;
        int[][] idx = new int[kh * kw][n];
        for (int c = 0; c < nc; c++) {
            for (int y = 0; y < oh; y++) {
                for (int xo = 0; xo < ow; xo++) {
                    int e = (c * oh + y) * ow + xo;
                    int first = -1;
                    for (int k = 0; k < kh * kw; k++) {
                        long iy = y * strides[0] - pads[0] + (k / kw) * dil[0];
                        long ix = xo * strides[1] - pads[1] + (k % kw) * dil[1];
                        boolean inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
                        idx[k][e] = inside ? (int) ((c * h + iy) * w + ix) : -1;
                        if (inside && first < 0) {
                            first = idx[k][e];
                        }
                    }
                    if (first < 0) {
                        throw node.error("a pooling window lies entirely in the padding");
                    }
                    for (int k = 0; k < kh * kw; k++) {
                        if (idx[k][e] < 0) {
                            idx[k][e] = first; // padding never wins a maximum: repeat a real element
                        }
                    }
                }
            }
        }
        int[] shape = oneD ? new int[] {x.shape()[0], x.shape()[1], ow} : new int[] {x.shape()[0], x.shape()[1], oh, ow};
        return List.of(new Operand.Var(extremum(b, node, x, idx, shape, true)));
    }

    private static List<Operand> globalMaxPool(ProgramBuilder b, Node node, List<Operand> in) {
        QValue x = Ops.var(node, in, 0);
        int nc = x.shape()[0] * x.shape()[1];
        int inner = x.size() / nc;
        int[][] idx = new int[inner][nc];
        for (int k = 0; k < inner; k++) {
            for (int c = 0; c < nc; c++) {
                idx[k][c] = c * inner + k;
            }
        }
        int[] shape = x.shape().clone();
        for (int d = 2; d < shape.length; d++) {
            shape[d] = 1;
        }
        return List.of(new Operand.Var(extremum(b, node, x, idx, shape, true)));
    }

    private static List<Operand> reduce(ProgramBuilder b, Node node, List<Operand> in, Kind kind) {
        QValue x = Ops.var(node, in, 0);
        int[] s = x.shape();
        int rank = s.length;
        long[] axes = Ops.intsFromAttrOrInput(node, in, "axes", 1);
        boolean keep = node.intAttr("keepdims", 1) != 0;
        boolean[] red = new boolean[rank];
        if (axes == null || axes.length == 0) {
            if (axes != null && node.intAttr("noop_with_empty_axes", 0) != 0) {
                return List.of(new Operand.Var(x));
            }
            java.util.Arrays.fill(red, true);
        } else {
            for (long a : axes) {
                red[Ops.axis(node, a, rank)] = true;
            }
        }
        int[] kept = new int[rank];
        int count = 1;
        for (int d = 0; d < rank; d++) {
            kept[d] = red[d] ? 1 : s[d];
            count *= red[d] ? s[d] : 1;
        }
        int outN = Shapes.size(kept);
        int[] strides = Shapes.strides(s);
        int[] keptStrides = Shapes.strides(kept);
        int[][] idx = new int[count][outN];
        int[] fill = new int[outN];
        int[] pos = new int[rank];
        for (int e = 0; e < x.size(); e++) {
            int o = 0;
            for (int d = 0; d < rank; d++) {
                if (!red[d]) {
                    o += pos[d] * keptStrides[d];
                }
            }
            idx[fill[o]++][o] = e;
            for (int d = rank - 1; d >= 0; d--) {
                if (++pos[d] < s[d]) {
                    break;
                }
                pos[d] = 0;
            }
        }
        int[] shape = keep ? kept : java.util.stream.IntStream.range(0, rank).filter(d -> !red[d]).map(d -> s[d]).toArray();
        if (kind == Kind.MAX || kind == Kind.MIN) {
            return List.of(new Operand.Var(extremum(b, node, x, idx, shape, kind == Kind.MAX)));
        }
        Rows rows = new Rows(outN);
        for (int o = 0; o < outN; o++) {
            for (int k = 0; k < count; k++) {
                rows.term(idx[k][o], 1);
            }
            rows.endRow(0);
        }
        QValue y = b.linear(node, List.of(x), shape, x.scale(), rows.rowStart(), rows.col(), rows.coef(), rows.constant());
        return List.of(new Operand.Var(kind == Kind.MEAN ? b.divRound(node, y, count) : y));
    }

    private static QValue average(ProgramBuilder b, Node node, QValue x, boolean global) {
        int rank = x.shape().length;
        if (rank != 3 && rank != 4) {
            throw node.error("pooling supports 1-D and 2-D inputs (rank 3 or 4), got " + Ops.shape(x.shape()));
        }
        boolean oneD = rank == 3;
        int batch = x.shape()[0];
        int c = x.shape()[1];
        int h = oneD ? 1 : x.shape()[2];
        int w = x.shape()[rank - 1];
        int kh;
        int kw;
        long[] strides;
        int[] pads;
        boolean includePad;
        if (global) {
            kh = h;
            kw = w;
            strides = new long[] {1, 1};
            pads = new int[4];
            includePad = false;
        } else {
            long[] ks = node.intsAttr("kernel_shape");
            if (ks == null || ks.length != (oneD ? 1 : 2)) {
                throw node.error("kernel_shape must have one entry per spatial axis");
            }
            kh = oneD ? 1 : (int) ks[0];
            kw = (int) ks[ks.length - 1];
            strides = LinearOps.spatial(node, "strides", oneD, 1);
            long[] dil = LinearOps.spatial(node, "dilations", oneD, 1);
            if (dil[0] != 1 || dil[1] != 1) {
                throw node.error("dilations other than 1 are not supported in AveragePool");
            }
            if (node.intAttr("ceil_mode", 0) != 0) {
                throw node.error("ceil_mode = 1 is not supported");
            }
            pads = LinearOps.pads(node, oneD, new int[] {h, w}, new int[] {kh, kw}, strides, new long[] {1, 1});
            includePad = node.intAttr("count_include_pad", 0) != 0;
        }
        int oh = (int) ((h + pads[0] + pads[2] - kh) / strides[0] + 1);
        int ow = (int) ((w + pads[1] + pads[3] - kw) / strides[1] + 1);
        if (oh < 1 || ow < 1) {
            throw node.error("the window does not fit the input");
        }
        int sp = b.paramScale();
        int outN = batch * c * oh * ow;
        int[] divisor = new int[outN];
        for (int e = 0; e < outN; e++) {
            int y = (e / ow) % oh;
            int xo = e % ow;
            int count = 0;
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    long iy = y * strides[0] - pads[0] + ky;
                    long ix = xo * strides[1] - pads[1] + kx;
                    if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                        count++;
                    }
                }
            }
            divisor[e] = includePad ? kh * kw : count;
        }
        // one divisor for all windows: an exact rounded division of the sum; otherwise multiply by 1/divisor at s_p
        boolean uniform = java.util.Arrays.stream(divisor).allMatch(d -> d == divisor[0]);
        Rows rows = new Rows(outN);
        for (int e = 0; e < outN; e++) {
            int n = e / (oh * ow);
            int y = (e / ow) % oh;
            int xo = e % ow;
            long f = uniform ? 1 : Fixed.quantize(1.0 / divisor[e], sp, node);
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    long iy = y * strides[0] - pads[0] + ky;
                    long ix = xo * strides[1] - pads[1] + kx;
                    if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                        rows.term((int) ((n * h + iy) * w + ix), f);
                    }
                }
            }
            rows.endRow(0);
        }
        int[] shape = oneD ? new int[] {batch, c, ow} : new int[] {batch, c, oh, ow};
        if (uniform) {
            QValue s = b.linear(node, List.of(x), shape, x.scale(), rows.rowStart(), rows.col(), rows.coef(), rows.constant());
            return b.divRound(node, s, divisor[0]);
        }
        QValue s = b.linear(node, List.of(x), shape, x.scale() + sp, rows.rowStart(), rows.col(), rows.coef(), rows.constant());
        return b.rescale(node, s, sp);
    }
}
