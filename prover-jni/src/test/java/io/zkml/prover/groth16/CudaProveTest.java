package io.zkml.prover.groth16;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.testing.SnarkjsFixtures;
import io.zkml.core.wtns.Witness;
import io.zkml.core.wtns.WtnsReader;
import io.zkml.core.zkey.Zkey;
import io.zkml.prover.backend.CudaBackend;
import io.zkml.prover.backend.NativeBackend;
import io.zkml.prover.backend.NativeLibrary;
import io.zkml.prover.backend.PreparedKey;
import io.zkml.prover.backend.ProgressListener;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole proofs on the GPU with the key resident on the device: byte for byte those of the native CPU backend for the
 * same r and s, verified through the proving context, progress and cancellation, and device memory freed when the
 * context closes. Tagged {@code gpu}: skipped, with the reason, where no CUDA device is usable.
 */
@Tag("gpu")
class CudaProveTest {

    private static CudaBackend cuda() {
        NativeLibrary.require();
        assumeTrue(CudaBackend.isAvailable(), () -> "no CUDA device: " + CudaBackend.unavailableReason().orElse(""));
        return new CudaBackend();
    }

    private static Witness witness(String circuit) {
        return WtnsReader.read(circuit + ".wtns", SnarkjsFixtures.bytes(circuit + ".wtns"));
    }

    private static Zkey zkey(String circuit) {
        return Zkey.read(circuit + ".zkey", SnarkjsFixtures.bytes(circuit + ".zkey"));
    }

    private static void assertSameAsTheCpu(CudaBackend gpu, ProvingContext ctx, Witness w) {
        try (NativeBackend cpu = new NativeBackend(); PreparedKey resident = gpu.prepare(ctx.key())) {
            for (Fr[] rs : new Fr[][] {{Fr.of(123456789), Fr.of(987654321)}, {Fr.ONE.neg(), Fr.ONE}, {Fr.ZERO, Fr.ZERO}}) {
                Proof want = cpu.prove(ctx.key(), NativeProveTest.values(w), rs[0], rs[1], ProgressListener.NONE, new AtomicBoolean());
                Proof got = resident.prove(NativeProveTest.values(w), rs[0], rs[1], ProgressListener.NONE, new AtomicBoolean());
                assertThat(got).as("r = %s, s = %s", rs[0], rs[1]).isEqualTo(want);
                assertThat(gpu.prove(ctx.key(), NativeProveTest.values(w), rs[0], rs[1], ProgressListener.NONE, new AtomicBoolean()))
                        .isEqualTo(want);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"square_chain", "five_public"})
    void snarkjsKeysProveOnTheGpuAsOnTheCpu(String circuit) {
        try (CudaBackend gpu = cuda(); ProvingContext ctx = ProvingContext.of(zkey(circuit), null, gpu)) {
            Witness w = witness(circuit);
            assertSameAsTheCpu(gpu, ctx, w);
            assertThat(ctx.prove(w).publicSignals()).isEqualTo(w.values().subList(1, 1 + ctx.key().nPublic()));
        }
    }

    @Test
    void aMappedKeyOf2To12ConstraintsProvesOnTheGpuAsOnTheCpu(@TempDir Path dir) throws Exception {
        int n = 1 << 12;
        CudaBackend gpu = cuda();
        R1cs r1cs = NativeProveTest.squareChain(n);
        Witness w = NativeProveTest.squareChainWitness(n);
        Path file = dir.resolve("chain.zkey");
        Setup.development(r1cs, new SecureRandom()).write(file);
        try (gpu; ProvingContext ctx = ProvingContext.open(file, r1cs, gpu)) {
            assertSameAsTheCpu(gpu, ctx, w);
            ctx.prove(w);
            Witness wrong = w.with(5, w.get(5).add(Fr.ONE));
            assertThatThrownBy(() -> ctx.prove(wrong)).isInstanceOf(InvalidWitnessException.class);
        }
    }

    @Test
    void theContextKeepsTheKeyOnTheDeviceUntilItCloses(@TempDir Path dir) throws Exception {
        int n = 1 << 14;
        CudaBackend gpu = cuda();
        R1cs r1cs = NativeProveTest.squareChain(n);
        Path file = dir.resolve("chain.zkey");
        Setup.development(r1cs, new SecureRandom()).write(file);
        try (gpu) {
            long before = gpu.deviceMemory()[0];
            ProvingContext first = ProvingContext.open(file, r1cs, gpu);
            ProvingContext second = ProvingContext.open(file, r1cs, gpu);
            CudaBackend.DeviceMemory plan = CudaBackend.memoryFor(first.key().nVars(), first.key().nPublic(), first.key().domainSize(),
                    first.key().nCoefficients());
            assertThat(before - gpu.deviceMemory()[0]).as("two contexts on one device").isGreaterThanOrEqualTo(2 * plan.totalBytes());
            Witness w = NativeProveTest.squareChainWitness(n);
            first.prove(w);
            second.prove(w);
            first.close();
            second.close();
            assertThat(gpu.deviceMemory()[0]).as("freed on close").isGreaterThanOrEqualTo(before - (64L << 20));
            assertThatThrownBy(() -> first.prove(w)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void progressRisesToOneAndCancellationStopsTheProof() {
        try (CudaBackend gpu = cuda(); ProvingContext ctx = ProvingContext.of(zkey("square_chain"), null, gpu)) {
            NativeProveTest.assertProgressAndCancellation(ctx, witness("square_chain"));
        }
    }
}
