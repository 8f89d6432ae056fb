package io.zkml.compiler.quant;

/**
 * out[e·cols + c] = table[c][u[e]] for an integer u in [0, 2^bits) (Gather of constant data with computed
 * indices: an embedding lookup). In the circuit, per u: bits boolean wires tied to u, the one-hot selector of
 * those bits (2^bits − 2 products), and every column's value linear in the selector.
 *
 * @param bits the width of u
 * @param table per column, the value at each u (zero beyond the proven range)
 */
public record Lookup(int[] inputs, QValue output, String origin, int bits, long[][] table) implements QOp {

    @Override
    public long[] evaluate(long[][] in) {
        long[] u = in[0];
        int cols = table.length;
        long[] out = new long[u.length * cols];
        for (int e = 0; e < u.length; e++) {
            if (u[e] < 0 || u[e] >= 1L << bits) {
                throw new IllegalStateException(origin + ": lookup index " + u[e] + " outside [0, 2^" + bits + ")");
            }
            for (int c = 0; c < cols; c++) {
                out[e * cols + c] = table[c][(int) u[e]];
            }
        }
        return out;
    }
}
