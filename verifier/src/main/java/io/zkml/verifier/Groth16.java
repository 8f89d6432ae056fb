package io.zkml.verifier;

import io.zkml.core.curve.CurvePoint;
import io.zkml.core.curve.G1;
import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import io.zkml.core.groth16.VerifyingKey;
import io.zkml.core.io.FormatException;
import io.zkml.verifier.pairing.Pairing;
import io.zkml.verifier.pairing.PreparedG2;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Groth16 verification over BN254: a proof (A, B, C) is accepted for public signals x₁…xₙ iff
 * e(A, B) = e(α, β)·e(vk_x, γ)·e(C, δ) with vk_x = IC₀ + Σ xᵢ·ICᵢ, checked as
 * FinalExp(ML(A, B)·ML(vk_x, −γ)·ML(C, −δ)) = e(α, β).
 *
 * <p>Shape errors (a wrong number of public signals, a key whose points are not group elements) throw
 * {@link FormatException}; everything else that makes a proof unacceptable — a public signal outside
 * [0, r), A or C off the curve, B off the twist or outside the order-r subgroup, a failed pairing equation —
 * is a plain {@code false}.
 */
public final class Groth16 {

    private Groth16() {
    }

    /** Verifies with a key prepared on the spot; for many proofs under one key, {@link #prepare} it once. */
    public static boolean verify(VerifyingKey vk, Proof proof, List<BigInteger> publicSignals) {
        requireShape(vk, publicSignals);
        return verify(prepare(vk), proof, publicSignals);
    }

    /** See {@link PreparedVerifyingKey#prepare}. */
    public static PreparedVerifyingKey prepare(VerifyingKey vk) {
        return PreparedVerifyingKey.prepare(vk);
    }

    /**
     * Whether {@code proof} is valid for {@code publicSignals} under the key.
     *
     * @throws FormatException if the number of public signals is not the key's
     */
    public static boolean verify(PreparedVerifyingKey pvk, Proof proof, List<BigInteger> publicSignals) {
        VerifyingKey vk = pvk.verifyingKey();
        requireShape(vk, publicSignals);
        for (BigInteger s : publicSignals) {
            if (!Fr.isCanonical(s)) {
                return false;
            }
        }
        if (!proof.a().isOnCurve() || !proof.c().isOnCurve() || !proof.b().isInSubgroup()) {
            return false;
        }
        List<G1> ic = vk.icG1();
        G1 vkX = ic.get(0).add(CurvePoint.linearCombinationOfTables(G1.INFINITY, pvk.icTables(), publicSignals));
        List<G1> ps = new ArrayList<>(3);
        ps.add(proof.a());
        ps.add(vkX);
        ps.add(proof.c());
        List<PreparedG2> qs = List.of(PreparedG2.forSingleUse(proof.b()), pvk.negGamma(), pvk.negDelta());
        return Pairing.finalExponentiation(Pairing.millerLoop(ps, qs)).equals(pvk.alphaBeta());
    }

    private static void requireShape(VerifyingKey vk, List<BigInteger> publicSignals) {
        if (publicSignals.size() != vk.nPublic()) {
            throw FormatException.of("public signals", "the verifying key takes " + vk.nPublic()
                    + " public signal" + (vk.nPublic() == 1 ? "" : "s") + ", got " + publicSignals.size());
        }
    }
}
