package io.zkml.compiler.quant;

import io.zkml.compiler.graph.Node;
import java.util.Arrays;
import java.util.List;

/**
 * A smooth unary function of a quantized tensor as a table-free piecewise-linear circuit, with its worst error
 * measured. For an input x (integers at scale s, proven in [lo, hi]):
 * <ol>
 *   <li>the domain [A, B] is the part of [lo, hi] where the function differs from its straight asymptotes (or
 *       its clamp) by more than a quarter of the output quantum; x is clamped to it with two ReLUs,
 *       u = clamp(x, A, B) − A;</li>
 *   <li>a {@link Spline} of 2^h segments of 2^k integers each gives f on [A, B] at scale s + m, each segment's
 *       chord shifted so that its errors above and below balance;</li>
 *   <li>the asymptotes are added back linearly, f ≈ g(A) + β_L·min(x − A, 0) + β_R·max(x − B, 0), and the sum
 *       rescaled by m to the output scale s.</li>
 * </ol>
 * (h, k) is the cheapest pair in constraints whose fit error stays within a quarter quantum (else the most
 * accurate with h ≤ {@value #MAX_SEGMENT_BITS}). The gadget's error against float64 is then measured on every
 * integer of [lo, hi] when there are fewer than 2^21 of them, otherwise on a dense sweep, and reported.
 */
public final class SplineFit {

    /** At most 2^8 segments: the selector costs 2^h − 2 constraints per element. */
    static final int MAX_SEGMENT_BITS = 8;

    private static final int EXHAUSTIVE_LIMIT = 1 << 21;

    /**
     * The integer semantics of a fitted gadget.
     *
     * @param a the domain's first integer
     * @param b the domain's last integer
     * @param m the extra fractional bits of the spline
     * @param leftCoef β_L·2^m
     * @param rightCoef β_R·2^m
     */
    record Plan(int scale, long a, long b, int h, int k, int m, long[] c0, long[] c1, long leftCoef, long rightCoef, double fitError) {

        long spline(long u) {
            int j = (int) (u >>> k);
            return c0[j] + c1[j] * (u & ((1L << k) - 1));
        }

        /** The gadget's output for input x (integers at scale s in, scale s out). */
        long eval(long x) {
            long c = Math.min(Math.max(x, a), b);
            long total = spline(c - a) + leftCoef * Math.min(x - a, 0) + rightCoef * Math.max(x - b, 0);
            return Rescale.apply(total, m);
        }
    }

    /** The result: the output value, and the measured worst error. */
    public record Fitted(QValue output, double worstError, boolean exhaustive) {
    }

    private SplineFit() {
    }

    /** f(x) for every element of x, at x's scale. */
    public static QValue apply(ProgramBuilder b, Node node, QValue x, UnaryFunction fn) {
        return build(b, node, x, fn).output();
    }

    static Fitted build(ProgramBuilder b, Node node, QValue x, UnaryFunction fn) {
        int s = x.scale();
        long lo = x.min();
        long hi = x.max();
        Plan p = plan(node, fn, s, lo, hi);
        boolean exhaustive = hi - lo < EXHAUSTIVE_LIMIT;

        int n = x.size();
        int[] id = ActivationOps.identity(n);
        int[] shape = x.shape();
        QValue ra = lo < p.a() ? b.relu(node, shift(b, node, x, -p.a())) : null;
        QValue rb = hi > p.b() ? b.relu(node, shift(b, node, x, -p.b())) : null;
        // u = clamp(x, A, B) − A, in [0, B − A] (a relation the plain intervals of the two ReLUs do not keep)
        QValue u = ra != null ? ra : shift(b, node, x, -p.a());
        if (rb != null) {
            u = b.affine(node, List.of(u, rb), new int[][] {id, id}, new long[] {1, -1}, new long[n], shape, s);
        }
        long splLo = Long.MAX_VALUE;
        long splHi = Long.MIN_VALUE;
        long d = p.b() - p.a() + 1;
        for (int j = 0; (long) j << p.k() < d; j++) {
            long last = Math.min(1L << p.k(), d - ((long) j << p.k())) - 1;
            long v0 = p.c0()[j];
            long v1 = Bounds.mulAdd(p.c1()[j], last, p.c0()[j], node.describe());
            splLo = Math.min(splLo, Math.min(v0, v1));
            splHi = Math.max(splHi, Math.max(v0, v1));
        }
        long[] sl = new long[n];
        long[] sh = new long[n];
        Arrays.fill(sl, splLo);
        Arrays.fill(sh, splHi);
        double[] err = measure(p, fn, lo, hi);
        QValue spl = b.value(shape, s + p.m(), sl, sh);
        b.ops().add(new Spline(new int[] {u.id()}, spl, node.describe(), p.h(), p.k(), p.c0(), p.c1(), err[0], exhaustive, fn.policy(s)));
        // f ≈ g(clamped) + β_L·(x − A − relu(x − A)) + β_R·relu(x − B)
        QValue total = spl;
        if (ra != null && p.leftCoef() != 0) {
            long[] c = new long[n];
            Arrays.fill(c, -p.leftCoef() * p.a());
            total = b.affine(node, List.of(total, x, ra), new int[][] {id, id, id}, new long[] {1, p.leftCoef(), -p.leftCoef()}, c, shape, s + p.m());
        }
        if (rb != null && p.rightCoef() != 0) {
            total = b.affine(node, List.of(total, rb), new int[][] {id, id}, new long[] {1, p.rightCoef()}, new long[n], shape, s + p.m());
        }
        QValue out = b.rescale(node, total, p.m());
        return new Fitted(out, err[0], exhaustive);
    }

    private static QValue shift(ProgramBuilder b, Node node, QValue x, long by) {
        long[] c = new long[x.size()];
        Arrays.fill(c, by);
        return b.affine(node, List.of(x), new int[][] {ActivationOps.identity(x.size())}, new long[] {1}, c, x.shape(), x.scale());
    }

    /** f at integer x (scale s), with the clamp policy applied. */
    static double target(UnaryFunction fn, int s, long x) {
        long c = fn.clampInteger(s);
        return fn.f().applyAsDouble(Math.scalb((double) Math.max(x, c), -s));
    }

    /** Chooses the domain, (h, k), m and the coefficients. */
    static Plan plan(Node node, UnaryFunction fn, int s, long lo, long hi) {
        double tol = Math.scalb(0.25, -s);
        long a;
        double betaL = 0;
        if (fn.clamp() != UnaryFunction.Clamp.NONE) {
            a = Math.max(lo, fn.clampInteger(s));
        } else if (Double.isNaN(fn.leftSlope())) {
            a = lo;
        } else {
            betaL = fn.leftSlope();
            a = Math.max(lo, cut(fn, s, betaL, -1, tol));
        }
        long bb;
        double betaR = 0;
        if (Double.isNaN(fn.rightSlope())) {
            bb = hi;
        } else {
            betaR = fn.rightSlope();
            bb = Math.min(hi, cut(fn, s, betaR, 1, tol));
        }
        a = Math.min(a, hi);
        bb = Math.max(bb, a);
        long d = bb - a + 1;
        double maxAbs = 0;
        for (long x : new long[] {a, bb, a + d / 2}) {
            maxAbs = Math.max(maxAbs, Math.abs(target(fn, s, x)));
        }
        Plan best = null;
        long bestCost = Long.MAX_VALUE;
        Plan mostAccurate = null;
        for (int k = 0; k <= 40; k++) {
            long segs = (d + (1L << k) - 1) >>> k;
            int h = Bounds.unsignedBits(segs - 1);
            if (h > MAX_SEGMENT_BITS) {
                continue;
            }
            int m = k == 0 ? 0 : k + 2;
            if ((betaL != Math.rint(betaL) || betaR != Math.rint(betaR)) && m < 12) {
                m = 12;
            }
            if (Math.scalb(maxAbs + 1, s + m) > Math.scalb(1.0, 56)) {
                break;
            }
            Plan p = fit(fn, s, a, bb, h, k, m, betaL, betaR);
            int outBits = Bounds.signedBits((long) Math.floor(Math.scalb(-maxAbs, s)) - 1, (long) Math.ceil(Math.scalb(maxAbs, s)) + 1);
            long cost = h + k + 1 + Math.max(0, (1L << h) - 2) + (k > 0 ? 1 : 0) + (m > 0 ? m + outBits + 1 : 0);
            if (p.fitError() <= 0.25 && cost < bestCost) {
                best = p;
                bestCost = cost;
            }
            if (mostAccurate == null || p.fitError() < mostAccurate.fitError()) {
                mostAccurate = p;
            }
            if (h == 0) {
                break;
            }
        }
        if (best == null && mostAccurate == null) {
            throw node.error(fn.name() + " of inputs in [" + Math.scalb((double) lo, -s) + ", " + Math.scalb((double) hi, -s)
                    + "] reaches values beyond the 2^60 bound at scale 2^" + s + "; narrow the input range");
        }
        return best != null ? best : mostAccurate;
    }

    /**
     * The integer (scale s) beyond which, in direction dir, f stays within tol of its asymptote through the cut
     * point with slope beta.
     */
    private static long cut(UnaryFunction fn, int s, double beta, int dir, double tol) {
        for (int i = 0; i <= 1 << 14; i++) {
            double c = dir * i * 0.25;
            double fc = fn.f().applyAsDouble(c);
            boolean ok = true;
            for (double step : new double[] {0.25, 1, 2, 4, 8, 16, 64, 256, 4096, 1 << 20}) {
                double q = c + dir * step;
                if (Math.abs(fn.f().applyAsDouble(q) - (fc + beta * (q - c))) > tol) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                return (long) Math.rint(Math.scalb(c, s));
            }
        }
        return dir < 0 ? Long.MIN_VALUE / 4 : Long.MAX_VALUE / 4;
    }

    private static Plan fit(UnaryFunction fn, int s, long a, long b, int h, int k, int m, double betaL, double betaR) {
        int segs = 1 << h;
        long[] c0 = new long[segs];
        long[] c1 = new long[segs];
        long d = b - a + 1;
        double worst = 0;
        double unit = Math.scalb(1.0, s + m);
        for (int j = 0; (long) j << k < d; j++) {
            long start = a + ((long) j << k);
            long len = Math.min(1L << k, d - ((long) j << k));
            double y0 = target(fn, s, start) * unit;
            if (len == 1) {
                c0[j] = Math.round(y0);
                worst = Math.max(worst, Math.abs(y0 - c0[j]) / (1L << m));
                continue;
            }
            double y1 = target(fn, s, start + len - 1) * unit;
            c1[j] = Math.round((y1 - y0) / (len - 1));
            long stride = Math.max(1, len / 64);
            double emax = Double.NEGATIVE_INFINITY;
            double emin = Double.POSITIVE_INFINITY;
            for (long t0 = 0; ; t0 += stride) {
                long t = Math.min(t0, len - 1);
                double e = target(fn, s, start + t) * unit - (double) c1[j] * t;
                emax = Math.max(emax, e);
                emin = Math.min(emin, e);
                if (t == len - 1) {
                    break;
                }
            }
            c0[j] = Math.round((emax + emin) / 2);
            worst = Math.max(worst, Math.max(Math.abs(emax - c0[j]), Math.abs(emin - c0[j])) / (1L << m));
        }
        return new Plan(s, a, b, h, k, m, c0, c1, Math.round(Math.scalb(betaL, m)), Math.round(Math.scalb(betaR, m)), worst);
    }

    /** The worst |gadget − f| in real units over [lo, hi] (every integer, or a dense sweep), and where. */
    static double[] measure(Plan p, UnaryFunction fn, long lo, long hi) {
        int s = p.scale();
        double worst = 0;
        double where = lo;
        long span = hi - lo;
        long stride = span < EXHAUSTIVE_LIMIT ? 1 : span / (EXHAUSTIVE_LIMIT / 2);
        for (long x = lo; ; x += stride) {
            long xi = Math.min(x, hi);
            double e = Math.abs(Math.scalb((double) p.eval(xi), -s) - target(fn, s, xi));
            if (e > worst) {
                worst = e;
                where = Math.scalb((double) xi, -s);
            }
            if (xi == hi) {
                break;
            }
        }
        if (stride > 1) {
            // every integer near and inside the domain, where the fit varies
            long from = Math.max(lo, p.a() - (1 << 12));
            long to = Math.min(hi, Math.min(p.b() + (1 << 12), from + EXHAUSTIVE_LIMIT));
            for (long x = from; x <= to; x++) {
                double e = Math.abs(Math.scalb((double) p.eval(x), -s) - target(fn, s, x));
                if (e > worst) {
                    worst = e;
                    where = Math.scalb((double) x, -s);
                }
            }
        }
        return new double[] {worst, where};
    }
}
