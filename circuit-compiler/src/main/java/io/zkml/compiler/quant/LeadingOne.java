package io.zkml.compiler.quant;

/**
 * For u in [1, 2^bits): j = ⌊log₂ u⌋ and the mantissa m = u·2^(bits−1−j) in [2^(bits−1), 2^bits). The output
 * holds every element's m, then every element's j, then for each i in [0, bits) every element's [j = i]. In the circuit u is decomposed into bits boolean wires, the
 * leading-one indicators come from the running product z·bᵢ (z − z·bᵢ linear: bits − 1 products), and m is u times
 * Σ leadᵢ·2^(bits−1−i) (one product): 2·bits + 1 constraints per element.
 *
 * @param bits the width of u
 * @param policy the declared clamp policy of the op ("" where none applies)
 */
public record LeadingOne(int[] inputs, QValue output, String origin, int bits, String policy) implements QOp {

    /** ⌊log₂ u⌋. */
    public static int exponent(long u) {
        return 63 - Long.numberOfLeadingZeros(u);
    }

    @Override
    public long[] evaluate(long[][] in) {
        long[] u = in[0];
        long[] out = new long[(2 + bits) * u.length];
        for (int e = 0; e < u.length; e++) {
            if (u[e] < 1 || u[e] >= 1L << bits) {
                throw new IllegalStateException(origin + ": " + u[e] + " outside [1, 2^" + bits + ")");
            }
            int j = exponent(u[e]);
            out[e] = u[e] << (bits - 1 - j);
            out[u.length + e] = j;
            out[(2 + j) * u.length + e] = 1;
        }
        return out;
    }
}
