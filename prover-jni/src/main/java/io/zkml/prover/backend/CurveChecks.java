package io.zkml.prover.backend;

import io.zkml.core.curve.G2;
import java.lang.foreign.MemorySegment;
import java.util.stream.LongStream;

/**
 * Fast checks of point arrays in snarkjs's encoding (see {@link ProverBackend}): every coordinate below p and
 * every point on its curve (G1: y² = x³ + 3; G2: the twist y² = x³ + 3/ξ; all zeros, the point at infinity,
 * passes). Subgroup membership of G2 points is not checked here (too slow for whole key sections; the verifier
 * checks the proof's B). Runs in parallel chunks on the common pool.
 */
public final class CurveChecks {

    private static final long[] B1 = {0, 0, 0, 0};
    private static final long[] B2 = new long[8];

    static {
        long[] three = {3, 0, 0, 0};
        FpOps.mul(B1, 0, three, 0, FpOps.R2, 0);
        for (int i = 0; i < 4; i++) {
            B2[i] = G2.B.c0().montgomeryLimb(i);
            B2[4 + i] = G2.B.c1().montgomeryLimb(i);
        }
    }

    private static final int CHUNK = 1 << 12;

    private CurveChecks() {
    }

    /** The index of the first invalid G1 point (64 bytes each), or −1 if all are valid. */
    public static long firstInvalidG1(MemorySegment points) {
        return firstInvalid(points, KeySegments.G1_BYTES, CurveChecks::validG1Range);
    }

    /** The index of the first G2 point (128 bytes each) off the twist or with a coordinate not below p, or −1. */
    public static long firstInvalidG2(MemorySegment points) {
        return firstInvalid(points, KeySegments.G2_BYTES, CurveChecks::validG2Range);
    }

    private interface RangeCheck {
        /** The first invalid index in [from, to), or −1. */
        long check(MemorySegment points, long from, long to);
    }

    private static long firstInvalid(MemorySegment points, int pointBytes, RangeCheck check) {
        if (points.byteSize() % pointBytes != 0) {
            throw new IllegalArgumentException(points.byteSize() + " bytes is not a whole number of " + pointBytes + "-byte points");
        }
        long n = points.byteSize() / pointBytes;
        long chunks = (n + CHUNK - 1) / CHUNK;
        return LongStream.range(0, chunks).parallel()
                .map(k -> check.check(points, k * CHUNK, Math.min(n, (k + 1) * CHUNK)))
                .filter(i -> i >= 0).min().orElse(-1);
    }

    private static long validG1Range(MemorySegment points, long from, long to) {
        long[] p = new long[8], t = new long[8];
        for (long i = from; i < to; i++) {
            MemorySegment.copy(points, Msm.LE, i * KeySegments.G1_BYTES, p, 0, 8);
            if (isZero(p, 8)) {
                continue;
            }
            if (!FpOps.isCanonical(p, 0) || !FpOps.isCanonical(p, 4)) {
                return i;
            }
            FpOps.sqr(t, 0, p, 0);
            FpOps.mul(t, 0, t, 0, p, 0);
            FpOps.add(t, 0, t, 0, B1, 0);
            FpOps.sqr(t, 4, p, 4);
            if (!FpOps.equal(t, 0, t, 4)) {
                return i;
            }
        }
        return -1;
    }

    private static long validG2Range(MemorySegment points, long from, long to) {
        long[] p = new long[16], t = new long[16], s = new long[Fp2Ops.SCRATCH];
        for (long i = from; i < to; i++) {
            MemorySegment.copy(points, Msm.LE, i * KeySegments.G2_BYTES, p, 0, 16);
            if (isZero(p, 16)) {
                continue;
            }
            for (int k = 0; k < 16; k += 4) {
                if (!FpOps.isCanonical(p, k)) {
                    return i;
                }
            }
            Fp2Ops.sqr(t, 0, p, 0, s);
            Fp2Ops.mul(t, 0, t, 0, p, 0, s);
            Fp2Ops.add(t, 0, t, 0, B2, 0);
            Fp2Ops.sqr(t, 8, p, 8, s);
            if (!FpOps.equal(t, 0, t, 8) || !FpOps.equal(t, 4, t, 12)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isZero(long[] a, int n) {
        long acc = 0;
        for (int i = 0; i < n; i++) {
            acc |= a[i];
        }
        return acc == 0;
    }
}
