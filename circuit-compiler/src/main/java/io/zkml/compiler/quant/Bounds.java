package io.zkml.compiler.quant;

import io.zkml.compiler.CompileException;

/**
 * The limit on every quantized value: |x| < 2^60. Far below the field's 2^253, it makes every intermediate sum
 * of the witness computation fit a long and every circuit value's integer meaning unique (no wrap-around).
 */
public final class Bounds {

    /** Every proven bound lies strictly inside (−LIMIT, LIMIT). */
    public static final long LIMIT = 1L << 60;

    private Bounds() {
    }

    /** v itself, if |v| < LIMIT; otherwise the model is refused. */
    public static long check(long v, String what) {
        if (v >= LIMIT || v <= -LIMIT) {
            throw new CompileException(what + ": a value could reach " + v + ", beyond the 2^60 bound that keeps the circuit's arithmetic exact;"
                    + " use smaller scales (--input-scale, --param-scale) or a narrower --input-range (or --param-range)");
        }
        return v;
    }

    /** a·b + c, refusing overflow. */
    public static long mulAdd(long a, long b, long c, String what) {
        try {
            return check(Math.addExact(Math.multiplyExact(a, b), c), what);
        } catch (ArithmeticException e) {
            throw new CompileException(what + ": a bound overflows 64 bits; use smaller scales or a narrower --input-range (or --param-range)", e);
        }
    }

    /** {min, max} of x·y over x in [xl, xh] and y in [yl, yh] (the corner products), refusing overflow. */
    public static long[] productRange(long xl, long xh, long yl, long yh, String what) {
        long p1 = mulAdd(xl, yl, 0, what);
        long p2 = mulAdd(xl, yh, 0, what);
        long p3 = mulAdd(xh, yl, 0, what);
        long p4 = mulAdd(xh, yh, 0, what);
        return new long[] {Math.min(Math.min(p1, p2), Math.min(p3, p4)), Math.max(Math.max(p1, p2), Math.max(p3, p4))};
    }

    /** The number of bits b such that every v in [lo, hi] lies in [−2^(b−1), 2^(b−1)), at least 1. */
    public static int signedBits(long lo, long hi) {
        int b = 1;
        while (lo < -(1L << (b - 1)) || hi >= (1L << (b - 1))) {
            b++;
        }
        return b;
    }

    /** The number of bits b such that every v in [0, n] lies in [0, 2^b). */
    public static int unsignedBits(long n) {
        return n <= 0 ? 0 : 64 - Long.numberOfLeadingZeros(n);
    }
}
