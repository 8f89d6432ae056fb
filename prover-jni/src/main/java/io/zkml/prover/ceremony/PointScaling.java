package io.zkml.prover.ceremony;

import io.zkml.core.curve.CurvePoint;
import io.zkml.core.curve.G1;
import io.zkml.core.encoding.G1Points;
import io.zkml.core.curve.G2;
import io.zkml.core.encoding.G2Points;
import io.zkml.core.field.FieldElement;
import io.zkml.core.field.Fr;
import java.util.function.IntFunction;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * k·Pᵢ for one scalar k and many points: the scalar's non-adjacent form is computed once, every point takes the
 * same chain of doublings and ± additions of itself (Jacobian), and each chunk of results is made affine with
 * one inversion. Chunks run in parallel on the common pool.
 */
final class PointScaling {

    private static final int CHUNK = 1024;

    private PointScaling() {
    }

    /** The non-adjacent form of k, least significant digit first, digits in {−1, 0, 1}. */
    static byte[] naf(BigInteger k) {
        byte[] digits = new byte[k.bitLength() + 1];
        BigInteger v = k;
        int i = 0;
        while (v.signum() > 0) {
            if (v.testBit(0)) {
                int d = 2 - v.mod(BigInteger.valueOf(4)).intValue(); // 1 or −1
                digits[i] = (byte) d;
                v = v.subtract(BigInteger.valueOf(d));
            }
            v = v.shiftRight(1);
            i++;
        }
        return java.util.Arrays.copyOf(digits, i);
    }

    /** The non-adjacent form of a scalar of F_r (canonical value), as {@link #naf(BigInteger)}. */
    static byte[] naf(Fr k) {
        long[] v = {k.canonicalLimb(0), k.canonicalLimb(1), k.canonicalLimb(2), k.canonicalLimb(3), 0};
        byte[] digits = new byte[258];
        int i = 0;
        while ((v[0] | v[1] | v[2] | v[3] | v[4]) != 0) {
            if ((v[0] & 1) != 0) {
                int d = 2 - (int) (v[0] & 3); // 1 or −1
                digits[i] = (byte) d;
                if (d == 1) {
                    v[0] &= ~1L; // odd: subtracting 1 clears bit 0
                } else {
                    for (int j = 0; j < 5 && ++v[j] == 0; j++) {
                        // carry
                    }
                }
            }
            for (int j = 0; j < 4; j++) {
                v[j] = v[j] >>> 1 | v[j + 1] << 63;
            }
            v[4] >>>= 1;
            i++;
        }
        return java.util.Arrays.copyOf(digits, i);
    }

    static <P extends CurvePoint<?, P>> P mul(P p, byte[] naf) {
        P neg = p.neg();
        P acc = p.infinity();
        for (int i = naf.length - 1; i >= 0; i--) {
            acc = acc.dbl();
            if (naf[i] == 1) {
                acc = acc.add(p);
            } else if (naf[i] == -1) {
                acc = acc.add(neg);
            }
        }
        return acc;
    }

    /** k·Pᵢ for every point of the array, as a new array. */
    static G1Points scale(G1Points in, Fr k, String name) {
        byte[] naf = naf(k.toBigInteger());
        return g1(name, Math.toIntExact(in.size()), i -> mul(in.get(i), naf));
    }

    /** The points f(0) … f(n − 1), computed in parallel chunks, each chunk made affine with one inversion. */
    static G1Points g1(String name, int n, IntFunction<G1> f) {
        G1Points.Builder out = new G1Points.Builder(name, n);
        chunks(n, f, out::set);
        return out.build();
    }

    /** The same in G2. */
    static G2Points g2(String name, int n, IntFunction<G2> f) {
        G2Points.Builder out = new G2Points.Builder(name, n);
        chunks(n, f, out::set);
        return out.build();
    }

    private interface Sink<P> {
        void set(long i, P p);
    }

    private static <F extends FieldElement<F>, P extends CurvePoint<F, P>> void chunks(int n, IntFunction<P> f, Sink<P> out) {
        int chunks = (n + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = c * CHUNK, to = Math.min(n, from + CHUNK);
            List<P> pts = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                pts.add(f.apply(i));
            }
            List<P> affine = CurvePoint.batchToAffine(pts);
            for (int i = from; i < to; i++) {
                out.set(i, affine.get(i - from));
            }
        });
    }
}
