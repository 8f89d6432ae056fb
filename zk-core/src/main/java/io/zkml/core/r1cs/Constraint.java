package io.zkml.core.r1cs;

import io.zkml.core.wtns.Witness;
import java.util.Objects;

/**
 * One rank-1 constraint ⟨a, w⟩ · ⟨b, w⟩ = ⟨c, w⟩ over Fr.
 *
 * @param a the left factor
 * @param b the right factor
 * @param c the product
 */
public record Constraint(LinearCombination a, LinearCombination b, LinearCombination c) {

    public Constraint {
        Objects.requireNonNull(a, "a must not be null");
        Objects.requireNonNull(b, "b must not be null");
        Objects.requireNonNull(c, "c must not be null");
    }

    /** Whether a·b = c under the witness, which must cover every wire used. */
    public boolean isSatisfiedBy(Witness w) {
        return a.evaluate(w).mul(b.evaluate(w)).equals(c.evaluate(w));
    }

    /** The largest wire index used, or −1. */
    public int maxWire() {
        return Math.max(a.maxWire(), Math.max(b.maxWire(), c.maxWire()));
    }

    @Override
    public String toString() {
        return "(" + a + ") · (" + b + ") = " + c;
    }
}
