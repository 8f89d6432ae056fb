package io.zkml.prover.ceremony;

import io.zkml.core.encoding.G1Points;
import io.zkml.core.encoding.G2Points;
import io.zkml.core.encoding.PointArray;
import io.zkml.core.ptau.Ptau;
import io.zkml.prover.backend.GroupBatch;
import java.util.List;

/**
 * {@code snarkjs powersoftau prepare phase2}: the Lagrange-basis sections 12 … 15 that Groth16 setup reads. For a
 * domain of size m = 2^k with root ω, [Lᵢ(τ)] = (1/m)·Σⱼ ω^(−ij)·[τʲ]: an inverse FFT over the group, of the
 * first m points of the powers section, for every k from 0 to power (and, for tauG1, k = power + 1 over its
 * 2N − 1 powers and a zero), computed by {@link GroupBatch#inverseFftG1} (the twiddle multiplications dominate:
 * m/2·log₂m of them per basis).
 */
public final class PreparePhase2 {

    private PreparePhase2() {
    }

    /** The file with sections 12 … 15 (recomputed if already there). */
    public static Ptau prepare(Ptau ptau) {
        int power = ptau.power();
        G1Points lTau1 = g1Bases("tauG1 in Lagrange bases", ptau.tauG1(), power + 1);
        G2Points lTau2 = g2Bases("tauG2 in Lagrange bases", ptau.tauG2(), power);
        G1Points lAlpha = g1Bases("alphaTauG1 in Lagrange bases", ptau.alphaTauG1(), power);
        G1Points lBeta = g1Bases("betaTauG1 in Lagrange bases", ptau.betaTauG1(), power);
        List<PointArray<?>> prepared = List.of(lTau1, lTau2, lAlpha, lBeta);
        return Ptau.of(power, ptau.ceremonyPower(), ptau.tauG1(), ptau.tauG2(), ptau.alphaTauG1(), ptau.betaTauG1(), ptau.betaG2Points(),
                ptau.contributions(), prepared);
    }

    private static G1Points g1Bases(String name, G1Points powers, int maxK) {
        G1Points.Builder out = new G1Points.Builder(name, (2L << maxK) - 1);
        for (int k = 0; k <= maxK; k++) {
            GroupBatch.inverseFftG1(powers, k, out, (1L << k) - 1);
        }
        return out.build();
    }

    private static G2Points g2Bases(String name, G2Points powers, int maxK) {
        G2Points.Builder out = new G2Points.Builder(name, (2L << maxK) - 1);
        for (int k = 0; k <= maxK; k++) {
            GroupBatch.inverseFftG2(powers, k, out, (1L << k) - 1);
        }
        return out.build();
    }
}
