package io.zkml.prover.backend;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pure-Java backend: Pippenger MSM with signed-digit windows and batched affine additions into the buckets
 * ({@link Msm}), radix-2 NTT with precomputed twiddles ({@link Ntt}), both on mutable limb arrays (no allocation
 * per operation), run on a fork-join pool of its own (one thread per core by default; windows and NTT blocks are
 * the units of work).
 */
public final class JavaBackend implements ProverBackend {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ForkJoinPool pool;

    /** A backend with one thread per available processor. */
    public JavaBackend() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** @throws IllegalArgumentException unless threads ≥ 1 */
    public JavaBackend(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        int id = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        this.pool = new ForkJoinPool(threads, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("zkml-java-" + id + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    @Override
    public String name() {
        return "java";
    }

    /** The number of threads. */
    public int threads() {
        return pool.getParallelism();
    }

    @Override
    public G1 msmG1(MemorySegment bases, MemorySegment scalars, int n) {
        BackendInputs.checkMsm(bases, scalars, n, KeySegments.G1_BYTES);
        return Points.g1(Msm.run(Msm.Group.G1, pool, bases, scalars, n, Monitor.NONE, f -> { }));
    }

    @Override
    public G2 msmG2(MemorySegment bases, MemorySegment scalars, int n) {
        BackendInputs.checkMsm(bases, scalars, n, KeySegments.G2_BYTES);
        return Points.g2(Msm.run(Msm.Group.G2, pool, bases, scalars, n, Monitor.NONE, f -> { }));
    }

    @Override
    public void ntt(MemorySegment values, int log2n) {
        long[] a = load(values, log2n);
        Ntt.transform(pool, a, log2n, false, Monitor.NONE);
        store(a, values);
    }

    @Override
    public void intt(MemorySegment values, int log2n) {
        long[] a = load(values, log2n);
        Ntt.transform(pool, a, log2n, true, Monitor.NONE);
        Ntt.scaleByPowers(pool, a, Fr.of(1L << log2n).inverse(), Fr.ONE, Monitor.NONE);
        store(a, values);
    }

    @Override
    public void cosetNtt(MemorySegment values, int log2n, Fr shift) {
        Objects.requireNonNull(shift, "shift must not be null");
        long[] a = load(values, log2n);
        Ntt.scaleByPowers(pool, a, Fr.ONE, shift, Monitor.NONE);
        Ntt.transform(pool, a, log2n, false, Monitor.NONE);
        store(a, values);
    }

    @Override
    public void cosetIntt(MemorySegment values, int log2n, Fr shift) {
        if (shift.isZero()) {
            throw new IllegalArgumentException("the coset shift must not be zero");
        }
        long[] a = load(values, log2n);
        Ntt.transform(pool, a, log2n, true, Monitor.NONE);
        Ntt.scaleByPowers(pool, a, Fr.of(1L << log2n).inverse(), shift.inverse(), Monitor.NONE);
        store(a, values);
    }

    private static long[] load(MemorySegment values, int log2n) {
        BackendInputs.checkNtt(values, log2n);
        long n = 1L << log2n;
        long[] a = new long[(int) (4 * n)];
        MemorySegment.copy(values, Msm.LE, 0, a, 0, a.length);
        for (int i = 0; i < n; i++) {
            if (!FrOps.isCanonical(a, 4 * i)) {
                throw new IllegalArgumentException("element " + i + " is not below r");
            }
        }
        return a;
    }

    private static void store(long[] a, MemorySegment values) {
        MemorySegment.copy(a, 0, values, Msm.LE, 0, a.length);
    }

    @Override
    public Proof prove(KeySegments key, MemorySegment witness, Fr r, Fr s, ProgressListener progress, AtomicBoolean cancel) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(witness, "witness must not be null");
        Objects.requireNonNull(r, "r must not be null");
        Objects.requireNonNull(s, "s must not be null");
        return JavaProver.prove(pool, key, witness, r, s, new Monitor(Objects.requireNonNull(progress, "progress must not be null"),
                Objects.requireNonNull(cancel, "cancel must not be null")));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    @Override
    public String toString() {
        return "java (pure Java, " + pool.getParallelism() + " thread" + (pool.getParallelism() == 1 ? "" : "s") + ")";
    }
}
