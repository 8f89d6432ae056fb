package io.zkml.core.zkey;

import io.zkml.core.io.ByteString;
import java.util.List;
import java.util.Objects;

/**
 * Section 10 of a {@code .zkey}: the circuit hash and the phase-2 contributions, in order.
 *
 * @param csHash the 64-byte Blake2b-512 hash of the initial key (snarkjs's "circuit hash"); every
 *     contribution's transcript chains from it
 * @param contributions the contributions, oldest first; empty for the initial key
 */
public record MpcParams(ByteString csHash, List<ZkeyContribution> contributions) {

    public MpcParams {
        Objects.requireNonNull(csHash, "csHash must not be null");
        if (csHash.size() != 64) {
            throw new IllegalArgumentException("csHash must be 64 bytes: " + csHash.size());
        }
        contributions = List.copyOf(contributions);
    }

    /** The parameters of an initial key: its hash and no contributions. */
    public static MpcParams initial(ByteString csHash) {
        return new MpcParams(csHash, List.of());
    }

    long encodedSize() {
        long n = 64 + 4;
        for (ZkeyContribution c : contributions) {
            n += c.encodedSize();
        }
        return n;
    }
}
