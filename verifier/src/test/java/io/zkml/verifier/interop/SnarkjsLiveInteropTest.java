package io.zkml.verifier.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import io.zkml.core.groth16.VerifyingKey;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.r1cs.R1csReader;
import io.zkml.core.snarkjs.ProofJson;
import io.zkml.core.snarkjs.PublicSignalsJson;
import io.zkml.core.snarkjs.VerificationKeyJson;
import io.zkml.core.testing.SnarkjsFixtures;
import io.zkml.core.wtns.Witness;
import io.zkml.core.wtns.WtnsReader;
import io.zkml.verifier.Groth16;
import io.zkml.verifier.PreparedVerifyingKey;
import io.zkml.verifier.node.NodeTools;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live round trip with the independent implementation: circom2 compiles a circuit written here, snarkjs
 * (pinned, from npm) computes the witness, sets up the key and proves; zkml reads every file and verifies.
 * Valid proofs are accepted, tampered ones rejected, and our reading of the R1CS and witness agrees with
 * snarkjs's public signals.
 */
class SnarkjsLiveInteropTest {

    @Test
    void snarkjsProofOfAFreshCircuitVerifiesInJava(@TempDir Path dir) throws Exception {
        copyResource("/circuits/poly.circom", dir.resolve("poly.circom"));
        copyResource("/circuits/poly_input.json", dir.resolve("input.json"));
        Files.copy(SnarkjsFixtures.path("pot8_final.ptau"), dir.resolve("pot.ptau"));

        NodeTools.circom(dir, "poly.circom", "--r1cs", "--wasm", "-o", ".");
        NodeTools.snarkjs(dir, "wtns", "calculate", "poly_js/poly.wasm", "input.json", "poly.wtns");
        NodeTools.snarkjs(dir, "groth16", "setup", "poly.r1cs", "pot.ptau", "poly.zkey");
        NodeTools.snarkjs(dir, "zkey", "export", "verificationkey", "poly.zkey", "vk.json");
        NodeTools.snarkjs(dir, "groth16", "prove", "poly.zkey", "poly.wtns", "proof.json", "public.json");
        assertThat(NodeTools.snarkjs(dir, "groth16", "verify", "vk.json", "public.json", "proof.json").output()).contains("OK");

        VerifyingKey vk = VerificationKeyJson.read(dir.resolve("vk.json"));
        Proof proof = ProofJson.read(dir.resolve("proof.json"));
        List<BigInteger> signals = PublicSignalsJson.read(dir.resolve("public.json"));

        // our reading of circom's R1CS and snarkjs's witness: satisfied, and the same public signals
        R1cs r1cs = R1csReader.read(dir.resolve("poly.r1cs"));
        Witness witness = WtnsReader.read(dir.resolve("poly.wtns"));
        assertThat(r1cs.isSatisfiedBy(witness)).isTrue();
        assertThat(r1cs.publicSignals(witness)).extracting(Fr::toBigInteger).containsExactlyElementsOf(signals);
        BigInteger x = BigInteger.valueOf(12345);
        BigInteger y = BigInteger.valueOf(7).subtract(x).add(x.pow(2).multiply(BigInteger.valueOf(3))).mod(Fr.MODULUS);
        assertThat(signals).containsExactly(y, BigInteger.valueOf(7), Fr.MODULUS.subtract(BigInteger.ONE), BigInteger.valueOf(3));

        PreparedVerifyingKey pvk = Groth16.prepare(vk);
        assertThat(Groth16.verify(pvk, proof, signals)).isTrue();
        for (int i = 0; i < signals.size(); i++) {
            List<BigInteger> tampered = new ArrayList<>(signals);
            tampered.set(i, signals.get(i).add(BigInteger.ONE).mod(Fr.MODULUS));
            assertThat(Groth16.verify(pvk, proof, tampered)).as("public signal %d changed", i).isFalse();
        }
        assertThat(Groth16.verify(pvk, new Proof(proof.a(), proof.b(), proof.c().neg()), signals)).isFalse();

        // a second proof of the same statement (fresh randomness) is different and also valid
        NodeTools.snarkjs(dir, "groth16", "prove", "poly.zkey", "poly.wtns", "proof2.json", "public2.json");
        Proof proof2 = ProofJson.read(dir.resolve("proof2.json"));
        assertThat(proof2.a()).isNotEqualTo(proof.a());
        assertThat(Groth16.verify(pvk, proof2, signals)).isTrue();
    }

    private static void copyResource(String name, Path to) throws IOException {
        try (InputStream in = SnarkjsLiveInteropTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            Files.copy(in, to);
        }
    }
}
