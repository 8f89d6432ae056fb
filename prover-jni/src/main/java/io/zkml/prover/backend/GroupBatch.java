package io.zkml.prover.backend;

import io.zkml.core.curve.CurvePoint;
import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.encoding.G1Points;
import io.zkml.core.encoding.G2Points;
import io.zkml.core.encoding.PointArray;
import io.zkml.core.field.Fr;
import io.zkml.core.field.FieldElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Whole-array group operations for trusted-setup ceremonies, on the allocation-free {@link CurveOps} arithmetic:
 * kᵢ·Pᵢ for a scalar per point ({@link #mulEach}), and the inverse FFT over the group
 * ({@link #inverseFftG1}: (1/m)·Σⱼ ω^(−ij)·Pⱼ, the Lagrange basis from the powers of τ). A scalar multiplication
 * splits the scalar by an endomorphism ({@link Glv}: φ in G1, ψ in G2) into two halves of about 128 bits; each
 * half walks its width-4 non-adjacent form over a table of P, 3P, 5P, 7P: one doubling per bit and an addition
 * per non-zero digit (about one in five).
 * Work is split into chunks on the common pool; results are made affine with one inversion per chunk.
 */
public final class GroupBatch {

    private static final ValueLayout.OfLong LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int CHUNK = 256;

    private GroupBatch() {
    }

    private record Group<P>(Supplier<CurveOps> ops, int fieldLongs, int pointBytes, IntFunction<P[]> array,
                            java.util.function.Function<long[], P> toPoint) {
    }

    private static final Group<G1> G1_GROUP = new Group<>(G1Ops::new, 4, G1Points.BYTES, G1[]::new, Points::g1);
    private static final Group<G2> G2_GROUP = new Group<>(G2Ops::new, 8, G2Points.BYTES, G2[]::new, Points::g2);

    /** scalar(i)·Pᵢ for every point, as a new array. */
    public static G1Points mulEach(String name, G1Points in, IntFunction<Fr> scalar) {
        G1Points.Builder out = new G1Points.Builder(name, in.size());
        G1Ops kind = new G1Ops();
        mulEach(G1_GROUP, in, i -> Recoded.of(kind, scalar.apply(i)), out::set);
        return out.build();
    }

    /** k·Pᵢ for every point, as a new array (k recoded once). */
    public static G1Points scale(String name, G1Points in, Fr k) {
        G1Points.Builder out = new G1Points.Builder(name, in.size());
        Recoded r = Recoded.of(new G1Ops(), k);
        mulEach(G1_GROUP, in, i -> r, out::set);
        return out.build();
    }

    /** The same in G2. */
    public static G2Points mulEach(String name, G2Points in, IntFunction<Fr> scalar) {
        G2Points.Builder out = new G2Points.Builder(name, in.size());
        G2Ops kind = new G2Ops();
        mulEach(G2_GROUP, in, i -> Recoded.of(kind, scalar.apply(i)), out::set);
        return out.build();
    }

    private interface Sink<P> {
        void set(long i, P p);
    }

    private static <F extends FieldElement<F>, P extends CurvePoint<F, P>> void mulEach(Group<P> g, PointArray<P> in,
                                                                                       IntFunction<Recoded> scalar, Sink<P> out) {
        int n = Math.toIntExact(in.size());
        parallel(n, (from, to) -> {
            CurveOps ops = g.ops().get();
            int jl = ops.jacobianLongs;
            long[] acc = new long[jl], base = new long[jl];
            P[] results = g.array().apply(to - from);
            for (int i = from; i < to; i++) {
                load(in.segment(), i, g, base, 0);
                mul(ops, base, 0, scalar.apply(i), acc);
                results[i - from] = g.toPoint().apply(acc.clone());
            }
            store(results, from, out);
        });
    }

    /**
     * The Lagrange basis of the domain of size 2^k: (1/m)·Σⱼ ω^(−ij)·Pⱼ for i &lt; m = 2^k, where Pⱼ are the first
     * points of {@code powers} (those past its end count as the point at infinity), written to {@code out} from
     * index {@code at}.
     */
    public static void inverseFftG1(G1Points powers, int k, G1Points.Builder out, long at) {
        inverseFft(G1_GROUP, powers, k, (i, p) -> out.set(at + i, p));
    }

    /** The same in G2. */
    public static void inverseFftG2(G2Points powers, int k, G2Points.Builder out, long at) {
        inverseFft(G2_GROUP, powers, k, (i, p) -> out.set(at + i, p));
    }

    private static <F extends FieldElement<F>, P extends CurvePoint<F, P>> void inverseFft(Group<P> g, PointArray<P> powers, int k, Sink<P> out) {
        int m = 1 << k;
        int jl = 3 * g.fieldLongs();
        long[] a;
        try {
            a = new long[Math.multiplyExact(m, jl)];
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("a group FFT of 2^" + k + " points does not fit in one Java array here", e);
        }
        long have = Math.min(m, powers.size());
        parallel(m, (from, to) -> {
            for (int i = from; i < to; i++) {
                int r = k == 0 ? 0 : Integer.reverse(i) >>> (32 - k);
                if (i < have) {
                    load(powers.segment(), i, g, a, r * jl);
                }
            }
        });
        Fr[] twiddles = new Fr[Math.max(1, m / 2)];
        Fr w = RootsOfUnity.omega(k).inverse();
        twiddles[0] = Fr.ONE;
        for (int j = 1; j < twiddles.length; j++) {
            twiddles[j] = twiddles[j - 1].mul(w);
        }
        CurveOps kind = g.ops().get();
        Recoded[] recoded = new Recoded[twiddles.length];
        parallel(twiddles.length, (from, to) -> {
            for (int j = from; j < to; j++) {
                recoded[j] = Recoded.of(kind, twiddles[j]);
            }
        });
        for (int half = 1; half < m; half <<= 1) {
            int h = half, stride = m / (2 * half);
            parallel(m / 2, (from, to) -> {
                CurveOps ops = g.ops().get();
                long[] v = new long[jl], acc = new long[jl];
                for (int b = from; b < to; b++) {
                    int j = b % h;
                    int i0 = ((b / h) * 2 * h + j) * jl, i1 = i0 + h * jl;
                    System.arraycopy(a, i1, v, 0, jl);
                    if (j != 0) {
                        mul(ops, v, 0, recoded[j * stride], acc);
                        System.arraycopy(acc, 0, v, 0, jl);
                    }
                    // a[i1] = a[i0] − v, a[i0] = a[i0] + v
                    System.arraycopy(a, i0, a, i1, jl);
                    negateY(ops, v);
                    ops.add(a, i1, v, 0);
                    negateY(ops, v);
                    ops.add(a, i0, v, 0);
                }
            });
        }
        Recoded scale = Recoded.of(kind, Fr.of(m).inverse());
        parallel(m, (from, to) -> {
            CurveOps ops = g.ops().get();
            long[] acc = new long[jl];
            P[] results = g.array().apply(to - from);
            for (int i = from; i < to; i++) {
                if (m > 1) {
                    mul(ops, a, i * jl, scale, acc);
                } else {
                    System.arraycopy(a, i * jl, acc, 0, jl);
                }
                results[i - from] = g.toPoint().apply(acc.clone());
            }
            store(results, from, out);
        });
    }

    /** Odd digits in [−7, 7]: tables of P, 3P, 5P, 7P. */
    private static final int WINDOW = 4;

    /** The width-4 non-adjacent form of k ≥ 0, least significant digit first. */
    static byte[] wnaf(BigInteger k) {
        byte[] digits = new byte[k.bitLength() + 1];
        BigInteger v = k;
        int i = 0;
        while (v.signum() > 0) {
            if (v.testBit(0)) {
                int d = v.intValue() & ((1 << WINDOW) - 1);
                if (d >= 1 << (WINDOW - 1)) {
                    d -= 1 << WINDOW;
                }
                digits[i] = (byte) d;
                v = v.subtract(BigInteger.valueOf(d));
            }
            v = v.shiftRight(1);
            i++;
        }
        return Arrays.copyOf(digits, i);
    }

    /**
     * A scalar recoded for {@link #mul}: in G1 the GLV halves' signs and width-4 NAFs, in G2 the whole scalar's
     * NAF (in {@code w1}). Recoding costs a few microseconds of BigInteger work, so scalars used many times (the
     * FFT's roots of unity) are recoded once.
     */
    record Recoded(byte[] w1, boolean neg1, byte[] w2, boolean neg2) {
        static Recoded of(CurveOps ops, Fr k) {
            BigInteger[] ks = (ops instanceof G1Ops ? Glv.G1_SPLIT : Glv.G2_SPLIT).split(k.toBigInteger());
            return new Recoded(wnaf(ks[0].abs()), ks[0].signum() < 0, wnaf(ks[1].abs()), ks[1].signum() < 0);
        }
    }

    private static void mul(CurveOps ops, long[] p, int po, Fr k, long[] acc) {
        mul(ops, p, po, Recoded.of(ops, k), acc);
    }

    /**
     * acc = k·p for the Jacobian point at p[po], by the split k = k₁ + k₂·μ ({@link Glv}: μ the eigenvalue of φ in
     * G1, of ψ in G2), so that k·P = k₁·P + k₂·endo(P) takes half the doublings; both halves in width-4 NAF over
     * tables of odd multiples.
     */
    private static void mul(CurveOps ops, long[] p, int po, Recoded k, long[] acc) {
        int jl = ops.jacobianLongs;
        long[] base = Arrays.copyOfRange(p, po, po + jl);
        Arrays.fill(acc, 0L);
        long[] endo;
        if (ops instanceof G1Ops) {
            endo = base.clone();
            FpOps.mul(endo, 0, base, 0, Glv.BETA, 0);
        } else {
            endo = longs(Points.g2(base).psi());
        }
        long[][] t1 = oddMultiples(ops, base, k.neg1()), t2 = oddMultiples(ops, endo, k.neg2());
        byte[] w1 = k.w1(), w2 = k.w2();
        for (int i = Math.max(w1.length, w2.length) - 1; i >= 0; i--) {
            ops.dbl(acc, 0);
            addDigit(ops, acc, t1, i < w1.length ? w1[i] : 0);
            addDigit(ops, acc, t2, i < w2.length ? w2[i] : 0);
        }
    }

    /** A G2 point's Jacobian coordinates in Montgomery limbs (X, Y, Z; each c0 then c1). */
    private static long[] longs(G2 q) {
        long[] out = new long[24];
        io.zkml.core.field.Fp2[] coords = {q.jacobianX(), q.jacobianY(), q.jacobianZ()};
        for (int c = 0; c < 3; c++) {
            for (int l = 0; l < 4; l++) {
                out[8 * c + l] = coords[c].c0().montgomeryLimb(l);
                out[8 * c + 4 + l] = coords[c].c1().montgomeryLimb(l);
            }
        }
        return out;
    }

    private static void addDigit(CurveOps ops, long[] acc, long[][] table, int d) {
        if (d > 0) {
            ops.add(acc, 0, table[d >> 1], 0);
        } else if (d < 0) {
            ops.add(acc, 0, table[4 + ((-d) >> 1)], 0);
        }
    }

    /** P, 3P, 5P, 7P, then their negations (of −P if {@code negate}). */
    private static long[][] oddMultiples(CurveOps ops, long[] p, boolean negate) {
        long[][] t = new long[8][];
        t[0] = p.clone();
        if (negate) {
            negateY(ops, t[0]);
        }
        long[] two = t[0].clone();
        ops.dbl(two, 0);
        for (int i = 1; i < 4; i++) {
            t[i] = t[i - 1].clone();
            ops.add(t[i], 0, two, 0);
        }
        for (int i = 0; i < 4; i++) {
            t[4 + i] = t[i].clone();
            negateY(ops, t[4 + i]);
        }
        return t;
    }

    private static void negateY(CurveOps ops, long[] p) {
        int f = ops.fieldLongs;
        for (int i = 0; i < f; i += 4) {
            FpOps.neg(p, f + i, p, f + i);
        }
    }

    /** Point i of a segment (affine, Montgomery, little-endian; zeros for infinity) as a Jacobian point at a[ao]. */
    private static void load(MemorySegment s, long i, Group<?> g, long[] a, int ao) {
        int f = g.fieldLongs();
        long at = i * g.pointBytes();
        long any = 0;
        for (int l = 0; l < 2 * f; l++) {
            long v = s.get(LE, at + 8L * l);
            a[ao + l] = v;
            any |= v;
        }
        Arrays.fill(a, ao + 2 * f, ao + 3 * f, 0L);
        if (any != 0) {
            System.arraycopy(FpOps.ONE, 0, a, ao + 2 * f, 4); // Z = 1 (F_p² one: (1, 0))
        }
    }

    private static <F extends FieldElement<F>, P extends CurvePoint<F, P>> void store(P[] results, int from, Sink<P> out) {
        List<P> affine = CurvePoint.batchToAffine(new ArrayList<>(Arrays.asList(results)));
        for (int i = 0; i < affine.size(); i++) {
            out.set(from + i, affine.get(i));
        }
    }

    private interface Range {
        void run(int from, int to);
    }

    private static void parallel(int n, Range body) {
        int chunks = (n + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(c -> body.run(c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
    }
}
