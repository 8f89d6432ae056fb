package io.zkml.compiler.graph;

import java.util.Arrays;

/**
 * A graph input or output: its name and (for inputs) its shape, a symbolic batch dimension taken as 1.
 *
 * @param name the tensor name
 * @param shape the dimensions; empty for an output whose shape the model does not declare
 * @param integer whether the model declares the input of an integer type (its values are whole numbers, scale 0)
 */
public record ValueInfo(String name, int[] shape, boolean integer) {

    /** A float tensor. */
    public ValueInfo(String name, int[] shape) {
        this(name, shape, false);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValueInfo v && v.name.equals(name) && Arrays.equals(v.shape, shape) && v.integer == integer;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
