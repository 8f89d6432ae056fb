package io.zkml.prover.groth16;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.io.ByteString;
import io.zkml.core.io.JsonText;
import io.zkml.core.ptau.Ptau;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.r1cs.R1csReader;
import io.zkml.core.testing.SnarkjsFixtures;
import io.zkml.core.zkey.MpcParams;
import io.zkml.core.zkey.Zkey;
import io.zkml.verifier.node.NodeTools;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZkeyCheckTest {

    static final Ptau PTAU = Ptau.read("pot8_final.ptau", SnarkjsFixtures.bytes("pot8_final.ptau"));

    static R1cs r1cs(String c) {
        return R1csReader.read(c + ".r1cs", SnarkjsFixtures.bytes(c + ".r1cs"));
    }

    static byte[] bytes(Zkey k) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        k.write(out);
        return out.toByteArray();
    }

    @Test
    void snarkjsInitialKeyPassesAndTamperingIsNamed(@TempDir Path dir) throws Exception {
        Files.copy(SnarkjsFixtures.path("square_chain.r1cs"), dir.resolve("c.r1cs"));
        Files.copy(SnarkjsFixtures.path("pot8_final.ptau"), dir.resolve("pot.ptau"));
        NodeTools.snarkjs(dir, "groth16", "setup", "c.r1cs", "pot.ptau", "c.zkey");
        byte[] file = Files.readAllBytes(dir.resolve("c.zkey"));
        Zkey key = Zkey.read("c.zkey", file);
        assertThat(ZkeyCheck.of(r1cs("square_chain"), PTAU, key)).isEqualTo(new ZkeyCheck(java.util.Optional.empty()));
        assertThat(ZkeyCheck.of(r1cs("square_chain"), PTAU, key).ok()).isTrue();

        // another circuit
        assertThat(ZkeyCheck.of(r1cs("five_public"), PTAU, key).mismatch()).contains("nVars (wires): the key has 13, the circuit needs 12");

        // one point of A changed to another point of the curve (A[1] := A[2])
        Zkey.Builder b = Zkey.builder(key.header()).ic(key.ic()).coefficients(key.coefficients()).b1(key.b1()).b2(key.b2())
                .c(key.c()).h(key.h()).mpcParams(key.mpcParams());
        io.zkml.core.encoding.G1Points.Builder a = new io.zkml.core.encoding.G1Points.Builder("A", key.a().size());
        a.setEncoded(0, key.a().segment());
        a.set(1, key.a().get(2));
        assertThat(ZkeyCheck.of(r1cs("square_chain"), PTAU, b.a(a.build()).build()).mismatch()).contains("section 5 (A): point 1 differs");

        // another circuit hash
        byte[] hash = key.mpcParams().csHash().toByteArray();
        hash[7] ^= 1;
        assertThat(ZkeyCheck.of(r1cs("square_chain"), PTAU, key.withMpcParams(MpcParams.initial(ByteString.of(hash)))).mismatch())
                .hasValueSatisfying(m -> assertThat(m).startsWith("circuit hash (section 10)"));
    }

    @Test
    void developmentKeysAndContributedKeys() {
        Zkey dev = Setup.development(r1cs("five_public"), new SecureRandom());
        assertThat(ZkeyCheck.of(r1cs("five_public"), PTAU, dev).mismatch())
                .contains("memory is a development key (made from local secrets), not derived from pot8_final.ptau");

        Zkey contributed = Zkey.read("five_public.zkey", SnarkjsFixtures.bytes("five_public.zkey"));
        assertThatThrownBy(() -> ZkeyCheck.of(r1cs("five_public"), PTAU, contributed)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("has 1 phase-2 contribution; ZkeyCheck checks initial keys only");
    }

    @Test
    void exportedVerifyingKeyIsSnarkjsTextPlusProvenance() {
        for (String c : SnarkjsFixtures.CIRCUITS) {
            Zkey key = Zkey.read(c + ".zkey", SnarkjsFixtures.bytes(c + ".zkey"));
            ObjectNode vk = VerificationKeyExport.toJson(key);
            assertThat(vk.get("zkml_provenance").get("kind").asText()).isEqualTo("powers-of-tau");
            assertThat(vk.get("zkml_provenance").get("phase2_contributions").asInt()).isEqualTo(1);
            vk.remove(VerificationKeyExport.PROVENANCE_FIELD);
            assertThat(JsonText.stringify(vk)).isEqualTo(SnarkjsFixtures.text(c + "_vk.json").strip());
        }
    }
}
