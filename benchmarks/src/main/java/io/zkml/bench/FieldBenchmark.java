package io.zkml.bench;

import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import io.zkml.verifier.pairing.Fp12;
import io.zkml.verifier.pairing.Fp6;
import java.math.BigInteger;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Products in the BN254 base field and its extensions F_p², F_p¹² (random operands). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FieldBenchmark {

    private Fp fa, fb;
    private Fp2 f2a, f2b;
    private Fp12 f12a, f12b;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(42);
        fa = randomFp(rnd);
        fb = randomFp(rnd);
        f2a = new Fp2(randomFp(rnd), randomFp(rnd));
        f2b = new Fp2(randomFp(rnd), randomFp(rnd));
        f12a = randomFp12(rnd);
        f12b = randomFp12(rnd);
    }

    static Fp randomFp(SplittableRandom rnd) {
        byte[] bytes = new byte[40];
        rnd.nextBytes(bytes);
        return Fp.of(new BigInteger(1, bytes));
    }

    static Fp12 randomFp12(SplittableRandom rnd) {
        Fp2[] c = new Fp2[6];
        for (int i = 0; i < 6; i++) {
            c[i] = new Fp2(randomFp(rnd), randomFp(rnd));
        }
        return new Fp12(new Fp6(c[0], c[1], c[2]), new Fp6(c[3], c[4], c[5]));
    }

    @Benchmark
    public Fp fpMul() {
        return fa.mul(fb);
    }

    @Benchmark
    public Fp fpSquare() {
        return fa.square();
    }

    @Benchmark
    public Fp fpAdd() {
        return fa.add(fb);
    }

    @Benchmark
    public Fp fpInverse() {
        return fa.inverse();
    }

    @Benchmark
    public Fp2 fp2Mul() {
        return f2a.mul(f2b);
    }

    @Benchmark
    public Fp2 fp2Square() {
        return f2a.square();
    }

    @Benchmark
    public Fp12 fp12Mul() {
        return f12a.mul(f12b);
    }

    @Benchmark
    public Fp12 fp12Square() {
        return f12a.square();
    }
}
