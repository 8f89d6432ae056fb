package io.zkml.compiler.quant;

import java.util.Arrays;

/**
 * out[i] = constant[i] + Σₖ coef[k]·in[col[k]] over k in [rowStart[i], rowStart[i+1]), where in is the
 * concatenation of the inputs. Gemm, MatMul and Conv with constant weights, Add and Sub, scale alignment: all
 * linear, so the circuit pays no multiplication constraint for them.
 */
public record Linear(int[] inputs, QValue output, String origin, int[] inputSizes, int[] rowStart, int[] col, long[] coef, long[] constant)
        implements QOp {

    @Override
    public long[] evaluate(long[][] in) {
        long[] cat = concat(in);
        long[] out = new long[constant.length];
        for (int i = 0; i < out.length; i++) {
            long acc = constant[i];
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                acc += coef[k] * cat[col[k]];
            }
            out[i] = acc;
        }
        return out;
    }

    private static long[] concat(long[][] in) {
        if (in.length == 1) {
            return in[0];
        }
        int n = Arrays.stream(in).mapToInt(a -> a.length).sum();
        long[] cat = new long[n];
        int off = 0;
        for (long[] a : in) {
            System.arraycopy(a, 0, cat, off, a.length);
            off += a.length;
        }
        return cat;
    }

    /** The number of terms. */
    public int terms() {
        return col.length;
    }
}
