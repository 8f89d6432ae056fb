package io.zkml.bench;

import io.zkml.core.curve.CurvePoint;
import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.encoding.SnarkjsBinary;
import io.zkml.core.field.Fr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Inputs for the MSM and NTT benchmarks, in the layouts of {@link io.zkml.prover.backend.ProverBackend}, off-heap. */
final class BenchInputs {

    /** At most this many distinct bases; longer arrays repeat them (the MSM's cost does not depend on it). */
    static final int DISTINCT = 1 << 16;

    private BenchInputs() {
    }

    /** n G1 points Pᵢ = (i + 1)·Q (cycling after {@link #DISTINCT}), affine, snarkjs's encoding. */
    static MemorySegment g1Bases(Arena arena, int n, Random rnd) {
        G1 q = G1.generatorTimes(new BigInteger(253, rnd));
        List<G1> ps = new ArrayList<>();
        G1 acc = G1.INFINITY;
        for (int i = 0; i < Math.min(n, DISTINCT); i++) {
            acc = acc.add(q);
            ps.add(acc);
        }
        ps = CurvePoint.batchToAffine(ps);
        MemorySegment out = arena.allocate((long) n * 64);
        for (int i = 0; i < n; i++) {
            MemorySegment.copy(SnarkjsBinary.toBytes(ps.get(i % ps.size())), 0, out, ValueLayout.JAVA_BYTE, (long) i * 64, 64);
        }
        return out;
    }

    static MemorySegment g2Bases(Arena arena, int n, Random rnd) {
        G2 q = G2.generatorTimes(new BigInteger(253, rnd));
        List<G2> ps = new ArrayList<>();
        G2 acc = G2.INFINITY;
        for (int i = 0; i < Math.min(n, DISTINCT); i++) {
            acc = acc.add(q);
            ps.add(acc);
        }
        ps = CurvePoint.batchToAffine(ps);
        MemorySegment out = arena.allocate((long) n * 128);
        for (int i = 0; i < n; i++) {
            MemorySegment.copy(SnarkjsBinary.toBytes(ps.get(i % ps.size())), 0, out, ValueLayout.JAVA_BYTE, (long) i * 128, 128);
        }
        return out;
    }

    /** n uniformly random scalars below r, 32 bytes little-endian each (plain, as in .wtns). */
    static MemorySegment scalars(Arena arena, int n, Random rnd) {
        MemorySegment out = arena.allocate((long) n * 32);
        for (int i = 0; i < n; i++) {
            MemorySegment.copy(Fr.of(new BigInteger(256, rnd)).toBytesLE(), 0, out, ValueLayout.JAVA_BYTE, (long) i * 32, 32);
        }
        return out;
    }

    /** n random F_r elements in Montgomery form, 32 bytes little-endian each (the NTT's layout). */
    static MemorySegment frVector(Arena arena, int n, Random rnd) {
        MemorySegment out = arena.allocate((long) n * 32);
        for (int i = 0; i < n; i++) {
            MemorySegment.copy(Fr.of(new BigInteger(256, rnd)).toMontgomeryBytesLE(), 0, out, ValueLayout.JAVA_BYTE, (long) i * 32, 32);
        }
        return out;
    }
}
