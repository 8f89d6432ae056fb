package io.zkml.prover.groth16;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.encoding.G1Points;
import io.zkml.core.encoding.G2Points;
import io.zkml.core.encoding.PointArray;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import io.zkml.core.field.Fr;
import io.zkml.core.ptau.Ptau;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;

/**
 * A prepared powers-of-tau file from a τ, α, β drawn here, for tests that need a larger ptau than the fixtures
 * (snarkjs's {@code prepare phase2} at power 17 takes most of an hour on a small machine). The Lagrange sections
 * hold what snarkjs's preparation computes: [Lᵢ(τ)] for every domain of size 2^k, where for k = power + 1 the
 * basis comes from the 2N − 1 powers and a zero (Lᵢ(τ) − ωⁱ·τ^(2N−1)/2N). No contributions are recorded.
 */
final class DevelopmentPtau {

    private DevelopmentPtau() {
    }

    static Ptau generate(int power, SecureRandom random) {
        Fr tau = Fr.of(new BigInteger(384, random)), alpha = Fr.of(new BigInteger(384, random)), beta = Fr.of(new BigInteger(384, random));
        int n = 1 << power;
        Fr[] powers = new Fr[2 * n];
        powers[0] = Fr.ONE;
        for (int i = 1; i < 2 * n; i++) {
            powers[i] = powers[i - 1].mul(tau);
        }
        FixedBase<Fp, G1> g1 = FixedBase.of(G1.GENERATOR);
        FixedBase<Fp2, G2> g2 = FixedBase.of(G2.GENERATOR);
        G1Points tauG1 = Setup.fixedBase("tauG1", g1, 2 * n - 1, i -> powers[i]);
        G2Points tauG2 = Setup.fixedBaseG2("tauG2", g2, n, i -> powers[i]);
        G1Points alphaTauG1 = Setup.fixedBase("alphaTauG1", g1, n, i -> alpha.mul(powers[i]));
        G1Points betaTauG1 = Setup.fixedBase("betaTauG1", g1, n, i -> beta.mul(powers[i]));
        G2Points betaG2 = Setup.fixedBaseG2("betaG2", g2, 1, i -> beta);

        // the bases of sizes 1, 2, 4, …, one after the other
        Fr[] lagrange = new Fr[(1 << (power + 2)) - 1];
        for (int k = 0; k <= power + 1; k++) {
            Fr[] l = Domain.lagrangeAt(tau, k);
            int m = 1 << k;
            if (k == power + 1) {
                Fr w = Domain.rootOfUnity(k), wi = Fr.ONE, top = powers[m - 1].mul(Fr.of(m).inverse());
                for (int i = 0; i < m; i++) {
                    l[i] = l[i].sub(wi.mul(top));
                    wi = wi.mul(w);
                }
            }
            System.arraycopy(l, 0, lagrange, m - 1, m);
        }
        int small = (1 << (power + 1)) - 1;
        G1Points l1 = Setup.fixedBase("tauG1 Lagrange", g1, lagrange.length, i -> lagrange[i]);
        G2Points l2 = Setup.fixedBaseG2("tauG2 Lagrange", g2, small, i -> lagrange[i]);
        G1Points la = Setup.fixedBase("alphaTauG1 Lagrange", g1, small, i -> alpha.mul(lagrange[i]));
        G1Points lb = Setup.fixedBase("betaTauG1 Lagrange", g1, small, i -> beta.mul(lagrange[i]));
        List<PointArray<?>> prepared = List.of(l1, l2, la, lb);
        return Ptau.of(power, power, tauG1, tauG2, alphaTauG1, betaTauG1, betaG2, List.of(), prepared);
    }
}
