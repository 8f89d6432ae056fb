package io.zkml.core.encoding;

import io.zkml.core.curve.G2;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;

/** Points that tests need and the curve code does not offer. */
public final class TestPoints {

    private TestPoints() {
    }

    /** A point on the G2 twist that is not in the order-r subgroup (the twist's cofactor is large). */
    public static G2 twistPointOutsideG2() {
        for (int i = 1; ; i++) {
            Fp2 x = new Fp2(Fp.of(i), Fp.ONE);
            Fp2 y = x.square().mul(x).add(G2.B).sqrt();
            if (y != null) {
                G2 p = G2.affine(x, y);
                if (p.isOnCurve() && !p.isInSubgroup()) {
                    return p;
                }
            }
        }
    }
}
