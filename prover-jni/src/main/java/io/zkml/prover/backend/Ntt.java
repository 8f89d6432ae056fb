package io.zkml.prover.backend;

import io.zkml.core.field.Fr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;

/**
 * The number-theoretic transform over F_r on {@code long[]} of Montgomery limbs (four per element, natural
 * order in and out): radix-2 Cooley–Tukey, decimation in time after a bit-reversal permutation, with
 * precomputed twiddles laid out stage by stage so that each stage reads them contiguously.
 *
 * <p>Forward: x̂ⱼ = Σᵢ xᵢ·ωⁱʲ with ω = {@link RootsOfUnity#omega}(log₂n). {@link #transform} with
 * {@code inverse} uses ω⁻¹ and does <em>not</em> divide by n: callers fold 1/n into a later scaling.
 *
 * <p>Multi-threaded: the first stages run on independent chunks, one task each; the later ones split each stage's
 * butterflies among tasks, stage by stage.
 */
final class Ntt {

    /** Twiddle tables by (log₂n, direction): the stage with half-length h holds ω_{2h}^j, j &lt; h, from offset 4(h − 1). */
    private static final ConcurrentHashMap<Integer, long[]> TWIDDLES = new ConcurrentHashMap<>();

    private Ntt() {
    }

    static long[] twiddles(int log2n, boolean inverse) {
        return TWIDDLES.computeIfAbsent(2 * log2n + (inverse ? 1 : 0), k -> buildTwiddles(log2n, inverse));
    }

    private static long[] buildTwiddles(int log2n, boolean inverse) {
        int n = 1 << log2n;
        long[] t = new long[Math.max(0, n - 1) * 4];
        if (n < 2) {
            return t;
        }
        int halfN = n / 2;
        // the last stage: ω_n^j for j < n/2
        Fr w = RootsOfUnity.omega(log2n);
        if (inverse) {
            w = w.inverse();
        }
        long[] step = limbs(w);
        int last = 4 * (halfN - 1);
        FrOps.setOne(t, last);
        for (int j = 1; j < halfN; j++) {
            FrOps.mul(t, last + 4 * j, t, last + 4 * (j - 1), step, 0);
        }
        // earlier stages: ω_{2h}^j = ω_n^(j·n/2h)
        for (int h = 1; h < halfN; h <<= 1) {
            int stride = halfN / h;
            int off = 4 * (h - 1);
            for (int j = 0; j < h; j++) {
                System.arraycopy(t, last + 4 * j * stride, t, off + 4 * j, 4);
            }
        }
        return t;
    }

    static long[] limbs(Fr x) {
        return new long[] {x.montgomeryLimb(0), x.montgomeryLimb(1), x.montgomeryLimb(2), x.montgomeryLimb(3)};
    }

    /** In place; {@code a} holds 2^log2n elements. Not scaled by 1/n when {@code inverse}. */
    static void transform(ForkJoinPool pool, long[] a, int log2n, boolean inverse, Monitor monitor) {
        int n = 1 << log2n;
        if (a.length != 4 * n) {
            throw new IllegalArgumentException("array of " + a.length / 4 + " elements for a transform of size " + n);
        }
        if (n < 2) {
            return;
        }
        long[] tw = twiddles(log2n, inverse);
        bitReverse(a, log2n);
        int threads = pool.getParallelism();
        // chunks: a power of two, at least 2 per thread, each at least 2^10 elements (or the whole array)
        int log2Chunks = 0;
        while ((1 << log2Chunks) < 2 * threads && log2n - log2Chunks > 10) {
            log2Chunks++;
        }
        int chunks = 1 << log2Chunks;
        int chunkLen = n >>> log2Chunks;
        int localStages = log2n - log2Chunks;
        // the first stages: independent per chunk
        List<Callable<Void>> tasks = new ArrayList<>(chunks);
        for (int k = 0; k < chunks; k++) {
            final int from = k * chunkLen;
            tasks.add(() -> {
                monitor.checkCancelled();
                long[] tmp = new long[4];
                for (int s = 0; s < localStages; s++) {
                    int h = 1 << s;
                    for (int blk = from; blk < from + chunkLen; blk += 2 * h) {
                        butterflies(a, tw, blk, h, 0, h, tmp);
                    }
                }
                return null;
            });
        }
        Parallel.invokeAll(pool, tasks);
        // the remaining stages: split each stage's n/2 butterflies into equal ranges
        for (int s = localStages; s < log2n; s++) {
            monitor.checkCancelled();
            final int h = 1 << s;
            final int perTask = (n / 2) / chunks;
            tasks.clear();
            for (int k = 0; k < chunks; k++) {
                final int first = k * perTask;
                tasks.add(() -> {
                    long[] tmp = new long[4];
                    // butterfly index b → block b / h, offset b % h; ranges of perTask lie inside one block when perTask ≤ h
                    int b = first, end = first + perTask;
                    while (b < end) {
                        int blockIdx = b / h, j = b % h;
                        int upto = Math.min(h, j + (end - b));
                        butterflies(a, tw, blockIdx * 2 * h, h, j, upto, tmp);
                        b += upto - j;
                    }
                    return null;
                });
            }
            Parallel.invokeAll(pool, tasks);
        }
    }

    /** Butterflies j ∈ [j0, j1) of the block at {@code blk} with half-length h. */
    private static void butterflies(long[] a, long[] tw, int blk, int h, int j0, int j1, long[] tmp) {
        int twOff = 4 * (h - 1);
        if (j0 == 0 && j1 > 0) {
            // the twiddle of j = 0 is 1: no multiplication (all of the first stage, half of the second, …)
            int u = 4 * blk, v = u + 4 * h;
            FrOps.copy(tmp, 0, a, v);
            FrOps.sub(a, v, a, u, tmp, 0);
            FrOps.add(a, u, a, u, tmp, 0);
            j0 = 1;
        }
        for (int j = j0; j < j1; j++) {
            int u = 4 * (blk + j), v = u + 4 * h;
            FrOps.mul(tmp, 0, a, v, tw, twOff + 4 * j);
            FrOps.sub(a, v, a, u, tmp, 0);
            FrOps.add(a, u, a, u, tmp, 0);
        }
    }

    static void bitReverse(long[] a, int log2n) {
        int n = 1 << log2n;
        int shift = 32 - log2n;
        for (int i = 0; i < n; i++) {
            int j = Integer.reverse(i) >>> shift;
            if (i < j) {
                for (int k = 0; k < 4; k++) {
                    long x = a[4 * i + k];
                    a[4 * i + k] = a[4 * j + k];
                    a[4 * j + k] = x;
                }
            }
        }
    }

    /**
     * aᵢ ← aᵢ·c·gⁱ for all i: the scaling of a coset transform (and 1/n of an inverse one), in parallel chunks.
     */
    static void scaleByPowers(ForkJoinPool pool, long[] a, Fr c, Fr g, Monitor monitor) {
        int n = a.length / 4;
        int chunks = Math.max(1, Math.min(2 * pool.getParallelism(), n / 1024));
        int per = (n + chunks - 1) / chunks;
        List<Callable<Void>> tasks = new ArrayList<>(chunks);
        long[] gl = limbs(g);
        for (int k = 0; k < chunks; k++) {
            final int from = k * per, to = Math.min(n, from + per);
            if (from >= to) {
                break;
            }
            tasks.add(() -> {
                monitor.checkCancelled();
                long[] f = limbs(c.mul(g.pow(BigInteger.valueOf(from))));
                boolean constant = g.isOne();
                for (int i = from; i < to; i++) {
                    FrOps.mul(a, 4 * i, a, 4 * i, f, 0);
                    if (!constant) {
                        FrOps.mul(f, 0, f, 0, gl, 0);
                    }
                }
                return null;
            });
        }
        Parallel.invokeAll(pool, tasks);
    }
}
