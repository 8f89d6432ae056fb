package io.zkml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.cli.ZkmlCommandTest.Run;
import io.zkml.core.io.JsonAt;
import io.zkml.core.io.JsonText;
import io.zkml.core.ptau.Ptau;
import io.zkml.core.r1cs.R1csReader;
import io.zkml.core.testing.SnarkjsFixtures;
import io.zkml.core.zkey.Zkey;
import io.zkml.prover.groth16.Setup;
import io.zkml.prover.groth16.VerificationKeyExport;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zkml setup}, {@code export-vk} and {@code zkey verify}: outputs, exit codes 0/1/2, files never half-written. */
class KeyCommandsTest {

    static Run zkml(String... args) {
        return ZkmlCommandTest.zkml(args);
    }

    static String fixture(String name) {
        return SnarkjsFixtures.path(name).toString();
    }

    @Test
    void setupFromPtauWritesSnarkjsKeyAndVk(@TempDir Path dir) throws Exception {
        Path zkey = dir.resolve("c.zkey"), vk = dir.resolve("vk.json");
        Run r = zkml("setup", "--r1cs", fixture("square_chain.r1cs"), "--ptau", fixture("pot8_final.ptau"), "--zkey", zkey.toString(),
                "--vk", vk.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("wrote " + zkey + ": 13 wires, 2 public signals, domain 2^4")
                .contains("WITHOUT phase-2 contributions").doesNotContain("DEVELOPMENT");

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (Ptau ptau = Ptau.open(SnarkjsFixtures.path("pot8_final.ptau"))) {
            Setup.fromPtau(R1csReader.read(SnarkjsFixtures.path("square_chain.r1cs")), ptau).write(expected);
        }
        assertThat(Files.readAllBytes(zkey)).isEqualTo(expected.toByteArray()); // byte-identical to snarkjs: SetupFromPtauTest
        try (Zkey key = Zkey.open(zkey)) {
            assertThat(Files.readString(vk)).isEqualTo(VerificationKeyExport.json(key));
        }
        assertThat(JsonText.read(vk).field("zkml_provenance").field("kind").text()).isEqualTo("powers-of-tau");
        if (Files.getFileStore(zkey).supportsFileAttributeView("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(zkey))).isEqualTo("rw-r--r--");
        }

        Run check = zkml("zkey", "verify", fixture("square_chain.r1cs"), fixture("pot8_final.ptau"), zkey.toString());
        assertThat(check.exit()).as(check.err()).isZero();
        assertThat(check.out()).startsWith("Circuit Hash:").contains("ZKey Ok!").doesNotContain("contribution #");
    }

    @Test
    void developmentSetupWarnsLoudlyAndMarksTheKey(@TempDir Path dir) throws Exception {
        Path zkey = dir.resolve("dev.zkey"), vk = dir.resolve("vk.json");
        Run r = zkml("setup", "--r1cs", fixture("five_public.r1cs"), "--dev", "--zkey", zkey.toString(), "--vk", vk.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("WARNING ****").contains("DEVELOPMENT KEY").contains("can forge");
        assertThat(r.out()).isEmpty();
        try (Zkey key = Zkey.open(zkey)) {
            assertThat(key.provenance().isDevelopment()).isTrue();
        }
        JsonAt provenance = JsonText.read(vk).field("zkml_provenance");
        assertThat(provenance.field("kind").text()).isEqualTo("development");
        assertThat(provenance.field("warning").text()).contains("forge");

        // export-vk says it again, and zkey verify knows it is not a ptau key
        Run export = zkml("export-vk", "--zkey", zkey.toString());
        assertThat(export.exit()).isZero();
        assertThat(export.out().strip()).isEqualTo(Files.readString(vk));
        assertThat(export.err()).contains("DEVELOPMENT KEY");
        Run check = zkml("zkey", "verify", fixture("five_public.r1cs"), fixture("pot8_final.ptau"), zkey.toString());
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.out()).contains("INVALID: ").contains("development key");
    }

    @Test
    void setupNeedsExactlyOneSource(@TempDir Path dir) {
        Path zkey = dir.resolve("c.zkey");
        Run none = zkml("setup", "--r1cs", fixture("square_chain.r1cs"), "--zkey", zkey.toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("--ptau").contains("--dev");
        Run both = zkml("setup", "--r1cs", fixture("square_chain.r1cs"), "--dev", "--ptau", fixture("pot8_final.ptau"), "--zkey", zkey.toString());
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
        assertThat(zkey).doesNotExist();
    }

    @Test
    void aFailedSetupLeavesTheExistingFileAlone(@TempDir Path dir) throws Exception {
        Path zkey = dir.resolve("c.zkey");
        Files.writeString(zkey, "previous key");
        Run r = zkml("setup", "--r1cs", fixture("square_chain.r1cs"), "--ptau", fixture("pot8_beacon.ptau"), "--zkey", zkey.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("zkml setup: ").contains("pot8_beacon.ptau is not prepared for phase 2").doesNotContain("\tat ");
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(Files.readString(zkey)).isEqualTo("previous key");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(zkey);
        }

        Path garbage = dir.resolve("bad.r1cs");
        Files.write(garbage, new byte[] {'r', '1', 'c', 's', 1, 0, 0, 0});
        Run bad = zkml("setup", "--r1cs", garbage.toString(), "--dev", "--zkey", zkey.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("zkml setup: bad.r1cs: offset 0x");
        assertThat(Files.readString(zkey)).isEqualTo("previous key");
    }

    @Test
    void exportVkOfSnarkjsKeysIsSnarkjsTextPlusProvenance(@TempDir Path dir) throws Exception {
        for (String c : SnarkjsFixtures.CIRCUITS) {
            Path vk = dir.resolve(c + "_vk.json");
            Run r = zkml("export-vk", "--zkey", fixture(c + ".zkey"), "-o", vk.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            var tree = (com.fasterxml.jackson.databind.node.ObjectNode) JsonText.read(vk).node();
            assertThat(tree.get("zkml_provenance").get("phase2_contributions").asInt()).isEqualTo(1);
            tree.remove("zkml_provenance");
            assertThat(JsonText.stringify(tree)).isEqualTo(SnarkjsFixtures.text(c + "_vk.json").strip());
        }
        Run missing = zkml("export-vk", "--zkey", dir.resolve("nope.zkey").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
    }

    @Test
    void zkeyVerifyAnswersAndRefuses(@TempDir Path dir) throws Exception {
        Path zkey = dir.resolve("c.zkey");
        assertThat(zkml("setup", "--r1cs", fixture("square_chain.r1cs"), "--ptau", fixture("pot8_final.ptau"), "--zkey", zkey.toString()).exit()).isZero();

        Run other = zkml("zkey", "verify", fixture("five_public.r1cs"), fixture("pot8_final.ptau"), zkey.toString());
        assertThat(other.exit()).isEqualTo(1);
        assertThat(other.out()).endsWith("INVALID: nVars (wires): the key has 13, the circuit needs 12" + System.lineSeparator());

        // snarkjs's contribution, with the hash that snarkjs zkey verify prints for it
        Run contributed = zkml("zkey", "verify", fixture("five_public.r1cs"), fixture("pot8_final.ptau"), fixture("five_public.zkey"));
        assertThat(contributed.exit()).as(contributed.err()).isZero();
        assertThat(contributed.out()).contains("contribution #1 c1:\n\t\t09e90eed 4654b6b0 c47dc78b f4fe5195\n")
                .contains("ZKey Ok!");

        byte[] cut = java.util.Arrays.copyOf(Files.readAllBytes(zkey), 1000);
        Path truncated = Files.write(dir.resolve("cut.zkey"), cut);
        Run bad = zkml("zkey", "verify", fixture("square_chain.r1cs"), fixture("pot8_final.ptau"), truncated.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("zkml zkey verify: cut.zkey: offset 0x");

        Run usage = zkml("zkey", "verify", fixture("square_chain.r1cs"));
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("Missing required parameters");
    }

    @Test
    void helpListsTheKeyCommands() {
        Run help = zkml("--help");
        assertThat(help.out()).contains("setup").contains("export-vk").contains("zkey");
        assertThat(zkml("zkey", "help", "verify").out()).contains("C.r1cs").contains("P.ptau").contains("C.zkey");
        assertThat(zkml("help", "setup").out()).contains("--ptau").contains("--dev").contains("--vk");
    }
}
