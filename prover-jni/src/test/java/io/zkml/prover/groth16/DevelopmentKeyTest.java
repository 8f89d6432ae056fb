package io.zkml.prover.groth16;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.groth16.Proof;
import io.zkml.core.groth16.VerifyingKey;
import io.zkml.core.io.JsonAt;
import io.zkml.core.io.JsonText;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.r1cs.R1csReader;
import io.zkml.core.snarkjs.ProofJson;
import io.zkml.core.snarkjs.PublicSignalsJson;
import io.zkml.core.snarkjs.VerificationKeyJson;
import io.zkml.core.testing.SnarkjsFixtures;
import io.zkml.core.zkey.Provenance;
import io.zkml.core.zkey.Zkey;
import io.zkml.verifier.Groth16;
import io.zkml.verifier.node.NodeTools;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A development key works with snarkjs (prove, export the verifying key, verify, contribute) and with our
 * verifier, and says what it is everywhere.
 */
class DevelopmentKeyTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void snarkjsProvesWithADevelopmentKeyAndBothVerifiersAccept(@TempDir Path dir) throws Exception {
        R1cs r1cs = R1csReader.read(SnarkjsFixtures.path("square_chain.r1cs"));
        Zkey key = Setup.development(r1cs, new SecureRandom(), CLOCK);
        key.write(dir.resolve("dev.zkey"));
        Files.copy(SnarkjsFixtures.path("square_chain.wtns"), dir.resolve("w.wtns"));
        proveAndVerify(dir, key);

        // what the key says about itself, after reading it back
        Zkey back = Zkey.read("dev.zkey", Files.readAllBytes(dir.resolve("dev.zkey")));
        assertThat(back.provenance()).isEqualTo(new Provenance.Development(java.util.Optional.of("zkml"),
                java.util.Optional.of(Instant.parse("2025-06-01T12:00:00Z")), 0));
        assertThat(back.mpcParams().csHash().startsWith(Provenance.DEVELOPMENT_HASH_PREFIX.getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(back.gammaG2()).isNotEqualTo(io.zkml.core.curve.G2.GENERATOR);

        // a snarkjs contribution drops our marker section but keeps the circuit hash: still a development key
        NodeTools.snarkjs(dir, "zkey", "contribute", "dev.zkey", "dev1.zkey", "--name=someone", "-e=some entropy");
        Zkey contributed = Zkey.read("dev1.zkey", Files.readAllBytes(dir.resolve("dev1.zkey")));
        assertThat(contributed.otherSections()).isEmpty();
        assertThat(contributed.provenance()).isInstanceOf(Provenance.Development.class);
        assertThat(((Provenance.Development) contributed.provenance()).laterContributions()).isEqualTo(1);
        assertThat(contributed.provenance().summary()).startsWith("DEVELOPMENT key");
    }

    @Test
    void liveCircuitWithADevelopmentKey(@TempDir Path dir) throws Exception {
        TestCircuits.copy("/circuits/tiny_mlp.circom", dir.resolve("tiny_mlp.circom"));
        Files.writeString(dir.resolve("input.json"), "{\"x\": [\"3\", \"5\", \"7\", \"11\"], \"bias\": \"-2\"}");
        NodeTools.circom(dir, "tiny_mlp.circom", "--r1cs", "--wasm", "-o", ".");
        NodeTools.snarkjs(dir, "wtns", "calculate", "tiny_mlp_js/tiny_mlp.wasm", "input.json", "w.wtns");
        R1cs r1cs = R1csReader.read(dir.resolve("tiny_mlp.r1cs"));
        Zkey key = Setup.development(r1cs, new SecureRandom(), CLOCK);
        key.write(dir.resolve("dev.zkey"));
        proveAndVerify(dir, key);
    }

    /** snarkjs proves with dev.zkey and w.wtns; its verifying key and ours agree; snarkjs and zkml accept the proof. */
    static void proveAndVerify(Path dir, Zkey key) throws Exception {
        NodeTools.snarkjs(dir, "groth16", "prove", "dev.zkey", "w.wtns", "proof.json", "public.json");
        NodeTools.snarkjs(dir, "zkey", "export", "verificationkey", "dev.zkey", "vk_snarkjs.json");

        ObjectNode ours = VerificationKeyExport.toJson(key);
        assertThat(ours.get(VerificationKeyExport.PROVENANCE_FIELD).get("kind").asText()).isEqualTo("development");
        assertThat(ours.get(VerificationKeyExport.PROVENANCE_FIELD).get("warning").asText()).contains("forge");
        Files.writeString(dir.resolve("vk.json"), JsonText.stringify(ours));
        ObjectNode withoutProvenance = ours.deepCopy();
        withoutProvenance.remove(VerificationKeyExport.PROVENANCE_FIELD);
        assertThat(JsonText.stringify(withoutProvenance)).isEqualTo(Files.readString(dir.resolve("vk_snarkjs.json")).strip());

        // snarkjs ignores the extra field
        assertThat(NodeTools.snarkjs(dir, "groth16", "verify", "vk.json", "public.json", "proof.json").output()).contains("OK!");
        VerifyingKey vk = VerificationKeyJson.read(dir.resolve("vk.json"));
        Proof proof = ProofJson.read(dir.resolve("proof.json"));
        List<BigInteger> signals = PublicSignalsJson.read(dir.resolve("public.json"));
        assertThat(vk).isEqualTo(key.verifyingKey());
        assertThat(Groth16.verify(vk, proof, signals)).isTrue();
        List<BigInteger> wrong = new java.util.ArrayList<>(signals);
        wrong.set(0, wrong.get(0).add(BigInteger.ONE));
        assertThat(Groth16.verify(vk, proof, wrong)).isFalse();
        JsonAt parsed = JsonText.parse("vk.json", Files.readString(dir.resolve("vk.json")));
        assertThat(parsed.field(VerificationKeyExport.PROVENANCE_FIELD).field("created").text()).isEqualTo("2025-06-01T12:00:00Z");
    }

    @Test
    void aDevelopmentSetupReportsEverySection() {
        R1cs r1cs = R1csReader.read("five_public.r1cs", SnarkjsFixtures.bytes("five_public.r1cs"));
        ProgressLog log = new ProgressLog();
        Zkey key = Setup.development(r1cs, new SecureRandom(), CLOCK, log);
        log.assertComplete("IC", "C", "A", "B1", "B2", "H");
        assertThat(key.provenance().isDevelopment()).isTrue();
    }

    @Test
    void twoDevelopmentKeysOfOneCircuitDiffer() {
        R1cs r1cs = R1csReader.read("five_public.r1cs", SnarkjsFixtures.bytes("five_public.r1cs"));
        Zkey a = Setup.development(r1cs, new SecureRandom(), CLOCK);
        Zkey b = Setup.development(r1cs, new SecureRandom(), CLOCK);
        assertThat(a.alphaG1()).isNotEqualTo(b.alphaG1());
        assertThat(a.coefficients().segment().mismatch(b.coefficients().segment())).isEqualTo(-1);
        assertThat(a.nVars()).isEqualTo(r1cs.nWires());
        assertThat(a.domainSize()).isEqualTo(16);
        assertThat(a.provenance().isForgeable()).isTrue();
    }
}
