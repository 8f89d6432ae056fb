package io.zkml.prover.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.encoding.G1Points;
import io.zkml.core.encoding.G2Points;
import io.zkml.core.field.Fr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** GroupBatch against the plain double-and-add of zk-core and the FFT formula written out. */
class GroupBatchTest {

    static final List<Fr> EDGE = List.of(Fr.ZERO, Fr.ONE, Fr.ONE.neg(), Fr.of(2), Fr.of(BigInteger.ONE.shiftLeft(64)),
            Fr.of(BigInteger.ONE.shiftLeft(253)), Fr.of(Glv.LAMBDA), Fr.of(Glv.LAMBDA).add(Fr.ONE), Fr.of(Glv.G2_SPLIT.eigenvalue()));

    static List<Fr> scalars(int n, Random rnd) {
        List<Fr> k = new ArrayList<>(EDGE);
        while (k.size() < n) {
            k.add(Fr.of(new BigInteger(256, rnd)));
        }
        return k;
    }

    @Test
    void glvSplitRecombinesToTheScalarWithShortHalves() {
        Random rnd = new Random(3);
        for (Glv glv : List.of(Glv.G1_SPLIT, Glv.G2_SPLIT)) {
            for (Fr k : scalars(200, rnd)) {
                BigInteger[] s = glv.split(k.toBigInteger());
                assertThat(s[0].add(s[1].multiply(glv.eigenvalue())).mod(Glv.R)).isEqualTo(k.toBigInteger());
                assertThat(s[0].abs().bitLength()).isLessThanOrEqualTo(129);
                assertThat(s[1].abs().bitLength()).isLessThanOrEqualTo(129);
            }
        }
    }

    @Test
    void mulEachIsPlainScalarMultiplication() {
        Random rnd = new Random(5);
        List<Fr> k = scalars(24, rnd);
        List<G1> p1 = new ArrayList<>();
        List<G2> p2 = new ArrayList<>();
        for (int i = 0; i < k.size(); i++) {
            p1.add(i == 3 ? G1.INFINITY : G1.GENERATOR.mul(BigInteger.valueOf(rnd.nextLong() >>> 1)));
            p2.add(i == 3 ? G2.INFINITY : G2.GENERATOR.mul(BigInteger.valueOf(rnd.nextLong() >>> 1)));
        }
        G1Points r1 = GroupBatch.mulEach("x", G1Points.of(p1), k::get);
        G2Points r2 = GroupBatch.mulEach("x", G2Points.of(p2), k::get);
        G1Points s1 = GroupBatch.scale("x", G1Points.of(p1), k.get(10));
        for (int i = 0; i < k.size(); i++) {
            assertThat(r1.get(i)).as("G1 %d", i).isEqualTo(p1.get(i).mul(k.get(i)));
            assertThat(r2.get(i)).as("G2 %d", i).isEqualTo(p2.get(i).mul(k.get(i)));
            assertThat(s1.get(i)).isEqualTo(p1.get(i).mul(k.get(10)));
        }
    }

    @Test
    void inverseFftIsTheLagrangeFormula() {
        Random rnd = new Random(9);
        int k = 3, m = 1 << k;
        List<G1> pts = new ArrayList<>();
        for (int i = 0; i < m - 1; i++) { // one short: the last counts as infinity
            pts.add(G1.GENERATOR.mul(BigInteger.valueOf(rnd.nextInt(1000) + 1)));
        }
        G1Points.Builder out = new G1Points.Builder("L", m + 2);
        GroupBatch.inverseFftG1(G1Points.of(pts), k, out, 2);
        G1Points l = out.build();
        Fr wInv = RootsOfUnity.omega(k).inverse(), mInv = Fr.of(m).inverse();
        for (int i = 0; i < m; i++) {
            G1 expected = G1.INFINITY;
            for (int j = 0; j < m - 1; j++) {
                expected = expected.add(pts.get(j).mul(wInv.pow(BigInteger.valueOf((long) i * j)).mul(mInv)));
            }
            assertThat(l.get(2 + i)).as("L%d", i).isEqualTo(expected);
        }
        assertThat(l.get(0).isInfinity()).isTrue();
    }
}
