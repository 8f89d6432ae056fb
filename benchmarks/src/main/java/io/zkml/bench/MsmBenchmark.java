package io.zkml.bench;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.prover.backend.ProverBackend;
import io.zkml.prover.backend.ProverBackends;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Multi-scalar multiplication Σ kᵢ·Pᵢ of each backend over 2^log2n points, G1 and G2, bases and scalars
 * off-heap in snarkjs's layouts, on all cores (the backend's default).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--enable-native-access=ALL-UNNAMED"})
public class MsmBenchmark {

    @Param({"10", "12", "14", "16", "18", "20"})
    int log2n;

    /** java: the pure-Java backend; native: libzkml through JNA (needs the library, built by the Maven build with cmake and g++). */
    @Param({"java", "native"})
    String backendName;

    ProverBackend backend;
    Arena arena;
    MemorySegment g1Bases, g2Bases, scalars;
    int n;

    @Setup(Level.Trial)
    public void setup() {
        n = 1 << log2n;
        Random rnd = new Random(log2n);
        arena = Arena.ofShared();
        g1Bases = BenchInputs.g1Bases(arena, n, rnd);
        g2Bases = BenchInputs.g2Bases(arena, n, rnd);
        scalars = BenchInputs.scalars(arena, n, rnd);
        backend = ProverBackends.open(backendName);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
        arena.close();
    }

    @Benchmark
    public G1 msmG1() {
        return backend.msmG1(g1Bases, scalars, n);
    }

    @Benchmark
    public G2 msmG2() {
        return backend.msmG2(g2Bases, scalars, n);
    }
}
