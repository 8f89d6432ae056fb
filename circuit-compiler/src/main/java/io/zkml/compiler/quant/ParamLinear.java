package io.zkml.compiler.quant;

/**
 * A linear layer with committed parameters: out[i] = b[bias[i]] + Σₖ x[col[k]]·w[weight[k]] over k in
 * [rowStart[i], rowStart[i+1]), where x (input 0) is computed and the weights w (input 1) and the biases b
 * (input 2, if present) are parameter values, witness wires of the circuit. Every term is one product
 * constraint; the sum and the bias are linear. Its bounds come from the declared parameter range, never from the
 * compiled model's values, so the circuit is the same for every model of the architecture.
 *
 * @param bias per row, the index into b; null when the layer has no bias (then inputs has two entries)
 */
public record ParamLinear(int[] inputs, QValue output, String origin, int[] rowStart, int[] col, int[] weight, int[] bias) implements QOp {

    @Override
    public long[] evaluate(long[][] in) {
        long[] x = in[0];
        long[] w = in[1];
        int n = rowStart.length - 1;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long acc = bias == null ? 0 : in[2][bias[i]];
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                acc += x[col[k]] * w[weight[k]];
            }
            out[i] = acc;
        }
        return out;
    }

    /** The number of weight·activation terms. */
    public int terms() {
        return col.length;
    }
}
