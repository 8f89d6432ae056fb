package io.zkml.core.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.core.field.Fr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Poseidon against circomlibjs's stored vectors, and the fast permutation against the textbook one. */
class PoseidonTest {

    private static final BigInteger R = Fr.MODULUS;

    @Test
    void hashesEqualCircomlibjsVectors() {
        List<PoseidonVectors.Vector> vectors = PoseidonVectors.all();
        // every width, and the chaining rule, are covered
        assertThat(vectors.stream().map(v -> v.inputs().size()).distinct())
                .containsAll(IntStream.rangeClosed(1, 17).boxed().toList()).contains(32, 33, 100);
        for (PoseidonVectors.Vector v : vectors) {
            assertThat(Poseidon.hash(v.inputs())).as("hash of %d inputs %s", v.inputs().size(), v.inputs()).isEqualTo(v.hash());
        }
    }

    /** The round as the Poseidon paper writes it: constants, S-boxes, dense MDS, every round. */
    static Fr[] textbookPermutation(PoseidonParameters p, Fr[] in) {
        int t = p.width();
        Fr[] s = in.clone();
        int rounds = p.fullRounds() + p.partialRounds();
        for (int r = 0; r < rounds; r++) {
            boolean full = r < p.fullRounds() / 2 || r >= p.fullRounds() / 2 + p.partialRounds();
            for (int i = 0; i < t; i++) {
                s[i] = s[i].add(p.roundConstant(r, i));
                if (full || i == 0) {
                    s[i] = s[i].mul(s[i].square().square());
                }
            }
            Fr[] next = new Fr[t];
            for (int i = 0; i < t; i++) {
                next[i] = Fr.ZERO;
                for (int j = 0; j < t; j++) {
                    next[i] = next[i].add(p.mds().get(i).get(j).mul(s[j]));
                }
            }
            s = next;
        }
        return s;
    }

    @Provide
    Arbitrary<BigInteger> element() {
        return Arbitraries.oneOf(Arbitraries.bigIntegers().between(BigInteger.ZERO, R.subtract(BigInteger.ONE)),
                Arbitraries.of(BigInteger.ZERO, BigInteger.ONE, R.subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(64),
                        BigInteger.ONE.shiftLeft(253)));
    }

    @Property(tries = 64)
    void sparsePartialRoundsEqualTheTextbookPermutation(@ForAll @IntRange(min = 2, max = 17) int width,
            @ForAll("element") BigInteger seed) {
        Random random = new Random(seed.longValue());
        Fr[] state = new Fr[width];
        for (int i = 0; i < width; i++) {
            state[i] = switch (random.nextInt(4)) {
                case 0 -> Fr.ZERO;
                case 1 -> Fr.of(seed);
                default -> Fr.of(new BigInteger(256, random));
            };
        }
        Fr[] before = state.clone();
        Poseidon p = Poseidon.ofWidth(width);
        assertThat(p.permute(state)).containsExactly(textbookPermutation(p.parameters(), state));
        assertThat(state).containsExactly(before); // the argument is left alone
    }

    @Test
    void chainingRuleIsThePermutationOfWidth17OverChunksOf16() {
        Random random = new Random(17);
        for (int n : new int[] {17, 30, 32, 33, 47}) {
            List<Fr> xs = randomElements(random, n);
            Fr h = Fr.of(n);
            for (int start = 0; start < n; start += 16) {
                Fr[] state = new Fr[17];
                state[0] = h;
                for (int i = 0; i < 16; i++) {
                    state[i + 1] = start + i < n ? xs.get(start + i) : Fr.ZERO;
                }
                h = textbookPermutation(PoseidonParameters.of(17), state)[0];
            }
            assertThat(Poseidon.hash(xs)).as("n = %d", n).isEqualTo(h);
        }
    }

    @Test
    void zeroPaddingAndLengthAreNotConfused() {
        List<Fr> seventeen = randomElements(new Random(5), 17);
        List<Fr> padded = new ArrayList<>(seventeen);
        padded.addAll(Collections.nCopies(15, Fr.ZERO)); // the same chunks after padding, another length
        assertThat(Poseidon.hash(padded)).isNotEqualTo(Poseidon.hash(seventeen));
        List<Fr> sixteen = seventeen.subList(0, 16);
        List<Fr> withZero = new ArrayList<>(sixteen);
        withZero.add(Fr.ZERO);
        assertThat(Poseidon.hash(withZero)).isNotEqualTo(Poseidon.hash(sixteen));
        assertThat(Poseidon.hash(Fr.ZERO)).isNotEqualTo(Poseidon.hash(Fr.ZERO, Fr.ZERO));
    }

    @Test
    void parametersHaveCircomlibsShape() {
        for (int t = 2; t <= 17; t++) {
            PoseidonParameters p = PoseidonParameters.of(t);
            assertThat(p.fullRounds()).isEqualTo(8);
            assertThat(p.roundConstants()).hasSize((8 + p.partialRounds()) * t);
            int width = t;
            assertThat(p.mds()).hasSize(t).allSatisfy(row -> assertThat(row).hasSize(width).doesNotContain(Fr.ZERO));
            assertThat(PoseidonParameters.of(t)).isSameAs(p); // generated once
        }
        assertThat(IntStream.rangeClosed(2, 17).map(PoseidonParameters::partialRounds).toArray())
                .containsExactly(56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68);
    }

    @Test
    void badArgumentsAreRejectedWithAReason() {
        assertThatThrownBy(() -> Poseidon.hash(List.of())).hasMessageContaining("at least one input");
        assertThatThrownBy(() -> Poseidon.ofWidth(1)).hasMessageContaining("width must be in [2, 17]");
        assertThatThrownBy(() -> Poseidon.ofWidth(18)).hasMessageContaining("got 18");
        assertThatThrownBy(() -> Poseidon.ofWidth(3).permute(new Fr[] {Fr.ONE, Fr.ONE}))
                .hasMessageContaining("state of 3 elements, got 2");
    }

    static List<Fr> randomElements(Random random, int n) {
        List<Fr> xs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            xs.add(Fr.of(new BigInteger(256, random)));
        }
        return xs;
    }
}
