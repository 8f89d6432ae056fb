package io.zkml.core.groth16;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import java.util.List;
import java.util.Objects;

/**
 * A Groth16 verifying key: a proof (A, B, C) for public signals x₁…xₙ is accepted iff
 * e(A, B) = e(α, β)·e(Σ xᵢ·ICᵢ + IC₀, γ)·e(C, δ).
 *
 * <p>Points are as given (not checked here: the readers of untrusted files check them, see
 * {@code io.zkml.core.snarkjs.VerificationKeyJson}).
 *
 * @param alphaG1 [α]₁
 * @param betaG2 [β]₂
 * @param gammaG2 [γ]₂
 * @param deltaG2 [δ]₂
 * @param icG1 [(β·uᵢ(τ) + α·vᵢ(τ) + wᵢ(τ))/γ]₁ for i = 0…nPublic (snarkjs's {@code IC}, arkworks's
 *     {@code gamma_abc_g1}); IC₀ belongs to the constant wire
 */
public record VerifyingKey(G1 alphaG1, G2 betaG2, G2 gammaG2, G2 deltaG2, List<G1> icG1) {

    public VerifyingKey {
        Objects.requireNonNull(alphaG1, "alphaG1 must not be null");
        Objects.requireNonNull(betaG2, "betaG2 must not be null");
        Objects.requireNonNull(gammaG2, "gammaG2 must not be null");
        Objects.requireNonNull(deltaG2, "deltaG2 must not be null");
        icG1 = List.copyOf(Objects.requireNonNull(icG1, "icG1 must not be null"));
        if (icG1.isEmpty()) {
            throw new IllegalArgumentException("icG1 must hold at least IC₀ (nPublic + 1 points), got none");
        }
    }

    /** The number of public signals the key verifies: {@code icG1.size() − 1}. */
    public int nPublic() {
        return icG1.size() - 1;
    }
}
