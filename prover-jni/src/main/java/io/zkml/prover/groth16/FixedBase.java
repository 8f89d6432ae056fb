package io.zkml.prover.groth16;

import io.zkml.core.curve.CurvePoint;
import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.FieldElement;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import io.zkml.core.field.Fr;
import java.util.ArrayList;
import java.util.List;

/**
 * Fixed-base scalar multiplication k·P for one point P and many k: a table of d·2^(8j)·P for every byte
 * position j (32) and byte value d (1 … 255), in affine form, so that k·P is at most 32 mixed additions and no
 * doubling. The table costs 8160 additions and one inversion to build; it pays for itself after a few hundred
 * multiplications. Thread-safe once built.
 */
final class FixedBase<F extends FieldElement<F>, P extends CurvePoint<F, P>> {

    private static final int WINDOWS = 32;
    private static final int DIGITS = 256;

    private final P infinity;
    private final List<P> table; // [window * 256 + digit], digit 0 unused

    private FixedBase(P base) {
        this.infinity = base.infinity();
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
    }

    static FixedBase<Fp, G1> of(G1 base) {
        return new FixedBase<>(base);
    }

    static FixedBase<Fp2, G2> of(G2 base) {
        return new FixedBase<>(base);
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
}
