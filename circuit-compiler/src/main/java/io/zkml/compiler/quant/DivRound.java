package io.zkml.compiler.quant;

/**
 * Division by a constant integer d ≥ 2 (not a power of two: those are {@link Rescale}s) rounded to nearest:
 * out = ⌊(x + ⌊d/2⌋) / d⌋. In the circuit x + ⌊d/2⌋ = q·d + rem with rem and d − 1 − rem each in k bits
 * (so 0 ≤ rem < d) and q in [−2^(bits−1), 2^(bits−1)) by bits.
 */
public record DivRound(int[] inputs, QValue output, String origin, long divisor, int bits) implements QOp {

    /** The reference rounding of one value. */
    public static long apply(long x, long d) {
        return Math.floorDiv(x + d / 2, d);
    }

    @Override
    public long[] evaluate(long[][] in) {
        long[] out = new long[in[0].length];
        for (int i = 0; i < out.length; i++) {
            out[i] = apply(in[0][i], divisor);
        }
        return out;
    }
}
