package io.zkml.prover.groth16;

import io.zkml.core.curve.CurvePoint;
import io.zkml.core.field.FieldElement;
import io.zkml.core.field.Fr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Σ cᵢ·Pᵢ over the terms of one wire, for setup from a powers-of-tau file. Circuits mostly have small
 * coefficients (±1, small integers and their negatives), which are added at once by double-and-add on the
 * shorter of c and r − c; full-size coefficients are collected and summed together at the end: by Straus's
 * method when there are a few (one chain of doublings), by buckets (Pippenger) when there are many, as on
 * the constant wire, which takes a term from most constraints.
 */
final class TermSum<F extends FieldElement<F>, P extends CurvePoint<F, P>> {

    /** Coefficients up to this many bits (or r minus such) are multiplied on the spot. */
    static final int SMALL_BITS = 32;
    /** From this many full-size terms on, buckets beat Straus's shared doublings. */
    static final int BUCKETS_FROM = 24;

    private P acc;
    private final List<P> bigPoints = new ArrayList<>();
    private final List<BigInteger> bigScalars = new ArrayList<>();

    TermSum(P infinity) {
        this.acc = infinity;
    }

    /** Adds c·p. */
    TermSum<F, P> add(P p, Fr c) {
        if (c.isOne()) {
            acc = acc.add(p);
            return this;
        }
        if (c.isZero()) {
            return this;
        }
        Fr neg = c.neg();
        if (neg.isOne()) {
            acc = acc.add(p.neg());
            return this;
        }
        BigInteger k = c.toBigInteger(), nk = neg.toBigInteger();
        P base = p;
        if (nk.bitLength() < k.bitLength()) {
            base = p.neg();
            k = nk;
        }
        if (k.bitLength() <= SMALL_BITS) {
            acc = acc.add(doubleAndAdd(base, k));
        } else {
            bigPoints.add(base);
            bigScalars.add(k);
        }
        return this;
    }

    /** Adds p. */
    TermSum<F, P> add(P p) {
        acc = acc.add(p);
        return this;
    }

    P result() {
        int n = bigPoints.size();
        if (n == 0) {
            return acc;
        }
        if (n == 1) {
            return acc.add(bigPoints.getFirst().mul(bigScalars.getFirst()));
        }
        if (n < BUCKETS_FROM) {
            return acc.add(CurvePoint.linearCombination(acc.infinity(), bigPoints, bigScalars));
        }
        return acc.add(buckets(acc.infinity(), bigPoints, bigScalars));
    }

    /** c·P for a single coefficient, with the same small-coefficient paths. */
    static <F extends FieldElement<F>, P extends CurvePoint<F, P>> P times(P p, Fr c) {
        return new TermSum<F, P>(p.infinity()).add(p, c).result();
    }

    private static <F extends FieldElement<F>, P extends CurvePoint<F, P>> P doubleAndAdd(P p, BigInteger k) {
        P r = p.infinity();
        for (int bit = k.bitLength() - 1; bit >= 0; bit--) {
            r = r.dbl();
            if (k.testBit(bit)) {
                r = r.add(p);
            }
        }
        return r;
    }

    /**
     * Σ kᵢ·Pᵢ by Pippenger's bucket method: c-bit windows from the top; in each, Pᵢ goes into bucket digitᵢ and
     * the running sums of the buckets give Σ digit·bucket with 2·2^c additions.
     */
    static <F extends FieldElement<F>, P extends CurvePoint<F, P>> P buckets(P infinity, List<P> points, List<BigInteger> scalars) {
        int n = points.size();
        int bits = 0;
        for (BigInteger k : scalars) {
            bits = Math.max(bits, k.bitLength());
        }
        int c = Math.max(2, 31 - Integer.numberOfLeadingZeros(n) - 1);
        int windows = (bits + c - 1) / c;
        List<P> bucket = new ArrayList<>(1 << c);
        P result = infinity;
        for (int w = windows - 1; w >= 0; w--) {
            for (int i = 0; i < c; i++) {
                result = result.dbl();
            }
            bucket.clear();
            for (int b = 0; b < (1 << c) - 1; b++) {
                bucket.add(infinity);
            }
            for (int i = 0; i < n; i++) {
                int d = digit(scalars.get(i), w * c, c);
                if (d != 0) {
                    bucket.set(d - 1, bucket.get(d - 1).add(points.get(i)));
                }
            }
            P running = infinity, sum = infinity;
            for (int b = bucket.size() - 1; b >= 0; b--) {
                running = running.add(bucket.get(b));
                sum = sum.add(running);
            }
            result = result.add(sum);
        }
        return result;
    }

    private static int digit(BigInteger k, int from, int c) {
        int d = 0;
        for (int b = c - 1; b >= 0; b--) {
            d = (d << 1) | (k.testBit(from + b) ? 1 : 0);
        }
        return d;
    }
}
