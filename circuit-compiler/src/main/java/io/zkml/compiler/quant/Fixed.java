package io.zkml.compiler.quant;

import io.zkml.compiler.graph.Node;

/** Fixed-point conversion of real constants. */
final class Fixed {

    private Fixed() {
    }

    /** round(x·2^scale), refusing non-finite values and values beyond the bound. */
    static long quantize(double x, int scale, Node node) {
        if (!Double.isFinite(x)) {
            throw node.error("constant " + x + " cannot be quantized");
        }
        double v = Math.rint(Math.scalb(x, scale));
        if (Math.abs(v) >= Bounds.LIMIT) {
            throw node.error("constant " + x + " at scale 2^" + scale + " exceeds the 2^60 bound");
        }
        return (long) v;
    }

    /** Every element quantized. */
    static long[] quantizeAll(double[] x, int scale, Node node) {
        long[] q = new long[x.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = quantize(x[i], scale, node);
        }
        return q;
    }
}
