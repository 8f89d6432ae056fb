package io.zkml.prover.backend;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.ForkJoinPool;

/**
 * The Groth16 prover of {@link JavaBackend}, the construction of snarkjs's {@code groth16_prove.js} and
 * rapidsnark:
 * <ol>
 *   <li>A·w and B·w at every constraint from the coefficient records (Montgomery product of c·R² and the plain
 *       wᵢ is c·wᵢ in Montgomery form), and C·w = (A·w)∘(B·w) (the key stores no C coefficients);
 *   <li>for each of the three: an inverse NTT to coefficients, a scaling by (1/n)·gⁱ with g the coset shift
 *       ({@link RootsOfUnity#proverCosetShift}), and a forward NTT: the evaluations at the odd points of the
 *       doubled domain, where hⱼ = A(xⱼ)·B(xⱼ) − C(xⱼ) is what the key's H points expect (they absorb the
 *       division by Z);
 *   <li>the MSMs A = Σ wᵢAᵢ, B1 = Σ wᵢB1ᵢ, B2 = Σ wᵢB2ᵢ, C = Σ_{private} wᵢCᵢ, H = Σ hⱼHⱼ, and
 *       πA = α₁ + A + r·δ₁, πB = β₂ + B2 + s·δ₂, πC = C + H + s·πA + r·(β₁ + B1 + s·δ₁) − r·s·δ₁.
 * </ol>
 */
final class JavaProver {

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LE = Msm.LE;

    private JavaProver() {
    }

    static Proof prove(ForkJoinPool pool, KeySegments key, MemorySegment witness, Fr r, Fr s, Monitor monitor) {
        final int nVars = key.nVars(), nPublic = key.nPublic(), n = key.domainSize(), log2n = key.log2Domain();
        BackendInputs.checkWitness(key, witness);
        for (int i = 0; i < nVars; i++) {
            long off = (long) i * Msm.SCALAR_BYTES;
            if (!FrOps.lessThanModulus(witness.get(LE, off), witness.get(LE, off + 8), witness.get(LE, off + 16), witness.get(LE, off + 24))) {
                throw new IllegalArgumentException("witness value " + i + " is not below r");
            }
        }
        // shares of the whole proof, for progress: G1 MSMs cost ~ points, G2 ~ 3 × points
        double wQap = 0.02 * n, wNtt = 0.15 * n, wA = nVars, wB1 = nVars, wB2 = 3.0 * nVars, wC = nVars - nPublic - 1.0, wH = n;
        double total = wQap + wNtt + wA + wB1 + wB2 + wC + wH;
        Stage stage = new Stage(monitor, total);

        // 1. A·w, B·w, C·w per constraint
        stage.start("qap", wQap);
        long[] a = new long[4 * n], b = new long[4 * n];
        buildAB(key, witness, a, b);
        long[] c = new long[4 * n];
        Parallel.forRange(pool, n, monitor, (from, to) -> {
            for (int i = from; i < to; i++) {
                FrOps.mul(c, 4 * i, a, 4 * i, b, 4 * i);
            }
        });
        stage.fraction(1);

        // 2. to the coset
        stage.start("ntt", wNtt);
        Fr nInv = Fr.of(n).inverse();
        Fr shift = RootsOfUnity.proverCosetShift(log2n);
        long[][] polys = {a, b, c};
        for (int k = 0; k < 3; k++) {
            long[] p = polys[k];
            Ntt.transform(pool, p, log2n, true, monitor);
            Ntt.scaleByPowers(pool, p, nInv, shift, monitor);
            Ntt.transform(pool, p, log2n, false, monitor);
            stage.fraction((k + 1) / 3.0);
        }
        // h = A·B − C on the coset, as plain scalars for the MSM
        MemorySegment h = MemorySegment.ofArray(new long[4 * n]);
        final long[] plainOne = {1, 0, 0, 0};
        Parallel.forRange(pool, n, monitor, (from, to) -> {
            long[] t = new long[4];
            for (int i = from; i < to; i++) {
                FrOps.mul(t, 0, a, 4 * i, b, 4 * i);
                FrOps.sub(t, 0, t, 0, c, 4 * i);
                FrOps.mul(t, 0, t, 0, plainOne, 0);
                for (int k = 0; k < 4; k++) {
                    h.setAtIndex(LE, 4L * i + k, t[k]);
                }
            }
        });

        // 3. the MSMs
        stage.start("msm A", wA);
        G1 msmA = Points.g1(Msm.run(Msm.Group.G1, pool, key.pointsA(), witness, nVars, monitor, stage::fraction));
        stage.start("msm B1", wB1);
        G1 msmB1 = Points.g1(Msm.run(Msm.Group.G1, pool, key.pointsB1(), witness, nVars, monitor, stage::fraction));
        stage.start("msm B2", wB2);
        G2 msmB2 = Points.g2(Msm.run(Msm.Group.G2, pool, key.pointsB2(), witness, nVars, monitor, stage::fraction));
        stage.start("msm C", wC);
        MemorySegment privateWitness = witness.asSlice((long) (nPublic + 1) * Msm.SCALAR_BYTES);
        G1 msmC = Points.g1(Msm.run(Msm.Group.G1, pool, key.pointsC(), privateWitness, nVars - nPublic - 1, monitor, stage::fraction));
        stage.start("msm H", wH);
        G1 msmH = Points.g1(Msm.run(Msm.Group.G1, pool, key.pointsH(), h, n, monitor, stage::fraction));

        // 4. blinding
        monitor.checkCancelled();
        G1 piA = msmA.add(key.alpha1()).add(key.delta1().mul(r));
        G2 piB = msmB2.add(key.beta2()).add(key.delta2().mul(s));
        G1 piB1 = msmB1.add(key.beta1()).add(key.delta1().mul(s));
        G1 piC = msmC.add(msmH).add(piA.mul(s)).add(piB1.mul(r)).add(key.delta1().mul(r.mul(s).neg()));
        monitor.progress("done", 1.0);
        return new Proof(piA.toAffine(), piB.toAffine(), piC.toAffine());
    }

    /** Accumulates every coefficient record into A (matrix 0) or B (matrix 1) at its constraint. */
    static void buildAB(KeySegments key, MemorySegment witness, long[] a, long[] b) {
        MemorySegment coeffs = key.coefficients();
        int nCoef = key.nCoefficients(), n = key.domainSize(), nVars = key.nVars();
        long[] value = new long[4], w = new long[4], prod = new long[4];
        for (int k = 0; k < nCoef; k++) {
            long off = (long) k * KeySegments.COEFFICIENT_BYTES;
            int matrix = coeffs.get(U32, off);
            int constraint = coeffs.get(U32, off + 4);
            int signal = coeffs.get(U32, off + 8);
            if ((matrix != 0 && matrix != 1) || Integer.compareUnsigned(constraint, n) >= 0 || Integer.compareUnsigned(signal, nVars) >= 0) {
                throw new IllegalArgumentException("coefficient record " + k + " (matrix " + Integer.toUnsignedString(matrix)
                        + ", constraint " + Integer.toUnsignedString(constraint) + ", signal " + Integer.toUnsignedString(signal)
                        + ") lies outside the key's " + n + " constraints and " + nVars + " wires");
            }
            MemorySegment.copy(coeffs, LE, off + 12, value, 0, 4);
            if (!FrOps.isCanonical(value, 0)) {
                throw new IllegalArgumentException("coefficient record " + k + ": value not below r");
            }
            MemorySegment.copy(witness, LE, (long) signal * Msm.SCALAR_BYTES, w, 0, 4);
            FrOps.mul(prod, 0, value, 0, w, 0);
            long[] target = matrix == 0 ? a : b;
            FrOps.add(target, 4 * constraint, target, 4 * constraint, prod, 0);
        }
    }

    /** Turns each stage's own fraction into the fraction of the whole proof. */
    private static final class Stage {
        private final Monitor monitor;
        private final double total;
        private double before;
        private double weight;
        private String name = "";

        Stage(Monitor monitor, double total) {
            this.monitor = monitor;
            this.total = total;
        }

        void start(String name, double weight) {
            this.before += this.weight;
            this.weight = weight;
            this.name = name;
            monitor.checkCancelled();
            monitor.progress(name, before / total);
        }

        void fraction(double f) {
            monitor.progress(name, (before + f * weight) / total);
        }
    }
}
