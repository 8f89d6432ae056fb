package io.zkml.prover.groth16;

import io.zkml.core.curve.CurvePoint;
import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.FieldElement;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import io.zkml.core.field.Fr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Fixed-base scalar multiplication k·P for one point P and many k: a table of d·2^(8j)·P for every byte
 * position j (32) and byte value d (1 … 255), in affine form, so that k·P is at most 32 additions and no
 * doubling. The table costs 8160 additions and one inversion to build; it pays for itself after a few hundred
 * multiplications. Thread-safe once built.
 *
 * <p>{@link #mulAll} multiplies a batch of scalars at once with affine accumulators: in each of the 32 rounds
 * every accumulator takes its table point with the chord formula, and the batch shares one inversion
 * (Montgomery's trick), which makes an addition about 5 multiplications and a squaring instead of the 7 and 4
 * of a mixed Jacobian addition, with no conversion at the end.
 */
final class FixedBase<F extends FieldElement<F>, P extends CurvePoint<F, P>> {

    private static final int WINDOWS = 32;
    private static final int DIGITS = 256;

    private final P infinity;
    private final BiFunction<F, F, P> affine;
    private final List<P> table; // [window * 256 + digit], digit 0 unused
    private final List<F> xs, ys; // their affine coordinates (null for digit 0)

    private FixedBase(P base, BiFunction<F, F, P> affine) {
        this.infinity = base.infinity();
        this.affine = affine;
        List<P> all = new ArrayList<>(WINDOWS * DIGITS);
        P windowBase = base;
        for (int j = 0; j < WINDOWS; j++) {
            all.add(infinity);
            P acc = windowBase;
            for (int d = 1; d < DIGITS; d++) {
                all.add(acc);
                acc = acc.add(windowBase);
            }
            windowBase = acc; // 256·windowBase
        }
        this.table = CurvePoint.batchToAffine(all);
        this.xs = new ArrayList<>(table.size());
        this.ys = new ArrayList<>(table.size());
        for (P p : table) {
            xs.add(p.isInfinity() ? null : p.affineX());
            ys.add(p.isInfinity() ? null : p.affineY());
        }
    }

    static FixedBase<Fp, G1> of(G1 base) {
        return new FixedBase<>(base, G1::affine);
    }

    static FixedBase<Fp2, G2> of(G2 base) {
        return new FixedBase<>(base, G2::affine);
    }

    /** k·P, in Jacobian form. */
    P mul(Fr k) {
        byte[] le = k.toBytesLE();
        P acc = infinity;
        for (int j = 0; j < WINDOWS; j++) {
            int d = le[j] & 0xFF;
            if (d != 0) {
                acc = acc.add(table.get(j * DIGITS + d));
            }
        }
        return acc;
    }

    /** kᵢ·P for every scalar, in affine form (see the class comment). */
    List<P> mulAll(Fr[] scalars) {
        int n = scalars.length;
        byte[][] digits = new byte[n][];
        for (int i = 0; i < n; i++) {
            digits[i] = scalars[i].toBytesLE();
        }
        List<F> x = new ArrayList<>(java.util.Collections.nCopies(n, (F) null)); // null: infinity
        List<F> y = new ArrayList<>(java.util.Collections.nCopies(n, (F) null));
        int[] todo = new int[n];
        List<F> den = new ArrayList<>(n);
        for (int j = 0; j < WINDOWS; j++) {
            int m = 0;
            den.clear();
            for (int i = 0; i < n; i++) {
                int d = digits[i][j] & 0xFF;
                if (d == 0) {
                    continue;
                }
                int t = j * DIGITS + d;
                if (x.get(i) == null) {
                    x.set(i, xs.get(t));
                    y.set(i, ys.get(t));
                    continue;
                }
                F dx = xs.get(t).sub(x.get(i));
                if (dx.isZero()) {
                    // P ± P: cannot happen for scalars below r (partial sums stay below r), handled anyway
                    P sum = affine.apply(x.get(i), y.get(i)).add(table.get(t)).toAffine();
                    x.set(i, sum.isInfinity() ? null : sum.affineX());
                    y.set(i, sum.isInfinity() ? null : sum.affineY());
                    continue;
                }
                todo[m++] = i;
                den.add(dx);
            }
            List<F> inv = batchInverse(den);
            for (int k = 0; k < m; k++) {
                int i = todo[k];
                int t = j * DIGITS + (digits[i][j] & 0xFF);
                F x1 = x.get(i), y1 = y.get(i);
                F lambda = ys.get(t).sub(y1).mul(inv.get(k));
                F x3 = lambda.square().sub(x1).sub(xs.get(t));
                y.set(i, lambda.mul(x1.sub(x3)).sub(y1));
                x.set(i, x3);
            }
        }
        List<P> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(x.get(i) == null ? infinity : affine.apply(x.get(i), y.get(i)));
        }
        return out;
    }

    /** The inverses of non-zero elements with one inversion. */
    private static <F extends FieldElement<F>> List<F> batchInverse(List<F> a) {
        int n = a.size();
        if (n == 0) {
            return List.of();
        }
        List<F> prefix = new ArrayList<>(n);
        F acc = a.getFirst();
        prefix.add(acc);
        for (int i = 1; i < n; i++) {
            acc = acc.mul(a.get(i));
            prefix.add(acc);
        }
        F inv = acc.inverse();
        Object[] out = new Object[n];
        for (int i = n - 1; i > 0; i--) {
            out[i] = inv.mul(prefix.get(i - 1));
            inv = inv.mul(a.get(i));
        }
        out[0] = inv;
        @SuppressWarnings("unchecked")
        List<F> result = (List<F>) (List<?>) Arrays.asList(out);
        return result;
    }
}
