package io.zkml.prover.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fr;
import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The CUDA backend against the native CPU backend, element by element: MSM in G1 and G2 on random and edge inputs
 * (zero scalars, r − 1, repeated bases, the point at infinity, sizes not a power of two) and the NTT, inverse and
 * coset transforms. Tagged {@code gpu}: without a usable device they are skipped, with the reason. The backend list
 * is checked on every machine.
 */
class CudaBackendTest {

    private static CudaBackend cuda() {
        NativeLibrary.require();
        assumeTrue(CudaBackend.isAvailable(), () -> "no CUDA device: " + CudaBackend.unavailableReason().orElse(""));
        return new CudaBackend();
    }

    @Test
    void theBackendListSaysWhyCudaIsOrIsNotAvailable() {
        List<ProverBackends.Status> statuses = ProverBackends.statuses();
        assertThat(statuses).extracting(ProverBackends.Status::name).containsExactly("cuda", "native", "java");
        ProverBackends.Status cuda = statuses.get(0);
        assertThat(cuda.available()).isEqualTo(CudaBackend.isAvailable());
        assertThat(cuda.detail()).isNotBlank();
        if (!cuda.available()) {
            assertThatThrownBy(() -> ProverBackends.open("cuda")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(cuda.detail());
        }
    }

    /** The device-memory plan of a proving context needs the library, not a device: runs wherever it loads. */
    @Test
    void theDeviceMemoryOfAKeyIsKnownWithoutADevice() {
        assumeTrue(ZkmlCudaNative.Holder.LIBRARY != null, () -> "libzkml_cuda does not load: " + ZkmlCudaNative.Holder.FAILURE);
        int nVars = 1 << 20, domain = 1 << 20;
        CudaBackend.DeviceMemory m = CudaBackend.memoryFor(nVars, 1, domain, 3L * domain);
        long points = (64L + 64 + 128 + 64) * nVars + 64L * domain;
        assertThat(m.residentBytes()).isGreaterThanOrEqualTo(points + 36L * 3 * domain).isLessThan(2 * points + 36L * 3 * domain);
        assertThat(m.workingBytes()).isGreaterThanOrEqualTo(32L * nVars + 3 * 32L * domain);
        assertThat(m.totalBytes()).isEqualTo(m.residentBytes() + m.workingBytes());
        assertThatThrownBy(() -> CudaBackend.memoryFor(5, 5, 8, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must exceed n_public");
        assertThatThrownBy(() -> CudaBackend.memoryFor(5, 1, 12, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("power of two");
    }

    private static List<BigInteger> edgeScalars(Random rnd, int n) {
        List<BigInteger> ks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ks.add(switch (i % 5) {
                case 0 -> BigInteger.ZERO;
                case 1 -> MsmTest.R_MINUS_1;
                default -> MsmTest.scalar(rnd);
            });
        }
        return ks;
    }

    @Test
    @Tag("gpu")
    void msmG1MatchesTheCpu() {
        try (CudaBackend gpu = cuda(); NativeBackend cpu = new NativeBackend()) {
            Random rnd = new Random(1);
            for (int n : new int[] {0, 1, 2, 3, 100, 1000, 4097}) {
                List<G1> ps = MsmTest.bases(rnd, n, G1.GENERATOR);
                List<BigInteger> ks = edgeScalars(rnd, n);
                MemorySegment b = MsmTest.g1Bytes(ps), k = MsmTest.scalarBytes(ks);
                assertThat(gpu.msmG1(b, k, n)).as("n = %d", n).isEqualTo(cpu.msmG1(b, k, n));
                List<BigInteger> zeros = Collections.nCopies(n, BigInteger.ZERO);
                assertThat(gpu.msmG1(b, MsmTest.scalarBytes(zeros), n)).isEqualTo(G1.INFINITY);
            }
            List<G1> repeated = new ArrayList<>(Collections.nCopies(500, G1.GENERATOR));
            repeated.set(7, G1.INFINITY);
            List<BigInteger> ks = edgeScalars(rnd, 500);
            MemorySegment b = MsmTest.g1Bytes(repeated), k = MsmTest.scalarBytes(ks);
            assertThat(gpu.msmG1(b, k, 500)).isEqualTo(cpu.msmG1(b, k, 500));
        }
    }

    @Test
    @Tag("gpu")
    void msmG2MatchesTheCpu() {
        try (CudaBackend gpu = cuda(); NativeBackend cpu = new NativeBackend()) {
            Random rnd = new Random(2);
            for (int n : new int[] {1, 5, 300}) {
                List<G2> ps = MsmTest.bases(rnd, n, G2.GENERATOR);
                List<BigInteger> ks = edgeScalars(rnd, n);
                MemorySegment b = MsmTest.g2Bytes(ps), k = MsmTest.scalarBytes(ks);
                assertThat(gpu.msmG2(b, k, n)).as("n = %d", n).isEqualTo(cpu.msmG2(b, k, n));
            }
        }
    }

    @Test
    @Tag("gpu")
    void nttMatchesTheCpu() {
        try (CudaBackend gpu = cuda(); NativeBackend cpu = new NativeBackend()) {
            Random rnd = new Random(3);
            Fr shift = Fr.of(7);
            for (int log2n : new int[] {0, 1, 4, 11, 16}) {
                Fr[] x = NttTest.random(rnd, 1 << log2n);
                MemorySegment g = NttTest.segment(x), c = NttTest.segment(x);
                gpu.ntt(g, log2n);
                cpu.ntt(c, log2n);
                assertThat(NttTest.values(g)).as("ntt 2^%d", log2n).containsExactly(NttTest.values(c));
                gpu.intt(g, log2n);
                assertThat(NttTest.values(g)).as("intt 2^%d", log2n).containsExactly(x);
                gpu.cosetNtt(g, log2n, shift);
                cpu.cosetNtt(c = NttTest.segment(x), log2n, shift);
                assertThat(NttTest.values(g)).as("coset ntt 2^%d", log2n).containsExactly(NttTest.values(c));
                gpu.cosetIntt(g, log2n, shift);
                assertThat(NttTest.values(g)).as("coset intt 2^%d", log2n).containsExactly(x);
            }
        }
    }
}
