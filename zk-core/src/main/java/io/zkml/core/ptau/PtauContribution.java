package io.zkml.core.ptau;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.io.ByteString;
import java.util.Objects;

/**
 * One phase-1 contribution as section 7 of a {@code .ptau} records it.
 *
 * @param tauG1 [τ]₁ after the contribution (the first point after 1 of the tauG1 section)
 * @param tauG2 [τ]₂ after it
 * @param alphaG1 [α]₁ after it
 * @param betaG1 [β]₁ after it
 * @param betaG2 [β]₂ after it
 * @param key the contributor's public key
 * @param partialHash the 216-byte state of the Blake2b hash of the response, before the public key
 * @param nextChallenge the 64-byte challenge hash that the next contribution answers
 * @param type 0 for a contribution, 1 for a beacon
 * @param params name, and for a beacon its iteration exponent and hash
 */
public record PtauContribution(G1 tauG1, G2 tauG2, G1 alphaG1, G1 betaG1, G2 betaG2, PtauPublicKey key, ByteString partialHash,
                               ByteString nextChallenge, int type, ContributionParams params) {

    /** Bytes of a record before its parameters. */
    static final int FIXED_BYTES = 3 * 64 + 2 * 128 + PtauPublicKey.BYTES + 216 + 64 + 4;

    public PtauContribution {
        Objects.requireNonNull(tauG1, "tauG1 must not be null");
        Objects.requireNonNull(tauG2, "tauG2 must not be null");
        Objects.requireNonNull(alphaG1, "alphaG1 must not be null");
        Objects.requireNonNull(betaG1, "betaG1 must not be null");
        Objects.requireNonNull(betaG2, "betaG2 must not be null");
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(params, "params must not be null");
        if (partialHash.size() != 216) {
            throw new IllegalArgumentException("partialHash must be 216 bytes: " + partialHash.size());
        }
        if (nextChallenge.size() != 64) {
            throw new IllegalArgumentException("nextChallenge must be 64 bytes: " + nextChallenge.size());
        }
    }

    /** Whether this is a random beacon (type 1). */
    public boolean isBeacon() {
        return type == 1;
    }

    int encodedSize() {
        return FIXED_BYTES + params.encodedSize();
    }
}
