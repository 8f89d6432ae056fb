package io.zkml.prover.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.core.curve.CurvePoint;
import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.encoding.SnarkjsBinary;
import io.zkml.core.field.Fr;
import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Pippenger against the naive sum Σ kᵢ·Pᵢ (zk-core's scalar multiplication), edge scalars and bases included. */
class MsmTest {

    static final JavaBackend BACKEND = new JavaBackend(3);
    static final BigInteger R_MINUS_1 = Fr.MODULUS.subtract(BigInteger.ONE);

    @AfterContainer
    static void close() {
        BACKEND.close();
    }

    /** Scalars: 0, 1, r − 1 and random ones, mixed. */
    static BigInteger scalar(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> BigInteger.ZERO;
            case 1 -> BigInteger.ONE;
            case 2 -> R_MINUS_1;
            default -> new BigInteger(256, rnd).mod(Fr.MODULUS);
        };
    }

    static MemorySegment scalarBytes(List<BigInteger> ks) {
        byte[] out = new byte[32 * ks.size()];
        for (int i = 0; i < ks.size(); i++) {
            System.arraycopy(Fr.of(ks.get(i)).toBytesLE(), 0, out, 32 * i, 32);
        }
        return MemorySegment.ofArray(out);
    }

    static MemorySegment g1Bytes(List<G1> ps) {
        byte[] out = new byte[64 * ps.size()];
        for (int i = 0; i < ps.size(); i++) {
            System.arraycopy(SnarkjsBinary.toBytes(ps.get(i)), 0, out, 64 * i, 64);
        }
        return MemorySegment.ofArray(out);
    }

    static MemorySegment g2Bytes(List<G2> ps) {
        byte[] out = new byte[128 * ps.size()];
        for (int i = 0; i < ps.size(); i++) {
            System.arraycopy(SnarkjsBinary.toBytes(ps.get(i)), 0, out, 128 * i, 128);
        }
        return MemorySegment.ofArray(out);
    }

    /**
     * Bases: random points, the point at infinity, repeats of earlier points and their negations (so that buckets
     * meet P + P and P − P).
     */
    static <P extends CurvePoint<?, P>> List<P> bases(Random rnd, int n, P generator) {
        List<P> ps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(8);
            if (kind == 0) {
                ps.add(generator.infinity());
            } else if (kind == 1 && i > 0) {
                ps.add(ps.get(rnd.nextInt(i)));
            } else if (kind == 2 && i > 0) {
                ps.add(ps.get(rnd.nextInt(i)).neg());
            } else {
                ps.add(generator.mul(new BigInteger(64, rnd).add(BigInteger.ONE)).toAffine());
            }
        }
        return ps;
    }

    static <P extends CurvePoint<?, P>> P naive(P infinity, List<P> ps, List<BigInteger> ks) {
        P acc = infinity;
        for (int i = 0; i < ps.size(); i++) {
            acc = acc.add(ps.get(i).mul(ks.get(i)));
        }
        return acc;
    }

    @Property(tries = 60)
    void g1MatchesNaive(@ForAll @IntRange(max = 40) int n, @ForAll long seed) {
        Random rnd = new Random(seed);
        List<G1> ps = bases(rnd, n, G1.GENERATOR);
        List<BigInteger> ks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ks.add(scalar(rnd));
        }
        assertThat(BACKEND.msmG1(g1Bytes(ps), scalarBytes(ks), n)).isEqualTo(naive(G1.INFINITY, ps, ks));
    }

    @Property(tries = 15)
    void g2MatchesNaive(@ForAll @IntRange(max = 12) int n, @ForAll long seed) {
        Random rnd = new Random(seed);
        List<G2> ps = bases(rnd, n, G2.GENERATOR);
        List<BigInteger> ks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ks.add(scalar(rnd));
        }
        assertThat(BACKEND.msmG2(g2Bytes(ps), scalarBytes(ks), n)).isEqualTo(naive(G2.INFINITY, ps, ks));
    }

    /**
     * Every window width from 2 to the largest, over 300 points that are known multiples of one point
     * (Pᵢ = (i + 1)·Q), so that the reference is one scalar multiplication: Σ kᵢ·Pᵢ = (Σ (i + 1)·kᵢ)·Q.
     */
    @Test
    void everyWindowWidthOnManyPoints() {
        Random rnd = new Random(7);
        int n = 300;
        G1 q = G1.generatorTimes(BigInteger.valueOf(123456789));
        List<G1> ps = new ArrayList<>();
        G1 acc = G1.INFINITY;
        for (int i = 0; i < n; i++) {
            acc = acc.add(q);
            ps.add(acc);
        }
        ps = CurvePoint.batchToAffine(ps);
        List<BigInteger> ks = new ArrayList<>();
        BigInteger total = BigInteger.ZERO;
        for (int i = 0; i < n; i++) {
            BigInteger k = scalar(rnd);
            ks.add(k);
            total = total.add(k.multiply(BigInteger.valueOf(i + 1)));
        }
        G1 expected = q.mul(total.mod(Fr.MODULUS));
        MemorySegment bases = g1Bytes(ps), scalars = scalarBytes(ks);
        ForkJoinPool pool = ForkJoinPool.commonPool();
        for (int c = 2; c <= Msm.MAX_WINDOW_BITS; c++) {
            G1 got = Points.g1(Msm.run(Msm.Group.G1, pool, bases, scalars, n, c, Monitor.NONE, f -> { }));
            assertThat(got).as("window of %d bits", c).isEqualTo(expected);
        }
    }

    @Test
    void noPointsIsInfinityAndOnePointIsItsMultiple() {
        assertThat(BACKEND.msmG1(MemorySegment.ofArray(new byte[0]), MemorySegment.ofArray(new byte[0]), 0).isInfinity()).isTrue();
        assertThat(BACKEND.msmG2(MemorySegment.ofArray(new byte[0]), MemorySegment.ofArray(new byte[0]), 0).isInfinity()).isTrue();
        for (BigInteger k : List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, R_MINUS_1)) {
            assertThat(BACKEND.msmG1(g1Bytes(List.of(G1.GENERATOR)), scalarBytes(List.of(k)), 1)).isEqualTo(G1.GENERATOR.mul(k));
            assertThat(BACKEND.msmG2(g2Bytes(List.of(G2.GENERATOR)), scalarBytes(List.of(k)), 1)).isEqualTo(G2.GENERATOR.mul(k));
        }
        // only the first n of longer segments are used
        assertThat(BACKEND.msmG1(g1Bytes(List.of(G1.GENERATOR, G1.GENERATOR)), scalarBytes(List.of(BigInteger.TWO, BigInteger.ONE)), 1))
                .isEqualTo(G1.GENERATOR.dbl());
    }

    @Test
    void windowWidthGrowsWithSize() {
        assertThat(Msm.windowBits(1)).isEqualTo(2);
        assertThat(Msm.windowBits(1 << 16)).isBetween(11, 14);
        assertThat(Msm.windowBits(1 << 20)).isBetween(14, 16);
    }

    @Test
    void rejectsScalarsNotBelowR() {
        byte[] k = new byte[32];
        byte[] rBytes = Fr.MODULUS.toByteArray(); // big-endian, 32 bytes
        for (int i = 0; i < 32; i++) {
            k[i] = rBytes[rBytes.length - 1 - i];
        }
        MemorySegment bases = g1Bytes(List.of(G1.GENERATOR));
        assertThatThrownBy(() -> BACKEND.msmG1(bases, MemorySegment.ofArray(k), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scalar 0 is not below r");
    }

    @Test
    void rejectsSegmentsTooSmall() {
        assertThatThrownBy(() -> BACKEND.msmG1(MemorySegment.ofArray(new byte[64]), MemorySegment.ofArray(new byte[64]), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 bases need 128 bytes");
    }
}
