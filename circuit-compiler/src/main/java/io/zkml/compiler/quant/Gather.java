package io.zkml.compiler.quant;

/**
 * out[i] = in[source[i]], or 0 where source[i] is −1: every shape op (Reshape, Flatten, Transpose, Slice, Pad,
 * Concat over one input, …). Costs nothing in the circuit.
 */
public record Gather(int[] inputs, QValue output, String origin, int[] source) implements QOp {

    @Override
    public long[] evaluate(long[][] in) {
        long[] out = new long[source.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = source[i] < 0 ? 0 : in[0][source[i]];
        }
        return out;
    }
}
