package io.zkml.bench;

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
 * Each backend's NTT over F_r, 2^log2n elements in place (off-heap, Montgomery form), forward and
 * inverse, on all cores. The prover runs six of them on a domain of twice the constraint count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--enable-native-access=ALL-UNNAMED"})
public class NttBenchmark {

    @Param({"10", "12", "14", "16", "18", "20", "22"})
    int log2n;

    /** java: the pure-Java backend; native: libzkml through JNA (needs the library, built by the Maven build with cmake and g++). */
    @Param({"java", "native"})
    String backendName;

    ProverBackend backend;
    Arena arena;
    MemorySegment values;

    @Setup(Level.Trial)
    public void setup() {
        arena = Arena.ofShared();
        values = BenchInputs.frVector(arena, 1 << log2n, new Random(log2n));
        backend = ProverBackends.open(backendName);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
        arena.close();
    }

    @Benchmark
    public MemorySegment ntt() {
        backend.ntt(values, log2n);
        return values;
    }

    @Benchmark
    public MemorySegment intt() {
        backend.intt(values, log2n);
        return values;
    }
}
