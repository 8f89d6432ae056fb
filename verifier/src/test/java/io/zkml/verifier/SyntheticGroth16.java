package io.zkml.verifier;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import io.zkml.core.groth16.VerifyingKey;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Valid Groth16 instances for any number of public signals, made from known discrete logarithms rather than
 * a circuit: with α, β, γ, δ, ICᵢ = [icᵢ]₁, A = [a]₁, B = [b]₂ random, C = [c]₁ where
 * a·b = α·β + v·γ + c·δ and v = ic₀ + Σ sᵢ·icᵢ₊₁. Independent of snarkjs and of our prover, so the
 * verifier is tested against the equation itself.
 */
public record SyntheticGroth16(VerifyingKey vk, Proof proof, List<BigInteger> publicSignals) {

    public static SyntheticGroth16 random(Random rnd, int nPublic) {
        Fr alpha = nonZero(rnd), beta = nonZero(rnd), gamma = nonZero(rnd), delta = nonZero(rnd);
        Fr a = nonZero(rnd), b = nonZero(rnd);
        List<G1> ic = new ArrayList<>();
        List<BigInteger> signals = new ArrayList<>();
        Fr v = Fr.ZERO;
        for (int i = 0; i <= nPublic; i++) {
            Fr ici = nonZero(rnd);
            ic.add(G1.GENERATOR.mul(ici));
            if (i == 0) {
                v = ici;
            } else {
                Fr s = i == 1 ? Fr.ONE.neg() : Fr.of(new BigInteger(254, rnd)); // r − 1 is an edge case worth having
                signals.add(s.toBigInteger());
                v = v.add(s.mul(ici));
            }
        }
        Fr c = a.mul(b).sub(alpha.mul(beta)).sub(v.mul(gamma)).mul(delta.inverse());
        VerifyingKey vk = new VerifyingKey(G1.GENERATOR.mul(alpha), G2.GENERATOR.mul(beta), G2.GENERATOR.mul(gamma),
                G2.GENERATOR.mul(delta), ic);
        Proof proof = new Proof(G1.GENERATOR.mul(a), G2.GENERATOR.mul(b), G1.GENERATOR.mul(c));
        return new SyntheticGroth16(vk, proof, List.copyOf(signals));
    }

    private static Fr nonZero(Random rnd) {
        Fr x;
        do {
            x = Fr.of(new BigInteger(256, rnd));
        } while (x.isZero());
        return x;
    }
}
