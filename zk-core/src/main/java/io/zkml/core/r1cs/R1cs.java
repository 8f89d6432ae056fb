package io.zkml.core.r1cs;

import io.zkml.core.field.Fr;
import io.zkml.core.io.RawSection;
import io.zkml.core.wtns.Witness;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A rank-1 constraint system over BN254's Fr: a witness w satisfies it iff w[0] = 1 and
 * ⟨aᵢ, w⟩·⟨bᵢ, w⟩ = ⟨cᵢ, w⟩ for every constraint i. Wires are numbered as {@link WireLayout} says. Immutable.
 *
 * <p>Besides the constraints it carries what circom's {@code .r1cs} file carries, so that a file read and
 * written again is the same file: the number of labels (circom's signals before simplification), the map from
 * each wire to its label, and any other sections (the custom-gate sections 4 and 5, or types this code does not
 * know) as raw bytes.
 */
public final class R1cs {

    private final WireLayout wires;
    private final long nLabels;
    private final List<Constraint> constraints;
    private final long[] wireToLabel;
    private final List<RawSection> otherSections;

    /**
     * @param wires the wire layout
     * @param nLabels the number of labels (circom signals); not below 0
     * @param constraints the constraints, whose wires must all be below {@code wires.nWires()}
     * @param wireToLabel the label of each wire, {@code wires.nWires()} entries (copied)
     * @param otherSections sections kept verbatim, of types other than 1, 2 and 3
     * @throws IllegalArgumentException if the parts do not fit together
     */
    public R1cs(WireLayout wires, long nLabels, List<Constraint> constraints, long[] wireToLabel, List<RawSection> otherSections) {
        this.wires = Objects.requireNonNull(wires, "wires must not be null");
        if (nLabels < 0) {
            throw new IllegalArgumentException("nLabels must not be negative: " + nLabels);
        }
        this.nLabels = nLabels;
        this.constraints = List.copyOf(constraints);
        if (wireToLabel.length != wires.nWires()) {
            throw new IllegalArgumentException("wire-to-label map has " + wireToLabel.length + " entries for " + wires.nWires() + " wires");
        }
        this.wireToLabel = wireToLabel.clone();
        this.otherSections = List.copyOf(otherSections);
        for (int i = 0; i < this.constraints.size(); i++) {
            int max = this.constraints.get(i).maxWire();
            if (max >= wires.nWires()) {
                throw new IllegalArgumentException("constraint " + i + " uses wire " + max + " but there are only " + wires.nWires() + " wires");
            }
        }
        for (RawSection s : this.otherSections) {
            if (s.type() >= 1 && s.type() <= 3) {
                throw new IllegalArgumentException("section " + s.type() + " is part of the model and cannot be kept raw");
            }
        }
    }

    /**
     * A system with the identity wire-to-label map (as the zkml compiler produces: every wire is its own label)
     * and no other sections.
     */
    public static R1cs of(WireLayout wires, List<Constraint> constraints) {
        long[] identity = new long[wires.nWires()];
        Arrays.setAll(identity, i -> i);
        return new R1cs(wires, wires.nWires(), constraints, identity, List.of());
    }

    public WireLayout wires() {
        return wires;
    }

    /** The number of wires, the constant wire included. */
    public int nWires() {
        return wires.nWires();
    }

    /** The number of public signals, nPubOut + nPubIn. */
    public int nPublic() {
        return wires.nPublic();
    }

    public long nLabels() {
        return nLabels;
    }

    public List<Constraint> constraints() {
        return constraints;
    }

    public int nConstraints() {
        return constraints.size();
    }

    public Constraint constraint(int i) {
        return constraints.get(i);
    }

    /** The label (circom signal id) of a wire. */
    public long labelOf(int wire) {
        return wireToLabel[wire];
    }

    /** The whole wire-to-label map (a copy). */
    public long[] wireToLabel() {
        return wireToLabel.clone();
    }

    /** The sections kept verbatim, in file order. */
    public List<RawSection> otherSections() {
        return otherSections;
    }

    /**
     * The index of the first constraint the witness violates, or empty if it satisfies them all.
     *
     * @throws IllegalArgumentException if the witness does not have one value per wire, or its wire 0 is not 1
     */
    public OptionalInt firstViolatedConstraint(Witness w) {
        if (w.size() != wires.nWires()) {
            throw new IllegalArgumentException("witness has " + w.size() + " values but the circuit has " + wires.nWires() + " wires");
        }
        if (!w.get(WireLayout.CONSTANT_WIRE).isOne()) {
            throw new IllegalArgumentException("witness wire 0 must hold the constant 1, holds " + w.get(WireLayout.CONSTANT_WIRE));
        }
        for (int i = 0; i < constraints.size(); i++) {
            if (!constraints.get(i).isSatisfiedBy(w)) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * Whether the witness satisfies every constraint.
     *
     * @throws IllegalArgumentException as {@link #firstViolatedConstraint(Witness)}
     */
    public boolean isSatisfiedBy(Witness w) {
        return firstViolatedConstraint(w).isEmpty();
    }

    /** The public signals of a witness: wires 1 … nPublic, outputs first (what {@code public.json} holds). */
    public List<Fr> publicSignals(Witness w) {
        if (w.size() < 1 + nPublic()) {
            throw new IllegalArgumentException("witness has " + w.size() + " values, fewer than the " + (1 + nPublic()) + " that the constant and the public signals need");
        }
        return w.values().subList(1, 1 + nPublic());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof R1cs r && r.wires.equals(wires) && r.nLabels == nLabels && r.constraints.equals(constraints)
                && Arrays.equals(r.wireToLabel, wireToLabel) && r.otherSections.equals(otherSections);
    }

    @Override
    public int hashCode() {
        return Objects.hash(wires, nLabels, constraints, Arrays.hashCode(wireToLabel), otherSections);
    }

    @Override
    public String toString() {
        return "R1cs[" + wires + ", " + nLabels + " labels, " + constraints.size() + " constraints"
                + (otherSections.isEmpty() ? "" : ", " + otherSections.size() + " other sections") + "]";
    }
}
