package io.zkml.compiler.quant;

/**
 * out = 1 if x ≥ 0 else 0 (at scale 0): the comparison that Sign and ArgMax are built from. Free when x is a
 * rescale's quotient (its top bit); otherwise one bit decomposition of x.
 */
public record NonNegative(int[] inputs, QValue output, String origin) implements QOp {

    @Override
    public long[] evaluate(long[][] in) {
        long[] out = new long[in[0].length];
        for (int i = 0; i < out.length; i++) {
            out[i] = in[0][i] >= 0 ? 1 : 0;
        }
        return out;
    }
}
