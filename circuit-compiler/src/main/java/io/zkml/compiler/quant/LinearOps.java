package io.zkml.compiler.quant;

import io.zkml.compiler.graph.Constant;
import io.zkml.compiler.graph.Node;
import io.zkml.compiler.graph.Shapes;
import java.util.List;
import java.util.Map;

/**
 * Gemm, MatMul, Conv and ConvTranspose with constant weights: the weights are quantized at the parameter scale s_p, the product
 * (scale s_x + s_p) is one linear combination per output (fixed parameters) or one weighted sum over parameter
 * wires (committed parameters, {@link ParamLinear}), then rescaled by s_p back to the input's scale. The parameters
 * are the constants at the weight and bias inputs as the node sees them (after BatchNormalization folding and
 * constant folding), with Gemm's alpha and beta multiplied in.
 */
final class LinearOps {

    private LinearOps() {
    }

    static void register(Map<String, Translator> r) {
        r.put("Gemm", LinearOps::gemm);
        r.put("MatMul", LinearOps::matmul);
        r.put("Conv", LinearOps::conv);
        r.put("ConvTranspose", LinearOps::convTranspose);
    }

    /**
     * The transposed convolution with constant weights W[C, M/group, kh, kw]: output (oy, ox) of channel m sums
     * x[c, iy, ix]·W[c, m, ky, kx] over every iy·stride − pad + ky·dilation = oy (and likewise for x).
     */
    private static List<Operand> convTranspose(ProgramBuilder b, Node node, List<Operand> in) {
        QValue x = Ops.var(node, in, 0);
        Constant w = Ops.constant(node, in, 1);
        int rank = x.shape().length;
        if ((rank != 3 && rank != 4) || w.shape().length != rank) {
            throw node.error("ConvTranspose supports 1-D and 2-D inputs (rank 3 or 4), got " + Ops.shape(x.shape()) + ", weights " + Ops.shape(w.shape()));
        }
        boolean oneD = rank == 3;
        int batch = x.shape()[0];
        int c = x.shape()[1];
        int h = oneD ? 1 : x.shape()[2];
        int wd = x.shape()[rank - 1];
        int group = (int) node.intAttr("group", 1);
        int mg = w.shape()[1];
        int kh = oneD ? 1 : w.shape()[2];
        int kw = w.shape()[rank - 1];
        if (group < 1 || w.shape()[0] != c || c % group != 0) {
            throw node.error("channels do not fit: input " + c + ", weights " + Ops.shape(w.shape()) + ", group " + group);
        }
        int m = mg * group;
        int cg = c / group;
        long[] strides = spatial(node, "strides", oneD, 1);
        long[] dil = spatial(node, "dilations", oneD, 1);
        long[] outPad = spatial0(node, "output_padding", oneD);
        if (node.intsAttr("output_shape") != null) {
            throw node.error("the output_shape attribute is not supported; give pads");
        }
        String auto = node.stringAttr("auto_pad", "NOTSET");
        if (!auto.equals("NOTSET") && !auto.equals("VALID")) {
            throw node.error("auto_pad " + auto + " is not supported in ConvTranspose");
        }
        int[] pads = new int[4];
        long[] p = node.intsAttr("pads");
        if (p != null && auto.equals("NOTSET")) {
            if (p.length != (oneD ? 2 : 4)) {
                throw node.error("attribute pads has " + p.length + " entries");
            }
            pads = oneD ? new int[] {0, (int) p[0], 0, (int) p[1]} : new int[] {(int) p[0], (int) p[1], (int) p[2], (int) p[3]};
        }
        int oh = (int) ((h - 1) * strides[0] - pads[0] - pads[2] + dil[0] * (kh - 1) + outPad[0] + 1);
        int ow = (int) ((wd - 1) * strides[1] - pads[1] - pads[3] + dil[1] * (kw - 1) + outPad[1] + 1);
        if (oh < 1 || ow < 1) {
            throw node.error("the output would be empty");
        }
        int sp = b.paramScale();
        long[] wq = Fixed.quantizeAll(w.values(), sp, node);
        long[] bias = channelBias(node, in, m, x.scale() + sp);
        WeightedRows rows = new WeightedRows(batch * m * oh * ow);
        for (int nb = 0; nb < batch; nb++) {
            for (int mo = 0; mo < m; mo++) {
                int g = mo / mg;
                int ml = mo % mg;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        for (int ci = 0; ci < cg; ci++) {
                            int chan = g * cg + ci;
                            for (int ky = 0; ky < kh; ky++) {
                                long ty = oy + pads[0] - ky * dil[0];
                                if (ty < 0 || ty % strides[0] != 0 || ty / strides[0] >= h) {
                                    continue;
                                }
                                for (int kx = 0; kx < kw; kx++) {
                                    long tx = ox + pads[1] - kx * dil[1];
                                    if (tx < 0 || tx % strides[1] != 0 || tx / strides[1] >= wd) {
                                        continue;
                                    }
                                    rows.term((int) (((nb * c + chan) * h + ty / strides[0]) * wd + tx / strides[1]),
                                            ((chan * mg + ml) * kh + ky) * kw + kx);
                                }
                            }
                        }
                        rows.endRow(mo);
                    }
                }
            }
        }
        int[] outShape = oneD ? new int[] {batch, m, ow} : new int[] {batch, m, oh, ow};
        QValue y = b.weighted(node, x, outShape, x.scale() + sp, rows, wq, w.shape(), bias, new int[] {m});
        return List.of(new Operand.Var(b.rescale(node, y, sp)));
    }

    /** A per-spatial-axis attribute as [h, w], default 0 (h = 0 for 1-D). */
    private static long[] spatial0(Node node, String attr, boolean oneD) {
        long[] v = node.intsAttr(attr);
        if (v == null) {
            return new long[] {0, 0};
        }
        if (v.length != (oneD ? 1 : 2) || java.util.Arrays.stream(v).anyMatch(e -> e < 0)) {
            throw node.error("attribute " + attr + " must have one non-negative entry per spatial axis, is " + java.util.Arrays.toString(v));
        }
        return oneD ? new long[] {0, v[0]} : v;
    }

    private static List<Operand> gemm(ProgramBuilder b, Node node, List<Operand> in) {
        QValue a = Ops.var(node, in, 0);
        Constant w = Ops.constant(node, in, 1);
        if (a.shape().length != 2 || w.shape().length != 2) {
            throw node.error("Gemm needs 2-D operands, got " + Ops.shape(a.shape()) + " and " + Ops.shape(w.shape()));
        }
        boolean ta = node.intAttr("transA", 0) != 0;
        boolean tb = node.intAttr("transB", 0) != 0;
        double alpha = node.floatAttr("alpha", 1.0);
        double beta = node.floatAttr("beta", 1.0);
        int m = ta ? a.shape()[1] : a.shape()[0];
        int k = ta ? a.shape()[0] : a.shape()[1];
        int kw = tb ? w.shape()[1] : w.shape()[0];
        int n = tb ? w.shape()[0] : w.shape()[1];
        if (k != kw) {
            throw node.error("inner dimensions differ: A " + Ops.shape(a.shape()) + (ta ? "ᵀ" : "") + ", B " + Ops.shape(w.shape()) + (tb ? "ᵀ" : ""));
        }
        int sp = b.paramScale();
        int[] outShape = {m, n};
        long[] wq = new long[k * n];
        for (int j = 0; j < wq.length; j++) {
            wq[j] = Fixed.quantize(alpha * w.values()[j], sp, node);
        }
        Constant c = node.hasInput(2) ? Ops.constant(node, in, 2) : null;
        long[] bias = null;
        int[] idx = null;
        if (c != null) {
            try {
                idx = Shapes.broadcastIndex(c.shape(), outShape);
            } catch (IllegalArgumentException e) {
                throw node.error("bias " + Ops.shape(c.shape()) + " does not broadcast to " + Ops.shape(outShape));
            }
            bias = new long[c.values().length];
            for (int j = 0; j < bias.length; j++) {
                bias[j] = Fixed.quantize(beta * c.values()[j], a.scale() + sp, node);
            }
        }
        WeightedRows rows = new WeightedRows(m * n);
        for (int mm = 0; mm < m; mm++) {
            for (int nn = 0; nn < n; nn++) {
                for (int kk = 0; kk < k; kk++) {
                    rows.term(ta ? kk * m + mm : mm * k + kk, tb ? nn * k + kk : kk * n + nn);
                }
                rows.endRow(idx == null ? -1 : idx[mm * n + nn]);
            }
        }
        QValue y = b.weighted(node, a, outShape, a.scale() + sp, rows, wq, w.shape(), bias, c == null ? null : c.shape());
        return List.of(new Operand.Var(b.rescale(node, y, sp)));
    }

    /**
     * numpy matmul (two computed operands: {@link VariableMatMul}): 1-D operands promoted (and the added axis dropped afterwards),
     * batch axes broadcast. out[.., i, j] = Σ_k A[.., i, k]·B[.., k, j].
     */
    private static List<Operand> matmul(ProgramBuilder b, Node node, List<Operand> in) {
        Operand x = Ops.required(node, in, 0);
        Operand y = Ops.required(node, in, 1);
        int[] as = x.shape();
        int[] bs = y.shape();
        if (as.length == 0 || bs.length == 0) {
            throw node.error("MatMul operands must have rank ≥ 1");
        }
        boolean aVec = as.length == 1;
        boolean bVec = bs.length == 1;
        int[] a2 = aVec ? new int[] {1, as[0]} : as;
        int[] b2 = bVec ? new int[] {bs[0], 1} : bs;
        int m = a2[a2.length - 2];
        int k = a2[a2.length - 1];
        int n = b2[b2.length - 1];
        if (b2[b2.length - 2] != k) {
            throw node.error("inner dimensions differ: " + Ops.shape(as) + " × " + Ops.shape(bs));
        }
        int[] aBatch = java.util.Arrays.copyOf(a2, a2.length - 2);
        int[] bBatch = java.util.Arrays.copyOf(b2, b2.length - 2);
        int[] batch;
        try {
            batch = Shapes.broadcast(aBatch, bBatch);
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
        int[] ia = Shapes.broadcastIndex(aBatch, batch);
        int[] ib = Shapes.broadcastIndex(bBatch, batch);
        int nb = ia.length;
        java.util.List<Integer> outDims = new java.util.ArrayList<>();
        for (int d : batch) {
            outDims.add(d);
        }
        if (!aVec) {
            outDims.add(m);
        }
        if (!bVec) {
            outDims.add(n);
        }
        int[] outShape = outDims.stream().mapToInt(Integer::intValue).toArray();
        if (x instanceof Operand.Var(QValue va) && y instanceof Operand.Var(QValue vb)) {
            return List.of(new Operand.Var(VariableMatMul.matmul(b, node, va, vb, ia, ib, m, k, n, outShape)));
        }
        if (x instanceof Operand.Const(Constant ca) && y instanceof Operand.Const(Constant cb)) {
            double[] v = new double[nb * m * n];
            for (int t = 0; t < nb; t++) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double acc = 0;
                        for (int kk = 0; kk < k; kk++) {
                            acc += ca.values()[(ia[t] * m + i) * k + kk] * cb.values()[(ib[t] * k + kk) * n + j];
                        }
                        v[(t * m + i) * n + j] = acc;
                    }
                }
            }
            return List.of(new Operand.Const(new Constant(outShape, v)));
        }
        boolean varLeft = x instanceof Operand.Var;
        QValue v = varLeft ? ((Operand.Var) x).v() : ((Operand.Var) y).v();
        Constant c = varLeft ? ((Operand.Const) y).c() : ((Operand.Const) x).c();
        int sp = b.paramScale();
        long[] cq = Fixed.quantizeAll(c.values(), sp, node);
        WeightedRows rows = new WeightedRows(nb * m * n);
        for (int t = 0; t < nb; t++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    for (int kk = 0; kk < k; kk++) {
                        int ai = (ia[t] * m + i) * k + kk;
                        int bi = (ib[t] * k + kk) * n + j;
                        rows.term(varLeft ? ai : bi, varLeft ? bi : ai);
                    }
                    rows.endRow(-1);
                }
            }
        }
        QValue out = b.weighted(node, v, outShape, v.scale() + sp, rows, cq, c.shape(), null, null);
        return List.of(new Operand.Var(b.rescale(node, out, sp)));
    }

    private static List<Operand> conv(ProgramBuilder b, Node node, List<Operand> in) {
        QValue x = Ops.var(node, in, 0);
        Constant w = Ops.constant(node, in, 1);
        int rank = x.shape().length;
        if ((rank != 3 && rank != 4) || w.shape().length != rank) {
            throw node.error("Conv supports 1-D and 2-D convolutions (input rank 3 or 4), got input " + Ops.shape(x.shape()) + ", weights " + Ops.shape(w.shape()));
        }
        boolean oneD = rank == 3;
        int batch = x.shape()[0];
        int c = x.shape()[1];
        int h = oneD ? 1 : x.shape()[2];
        int wd = x.shape()[rank - 1];
        int m = w.shape()[0];
        int cg = w.shape()[1];
        int kh = oneD ? 1 : w.shape()[2];
        int kw = w.shape()[rank - 1];
        int group = (int) node.intAttr("group", 1);
        if (group < 1 || c != cg * group || m % group != 0) {
            throw node.error("channels do not fit: input " + c + ", weights " + Ops.shape(w.shape()) + ", group " + group);
        }
        long[] strides = spatial(node, "strides", oneD, 1);
        long[] dil = spatial(node, "dilations", oneD, 1);
        long[] ks = node.intsAttr("kernel_shape");
        if (ks != null && (ks[ks.length - 1] != kw || (!oneD && ks[0] != kh))) {
            throw node.error("kernel_shape " + java.util.Arrays.toString(ks) + " differs from the weights " + Ops.shape(w.shape()));
        }
        int[] pads = pads(node, oneD, new int[] {h, wd}, new int[] {kh, kw}, strides, dil);
        int oh = (int) ((h + pads[0] + pads[2] - dil[0] * (kh - 1) - 1) / strides[0] + 1);
        int ow = (int) ((wd + pads[1] + pads[3] - dil[1] * (kw - 1) - 1) / strides[1] + 1);
        if (oh < 1 || ow < 1) {
            throw node.error("the kernel does not fit the input");
        }
        int sp = b.paramScale();
        long[] wq = Fixed.quantizeAll(w.values(), sp, node);
        long[] bias = channelBias(node, in, m, x.scale() + sp);
        WeightedRows rows = new WeightedRows(batch * m * oh * ow);
        int mg = m / group;
        for (int nb = 0; nb < batch; nb++) {
            for (int mo = 0; mo < m; mo++) {
                int g = mo / mg;
                for (int y = 0; y < oh; y++) {
                    for (int xo = 0; xo < ow; xo++) {
                        for (int ci = 0; ci < cg; ci++) {
                            int chan = g * cg + ci;
                            for (int ky = 0; ky < kh; ky++) {
                                long iy = y * strides[0] - pads[0] + ky * dil[0];
                                if (iy < 0 || iy >= h) {
                                    continue;
                                }
                                for (int kx = 0; kx < kw; kx++) {
                                    long ix = xo * strides[1] - pads[1] + kx * dil[1];
                                    if (ix < 0 || ix >= wd) {
                                        continue;
                                    }
                                    rows.term((int) (((nb * c + chan) * h + iy) * wd + ix), ((mo * cg + ci) * kh + ky) * kw + kx);
                                }
                            }
                        }
                        rows.endRow(mo);
                    }
                }
            }
        }
        int[] outShape = oneD ? new int[] {batch, m, ow} : new int[] {batch, m, oh, ow};
        QValue y = b.weighted(node, x, outShape, x.scale() + sp, rows, wq, w.shape(), bias, new int[] {m});
        return List.of(new Operand.Var(b.rescale(node, y, sp)));
    }

    /** The optional per-output-channel bias (input 2) quantized at the given scale, or null. */
    private static long[] channelBias(Node node, List<Operand> in, int m, int scale) {
        double[] bias = node.hasInput(2) ? Ops.constant(node, in, 2).values() : null;
        if (bias != null && bias.length != m) {
            throw node.error("bias has " + bias.length + " elements for " + m + " output channels");
        }
        return bias == null ? null : Fixed.quantizeAll(bias, scale, node);
    }

    /** A per-spatial-axis attribute as [h, w] (h = 1 for 1-D). */
    static long[] spatial(Node node, String attr, boolean oneD, long dflt) {
        long[] v = node.intsAttr(attr);
        if (v == null) {
            return new long[] {dflt, dflt};
        }
        if (v.length != (oneD ? 1 : 2)) {
            throw node.error("attribute " + attr + " has " + v.length + " entries for " + (oneD ? 1 : 2) + " spatial axes");
        }
        for (long e : v) {
            if (e < 1) {
                throw node.error("attribute " + attr + " must be positive, is " + java.util.Arrays.toString(v));
            }
        }
        return oneD ? new long[] {dflt, v[0]} : v;
    }

    /** Pads as [top, left, bottom, right], from pads or auto_pad. */
    static int[] pads(Node node, boolean oneD, int[] size, int[] kernel, long[] strides, long[] dil) {
        String auto = node.stringAttr("auto_pad", "NOTSET");
        int[] p = new int[4];
        switch (auto) {
            case "NOTSET" -> {
                long[] v = node.intsAttr("pads");
                if (v != null) {
                    if (v.length != (oneD ? 2 : 4)) {
                        throw node.error("attribute pads has " + v.length + " entries");
                    }
                    if (oneD) {
                        p = new int[] {0, (int) v[0], 0, (int) v[1]};
                    } else {
                        p = new int[] {(int) v[0], (int) v[1], (int) v[2], (int) v[3]};
                    }
                }
            }
            case "VALID" -> {
            }
            case "SAME_UPPER", "SAME_LOWER" -> {
                for (int d = 0; d < 2; d++) {
                    long out = (size[d] + strides[d] - 1) / strides[d];
                    long total = Math.max(0, (out - 1) * strides[d] + dil[d] * (kernel[d] - 1) + 1 - size[d]);
                    int small = (int) (total / 2);
                    int big = (int) (total - small);
                    p[d] = auto.equals("SAME_UPPER") ? small : big;
                    p[d + 2] = auto.equals("SAME_UPPER") ? big : small;
                }
            }
            default -> throw node.error("auto_pad " + auto + " is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER");
        }
        for (int v : p) {
            if (v < 0) {
                throw node.error("negative pads are not supported");
            }
        }
        return p;
    }
}
