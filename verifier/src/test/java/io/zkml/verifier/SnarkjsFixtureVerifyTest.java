package io.zkml.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.core.curve.G1;
import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import io.zkml.core.groth16.VerifyingKey;
import io.zkml.core.snarkjs.ProofJson;
import io.zkml.core.snarkjs.PublicSignalsJson;
import io.zkml.core.snarkjs.VerificationKeyJson;
import io.zkml.core.testing.SnarkjsFixtures;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every proof that snarkjs made for the fixtures verifies; tampered variants do not. */
class SnarkjsFixtureVerifyTest {

    static final List<String> CIRCUITS = SnarkjsFixtures.CIRCUITS;

    record Fixture(VerifyingKey vk, Proof proof, List<BigInteger> signals) {
        static Fixture load(String circuit) {
            return new Fixture(
                    VerificationKeyJson.read(circuit + "_vk.json", SnarkjsFixtures.text(circuit + "_vk.json")),
                    ProofJson.read(circuit + "_proof.json", SnarkjsFixtures.text(circuit + "_proof.json")),
                    PublicSignalsJson.read(circuit + "_public.json", SnarkjsFixtures.text(circuit + "_public.json")));
        }
    }

    @ParameterizedTest
    @FieldSource("CIRCUITS")
    void snarkjsProofsVerify(String circuit) {
        Fixture f = Fixture.load(circuit);
        assertThat(Groth16.verify(f.vk(), f.proof(), f.signals())).isTrue();
    }

    @ParameterizedTest
    @FieldSource("CIRCUITS")
    void tamperedVariantsAreRejected(String circuit) {
        Fixture f = Fixture.load(circuit);
        PreparedVerifyingKey pvk = Groth16.prepare(f.vk());
        Proof p = f.proof();
        for (int i = 0; i < f.signals().size(); i++) {
            List<BigInteger> s = new ArrayList<>(f.signals());
            s.set(i, s.get(i).add(BigInteger.ONE).mod(Fr.MODULUS));
            assertThat(Groth16.verify(pvk, p, s)).as("signal %d + 1", i).isFalse();
            s.set(i, f.signals().get(i).add(Fr.MODULUS));
            assertThat(Groth16.verify(pvk, p, s)).as("signal %d + r (same residue, out of range)", i).isFalse();
        }
        assertThat(Groth16.verify(pvk, new Proof(p.a().neg(), p.b(), p.c()), f.signals())).isFalse();
        assertThat(Groth16.verify(pvk, new Proof(p.a(), p.b().neg(), p.c()), f.signals())).isFalse();
        assertThat(Groth16.verify(pvk, new Proof(p.a(), p.b(), p.c().add(G1.GENERATOR)), f.signals())).isFalse();
        assertThat(Groth16.verify(pvk, new Proof(p.c(), p.b(), p.a()), f.signals())).isFalse();
        // the proof of the other fixture, under this key
        String other = circuit.equals(CIRCUITS.get(0)) ? CIRCUITS.get(1) : CIRCUITS.get(0);
        assertThat(Groth16.verify(pvk, Fixture.load(other).proof(), f.signals())).isFalse();
    }
}
