package io.zkml.verifier;

import io.zkml.core.curve.CurvePoint;
import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.groth16.VerifyingKey;
import io.zkml.core.io.FormatException;
import io.zkml.verifier.pairing.Fp12;
import io.zkml.verifier.pairing.Pairing;
import io.zkml.verifier.pairing.PreparedG2;
import java.util.List;

/**
 * A verifying key prepared once for many verifications: e(α, β) computed, and the line functions of −γ and
 * −δ precomputed, so that a verification costs three Miller loops (two of them over prepared points) and one
 * final exponentiation. Immutable and thread-safe.
 */
public final class PreparedVerifyingKey {

    private final VerifyingKey vk;
    private final Fp12 alphaBeta;
    private final PreparedG2 negGamma;
    private final PreparedG2 negDelta;
    private final List<CurvePoint.WindowTable<G1>> icTables;

    private PreparedVerifyingKey(VerifyingKey vk) {
        this.vk = vk;
        this.alphaBeta = Pairing.pair(vk.alphaG1(), vk.betaG2());
        this.negGamma = PreparedG2.of(vk.gammaG2().neg());
        this.negDelta = PreparedG2.of(vk.deltaG2().neg());
        List<G1> ic = vk.icG1();
        this.icTables = ic.subList(1, ic.size()).stream().map(CurvePoint.WindowTable::of).toList();
    }

    /**
     * Checks the key's points (on the curve; β, γ, δ in the order-r subgroup) and prepares it.
     *
     * @throws FormatException if a point of the key is not a valid group element
     */
    public static PreparedVerifyingKey prepare(VerifyingKey vk) {
        requireG1(vk.alphaG1(), "alpha");
        requireG2(vk.betaG2(), "beta");
        requireG2(vk.gammaG2(), "gamma");
        requireG2(vk.deltaG2(), "delta");
        List<G1> ic = vk.icG1();
        for (int i = 0; i < ic.size(); i++) {
            requireG1(ic.get(i), "IC[" + i + "]");
        }
        return new PreparedVerifyingKey(vk);
    }

    private static void requireG1(G1 p, String name) {
        if (!p.isOnCurve()) {
            throw FormatException.of("verifying key", name + " is not on the curve y² = x³ + 3");
        }
    }

    private static void requireG2(G2 p, String name) {
        if (!p.isOnCurve()) {
            throw FormatException.of("verifying key", name + " is not on the twist curve");
        }
        if (!p.isInSubgroup()) {
            throw FormatException.of("verifying key", name + " is not in the order-r subgroup of G2");
        }
    }

    public VerifyingKey verifyingKey() {
        return vk;
    }

    /** e(α, β). */
    Fp12 alphaBeta() {
        return alphaBeta;
    }

    PreparedG2 negGamma() {
        return negGamma;
    }

    PreparedG2 negDelta() {
        return negDelta;
    }

    /** Window tables of IC₁ … ICₙ, for vk_x. */
    List<CurvePoint.WindowTable<G1>> icTables() {
        return icTables;
    }
}
