package io.zkml.prover.backend;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;

/** Conversions between the long[] points of {@link CurveOps} and zk-core's {@link G1} and {@link G2}. */
final class Points {

    private Points() {
    }

    static G1 g1(long[] p) {
        return G1.jacobian(fp(p, 0), fp(p, 4), fp(p, 8));
    }

    static G2 g2(long[] p) {
        return G2.jacobian(fp2(p, 0), fp2(p, 8), fp2(p, 16));
    }

    private static Fp fp(long[] a, int o) {
        return Fp.fromMontgomeryLimbs(a[o], a[o + 1], a[o + 2], a[o + 3]);
    }

    private static Fp2 fp2(long[] a, int o) {
        return new Fp2(fp(a, o), fp(a, o + 4));
    }
}
