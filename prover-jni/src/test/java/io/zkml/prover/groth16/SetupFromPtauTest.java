package io.zkml.prover.groth16;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.core.ptau.Ptau;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.r1cs.R1csReader;
import io.zkml.core.testing.SnarkjsFixtures;
import io.zkml.core.zkey.Zkey;
import io.zkml.verifier.node.NodeTools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our initial key is the one {@code snarkjs groth16 setup} writes, byte for byte, and snarkjs verifies it. */
class SetupFromPtauTest {

    @ParameterizedTest
    @ValueSource(strings = {"square_chain", "five_public"})
    void fixtureCircuitsGiveSnarkjsBytes(String c, @TempDir Path dir) throws Exception {
        Files.copy(SnarkjsFixtures.path(c + ".r1cs"), dir.resolve("c.r1cs"));
        Files.copy(SnarkjsFixtures.path("pot8_final.ptau"), dir.resolve("pot.ptau"));
        sameAsSnarkjs(dir);
    }

    /** A circuit compiled live by circom2: linear layers with constants, squares, a range check, 4 public signals. */
    @Test
    void liveCircomCircuitGivesSnarkjsBytes(@TempDir Path dir) throws Exception {
        TestCircuits.copy("/circuits/tiny_mlp.circom", dir.resolve("tiny_mlp.circom"));
        NodeTools.circom(dir, "tiny_mlp.circom", "--r1cs", "-o", ".");
        Files.move(dir.resolve("tiny_mlp.r1cs"), dir.resolve("c.r1cs"));
        Files.copy(SnarkjsFixtures.path("pot8_final.ptau"), dir.resolve("pot.ptau"));
        R1cs r1cs = R1csReader.read(dir.resolve("c.r1cs"));
        assertThat(r1cs.nConstraints()).isBetween(24, 120);
        sameAsSnarkjs(dir);
    }

    static void sameAsSnarkjs(Path dir) throws Exception {
        NodeTools.snarkjs(dir, "groth16", "setup", "c.r1cs", "pot.ptau", "snarkjs.zkey");
        R1cs r1cs = R1csReader.read(dir.resolve("c.r1cs"));
        try (Ptau ptau = Ptau.open(dir.resolve("pot.ptau"))) {
            // with a progress listener: the same bytes, and the listener hears every section, then done
            ProgressLog log = new ProgressLog();
            Zkey ours = Setup.fromPtau(r1cs, ptau, log);
            ours.write(dir.resolve("ours.zkey"));
            log.assertComplete("IC", "C", "A", "B1", "B2", "hash");
        }
        byte[] expected = Files.readAllBytes(dir.resolve("snarkjs.zkey"));
        byte[] actual = Files.readAllBytes(dir.resolve("ours.zkey"));
        if (!java.util.Arrays.equals(expected, actual)) {
            // name the first differing section before failing on the bytes
            Zkey e = Zkey.read("snarkjs.zkey", expected), a = Zkey.read("ours.zkey", actual);
            assertThat(a.sectionOrder()).isEqualTo(e.sectionOrder());
            assertThat(a.header()).isEqualTo(e.header());
            assertThat(a.coefficients().segment().mismatch(e.coefficients().segment())).as("coefficients").isEqualTo(-1);
            assertThat(a.ic().mismatch(e.ic())).as("IC").isEqualTo(-1);
            assertThat(a.a().mismatch(e.a())).as("A").isEqualTo(-1);
            assertThat(a.b1().mismatch(e.b1())).as("B1").isEqualTo(-1);
            assertThat(a.b2().mismatch(e.b2())).as("B2").isEqualTo(-1);
            assertThat(a.c().mismatch(e.c())).as("C").isEqualTo(-1);
            assertThat(a.h().mismatch(e.h())).as("H").isEqualTo(-1);
            assertThat(a.mpcParams()).as("csHash").isEqualTo(e.mpcParams());
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(NodeTools.snarkjs(dir, "zkey", "verify", "c.r1cs", "pot.ptau", "ours.zkey").output()).contains("ZKey Ok!");
    }
}
