package io.zkml.compiler.quant;

/**
 * Division by 2^shift rounded to nearest (ties up): out = ⌊(x + 2^(shift−1)) / 2^shift⌋. In the circuit
 * x + 2^(shift−1) = q·2^shift + rem with rem in [0, 2^shift) and q in [−2^(bits−1), 2^(bits−1)), both by bits.
 *
 * @param bits the signed width of q, proven by interval analysis
 */
public record Rescale(int[] inputs, QValue output, String origin, int shift, int bits) implements QOp {

    /** The reference rounding of one value. */
    public static long apply(long x, int shift) {
        return shift == 0 ? x : Math.floorDiv(x + (1L << (shift - 1)), 1L << shift);
    }

    @Override
    public long[] evaluate(long[][] in) {
        long[] out = new long[in[0].length];
        for (int i = 0; i < out.length; i++) {
            out[i] = apply(in[0][i], shift);
        }
        return out;
    }
}
