package io.zkml.compiler.quant;

import java.util.Arrays;

/**
 * A quantized tensor of the program: element e stands for the real number x[e]·2^−scale, and interval analysis
 * has proven lo[e] ≤ x[e] ≤ hi[e] for every input the circuit accepts.
 *
 * @param id the value's index in its program
 * @param shape the dimensions
 * @param scale the power-of-two scale (fractional bits)
 * @param lo per-element lower bounds
 * @param hi per-element upper bounds
 */
public record QValue(int id, int[] shape, int scale, long[] lo, long[] hi) {

    /** The number of elements. */
    public int size() {
        return lo.length;
    }

    /** The smallest lower bound. */
    public long min() {
        return Arrays.stream(lo).min().orElse(0);
    }

    /** The largest upper bound. */
    public long max() {
        return Arrays.stream(hi).max().orElse(0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QValue v && v.id == id;
    }

    @Override
    public int hashCode() {
        return id;
    }

    @Override
    public String toString() {
        return "v" + id + Arrays.toString(shape) + "@2^-" + scale;
    }
}
