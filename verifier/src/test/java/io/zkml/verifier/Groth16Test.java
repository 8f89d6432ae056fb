package io.zkml.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.encoding.TestPoints;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import io.zkml.core.groth16.VerifyingKey;
import io.zkml.core.io.FormatException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Groth16 verification on synthetic instances (known discrete logs): valid ones pass, every mutation fails. */
class Groth16Test {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 6, 17})
    void acceptsValidProofs(int nPublic) {
        SyntheticGroth16 t = SyntheticGroth16.random(new Random(nPublic), nPublic);
        assertThat(Groth16.verify(t.vk(), t.proof(), t.publicSignals())).isTrue();
        PreparedVerifyingKey pvk = Groth16.prepare(t.vk());
        assertThat(Groth16.verify(pvk, t.proof(), t.publicSignals())).isTrue();
        assertThat(Groth16.verify(pvk, t.proof(), t.publicSignals())).as("a prepared key is reusable").isTrue();
    }

    @Test
    void rejectsEveryMutatedPublicSignal() {
        SyntheticGroth16 t = SyntheticGroth16.random(new Random(11), 5);
        PreparedVerifyingKey pvk = Groth16.prepare(t.vk());
        BigInteger r = Fr.MODULUS;
        for (int i = 0; i < 5; i++) {
            for (UnaryOperator<BigInteger> f : List.<UnaryOperator<BigInteger>>of(
                    s -> s.add(BigInteger.ONE).mod(r), s -> s.add(r), s -> s.subtract(r), s -> r, s -> BigInteger.ZERO)) {
                List<BigInteger> signals = new ArrayList<>(t.publicSignals());
                BigInteger changed = f.apply(signals.get(i));
                if (changed.equals(signals.get(i))) {
                    continue;
                }
                signals.set(i, changed);
                assertThat(Groth16.verify(pvk, t.proof(), signals)).as("signal %d := %s", i, changed).isFalse();
            }
        }
    }

    @Test
    void rejectsMutatedProofs() {
        SyntheticGroth16 t = SyntheticGroth16.random(new Random(12), 3);
        PreparedVerifyingKey pvk = Groth16.prepare(t.vk());
        Proof p = t.proof();
        G1 offCurve = G1.affine(p.a().affineX(), p.a().affineY().add(Fp.ONE));
        G2 bOffTwist = G2.affine(p.b().affineX(), p.b().affineY().add(Fp2.ONE));
        List<Proof> bad = List.of(
                new Proof(p.a().neg(), p.b(), p.c()),
                new Proof(p.c(), p.b(), p.a()),
                new Proof(p.a().add(G1.GENERATOR), p.b(), p.c()),
                new Proof(p.a(), p.b().add(G2.GENERATOR), p.c()),
                new Proof(p.a(), p.b(), p.c().add(G1.GENERATOR)),
                new Proof(G1.INFINITY, p.b(), p.c()),
                new Proof(p.a(), G2.INFINITY, p.c()),
                new Proof(p.a(), p.b(), G1.INFINITY),
                new Proof(offCurve, p.b(), p.c()),
                new Proof(p.a(), bOffTwist, p.c()),
                new Proof(p.a(), TestPoints.twistPointOutsideG2(), p.c()),
                new Proof(p.a(), p.b(), offCurve));
        for (Proof q : bad) {
            assertThat(Groth16.verify(pvk, q, t.publicSignals())).as("%s", q).isFalse();
        }
    }

    @Test
    void aWrongNumberOfPublicSignalsIsAShapeError() {
        SyntheticGroth16 t = SyntheticGroth16.random(new Random(13), 2);
        List<BigInteger> three = List.of(BigInteger.ONE, BigInteger.TWO, BigInteger.TEN);
        assertThatThrownBy(() -> Groth16.verify(t.vk(), t.proof(), three))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("takes 2 public signals, got 3");
        assertThatThrownBy(() -> Groth16.verify(t.vk(), t.proof(), List.of()))
                .isInstanceOf(FormatException.class);
    }

    @Test
    void aKeyWithPointsOutsideTheGroupsIsRejectedWhenPrepared() {
        SyntheticGroth16 t = SyntheticGroth16.random(new Random(14), 1);
        VerifyingKey vk = t.vk();
        VerifyingKey badBeta = new VerifyingKey(vk.alphaG1(), TestPoints.twistPointOutsideG2(), vk.gammaG2(), vk.deltaG2(), vk.icG1());
        assertThatThrownBy(() -> Groth16.prepare(badBeta)).isInstanceOf(FormatException.class).hasMessageContaining("beta is not in the order-r subgroup");
        VerifyingKey badIc = new VerifyingKey(vk.alphaG1(), vk.betaG2(), vk.gammaG2(), vk.deltaG2(),
                List.of(vk.icG1().get(0), G1.affine(Fp.ONE, Fp.ONE)));
        assertThatThrownBy(() -> Groth16.prepare(badIc)).isInstanceOf(FormatException.class).hasMessageContaining("IC[1]");
    }
}
