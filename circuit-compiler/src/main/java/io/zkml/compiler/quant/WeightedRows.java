package io.zkml.compiler.quant;

import java.util.Arrays;

/**
 * The terms of a linear layer before its parameters are placed: per output row, which input element meets which
 * weight element, and which bias element (if any) is added. {@link ProgramBuilder#weighted} turns them into a
 * {@link Linear} step (fixed parameters) or a {@link ParamLinear} step (committed parameters).
 */
final class WeightedRows {

    private final int[] rowStart;
    private final int[] bias;
    private int[] col = new int[64];
    private int[] weight = new int[64];
    private int rows;
    private int terms;

    WeightedRows(int n) {
        rowStart = new int[n + 1];
        bias = new int[n];
    }

    /** Adds in[column]·w[weightIndex] to the current row. */
    void term(int column, int weightIndex) {
        if (terms == col.length) {
            col = Arrays.copyOf(col, terms * 2);
            weight = Arrays.copyOf(weight, terms * 2);
        }
        col[terms] = column;
        weight[terms++] = weightIndex;
    }

    /** Ends the current row, adding bias element biasIndex (ignored when the layer has none). */
    void endRow(int biasIndex) {
        bias[rows++] = biasIndex;
        rowStart[rows] = terms;
    }

    int[] rowStart() {
        return rowStart;
    }

    int[] col() {
        return Arrays.copyOf(col, terms);
    }

    int[] weight() {
        return Arrays.copyOf(weight, terms);
    }

    int[] bias() {
        return bias;
    }

    int rows() {
        return rows;
    }
}
