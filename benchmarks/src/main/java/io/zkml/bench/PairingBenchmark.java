package io.zkml.bench;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.verifier.pairing.Fp12;
import io.zkml.verifier.pairing.Pairing;
import io.zkml.verifier.pairing.PreparedG2;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The BN254 pairing: one full pairing, its two halves, preparing a G2 point, and the Groth16-shaped check
 * e(A, B)·e(−α, β)·e(−L, γ)·e(−C, δ) = 1 with β, γ, δ prepared once ({@code PreparedG2.of}) and B per call ({@code PreparedG2.forSingleUse}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PairingBenchmark {

    private G1 p;
    private G2 q;
    private PreparedG2 qPrepared;
    private Fp12 millerValue;
    private List<G1> ps;
    private G2 b;
    private PreparedG2 beta, gamma, delta;

    @Setup
    public void setup() {
        p = G1.GENERATOR.mul(new BigInteger("1234567891234567891234567891"));
        q = G2.GENERATOR.mul(new BigInteger("9876543219876543219876543219")).toAffine();
        qPrepared = PreparedG2.of(q);
        millerValue = Pairing.millerLoop(List.of(p), List.of(qPrepared));

        // a product that is 1: a·b − α·β − l·γ − c·δ = 0 in the exponent
        BigInteger a = BigInteger.valueOf(1001), bb = BigInteger.valueOf(2002), alpha = BigInteger.valueOf(3003),
                betaK = BigInteger.valueOf(4004), l = BigInteger.valueOf(5005), gammaK = BigInteger.valueOf(6006),
                deltaK = BigInteger.valueOf(7007);
        BigInteger r = io.zkml.core.field.Fr.MODULUS;
        BigInteger c = a.multiply(bb).subtract(alpha.multiply(betaK)).subtract(l.multiply(gammaK))
                .multiply(deltaK.modInverse(r)).mod(r);
        ps = List.of(G1.generatorTimes(a), G1.generatorTimes(alpha).neg(), G1.generatorTimes(l).neg(),
                G1.generatorTimes(c).neg().toAffine());
        b = G2.generatorTimes(bb).toAffine();
        beta = PreparedG2.of(G2.generatorTimes(betaK));
        gamma = PreparedG2.of(G2.generatorTimes(gammaK));
        delta = PreparedG2.of(G2.generatorTimes(deltaK));
        if (!productCheck4()) {
            throw new IllegalStateException("the benchmark's product should be 1");
        }
    }

    @Benchmark
    public Fp12 pair() {
        return Pairing.pair(p, q);
    }

    /** The Miller loop of one pair whose G2 point is prepared. */
    @Benchmark
    public Fp12 millerLoopPrepared() {
        return Pairing.millerLoop(List.of(p), List.of(qPrepared));
    }

    @Benchmark
    public Fp12 finalExponentiation() {
        return Pairing.finalExponentiation(millerValue);
    }

    @Benchmark
    public PreparedG2 prepareG2() {
        return PreparedG2.of(q);
    }

    /** Four pairs, three of them with prepared G2 points. */
    @Benchmark
    public boolean productCheck4() {
        return Pairing.productIsOne(ps, List.of(PreparedG2.forSingleUse(b), beta, gamma, delta));
    }
}
