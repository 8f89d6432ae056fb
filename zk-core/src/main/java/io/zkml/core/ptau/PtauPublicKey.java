package io.zkml.core.ptau;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import java.util.Objects;

/**
 * The public key of a phase-1 contribution: for each secret x ∈ {τ, α, β} a random [s]₁, [s·x]₁ and
 * [s'·x]₂, with [s']₂ hashed from the challenge; it proves knowledge of the secrets that the contribution
 * multiplied into the powers.
 */
public record PtauPublicKey(G1 tauG1S, G1 tauG1Sx, G1 alphaG1S, G1 alphaG1Sx, G1 betaG1S, G1 betaG1Sx,
                            G2 tauG2Spx, G2 alphaG2Spx, G2 betaG2Spx) {

    /** Bytes on disk: six G1 and three G2 points. */
    public static final int BYTES = 6 * 64 + 3 * 128;

    public PtauPublicKey {
        Objects.requireNonNull(tauG1S, "tauG1S must not be null");
        Objects.requireNonNull(tauG1Sx, "tauG1Sx must not be null");
        Objects.requireNonNull(alphaG1S, "alphaG1S must not be null");
        Objects.requireNonNull(alphaG1Sx, "alphaG1Sx must not be null");
        Objects.requireNonNull(betaG1S, "betaG1S must not be null");
        Objects.requireNonNull(betaG1Sx, "betaG1Sx must not be null");
        Objects.requireNonNull(tauG2Spx, "tauG2Spx must not be null");
        Objects.requireNonNull(alphaG2Spx, "alphaG2Spx must not be null");
        Objects.requireNonNull(betaG2Spx, "betaG2Spx must not be null");
    }
}
