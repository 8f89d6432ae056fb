package io.zkml.prover.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.encoding.G1Points;
import io.zkml.core.encoding.G2Points;
import io.zkml.core.field.Fr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The native group FFT of ptau prepare and the batch multiplication against the Java ones (GroupBatch): the same bytes. */
class NativeGroupFftTest {

    @BeforeAll
    static void library() {
        NativeLibrary.require();
        assertThat(NativeGroupFft.isAvailable()).as("libzkml loads but lacks zkml_group_ifft_g1").isTrue();
    }

    /** n random points of G1 (one at infinity where n > 3), full 254-bit multiples of the generator. */
    private static List<G1> g1Points(int n, Random rnd) {
        List<G1> pts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pts.add(i == 3 ? G1.INFINITY : G1.GENERATOR.mul(new BigInteger(254, rnd)));
        }
        return pts;
    }

    @Test
    void g1MatchesJavaByteForByte() {
        Random rnd = new Random(11);
        List<G1> pts = g1Points(1 << 7, rnd);
        for (int k = 0; k <= 7; k++) {
            int m = 1 << k;
            // all m points, and fewer (the rest count as infinity), written past an offset as prepare does
            for (int n : new int[] {m, Math.max(0, m - 3), m / 2}) {
                G1Points in = G1Points.of(pts.subList(0, n));
                G1Points.Builder java = new G1Points.Builder("java", m + 5), nat = new G1Points.Builder("native", m + 5);
                GroupBatch.inverseFftG1(in, k, java, 5);
                NativeGroupFft.inverseFftG1(in, k, nat, 5);
                G1Points j = java.build(), c = nat.build();
                assertThat(c.mismatch(j)).as("k = %d, n = %d", k, n).isEqualTo(-1L);
            }
        }
    }

    @Test
    void g1InputLongerThanTheDomainUsesItsFirstPoints() {
        Random rnd = new Random(12);
        G1Points in = G1Points.of(g1Points(40, rnd));
        G1Points.Builder java = new G1Points.Builder("java", 16), nat = new G1Points.Builder("native", 16);
        GroupBatch.inverseFftG1(in, 4, java, 0);
        NativeGroupFft.inverseFftG1(in, 4, nat, 0);
        assertThat(nat.build().mismatch(java.build())).isEqualTo(-1L);
    }

    @Test
    void g2MatchesJavaByteForByte() {
        Random rnd = new Random(13);
        List<G2> pts = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            pts.add(i == 3 ? G2.INFINITY : G2.GENERATOR.mul(new BigInteger(254, rnd)));
        }
        for (int k = 0; k <= 5; k++) {
            int m = 1 << k;
            for (int n : new int[] {m, m / 2}) {
                G2Points in = G2Points.of(pts.subList(0, n));
                G2Points.Builder java = new G2Points.Builder("java", m + 1), nat = new G2Points.Builder("native", m + 1);
                GroupBatch.inverseFftG2(in, k, java, 1);
                NativeGroupFft.inverseFftG2(in, k, nat, 1);
                assertThat(nat.build().mismatch(java.build())).as("k = %d, n = %d", k, n).isEqualTo(-1L);
            }
        }
    }

    @Test
    void mulEachMatchesJavaByteForByte() {
        Random rnd = new Random(14);
        List<G1> pts = g1Points(300, rnd);
        List<G2> pts2 = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pts2.add(i == 5 ? G2.INFINITY : G2.GENERATOR.mul(new BigInteger(254, rnd)));
        }
        Fr[] ks = new Fr[300];
        for (int i = 0; i < ks.length; i++) {
            ks[i] = switch (i % 9) {
                case 1 -> Fr.ZERO;
                case 2 -> Fr.ONE;
                case 3 -> Fr.ONE.neg();
                default -> Fr.of(new BigInteger(256, rnd));
            };
        }
        G1Points in = G1Points.of(pts);
        assertThat(NativeGroupFft.mulEach("native", in, i -> ks[i]).mismatch(GroupBatch.mulEach("java", in, i -> ks[i])))
                .isEqualTo(-1L);
        G2Points in2 = G2Points.of(pts2);
        assertThat(NativeGroupFft.mulEach("native", in2, i -> ks[i]).mismatch(GroupBatch.mulEach("java", in2, i -> ks[i])))
                .isEqualTo(-1L);
        assertThat(NativeGroupFft.mulEach("none", G1Points.of(List.of()), i -> Fr.ONE).size()).isZero();
    }

    @Test
    void aDomainPastTheRootsOfUnityIsRefused() {
        G1Points in = G1Points.of(List.of(G1.GENERATOR));
        assertThatThrownBy(() -> NativeGroupFft.inverseFftG1(in, 29, new G1Points.Builder("x", 1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2^29");
    }
}
