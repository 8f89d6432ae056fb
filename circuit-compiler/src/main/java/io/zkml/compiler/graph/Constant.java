package io.zkml.compiler.graph;

import java.util.Arrays;

/**
 * A constant tensor (an initializer, a {@code Constant} node's value or a folded result), its elements as
 * doubles in row-major order. Integer tensors (shapes, axes, indices) are held exactly: the compiler refuses
 * integer constants beyond 2^53.
 *
 * @param shape the dimensions
 * @param values the elements, {@code Shapes.size(shape)} of them
 */
public record Constant(int[] shape, double[] values) {

    public Constant {
        if (Shapes.size(shape) != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + Shapes.size(shape) + " elements, not " + values.length);
        }
    }

    /** The scalar constant v (shape []). */
    public static Constant scalar(double v) {
        return new Constant(new int[0], new double[] {v});
    }

    /** The elements as longs; they must all be integers. */
    public long[] longs() {
        long[] out = new long[values.length];
        for (int i = 0; i < out.length; i++) {
            if (values[i] != Math.rint(values[i])) {
                throw new IllegalArgumentException("element " + i + " of an integer tensor is " + values[i]);
            }
            out[i] = (long) values[i];
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Constant c && Arrays.equals(c.shape, shape) && Arrays.equals(c.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Constant" + Arrays.toString(shape);
    }
}
