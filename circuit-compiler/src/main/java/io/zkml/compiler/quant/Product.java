package io.zkml.compiler.quant;

/**
 * out[e] = a[left[e]]·b[right[e]]: the element-wise product of two computed tensors (broadcast through the index
 * maps), one multiplication constraint per element.
 */
public record Product(int[] inputs, QValue output, String origin, int[] left, int[] right) implements QOp {

    @Override
    public long[] evaluate(long[][] in) {
        long[] out = new long[left.length];
        for (int e = 0; e < out.length; e++) {
            out[e] = in[0][left[e]] * in[1][right[e]];
        }
        return out;
    }
}
