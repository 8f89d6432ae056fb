package io.zkml.compiler.quant;

import io.zkml.compiler.graph.Node;
import java.util.List;
import java.util.Map;

/** AveragePool and GlobalAveragePool: a window sum times round(2^s_p / count), rescaled by s_p. */
final class PoolOps {

    private PoolOps() {
    }

    static void register(Map<String, Translator> r) {
        r.put("AveragePool", (b, node, in) -> List.of(new Operand.Var(average(b, node, Ops.var(node, in, 0), false))));
        r.put("GlobalAveragePool", (b, node, in) -> List.of(new Operand.Var(average(b, node, Ops.var(node, in, 0), true))));
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
        Rows rows = new Rows(batch * c * oh * ow);
        for (int n = 0; n < batch * c; n++) {
            for (int y = 0; y < oh; y++) {
                for (int xo = 0; xo < ow; xo++) {
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
                    int divisor = includePad ? kh * kw : count;
                    long f = Fixed.quantize(1.0 / divisor, sp, node);
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
            }
        }
        int[] shape = oneD ? new int[] {batch, c, ow} : new int[] {batch, c, oh, ow};
        QValue s = b.linear(node, List.of(x), shape, x.scale() + sp, rows.rowStart(), rows.col(), rows.coef(), rows.constant());
        return b.rescale(node, s, sp);
    }
}
