package io.zkml.compiler.quant;

import java.util.Arrays;

/** Collects the rows of a {@link Linear} step (compressed sparse rows), dropping zero coefficients. */
final class Rows {

    private int[] rowStart;
    private int[] col = new int[64];
    private long[] coef = new long[64];
    private final long[] constant;
    private int rows;
    private int terms;

    Rows(int n) {
        rowStart = new int[n + 1];
        constant = new long[n];
    }

    /** Adds c·in[column] to the current row. */
    void term(int column, long c) {
        if (c == 0) {
            return;
        }
        if (terms == col.length) {
            col = Arrays.copyOf(col, terms * 2);
            coef = Arrays.copyOf(coef, terms * 2);
        }
        col[terms] = column;
        coef[terms++] = c;
    }

    /** Ends the current row with the given constant term. */
    void endRow(long c) {
        constant[rows++] = c;
        rowStart[rows] = terms;
    }

    int[] rowStart() {
        return rowStart;
    }

    int[] col() {
        return Arrays.copyOf(col, terms);
    }

    long[] coef() {
        return Arrays.copyOf(coef, terms);
    }

    long[] constant() {
        return constant;
    }
}
