package io.zkml.compiler.quant;

/** out = max(x, 0). */
public record Relu(int[] inputs, QValue output, String origin) implements QOp {

    @Override
    public long[] evaluate(long[][] in) {
        long[] out = new long[in[0].length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(in[0][i], 0);
        }
        return out;
    }
}
