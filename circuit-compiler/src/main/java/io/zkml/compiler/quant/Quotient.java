package io.zkml.compiler.quant;

/**
 * out = round(num / den) (ties up) for two computed tensors, den ≥ 1 proven: 2·num + den = q·2·den + r with
 * 0 ≤ r < 2·den. In the circuit r and 2·den − 1 − r each in rBits bits, q in qBits signed bits, and q·2·den one
 * product: 2·rBits + qBits + 3 constraints per element, every wire determined by num and den.
 *
 * @param qBits the signed width of q
 * @param rBits the width of r and of 2·den − 1 − r
 * @param policy the declared policy of the division this quotient belongs to ("" where none applies)
 */
public record Quotient(int[] inputs, QValue output, String origin, int qBits, int rBits, String policy) implements QOp {

    /** The reference rounding of one quotient. */
    public static long apply(long num, long den) {
        return Math.floorDiv(2 * num + den, 2 * den);
    }

    @Override
    public long[] evaluate(long[][] in) {
        long[] out = new long[in[0].length];
        for (int i = 0; i < out.length; i++) {
            if (in[1][i] < 1) {
                throw new IllegalStateException(origin + ": denominator " + in[1][i] + " below the proven bound 1");
            }
            out[i] = apply(in[0][i], in[1][i]);
        }
        return out;
    }
}
