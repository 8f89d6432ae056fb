package io.zkml.prover.backend;

import java.util.Arrays;

/**
 * Pippenger buckets kept in affine coordinates and filled by batched affine additions: the additions
 * bucket[b] += P of a batch share one field inversion (Montgomery's trick), so that each costs about six
 * multiplications instead of the eleven of a mixed Jacobian addition.
 *
 * <p>For Q = bucket[b] and P: λ = (y_P − y_Q)/(x_P − x_Q) (or 3x_Q²/2y_Q when P = Q), x' = λ² − x_Q − x_P,
 * y' = λ(x_Q − x') − y_Q; P = −Q empties the bucket; an empty bucket takes P as it is. A bucket may be in a
 * batch only once (its value changes when the batch is applied): a point for a bucket already in the batch
 * waits in a queue and joins a later batch. Addition is commutative, so the order does not matter.
 *
 * <p>Layout: bucket b is x ‖ y at {@code 2·e·b} of {@link #buckets} (e longs per coordinate), and
 * {@link #full}[b] says whether it holds a point.
 */
final class AffineBuckets {

    private final AffineField f;
    private final int e;
    final int nBuckets;
    final long[] buckets;
    final boolean[] full;

    /** The batch: bucket, x of P, numerator and denominator of λ, prefix products. */
    private final int capacity;
    private int size;
    private final int[] slotBucket;
    private final long[] xP, num, den, prefix;
    /** Bucket b is in the current batch iff mark[b] == batchId. */
    private final int[] mark;
    private int batchId = 1;

    /** Points waiting for their bucket to leave the batch: bucket, then x ‖ y (already negated if needed). */
    private int[] queueBucket;
    private long[] queuePoint;
    private int queued;
    private int[] spareBucket;
    private long[] sparePoint;

    private final long[] t;

    AffineBuckets(AffineField field, int nBuckets, int capacity) {
        this.f = field;
        this.e = field.elementLongs;
        this.nBuckets = nBuckets;
        this.buckets = new long[2 * e * nBuckets];
        this.full = new boolean[nBuckets];
        this.capacity = capacity;
        this.slotBucket = new int[capacity];
        this.xP = new long[e * capacity];
        this.num = new long[e * capacity];
        this.den = new long[e * capacity];
        this.prefix = new long[e * capacity];
        this.mark = new int[nBuckets];
        this.queueBucket = new int[capacity];
        this.queuePoint = new long[2 * e * capacity];
        this.spareBucket = new int[capacity];
        this.sparePoint = new long[2 * e * capacity];
        this.t = new long[4 * e];
    }

    /** bucket[b] += P (or −P), P the affine point x ‖ y at {@code po} of {@code p}, not the point at infinity. */
    void add(int b, long[] p, int po, boolean negate) {
        schedule(b, p, po, negate);
        if (size == capacity || queued == queueBucket.length) {
            flush();
        }
    }

    private void schedule(int b, long[] p, int po, boolean negate) {
        final int e = this.e, bo = 2 * e * b;
        if (!full[b]) {
            System.arraycopy(p, po, buckets, bo, e);
            if (negate) {
                f.neg(buckets, bo + e, p, po + e);
            } else {
                System.arraycopy(p, po + e, buckets, bo + e, e);
            }
            full[b] = true;
            return;
        }
        if (mark[b] == batchId || size == capacity) {
            enqueue(b, p, po, negate);
            return;
        }
        // λ = (y_P − y_Q)/(x_P − x_Q); for −P the same fraction with both signs flipped, (y_P + y_Q)/(x_Q − x_P)
        int k = size * e;
        if (negate) {
            f.add(num, k, p, po + e, buckets, bo + e);
            f.sub(den, k, buckets, bo, p, po);
        } else {
            f.sub(num, k, p, po + e, buckets, bo + e);
            f.sub(den, k, p, po, buckets, bo);
        }
        if (f.isZero(den, k)) {
            // the same x: the point to add is Q (numerator 0) or −Q
            if (!f.isZero(num, k) || f.isZero(buckets, bo + e)) {
                full[b] = false; // Q + (−Q), or 2Q for a Q of order 2: the point at infinity
                return;
            }
            // doubling: λ = 3x²/2y
            f.sqr(num, k, buckets, bo);
            f.add(t, 0, num, k, num, k);
            f.add(num, k, t, 0, num, k);
            f.add(den, k, buckets, bo + e, buckets, bo + e);
        }
        System.arraycopy(p, po, xP, k, e);
        slotBucket[size++] = b;
        mark[b] = batchId;
    }

    private void enqueue(int b, long[] p, int po, boolean negate) {
        if (queued == queueBucket.length) {
            int n = 2 * queued;
            queueBucket = Arrays.copyOf(queueBucket, n);
            queuePoint = Arrays.copyOf(queuePoint, 2 * e * n);
            spareBucket = new int[n];
            sparePoint = new long[2 * e * n];
        }
        int o = 2 * e * queued;
        System.arraycopy(p, po, queuePoint, o, e);
        if (negate) {
            f.neg(queuePoint, o + e, p, po + e);
        } else {
            System.arraycopy(p, po + e, queuePoint, o + e, e);
        }
        queueBucket[queued++] = b;
    }

    /** Applies the batch, then moves queued points into the next one (those that still conflict stay queued). */
    void flush() {
        apply();
        int n = queued;
        if (n == 0) {
            return;
        }
        // swap the queue out, then schedule its points again
        int[] qb = queueBucket;
        long[] qp = queuePoint;
        queueBucket = spareBucket;
        queuePoint = sparePoint;
        spareBucket = qb;
        sparePoint = qp;
        queued = 0;
        for (int i = 0; i < n; i++) {
            schedule(qb[i], qp, 2 * e * i, false);
        }
    }

    /** Applies every pending addition. */
    void finish() {
        while (size > 0 || queued > 0) {
            flush();
        }
    }

    /** One inversion for the whole batch, then each bucket's new value. */
    private void apply() {
        final int n = size, e = this.e;
        if (n == 0) {
            return;
        }
        System.arraycopy(den, 0, prefix, 0, e);
        for (int k = 1; k < n; k++) {
            f.mul(prefix, k * e, prefix, (k - 1) * e, den, k * e);
        }
        final int inv = 0, dinv = e, lambda = 2 * e, x3 = 3 * e;
        f.inverse(t, inv, prefix, (n - 1) * e);
        for (int k = n - 1; k >= 0; k--) {
            int ko = k * e;
            if (k > 0) {
                f.mul(t, dinv, t, inv, prefix, ko - e);
                f.mul(t, inv, t, inv, den, ko);
            } else {
                System.arraycopy(t, inv, t, dinv, e);
            }
            int bo = 2 * e * slotBucket[k];
            f.mul(t, lambda, num, ko, t, dinv);
            // x' = λ² − x_Q − x_P
            f.sqr(t, x3, t, lambda);
            f.sub(t, x3, t, x3, buckets, bo);
            f.sub(t, x3, t, x3, xP, ko);
            // y' = λ(x_Q − x') − y_Q
            f.sub(buckets, bo, buckets, bo, t, x3);
            f.mul(buckets, bo, t, lambda, buckets, bo);
            f.sub(buckets, bo + e, buckets, bo, buckets, bo + e);
            System.arraycopy(t, x3, buckets, bo, e);
        }
        size = 0;
        batchId++;
    }
}
