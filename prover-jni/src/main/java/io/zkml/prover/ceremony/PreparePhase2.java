package io.zkml.prover.ceremony;

import io.zkml.core.curve.CurvePoint;
import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.encoding.G1Points;
import io.zkml.core.encoding.G2Points;
import io.zkml.core.encoding.PointArray;
import io.zkml.core.field.FieldElement;
import io.zkml.core.field.Fr;
import io.zkml.core.ptau.Ptau;
import io.zkml.prover.backend.RootsOfUnity;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;

/**
 * {@code snarkjs powersoftau prepare phase2}: the Lagrange-basis sections 12 … 15 that Groth16 setup reads. For a
 * domain of size m = 2^k with root ω, [Lᵢ(τ)] = (1/m)·Σⱼ ω^(−ij)·[τʲ]: an inverse FFT over the group, of the
 * first m points of the powers section, for every k from 0 to power (and, for tauG1, k = power + 1 over its
 * 2N − 1 powers and a zero). Each butterfly multiplies a point by a root of unity (its non-adjacent form, Jacobian
 * doublings); the butterflies of a level run in parallel chunks; the 1/m and the conversion to affine (one
 * inversion per chunk) come at the end.
 */
public final class PreparePhase2 {

    private static final int CHUNK = 512;

    private PreparePhase2() {
    }

    /** The file with sections 12 … 15 (recomputed if already there). */
    public static Ptau prepare(Ptau ptau) {
        int power = ptau.power();
        G1Points lTau1 = g1Bases("tauG1 in Lagrange bases", ptau.tauG1(), power + 1);
        G2Points lTau2 = g2Bases("tauG2 in Lagrange bases", ptau.tauG2(), power);
        G1Points lAlpha = g1Bases("alphaTauG1 in Lagrange bases", ptau.alphaTauG1(), power);
        G1Points lBeta = g1Bases("betaTauG1 in Lagrange bases", ptau.betaTauG1(), power);
        List<PointArray<?>> prepared = List.of(lTau1, lTau2, lAlpha, lBeta);
        return Ptau.of(power, ptau.ceremonyPower(), ptau.tauG1(), ptau.tauG2(), ptau.alphaTauG1(), ptau.betaTauG1(), ptau.betaG2Points(),
                ptau.contributions(), prepared);
    }

    private static G1Points g1Bases(String name, G1Points powers, int maxK) {
        G1Points.Builder out = new G1Points.Builder(name, (2L << maxK) - 1);
        for (int k = 0; k <= maxK; k++) {
            int m = 1 << k;
            G1[] a = new G1[m];
            for (int i = 0; i < m; i++) {
                a[i] = i < powers.size() ? powers.get(i) : G1.INFINITY;
            }
            long at = m - 1L;
            inverseFft(a, k, (i, p) -> out.set(at + i, p));
        }
        return out.build();
    }

    private static G2Points g2Bases(String name, G2Points powers, int maxK) {
        G2Points.Builder out = new G2Points.Builder(name, (2L << maxK) - 1);
        for (int k = 0; k <= maxK; k++) {
            int m = 1 << k;
            G2[] a = new G2[m];
            for (int i = 0; i < m; i++) {
                a[i] = powers.get(i);
            }
            long at = m - 1L;
            inverseFft(a, k, (i, p) -> out.set(at + i, p));
        }
        return out.build();
    }

    /**
     * (1/m)·Σⱼ ω^(−ij)·aⱼ for every i, handed to {@code out} in affine form (from several threads).
     */
    static <F extends FieldElement<F>, P extends CurvePoint<F, P>> void inverseFft(P[] a, int k, BiConsumer<Integer, P> out) {
        int m = a.length;
        bitReverse(a, k);
        Fr[] twiddles = twiddles(k);
        for (int half = 1; half < m; half <<= 1) {
            int h = half, stride = m / (2 * half);
            int butterflies = m / 2;
            parallelChunks(butterflies, (from, to) -> {
                for (int b = from; b < to; b++) {
                    int block = b / h, j = b % h;
                    int i0 = block * 2 * h + j, i1 = i0 + h;
                    P v = j == 0 ? a[i1] : PointScaling.mul(a[i1], PointScaling.naf(twiddles[j * stride]));
                    P u = a[i0];
                    a[i0] = u.add(v);
                    a[i1] = u.sub(v);
                }
            });
        }
        byte[] scale = PointScaling.naf(Fr.of(m).inverse());
        parallelChunks(m, (from, to) -> {
            List<P> pts = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                pts.add(m == 1 ? a[i] : PointScaling.mul(a[i], scale));
            }
            List<P> affine = CurvePoint.batchToAffine(pts);
            for (int i = from; i < to; i++) {
                out.accept(i, affine.get(i - from));
            }
        });
    }

    /** ω^(−j) for j < m/2, ω the root of the domain of size 2^k. */
    private static Fr[] twiddles(int k) {
        int m = 1 << k;
        Fr[] t = new Fr[Math.max(1, m / 2)];
        Fr w = RootsOfUnity.omega(k).inverse();
        t[0] = Fr.ONE;
        for (int j = 1; j < t.length; j++) {
            t[j] = t[j - 1].mul(w);
        }
        return t;
    }

    private static <P> void bitReverse(P[] a, int k) {
        int m = a.length;
        for (int i = 0; i < m; i++) {
            int r = k == 0 ? 0 : Integer.reverse(i) >>> (32 - k);
            if (r > i) {
                P t = a[i];
                a[i] = a[r];
                a[r] = t;
            }
        }
    }

    private interface Range {
        void run(int from, int to);
    }

    private static void parallelChunks(int n, Range body) {
        int chunks = (n + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(c -> body.run(c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
    }
}
