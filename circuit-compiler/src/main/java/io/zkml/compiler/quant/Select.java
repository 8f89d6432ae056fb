package io.zkml.compiler.quant;

/**
 * out[e·cols + c] = data[row(u[e])·cols + c] where row(u) = lo + u (counted from the end when negative) for an
 * integer u in [0, 2^bits): Gather of a computed tensor along axis 0 with computed indices. In the circuit, per
 * index: bits boolean wires tied to u, the one-hot selector (2^bits − 2 products), and each output Σ_j e_j·row_j
 * (one product per reachable row).
 *
 * @param rows per u in [0, 2^bits), the data row it selects (−1 beyond the proven range)
 * @param cols the row length
 */
public record Select(int[] inputs, QValue output, String origin, int bits, int[] rows, int cols) implements QOp {

    @Override
    public long[] evaluate(long[][] in) {
        long[] u = in[0];
        long[] data = in[1];
        long[] out = new long[u.length * cols];
        for (int e = 0; e < u.length; e++) {
            if (u[e] < 0 || u[e] >= rows.length || rows[(int) u[e]] < 0) {
                throw new IllegalStateException(origin + ": index offset " + u[e] + " outside the proven range");
            }
            int row = rows[(int) u[e]];
            for (int c = 0; c < cols; c++) {
                out[e * cols + c] = data[row * cols + c];
            }
        }
        return out;
    }
}
