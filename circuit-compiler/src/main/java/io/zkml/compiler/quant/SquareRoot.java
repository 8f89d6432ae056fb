package io.zkml.compiler.quant;

/**
 * out = ⌊√v⌋ for a computed v ≥ 0 (proven): r² ≤ v ≤ r² + 2r. In the circuit r in rBits boolean wires, r·r one
 * product, a = v − r² and 2r − a each in aBits boolean wires: rBits + 2·aBits + 3 constraints per element.
 *
 * @param policy the declared policy of the op this root belongs to ("" where none applies)
 */
public record SquareRoot(int[] inputs, QValue output, String origin, int rBits, int aBits, String policy) implements QOp {

    /** ⌊√v⌋ exactly. */
    public static long apply(long v) {
        if (v < 0) {
            throw new IllegalStateException("square root of " + v);
        }
        long r = (long) Math.sqrt((double) v);
        while (r * r > v) {
            r--;
        }
        while ((r + 1) * (r + 1) <= v) {
            r++;
        }
        return r;
    }

    @Override
    public long[] evaluate(long[][] in) {
        long[] out = new long[in[0].length];
        for (int i = 0; i < out.length; i++) {
            out[i] = apply(in[0][i]);
        }
        return out;
    }
}
