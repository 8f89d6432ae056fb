package io.zkml.core.wtns;

import io.zkml.core.field.Fr;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An assignment of an Fr value to every wire of a circuit, indexed by wire (the order is circom's, see
 * {@link io.zkml.core.r1cs.WireLayout}): {@code get(0)} is the constant 1. Immutable.
 */
public final class Witness {

    private final Fr[] values;
    private final List<Fr> view;

    private Witness(Fr[] values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new NullPointerException("witness value " + i + " is null");
            }
        }
        this.values = values;
        this.view = Collections.unmodifiableList(Arrays.asList(values));
    }

    public static Witness of(List<Fr> values) {
        return new Witness(values.toArray(Fr[]::new));
    }

    public static Witness of(Fr... values) {
        return new Witness(values.clone());
    }

    /** The number of wires. */
    public int size() {
        return values.length;
    }

    /** The value of wire {@code i}. */
    public Fr get(int i) {
        return values[i];
    }

    /** All values, wire 0 first (an unmodifiable view). */
    public List<Fr> values() {
        return view;
    }

    /** A copy with wire {@code i} set to {@code value} (for tests that tamper with a witness). */
    public Witness with(int i, Fr value) {
        Objects.checkIndex(i, values.length);
        Fr[] copy = values.clone();
        copy[i] = Objects.requireNonNull(value, "value must not be null");
        return new Witness(copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Witness w && Arrays.equals(w.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        int shown = Math.min(values.length, 4);
        String head = String.join(", ", view.subList(0, shown).stream().map(Fr::toString).toList());
        return "Witness[" + values.length + " wires: " + head + (values.length > shown ? ", …]" : "]");
    }
}
