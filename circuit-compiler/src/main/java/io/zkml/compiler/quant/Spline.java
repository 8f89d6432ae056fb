package io.zkml.compiler.quant;

/**
 * A piecewise-linear function of an integer u in [0, 2^(h+k)): with u = j·2^k + t (segment j of 2^h, offset t of
 * 2^k), out = c0[j] + c1[j]·t. In the circuit u is decomposed into h + k bits, the segment's one-hot selector is
 * built from the top h bits (2^h − 2 products when h ≥ 1), c0 and c1 are linear in the selector, and c1·t is one
 * product. The smooth unary functions ({@link UnaryFunction}) are this step between a clamp and a rescale.
 *
 * @param segmentBits h
 * @param offsetBits k
 * @param c0 per segment, the value at t = 0
 * @param c1 per segment, the slope per unit of t
 * @param errorBound the worst error of the whole gadget against float64 math, in real units, measured by
 *     {@link SplineFit} over its input range
 * @param exhaustive whether that error was measured on every integer input of the range (else a dense sweep)
 * @param policy what the gadget does where the function has no value (clamping), or "" where it needs none
 */
public record Spline(int[] inputs, QValue output, String origin, int segmentBits, int offsetBits, long[] c0, long[] c1, double errorBound,
        boolean exhaustive, String policy) implements QOp {

    /** The value at one u. */
    public long at(long u) {
        if (u < 0 || u >= 1L << (segmentBits + offsetBits)) {
            throw new IllegalStateException(origin + ": spline input " + u + " outside [0, 2^" + (segmentBits + offsetBits) + ")");
        }
        int j = (int) (u >>> offsetBits);
        long t = u & ((1L << offsetBits) - 1);
        return c0[j] + c1[j] * t;
    }

    @Override
    public long[] evaluate(long[][] in) {
        long[] out = new long[in[0].length];
        for (int i = 0; i < out.length; i++) {
            out[i] = at(in[0][i]);
        }
        return out;
    }
}
