package io.zkml.prover.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.core.field.Fr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The NTT against the naive DFT, and the inverse and coset transforms against their definitions. */
class NttTest {

    static final JavaBackend BACKEND = MsmTest.BACKEND;

    static Fr[] random(Random rnd, int n) {
        Fr[] x = new Fr[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (rnd.nextInt(5)) {
                case 0 -> Fr.ZERO;
                case 1 -> Fr.ONE;
                case 2 -> Fr.ONE.neg();
                default -> Fr.of(new BigInteger(256, rnd));
            };
        }
        return x;
    }

    static MemorySegment segment(Fr[] x) {
        MemorySegment s = Arena.ofAuto().allocate(32L * x.length);
        for (int i = 0; i < x.length; i++) {
            MemorySegment.copy(x[i].toMontgomeryBytesLE(), 0, s, java.lang.foreign.ValueLayout.JAVA_BYTE, 32L * i, 32);
        }
        return s;
    }

    static Fr[] values(MemorySegment s) {
        Fr[] x = new Fr[(int) (s.byteSize() / 32)];
        for (int i = 0; i < x.length; i++) {
            x[i] = Fr.fromMontgomeryBytesLE(s.asSlice(32L * i, 32).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), 0);
        }
        return x;
    }

    /** Σᵢ xᵢ·(shift·ωʲ)ⁱ at point j. */
    static Fr evaluate(Fr[] coeffs, Fr point) {
        Fr acc = Fr.ZERO;
        for (int i = coeffs.length - 1; i >= 0; i--) {
            acc = acc.mul(point).add(coeffs[i]);
        }
        return acc;
    }

    @Property(tries = 40)
    void nttIsTheDft(@ForAll @IntRange(max = 7) int log2n, @ForAll long seed) {
        Fr[] x = random(new Random(seed), 1 << log2n);
        MemorySegment s = segment(x);
        BACKEND.ntt(s, log2n);
        Fr[] y = values(s);
        Fr w = RootsOfUnity.omega(log2n);
        for (int j = 0; j < x.length; j++) {
            assertThat(y[j]).as("point %d", j).isEqualTo(evaluate(x, w.pow(BigInteger.valueOf(j))));
        }
    }

    /** Sizes that split into chunks across threads: a sample of outputs against the DFT. */
    @Property(tries = 6)
    void largeNttMatchesTheDftAtSamplePoints(@ForAll @IntRange(min = 11, max = 14) int log2n, @ForAll long seed) {
        Random rnd = new Random(seed);
        Fr[] x = random(rnd, 1 << log2n);
        MemorySegment s = segment(x);
        BACKEND.ntt(s, log2n);
        Fr[] y = values(s);
        Fr w = RootsOfUnity.omega(log2n);
        for (int t = 0; t < 8; t++) {
            int j = t < 2 ? t * (x.length - 1) : rnd.nextInt(x.length);
            assertThat(y[j]).as("point %d", j).isEqualTo(evaluate(x, w.pow(BigInteger.valueOf(j))));
        }
    }

    @Property(tries = 40)
    void inttInvertsNtt(@ForAll @IntRange(max = 13) int log2n, @ForAll long seed) {
        Fr[] x = random(new Random(seed), 1 << log2n);
        MemorySegment s = segment(x);
        BACKEND.ntt(s, log2n);
        BACKEND.intt(s, log2n);
        assertThat(values(s)).containsExactly(x);
        BACKEND.intt(s, log2n);
        BACKEND.ntt(s, log2n);
        assertThat(values(s)).containsExactly(x);
    }

    @Property(tries = 20)
    void cosetNttEvaluatesOnTheCoset(@ForAll @IntRange(max = 6) int log2n, @ForAll long seed) {
        Random rnd = new Random(seed);
        Fr[] x = random(rnd, 1 << log2n);
        Fr shift = RootsOfUnity.proverCosetShift(log2n);
        MemorySegment s = segment(x);
        BACKEND.cosetNtt(s, log2n, shift);
        Fr[] y = values(s);
        Fr w = RootsOfUnity.omega(log2n);
        for (int j = 0; j < x.length; j++) {
            assertThat(y[j]).isEqualTo(evaluate(x, shift.mul(w.pow(BigInteger.valueOf(j)))));
        }
        BACKEND.cosetIntt(s, log2n, shift);
        assertThat(values(s)).containsExactly(x);
    }

    @Test
    void rootsOfUnityAreSnarkjss() {
        // ffjavascript: the smallest non-residue of F_r is 5, ω₂₈ = 5^t
        assertThat(RootsOfUnity.nonResidue()).isEqualTo(Fr.of(5));
        for (int k = 1; k <= RootsOfUnity.MAX_LOG2; k++) {
            Fr w = RootsOfUnity.omega(k);
            assertThat(w.pow(BigInteger.ONE.shiftLeft(k))).isEqualTo(Fr.ONE);
            assertThat(w.pow(BigInteger.ONE.shiftLeft(k - 1))).isEqualTo(Fr.ONE.neg());
        }
        // the prover's coset: the odd points of the doubled domain
        assertThat(RootsOfUnity.proverCosetShift(10).square()).isEqualTo(RootsOfUnity.omega(10));
        assertThat(RootsOfUnity.proverCosetShift(28)).isEqualTo(Fr.of(25));
    }

    @Test
    void rejectsWrongSizesAndValues() {
        assertThatThrownBy(() -> BACKEND.ntt(MemorySegment.ofArray(new byte[96]), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 128 bytes");
        byte[] bad = new byte[64];
        java.util.Arrays.fill(bad, 32, 64, (byte) 0xFF);
        assertThatThrownBy(() -> BACKEND.ntt(MemorySegment.ofArray(bad), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("element 1 is not below r");
        assertThatThrownBy(() -> BACKEND.ntt(MemorySegment.ofArray(new byte[32]), 29))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    }
}
