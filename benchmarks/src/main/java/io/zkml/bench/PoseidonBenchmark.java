package io.zkml.bench;

import io.zkml.core.field.Fr;
import io.zkml.core.hash.Poseidon;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Poseidon hashes per second over random inputs: circomlib's widths (1 to 16 inputs, one permutation each) and a
 * 1000-element tensor under the chaining rule (63 permutations of width 17), as {@code zkml commit} hashes it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PoseidonBenchmark {

    @Param({"1", "2", "4", "8", "16", "1000"})
    public int inputs;

    private List<Fr> values;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(42);
        values = new ArrayList<>(inputs);
        for (int i = 0; i < inputs; i++) {
            byte[] bytes = new byte[40];
            rnd.nextBytes(bytes);
            values.add(Fr.of(new BigInteger(1, bytes)));
        }
        Poseidon.hash(values); // the parameters are generated once, outside the measurement
    }

    @Benchmark
    public Fr hash() {
        return Poseidon.hash(values);
    }
}
