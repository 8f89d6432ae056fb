package io.zkml.core.zkey;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.io.ByteString;
import io.zkml.core.ptau.ContributionParams;
import java.util.Objects;

/**
 * One phase-2 contribution as section 10 of a {@code .zkey} records it: the contributor multiplied δ by a
 * secret d (and divided the C and H sections by it) and published a proof of knowledge of d.
 *
 * @param deltaAfter [δ]₁ after this contribution
 * @param deltaG1S the public key's [s]₁ (a random point)
 * @param deltaG1Sx [s·d]₁
 * @param deltaG2Spx [s'·d]₂, where [s']₂ is hashed from the transcript
 * @param transcript the 64-byte Blake2b transcript hash the public key is bound to
 * @param type 0 for a contribution, 1 for a beacon
 * @param params the name, and for a beacon its iteration exponent and hash
 */
public record ZkeyContribution(G1 deltaAfter, G1 deltaG1S, G1 deltaG1Sx, G2 deltaG2Spx, ByteString transcript, int type, ContributionParams params) {

    /** Bytes of the fixed part of a record: four points, the transcript and the type. */
    static final int FIXED_BYTES = 3 * 64 + 128 + 64 + 4;

    public ZkeyContribution {
        Objects.requireNonNull(deltaAfter, "deltaAfter must not be null");
        Objects.requireNonNull(deltaG1S, "deltaG1S must not be null");
        Objects.requireNonNull(deltaG1Sx, "deltaG1Sx must not be null");
        Objects.requireNonNull(deltaG2Spx, "deltaG2Spx must not be null");
        Objects.requireNonNull(transcript, "transcript must not be null");
        Objects.requireNonNull(params, "params must not be null");
        if (transcript.size() != 64) {
            throw new IllegalArgumentException("transcript must be 64 bytes: " + transcript.size());
        }
    }

    /** Whether this is a random beacon (type 1) rather than a person's contribution. */
    public boolean isBeacon() {
        return type == 1;
    }

    int encodedSize() {
        return FIXED_BYTES + params.encodedSize();
    }
}
