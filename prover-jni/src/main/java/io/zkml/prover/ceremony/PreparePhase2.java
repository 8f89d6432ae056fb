package io.zkml.prover.ceremony;

import io.zkml.core.encoding.G1Points;
import io.zkml.core.encoding.G2Points;
import io.zkml.core.encoding.PointArray;
import io.zkml.core.ptau.Ptau;
import io.zkml.prover.backend.GroupBatch;
import io.zkml.prover.backend.NativeGroupFft;
import io.zkml.prover.backend.ProgressListener;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * {@code snarkjs powersoftau prepare phase2}: the Lagrange-basis sections 12 … 15 that Groth16 setup reads. For a
 * domain of size m = 2^k with root ω, [Lᵢ(τ)] = (1/m)·Σⱼ ω^(−ij)·[τʲ]: an inverse FFT over the group, of the
 * first m points of the powers section, for every k from 0 to power (and, for tauG1, k = power + 1 over its
 * 2N − 1 powers and a zero), computed by {@link NativeGroupFft} when {@code libzkml} loads, else by
 * {@link GroupBatch#inverseFftG1} in Java (the same bytes either way). The twiddle multiplications dominate: m/2·log₂m of
 * them per basis, ≈ 2^(power+1)·power for tauG1 and as many again for the other three sections together (a G2 one costs
 * about three G1 ones); see benchmarks/RESULTS.md for what was considered to make them fewer or cheaper.
 */
public final class PreparePhase2 {

    private PreparePhase2() {
    }

    /** The file with sections 12 … 15 (recomputed if already there). */
    public static Ptau prepare(Ptau ptau) {
        return prepare(ptau, ProgressListener.NONE);
    }

    /**
     * {@link #prepare(Ptau)}, telling {@code progress} the section being transformed ({@code "tauG1"},
     * {@code "tauG2"}, {@code "alphaTauG1"}, {@code "betaTauG1"}, then {@code "done"}) and the fraction of the
     * work done (each basis weighted by k·2^k, a G2 one three times).
     */
    public static Ptau prepare(Ptau ptau, ProgressListener progress) {
        return prepare(ptau, progress, NativeGroupFft.isAvailable());
    }

    /**
     * {@link #prepare(Ptau, ProgressListener)} with the group FFTs in {@code libzkml} ({@code nativeFft}, which must
     * then be {@linkplain NativeGroupFft#isAvailable() available}) or in Java.
     */
    public static Ptau prepare(Ptau ptau, ProgressListener progress, boolean nativeFft) {
        if (nativeFft && !NativeGroupFft.isAvailable()) {
            throw new IllegalStateException("the native group FFT is not available: libzkml does not load or lacks zkml_group_ifft_g1");
        }
        int power = ptau.power();
        Work work = new Work(progress, cost(power + 1, 1) + cost(power, 3) + 2 * cost(power, 1));
        G1Points lTau1 = g1Bases("tauG1 in Lagrange bases", ptau.tauG1(), power + 1, work.stage("tauG1", 1), nativeFft);
        G2Points lTau2 = g2Bases("tauG2 in Lagrange bases", ptau.tauG2(), power, work.stage("tauG2", 3), nativeFft);
        G1Points lAlpha = g1Bases("alphaTauG1 in Lagrange bases", ptau.alphaTauG1(), power, work.stage("alphaTauG1", 1), nativeFft);
        G1Points lBeta = g1Bases("betaTauG1 in Lagrange bases", ptau.betaTauG1(), power, work.stage("betaTauG1", 1), nativeFft);
        List<PointArray<?>> prepared = List.of(lTau1, lTau2, lAlpha, lBeta);
        Ptau result = Ptau.of(power, ptau.ceremonyPower(), ptau.tauG1(), ptau.tauG2(), ptau.alphaTauG1(), ptau.betaTauG1(), ptau.betaG2Points(),
                ptau.contributions(), prepared);
        progress.progress("done", 1.0);
        return result;
    }

    /** The work of the bases k = 0 … maxK: (k + 1)·2^k each (at least one unit), times {@code weight}. */
    private static long cost(int maxK, long weight) {
        long sum = 0;
        for (int k = 0; k <= maxK; k++) {
            sum += (k + 1L) << k;
        }
        return sum * weight;
    }

    /** Counts the work done and tells the listener; {@link #stage} gives the per-basis callback of one section. */
    private static final class Work {
        private final ProgressListener listener;
        private final long total;
        private long done;

        Work(ProgressListener listener, long total) {
            this.listener = listener;
            this.total = total;
        }

        IntConsumer stage(String name, long weight) {
            listener.progress(name, (double) done / total);
            return k -> {
                done += ((k + 1L) << k) * weight;
                listener.progress(name, Math.min(1.0, (double) done / total));
            };
        }
    }

    private static G1Points g1Bases(String name, G1Points powers, int maxK, IntConsumer basisDone, boolean nativeFft) {
        G1Points.Builder out = new G1Points.Builder(name, (2L << maxK) - 1);
        for (int k = 0; k <= maxK; k++) {
            if (nativeFft) {
                NativeGroupFft.inverseFftG1(powers, k, out, (1L << k) - 1);
            } else {
                GroupBatch.inverseFftG1(powers, k, out, (1L << k) - 1);
            }
            basisDone.accept(k);
        }
        return out.build();
    }

    private static G2Points g2Bases(String name, G2Points powers, int maxK, IntConsumer basisDone, boolean nativeFft) {
        G2Points.Builder out = new G2Points.Builder(name, (2L << maxK) - 1);
        for (int k = 0; k <= maxK; k++) {
            if (nativeFft) {
                NativeGroupFft.inverseFftG2(powers, k, out, (1L << k) - 1);
            } else {
                GroupBatch.inverseFftG2(powers, k, out, (1L << k) - 1);
            }
            basisDone.accept(k);
        }
        return out.build();
    }
}
