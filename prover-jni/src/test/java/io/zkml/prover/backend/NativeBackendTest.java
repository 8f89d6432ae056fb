package io.zkml.prover.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The native backend against the Java one (and the naive sums): MSM in G1 and G2, NTT, inverse and coset NTT, bad input. */
class NativeBackendTest {

    static NativeBackend nativeBackend;
    // its own Java backend (daemon threads): MsmTest closes its one after its tests
    static final JavaBackend JAVA = new JavaBackend(2);

    @BeforeAll
    @BeforeContainer
    static void load() {
        NativeLibrary.require();
        if (nativeBackend == null) {
            nativeBackend = new NativeBackend();
        }
    }

    static List<BigInteger> scalars(Random rnd, int n) {
        List<BigInteger> ks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ks.add(MsmTest.scalar(rnd));
        }
        return ks;
    }

    @Property(tries = 40)
    void g1MatchesJavaAndNaive(@ForAll @IntRange(max = 40) int n, @ForAll long seed) {
        Random rnd = new Random(seed);
        List<G1> ps = MsmTest.bases(rnd, n, G1.GENERATOR);
        List<BigInteger> ks = scalars(rnd, n);
        G1 expected = MsmTest.naive(G1.INFINITY, ps, ks);
        assertThat(nativeBackend.msmG1(MsmTest.g1Bytes(ps), MsmTest.scalarBytes(ks), n)).isEqualTo(expected);
        assertThat(JAVA.msmG1(MsmTest.g1Bytes(ps), MsmTest.scalarBytes(ks), n)).isEqualTo(expected);
    }

    @Property(tries = 12)
    void g2MatchesJavaAndNaive(@ForAll @IntRange(max = 12) int n, @ForAll long seed) {
        Random rnd = new Random(seed);
        List<G2> ps = MsmTest.bases(rnd, n, G2.GENERATOR);
        List<BigInteger> ks = scalars(rnd, n);
        G2 expected = MsmTest.naive(G2.INFINITY, ps, ks);
        assertThat(nativeBackend.msmG2(MsmTest.g2Bytes(ps), MsmTest.scalarBytes(ks), n)).isEqualTo(expected);
        assertThat(JAVA.msmG2(MsmTest.g2Bytes(ps), MsmTest.scalarBytes(ks), n)).isEqualTo(expected);
    }

    /** Sizes that are not powers of two and large enough for wide windows, many batches and several tasks. */
    @Test
    void largerMsmsEqualTheJavaBackend() {
        Random rnd = new Random(11);
        for (int n : new int[] {1, 3, 255, 1000, 4099}) {
            List<G1> ps = MsmTest.bases(rnd, n, G1.GENERATOR);
            List<BigInteger> ks = scalars(rnd, n);
            MemorySegment bases = MsmTest.g1Bytes(ps), scalars = MsmTest.scalarBytes(ks);
            assertThat(nativeBackend.msmG1(bases, scalars, n)).as("n = %d", n).isEqualTo(JAVA.msmG1(bases, scalars, n));
        }
        for (int n : new int[] {130, 601}) {
            List<G2> ps = MsmTest.bases(rnd, n, G2.GENERATOR);
            List<BigInteger> ks = scalars(rnd, n);
            MemorySegment bases = MsmTest.g2Bytes(ps), scalars = MsmTest.scalarBytes(ks);
            assertThat(nativeBackend.msmG2(bases, scalars, n)).as("n = %d", n).isEqualTo(JAVA.msmG2(bases, scalars, n));
        }
    }

    @Test
    void edgeMsms() {
        G1 p = G1.GENERATOR.mul(BigInteger.valueOf(12345)).toAffine();
        BigInteger rMinus1 = Fr.MODULUS.subtract(BigInteger.ONE);
        // n = 0, and n = 1 with 0, 1 and r − 1
        assertThat(nativeBackend.msmG1(MemorySegment.ofArray(new byte[0]), MemorySegment.ofArray(new byte[0]), 0)).isEqualTo(G1.INFINITY);
        assertThat(nativeBackend.msmG1(MsmTest.g1Bytes(List.of(p)), MsmTest.scalarBytes(List.of(BigInteger.ZERO)), 1)).isEqualTo(G1.INFINITY);
        assertThat(nativeBackend.msmG1(MsmTest.g1Bytes(List.of(p)), MsmTest.scalarBytes(List.of(BigInteger.ONE)), 1)).isEqualTo(p);
        assertThat(nativeBackend.msmG1(MsmTest.g1Bytes(List.of(p)), MsmTest.scalarBytes(List.of(rMinus1)), 1)).isEqualTo(p.neg());
        // all scalars zero; all bases at infinity; one base repeated (every bucket meets itself: doublings)
        List<G1> same = Collections.nCopies(700, p);
        assertThat(nativeBackend.msmG1(MsmTest.g1Bytes(same), MsmTest.scalarBytes(Collections.nCopies(700, BigInteger.ZERO)), 700))
                .isEqualTo(G1.INFINITY);
        assertThat(nativeBackend.msmG1(MsmTest.g1Bytes(Collections.nCopies(700, G1.INFINITY)),
                MsmTest.scalarBytes(Collections.nCopies(700, rMinus1)), 700)).isEqualTo(G1.INFINITY);
        List<BigInteger> ks = new ArrayList<>();
        BigInteger sum = BigInteger.ZERO;
        for (int i = 0; i < 700; i++) {
            ks.add(BigInteger.valueOf(i % 7));
            sum = sum.add(BigInteger.valueOf(i % 7));
        }
        assertThat(nativeBackend.msmG1(MsmTest.g1Bytes(same), MsmTest.scalarBytes(ks), 700)).isEqualTo(p.mul(sum));
        // P and −P with equal scalars cancel
        List<G2> pair = List.of(G2.GENERATOR, G2.GENERATOR.neg());
        assertThat(nativeBackend.msmG2(MsmTest.g2Bytes(pair), MsmTest.scalarBytes(List.of(rMinus1, rMinus1)), 2)).isEqualTo(G2.INFINITY);
        // native (off-heap) segments are passed without a copy
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment b = arena.allocate(64).copyFrom(MsmTest.g1Bytes(List.of(p)));
            MemorySegment k = arena.allocate(32).copyFrom(MsmTest.scalarBytes(List.of(BigInteger.TWO)));
            assertThat(nativeBackend.msmG1(b, k, 1)).isEqualTo(p.add(p));
        }
    }

    @Property(tries = 25)
    void nttAndItsVariantsEqualTheJavaBackend(@ForAll @IntRange(max = 11) int log2n, @ForAll long seed) {
        Random rnd = new Random(seed);
        Fr[] x = NttTest.random(rnd, 1 << log2n);
        Fr shift = Fr.of(new BigInteger(250, rnd)).add(Fr.ONE);
        for (int variant = 0; variant < 4; variant++) {
            MemorySegment a = NttTest.segment(x), b = NttTest.segment(x);
            switch (variant) {
                case 0 -> {
                    nativeBackend.ntt(a, log2n);
                    JAVA.ntt(b, log2n);
                }
                case 1 -> {
                    nativeBackend.intt(a, log2n);
                    JAVA.intt(b, log2n);
                }
                case 2 -> {
                    nativeBackend.cosetNtt(a, log2n, shift);
                    JAVA.cosetNtt(b, log2n, shift);
                }
                default -> {
                    nativeBackend.cosetIntt(a, log2n, shift);
                    JAVA.cosetIntt(b, log2n, shift);
                }
            }
            assertThat(NttTest.values(a)).as("variant %d, 2^%d", variant, log2n).containsExactly(NttTest.values(b));
        }
        // heap segments too, and the round trip
        byte[] heap = NttTest.segment(x).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        MemorySegment h = MemorySegment.ofArray(heap);
        nativeBackend.cosetNtt(h, log2n, shift);
        nativeBackend.cosetIntt(h, log2n, shift);
        assertThat(NttTest.values(h)).containsExactly(x);
    }

    @Test
    void badInputIsAnErrorWithAMessage() {
        byte[] tooLarge = new byte[32];
        java.util.Arrays.fill(tooLarge, (byte) 0xff);
        MemorySegment bases = MsmTest.g1Bytes(List.of(G1.GENERATOR, G1.GENERATOR));
        byte[] two = new byte[64];
        System.arraycopy(tooLarge, 0, two, 32, 32);
        assertThatThrownBy(() -> nativeBackend.msmG1(bases, MemorySegment.ofArray(two), 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scalar 1 is not below r");
        assertThatThrownBy(() -> nativeBackend.msmG1(bases, MemorySegment.ofArray(two), 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 bases need 192 bytes");
        assertThatThrownBy(() -> nativeBackend.msmG2(bases, MemorySegment.ofArray(two), -1)).isInstanceOf(IllegalArgumentException.class);
        byte[] values = new byte[4 * 32];
        System.arraycopy(tooLarge, 0, values, 64, 32);
        assertThatThrownBy(() -> nativeBackend.ntt(MemorySegment.ofArray(values), 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("element 2 is not below r");
        assertThatThrownBy(() -> nativeBackend.ntt(MemorySegment.ofArray(values), 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 256 bytes");
        assertThatThrownBy(() -> nativeBackend.ntt(MemorySegment.ofArray(new byte[0]), 29)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> nativeBackend.cosetIntt(MemorySegment.ofArray(new byte[32]), 0, Fr.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be zero");
    }

    /** The key-section checks: the first point off its curve or with a coordinate ≥ p, as the Java checks find it. */
    @Test
    void pointChecksAgreeWithJava() {
        Random rnd = new Random(5);
        List<G1> g1 = MsmTest.bases(rnd, 5000, G1.GENERATOR);
        List<G2> g2 = MsmTest.bases(rnd, 700, G2.GENERATOR);
        byte[] a = MsmTest.g1Bytes(g1).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        byte[] b = MsmTest.g2Bytes(g2).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        assertThat(nativeBackend.firstInvalidG1(MemorySegment.ofArray(a))).isEqualTo(-1);
        assertThat(nativeBackend.firstInvalidG2(MemorySegment.ofArray(b))).isEqualTo(-1);
        // one flipped bit of y (or of the zeros of infinity) puts a point off its curve
        int badG1 = 4321, badG2 = 650;
        a[64 * badG1 + 40] ^= 2;
        a[64 * 4990 + 3] ^= 2;
        b[128 * badG2 + 100] ^= 1;
        assertThat(nativeBackend.firstInvalidG1(MemorySegment.ofArray(a))).isEqualTo(CurveChecks.firstInvalidG1(MemorySegment.ofArray(a)))
                .isEqualTo(badG1);
        assertThat(nativeBackend.firstInvalidG2(MemorySegment.ofArray(b))).isEqualTo(CurveChecks.firstInvalidG2(MemorySegment.ofArray(b)))
                .isEqualTo(badG2);
        // a coordinate ≥ p: all bits set
        byte[] c = MsmTest.g1Bytes(List.of(G1.GENERATOR, G1.GENERATOR)).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        java.util.Arrays.fill(c, 64, 96, (byte) 0xff);
        assertThat(nativeBackend.firstInvalidG1(MemorySegment.ofArray(c))).isEqualTo(1);
        assertThatThrownBy(() -> nativeBackend.firstInvalidG1(MemorySegment.ofArray(new byte[65]))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theVersionNamesTheKernels() {
        assertThat(nativeBackend.version()).startsWith("zkml-native ").containsAnyOf("avx512ifma", "bmi2_adx", "generic");
        assertThat(ProverBackends.open("auto").name()).isEqualTo(CudaBackend.isAvailable() ? "cuda" : "native");
        assertThat(ProverBackends.open("native")).isInstanceOf(NativeBackend.class);
    }
}
