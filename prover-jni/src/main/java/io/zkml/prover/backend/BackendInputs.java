package io.zkml.prover.backend;

import java.lang.foreign.MemorySegment;

/** The size checks every {@link ProverBackend} makes before it reads its segments, with one wording. */
final class BackendInputs {

    private BackendInputs() {
    }

    /** @throws IllegalArgumentException if n is negative or a segment holds fewer than n bases or scalars */
    static void checkMsm(MemorySegment bases, MemorySegment scalars, int n, int baseBytes) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
        if (bases.byteSize() < (long) n * baseBytes) {
            throw new IllegalArgumentException(n + " bases need " + (long) n * baseBytes + " bytes, the segment holds " + bases.byteSize());
        }
        if (scalars.byteSize() < (long) n * Msm.SCALAR_BYTES) {
            throw new IllegalArgumentException(n + " scalars need " + (long) n * Msm.SCALAR_BYTES + " bytes, the segment holds " + scalars.byteSize());
        }
    }

    /** @throws IllegalArgumentException unless the segment holds exactly 2^log2n elements (log2n ≤ 28) */
    static void checkNtt(MemorySegment values, int log2n) {
        RootsOfUnity.checkLog2(log2n);
        long n = 1L << log2n;
        if (values.byteSize() != n * 32) {
            throw new IllegalArgumentException("an NTT of size 2^" + log2n + " needs " + n * 32 + " bytes, the segment holds " + values.byteSize());
        }
    }

    /** @throws IllegalArgumentException unless the witness holds one scalar per wire of the key */
    static void checkWitness(KeySegments key, MemorySegment witness) {
        if (witness.byteSize() != (long) key.nVars() * Msm.SCALAR_BYTES) {
            throw new IllegalArgumentException("the witness has " + witness.byteSize() / Msm.SCALAR_BYTES + " values ("
                    + witness.byteSize() + " bytes) but the key has " + key.nVars() + " wires");
        }
    }
}
