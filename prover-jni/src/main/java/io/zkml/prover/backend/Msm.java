package io.zkml.prover.backend;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleConsumer;
import java.util.function.Supplier;

/**
 * Multi-scalar multiplication Σ kᵢ·Pᵢ by Pippenger's bucket method with signed digits.
 *
 * <p>Each scalar k (below r &lt; 2^254) is written in W windows of c bits with digits dⱼ in
 * [−2^(c−1), 2^(c−1)): k = Σ dⱼ·2^(jc). The digits come out independently per window from k' = k + Σⱼ 2^(jc + c − 1)
 * (add half a window everywhere, read c bits, subtract the half again), so no carry runs from window to window.
 * With W·c ≥ 256 and c ≥ 2 every k below 2^254 fits. Per window, point Pᵢ goes into bucket |dᵢ| with a
 * batched affine addition ({@link AffineBuckets}), negated when dᵢ &lt; 0; the buckets are summed as Σ b·B_b by a
 * running sum in Jacobian coordinates, and the window sums combined by Horner's rule with c doublings each. The
 * top window reaches only the few buckets that the last bits of a scalar below 2^254 allow: there each bucket is
 * spread over several buckets of the batch (by point index), so that batches stay large, and gathered again
 * before the running sum.
 *
 * <p>Work is split into tasks of one window over one range of points, run on a fork-join pool; each task owns
 * its buckets. Bases are read from the segment a block at a time (affine, snarkjs layout, all zeros = infinity,
 * skipped); the scalars (32 bytes little-endian, plain) are copied once into an array, which every window reads.
 */
final class Msm {

    static final ValueLayout.OfLong LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The largest window: 2^15 buckets per task. */
    static final int MAX_WINDOW_BITS = 16;
    /** Bytes of one scalar. */
    static final int SCALAR_BYTES = 32;

    private Msm() {
    }

    /** The group an MSM runs in: its arithmetic and the byte size of an affine base. */
    record Group(Supplier<CurveOps> ops, Supplier<AffineField> field, int baseBytes, int jacobianLongs) {
        static final Group G1 = new Group(G1Ops::new, AffineField.OverFp::new, 64, 12);
        static final Group G2 = new Group(G2Ops::new, AffineField.OverFp2::new, 128, 24);
    }

    /**
     * The window width for n points: the c ≥ 2 that minimises ⌈256/c⌉·(n + 2.25·2^c): per window, n batched affine
     * additions into the buckets (about 6 multiplications each) and, per bucket, the mixed and the full Jacobian
     * addition of the running sum (about 11 and 16).
     */
    static int windowBits(long n) {
        int best = 2;
        double bestCost = Double.MAX_VALUE;
        for (int c = 2; c <= MAX_WINDOW_BITS; c++) {
            double cost = Math.ceil(256.0 / c) * (n + 2.25 * (1L << c));
            if (cost < bestCost) {
                bestCost = cost;
                best = c;
            }
        }
        return best;
    }

    /**
     * Σ scalars[i]·bases[i] for i &lt; n, as a Jacobian point in {@code group}'s long layout.
     *
     * @param progress told the fraction of the MSM done, from the pool's threads
     * @throws IllegalArgumentException if a scalar is not below r
     * @throws CancellationException if the monitor's flag is set meanwhile
     */
    static long[] run(Group group, ForkJoinPool pool, MemorySegment bases, MemorySegment scalars, int n, Monitor monitor,
            DoubleConsumer progress) {
        return run(group, pool, bases, scalars, n, windowBits(n), monitor, progress);
    }

    /** {@link #run(Group, ForkJoinPool, MemorySegment, MemorySegment, int, Monitor, DoubleConsumer)} with windows of c bits. */
    static long[] run(Group group, ForkJoinPool pool, MemorySegment bases, MemorySegment scalars, int n, int c, Monitor monitor,
            DoubleConsumer progress) {
        if (c < 2 || c > MAX_WINDOW_BITS) {
            throw new IllegalArgumentException("window width must be in [2, " + MAX_WINDOW_BITS + "], got " + c);
        }
        long[] result = new long[group.jacobianLongs()];
        if (n == 0) {
            return result;
        }
        // the scalars, copied once into an array: every window reads them all
        final long[] ks = new long[Math.multiplyExact(4, n)];
        MemorySegment.copy(scalars, LE, 0, ks, 0, ks.length);
        for (int i = 0; i < n; i++) {
            if (!FrOps.isCanonical(ks, 4 * i)) {
                throw new IllegalArgumentException("scalar " + i + " is not below r");
            }
        }
        final int windows = (256 + c - 1) / c;
        final long[] half = halfWindows(c, windows);
        int threads = pool.getParallelism();
        // enough tasks to keep every thread busy; more chunks of points only when windows are too few
        int chunks = Math.max(1, Math.min(n / 64 + 1, (2 * threads + windows - 1) / windows));
        int chunkSize = (n + chunks - 1) / chunks;
        List<Callable<long[]>> tasks = new ArrayList<>(windows * chunks);
        final int totalTasks = windows * chunks;
        final AtomicInteger done = new AtomicInteger();
        for (int w = 0; w < windows; w++) {
            for (int k = 0; k < chunks; k++) {
                final int window = w, from = k * chunkSize, to = Math.min(n, from + chunkSize);
                tasks.add(() -> {
                    long[] sum = windowSum(group, bases, ks, from, to, window, c, half, monitor);
                    progress.accept((double) done.incrementAndGet() / totalTasks);
                    return sum;
                });
            }
        }
        List<long[]> sums = Parallel.invokeAll(pool, tasks);
        CurveOps ops = group.ops().get();
        for (int w = windows - 1; w >= 0; w--) {
            for (int i = 0; i < c; i++) {
                ops.dbl(result, 0);
            }
            for (int k = 0; k < chunks; k++) {
                ops.add(result, 0, sums.get(w * chunks + k), 0);
            }
        }
        return result;
    }

    /** Σ_{j&lt;W} 2^(jc + c − 1) in five limbs. */
    static long[] halfWindows(int c, int windows) {
        long[] h = new long[5];
        for (int j = 0; j < windows; j++) {
            int bit = j * c + c - 1;
            h[bit >>> 6] |= 1L << (bit & 63);
        }
        return h;
    }

    /** The sum Σ dᵢ·Pᵢ over points [from, to) for one window's digits dᵢ. */
    private static long[] windowSum(Group group, MemorySegment bases, long[] scalars, int from, int to, int window,
            int c, long[] half, Monitor monitor) {
        CurveOps ops = group.ops().get();
        final int jl = ops.jacobianLongs, al = ops.affineLongs, baseBytes = group.baseBytes();
        final int nBuckets = 1 << (c - 1);
        final int reach = reachableBuckets(window, c);
        // a window that reaches few buckets spreads each over `spread` batch buckets, chosen by point index
        final int spread = reach >= MIN_BATCH_BUCKETS ? 1 : (MIN_BATCH_BUCKETS + reach - 1) / reach;
        final AffineBuckets affine = new AffineBuckets(group.field().get(), reach * spread, batchCapacity(reach * spread));
        final long[] block = new long[BASE_BLOCK * al];
        final int bitPos = window * c, limb = bitPos >>> 6, shift = bitPos & 63;
        final long mask = (1L << c) - 1;
        final long h0 = half[0], h1 = half[1], h2 = half[2], h3 = half[3], h4 = half[4];
        for (int i = from; i < to; i++) {
            int inBlock = (i - from) % BASE_BLOCK;
            if (inBlock == 0) {
                monitor.checkCancelled();
                int count = Math.min(BASE_BLOCK, to - i);
                MemorySegment.copy(bases, LE, (long) i * baseBytes, block, 0, count * al);
            }
            // k' = k + half, five limbs
            long k0 = scalars[4 * i], k1 = scalars[4 * i + 1], k2 = scalars[4 * i + 2], k3 = scalars[4 * i + 3];
            long s0 = k0 + h0;
            long carry = Long.compareUnsigned(s0, k0) < 0 ? 1 : 0;
            long t = k1 + carry;
            long s1 = t + h1;
            carry = (Long.compareUnsigned(t, carry) < 0 ? 1 : 0) | (Long.compareUnsigned(s1, t) < 0 ? 1 : 0);
            t = k2 + carry;
            long s2 = t + h2;
            carry = (Long.compareUnsigned(t, carry) < 0 ? 1 : 0) | (Long.compareUnsigned(s2, t) < 0 ? 1 : 0);
            t = k3 + carry;
            long s3 = t + h3;
            carry = (Long.compareUnsigned(t, carry) < 0 ? 1 : 0) | (Long.compareUnsigned(s3, t) < 0 ? 1 : 0);
            long s4 = h4 + carry;
            long lo = limbOf(limb, s0, s1, s2, s3, s4);
            long bits = lo >>> shift;
            if (shift + c > 64 && limb < 4) {
                bits |= limbOf(limb + 1, s0, s1, s2, s3, s4) << (64 - shift);
            }
            int digit = (int) (bits & mask) - nBuckets;
            if (digit == 0) {
                continue;
            }
            int bo = inBlock * al;
            if (ops.isAffineZero(block, bo)) {
                continue; // all zeros: the point at infinity
            }
            int bucket = (digit > 0 ? digit : -digit) - 1;
            affine.add(spread == 1 ? bucket : bucket * spread + i % spread, block, bo, digit < 0);
        }
        monitor.checkCancelled();
        affine.finish();
        // Σ b·bucket[b−1] by a running sum from the top; the buckets are affine, so adding one is a mixed addition
        long[] running = new long[jl];
        long[] sum = new long[jl];
        for (int b = reach - 1; b >= 0; b--) {
            for (int k = b * spread; k < (b + 1) * spread; k++) {
                if (affine.full[k]) {
                    ops.addMixed(running, 0, affine.buckets, k * al, false);
                }
            }
            ops.add(sum, 0, running, 0);
        }
        return sum;
    }

    /** Bases copied from the segment at a time. */
    static final int BASE_BLOCK = 256;

    /** Buckets that a window's batches spread over at least: fewer would fill batches with the same bucket again. */
    static final int MIN_BATCH_BUCKETS = 256;

    /**
     * How many buckets window w of c bits can reach for scalars below 2^254: all 2^(c−1), except in the top
     * windows, whose digits lie in [0, 2^(254 − wc)].
     */
    static int reachableBuckets(int window, int c) {
        int nBuckets = 1 << (c - 1);
        int bitsLeft = 254 - window * c;
        if (bitsLeft >= c - 1) {
            return nBuckets;
        }
        return bitsLeft <= 0 ? 1 : Math.min(nBuckets, (1 << bitsLeft) + 1);
    }

    /** Additions per batch inversion: large enough to amortise the inversion, small enough to rarely meet a bucket twice. */
    static int batchCapacity(int nBuckets) {
        return Math.max(4, Math.min(512, nBuckets / 4));
    }

    private static long limbOf(int i, long s0, long s1, long s2, long s3, long s4) {
        return switch (i) {
            case 0 -> s0;
            case 1 -> s1;
            case 2 -> s2;
            case 3 -> s3;
            default -> s4;
        };
    }
}
