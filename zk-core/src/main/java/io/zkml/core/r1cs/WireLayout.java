package io.zkml.core.r1cs;

/**
 * How the wires (circom's "signals" after simplification) of a circuit are numbered, circom's convention and
 * the one the witness, the proving key and the public signals all follow:
 * <pre>
 *   wire 0                          the constant 1
 *   wires 1 … nPubOut               public outputs
 *   the next nPubIn wires           public inputs
 *   the next nPrvIn wires           private inputs
 *   the rest, up to nWires − 1      internal wires
 * </pre>
 * The public signals of a proof ({@code public.json}, the verifier's inputs) are wires 1 … nPublic, outputs
 * first, with nPublic = nPubOut + nPubIn.
 *
 * @param nWires the number of wires, the constant wire included
 * @param nPubOut public outputs
 * @param nPubIn public inputs
 * @param nPrvIn private inputs
 */
public record WireLayout(int nWires, int nPubOut, int nPubIn, int nPrvIn) {

    /** The wire that always holds 1. */
    public static final int CONSTANT_WIRE = 0;

    public WireLayout {
        if (nPubOut < 0 || nPubIn < 0 || nPrvIn < 0) {
            throw new IllegalArgumentException("wire counts must not be negative: nPubOut " + nPubOut + ", nPubIn " + nPubIn + ", nPrvIn " + nPrvIn);
        }
        long declared = 1L + nPubOut + nPubIn + nPrvIn;
        if (nWires < declared) {
            throw new IllegalArgumentException("nWires = " + nWires + " is less than the " + declared
                    + " wires that the constant, the outputs and the inputs need");
        }
    }

    /** nPubOut + nPubIn: the number of public signals. */
    public int nPublic() {
        return nPubOut + nPubIn;
    }

    /** The first public input wire. */
    public int firstPublicInput() {
        return 1 + nPubOut;
    }

    /** The first private input wire. */
    public int firstPrivateInput() {
        return 1 + nPubOut + nPubIn;
    }

    /** The first internal wire (neither the constant nor an input or output). */
    public int firstInternal() {
        return 1 + nPubOut + nPubIn + nPrvIn;
    }

    /** Whether {@code wire} is a public signal (the constant wire is not). */
    public boolean isPublic(int wire) {
        return wire >= 1 && wire <= nPublic();
    }
}
