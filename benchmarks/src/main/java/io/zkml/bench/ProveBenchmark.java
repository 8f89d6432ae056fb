package io.zkml.bench;

import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.wtns.Witness;
import io.zkml.core.zkey.Zkey;
import io.zkml.prover.backend.ProverBackend;
import io.zkml.prover.backend.ProverBackends;
import io.zkml.prover.backend.ProgressListener;
import io.zkml.prover.groth16.ProofWithSignals;
import io.zkml.prover.groth16.ProvingContext;
import io.zkml.prover.groth16.Setup;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A whole Groth16 proof with each backend for the peer-comparison circuit ({@link SquareChain}, 2^log2n
 * squarings, one public output; a domain of 2^(log2n+1)), the key memory-mapped from a {@code .zkey} file.
 * {@code prove} is what {@code zkml prove} does after loading (without {@code --r1cs}): witness to proof, verified
 * before it is returned;
 * {@code backendOnly} is the backend's part alone (fixed r, s; no verification).
 *
 * <p>The key is a development key ({@link Setup#development}, random τ; snarkjs's setup would need a 2^17 ptau),
 * made once and kept in the temporary directory as {@code zkml-bench-square-chain-<log2n>.zkey}. Larger circuits:
 * {@code -p log2n=16,18,20} (the first run makes their keys, minutes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "--enable-native-access=ALL-UNNAMED"})
public class ProveBenchmark {

    @Param({"16"})
    int log2n;

    /** java: the pure-Java backend; native: libzkml through JNA (needs the library, built by the Maven build with cmake and g++). */
    @Param({"java", "native"})
    String backendName;

    ProverBackend backend;
    ProvingContext context;
    Witness witness;
    MemorySegment witnessValues;

    @org.openjdk.jmh.annotations.Setup(Level.Trial)
    public void setup() throws IOException {
        int n = 1 << log2n;
        R1cs r1cs = SquareChain.r1cs(n);
        witness = SquareChain.witness(n, Fr.of(3));
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "zkml-bench-square-chain-" + log2n + ".zkey");
        backend = ProverBackends.open(backendName);
        // no R1CS in the context: rapidsnark and snarkjs do not check the witness against the constraints either
        try {
            context = ProvingContext.open(file, backend);
        } catch (IOException | RuntimeException missingOrStale) {
            Zkey key = Setup.development(r1cs, new SecureRandom());
            Path tmp = Files.createTempFile(file.getParent(), "zkml-bench", ".zkey.tmp");
            key.write(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            context = ProvingContext.open(file, backend);
        }
        byte[] values = new byte[32 * witness.size()];
        for (int i = 0; i < witness.size(); i++) {
            System.arraycopy(witness.get(i).toBytesLE(), 0, values, 32 * i, 32);
        }
        witnessValues = MemorySegment.ofArray(values);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        context.close();
        backend.close();
    }

    @Benchmark
    public ProofWithSignals prove() {
        return context.prove(witness);
    }

    @Benchmark
    public Proof backendOnly() {
        return backend.prove(context.key(), witnessValues, Fr.of(5), Fr.of(7), ProgressListener.NONE, new AtomicBoolean());
    }
}
