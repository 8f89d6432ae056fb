package io.zkml.prover.ceremony;

import io.zkml.core.curve.CurvePoint;
import io.zkml.core.curve.G1;
import io.zkml.core.encoding.G1Points;
import io.zkml.core.field.Fr;
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
        int n = Math.toIntExact(in.size());
        G1Points.Builder out = new G1Points.Builder(name, n);
        int chunks = (n + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = c * CHUNK, to = Math.min(n, from + CHUNK);
            List<G1> pts = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                pts.add(mul(in.get(i), naf));
            }
            List<G1> affine = CurvePoint.batchToAffine(pts);
            for (int i = from; i < to; i++) {
                out.set(i, affine.get(i - from));
            }
        });
        return out.build();
    }
}
