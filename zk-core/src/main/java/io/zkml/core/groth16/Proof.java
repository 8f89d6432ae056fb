package io.zkml.core.groth16;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import java.util.Objects;

/**
 * A Groth16 proof (A, B, C) ∈ G1 × G2 × G1, accepted for public signals x iff e(A, B) = e(α, β)·e(IC₀ + Σ xᵢ·ICᵢ, γ)·e(C, δ).
 *
 * <p>Points are as given (not checked here: the readers of untrusted input check them, and the verifier checks
 * again).
 *
 * @param a A in G1 (snarkjs {@code pi_a})
 * @param b B in G2 (snarkjs {@code pi_b})
 * @param c C in G1 (snarkjs {@code pi_c})
 */
public record Proof(G1 a, G2 b, G1 c) {

    public Proof {
        Objects.requireNonNull(a, "a must not be null");
        Objects.requireNonNull(b, "b must not be null");
        Objects.requireNonNull(c, "c must not be null");
    }
}
