package io.zkml.bench;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import java.math.BigInteger;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** BN254 group operations: G1 additions of Jacobian points (Z ≠ 1 on both sides) and of a Jacobian and an affine point. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CurveBenchmark {

    private G1 p, q, affine;
    private G2 p2, q2;

    @Setup
    public void setup() {
        p = G1.GENERATOR.mul(new BigInteger("123456789123456789123456789"));
        q = G1.GENERATOR.mul(new BigInteger("987654321987654321987654321"));
        affine = q.toAffine();
        p2 = G2.GENERATOR.mul(BigInteger.valueOf(12345));
        q2 = G2.GENERATOR.mul(BigInteger.valueOf(67890));
    }

    @Benchmark
    public G1 g1Add() {
        return p.add(q);
    }

    @Benchmark
    public G1 g1AddMixed() {
        return p.add(affine);
    }

    @Benchmark
    public G1 g1Double() {
        return p.dbl();
    }

    @Benchmark
    public G2 g2Add() {
        return p2.add(q2);
    }
}
