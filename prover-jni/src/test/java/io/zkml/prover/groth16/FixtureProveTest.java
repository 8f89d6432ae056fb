package io.zkml.prover.groth16;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.core.snarkjs.ProofJson;
import io.zkml.core.snarkjs.PublicSignalsJson;
import io.zkml.core.snarkjs.VerificationKeyJson;
import io.zkml.core.testing.SnarkjsFixtures;
import io.zkml.core.wtns.Witness;
import io.zkml.core.wtns.WtnsReader;
import io.zkml.prover.backend.JavaBackend;
import io.zkml.verifier.Groth16;
import io.zkml.verifier.node.NodeTools;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Proofs with snarkjs's own fixture keys and witnesses, accepted by our verifier and by snarkjs's. */
class FixtureProveTest {

    static final List<String> CIRCUITS = SnarkjsFixtures.CIRCUITS;
    static final JavaBackend BACKEND = new JavaBackend();

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    @ParameterizedTest
    @FieldSource("CIRCUITS")
    void ourProofOfSnarkjsWitnessVerifiesHereAndInSnarkjs(String circuit, @TempDir Path dir) throws Exception {
        try (ProvingContext ctx = ProvingContext.open(SnarkjsFixtures.path(circuit + ".zkey"), BACKEND)) {
            Witness w = WtnsReader.read(SnarkjsFixtures.path(circuit + ".wtns"));
            ProofWithSignals p = ctx.prove(w);

            List<BigInteger> expectedSignals = PublicSignalsJson.read(circuit + "_public.json", SnarkjsFixtures.text(circuit + "_public.json"));
            assertThat(p.publicSignalValues()).isEqualTo(expectedSignals);
            var vk = VerificationKeyJson.read(circuit + "_vk.json", SnarkjsFixtures.text(circuit + "_vk.json"));
            assertThat(ctx.verifyingKey()).isEqualTo(vk);
            assertThat(Groth16.verify(vk, p.proof(), p.publicSignalValues())).isTrue();

            Files.writeString(dir.resolve("vk.json"), SnarkjsFixtures.text(circuit + "_vk.json"));
            ProofJson.write(p.proof(), dir.resolve("proof.json"));
            PublicSignalsJson.write(p.publicSignalValues(), dir.resolve("public.json"));
            assertThat(NodeTools.snarkjs(dir, "groth16", "verify", "vk.json", "public.json", "proof.json").output()).contains("OK");

            // fresh r and s every time: another proof of the same witness differs and verifies too
            ProofWithSignals again = ctx.prove(w);
            assertThat(again.proof().a()).isNotEqualTo(p.proof().a());
            assertThat(Groth16.verify(vk, again.proof(), again.publicSignalValues())).isTrue();
        }
    }
}
