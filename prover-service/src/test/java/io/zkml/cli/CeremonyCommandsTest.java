package io.zkml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.cli.ZkmlCommandTest.Run;
import io.zkml.core.io.JsonAt;
import io.zkml.core.io.JsonText;
import io.zkml.core.testing.SnarkjsFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zkml contribute}, {@code beacon} and {@code zkey verify} over a small phase-2 ceremony. */
class CeremonyCommandsTest {

    static Run zkml(String... args) {
        return ZkmlCommandTest.zkml(args);
    }

    static String fixture(String name) {
        return SnarkjsFixtures.path(name).toString();
    }

    /** The four hash lines after "Contribution Hash:". */
    static String hashLines(Run r) {
        return r.out().substring(r.out().indexOf("Contribution Hash:") + "Contribution Hash:".length()).stripTrailing();
    }

    @Test
    void contributeBeaconVerifyAndProvenance(@TempDir Path dir) throws Exception {
        String k0 = dir.resolve("k0.zkey").toString(), k1 = dir.resolve("k1.zkey").toString(), k2 = dir.resolve("k2.zkey").toString();
        assertThat(zkml("setup", "--r1cs", fixture("square_chain.r1cs"), "--ptau", fixture("pot8_final.ptau"), "--zkey", k0).exit()).isZero();

        Run alice = zkml("contribute", k0, k1, "--entropy", "dice: 3 1 4 1 5", "--name", "alice");
        assertThat(alice.exit()).as(alice.err()).isZero();
        assertThat(alice.out()).startsWith("Contribution Hash:");
        assertThat(alice.err()).contains("wrote " + k1 + ": contribution #1 by alice").contains("no final random beacon");
        Run vk1 = zkml("export-vk", "--zkey", k1);
        assertThat(vk1.err()).doesNotContain("warning").doesNotContain("DEVELOPMENT");
        JsonAt p1 = JsonText.parse("vk", vk1.out()).field("zkml_provenance");
        assertThat(p1.field("status").text()).isEqualTo("contributions-without-beacon");

        Run beacon = zkml("beacon", k1, k2, "--hash", "0x00112233445566778899aabbccddeeff", "--iterations", "10", "-n", "final");
        assertThat(beacon.exit()).as(beacon.err()).isZero();
        assertThat(beacon.err()).contains("contribution #2 (beacon) by final").contains("closed by a random beacon");

        Run verify = zkml("zkey", "verify", fixture("square_chain.r1cs"), fixture("pot8_final.ptau"), k2);
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("contribution #1 alice:" + hashLines(alice))
                .contains("contribution #2 final:" + hashLines(beacon))
                .contains("Beacon generator: 00112233445566778899aabbccddeeff").contains("Beacon iterations Exp: 10").contains("ZKey Ok!");

        Run vk2 = zkml("export-vk", "--zkey", k2);
        assertThat(vk2.err()).doesNotContain("warning").doesNotContain("DEVELOPMENT");
        JsonAt p2 = JsonText.parse("vk", vk2.out()).field("zkml_provenance");
        assertThat(p2.field("kind").text()).isEqualTo("powers-of-tau");
        assertThat(p2.field("status").text()).isEqualTo("contributions-and-beacon");
        assertThat(p2.field("beacon").node().asBoolean()).isTrue();
        assertThat(p2.optionalField("warning")).isEmpty();

        // the chain checked against another circuit's initial key
        Run other = zkml("zkey", "verify", fixture("five_public.r1cs"), fixture("pot8_final.ptau"), k2);
        assertThat(other.exit()).isEqualTo(1);
        assertThat(other.out()).contains("INVALID: ");
    }

    @Test
    void badBeaconArgumentsAreUsageErrors(@TempDir Path dir) throws Exception {
        String out = dir.resolve("out.zkey").toString();
        Run hex = zkml("beacon", fixture("five_public.zkey"), out, "--hash", "xyz", "--iterations", "10");
        assertThat(hex.exit()).isEqualTo(2);
        assertThat(hex.err()).contains("--hash must be hexadecimal");
        Run few = zkml("beacon", fixture("five_public.zkey"), out, "--hash", "abcd", "--iterations", "5");
        assertThat(few.exit()).isEqualTo(2);
        assertThat(few.err()).contains("iteration exponent must be in [10, 63]");
        Run missing = zkml("contribute", dir.resolve("nope.zkey").toString(), out);
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
        assertThat(Files.exists(Path.of(out))).isFalse();
    }

    @Test
    void wholeCeremonyFromANewPtauToAVerifiedKey(@TempDir Path dir) throws Exception {
        String p0 = dir.resolve("p0.ptau").toString(), p1 = dir.resolve("p1.ptau").toString(), p2 = dir.resolve("p2.ptau").toString();
        String p3 = dir.resolve("p3.ptau").toString();
        Run created = zkml("ptau", "new", "--power", "4", p0);
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).startsWith("First Contribution Hash:");
        Run empty = zkml("ptau", "verify", p0);
        assertThat(empty.exit()).isEqualTo(1);
        assertThat(empty.out()).contains("INVALID: ").contains("has no contribution");

        Run alice = zkml("ptau", "contribute", p0, p1, "-e", "coin flips", "-n", "alice");
        assertThat(alice.exit()).as(alice.err()).isZero();
        assertThat(alice.out()).startsWith("Contribution Response Hash:");
        Run beacon = zkml("ptau", "beacon", p1, p2, "--hash", "deadbeef", "--iterations", "10", "-n", "final");
        assertThat(beacon.exit()).as(beacon.err()).isZero();
        Run unprepared = zkml("ptau", "verify", p2);
        assertThat(unprepared.exit()).as(unprepared.out()).isZero();
        assertThat(unprepared.err()).contains("not prepared");
        assertThat(unprepared.out()).contains("Contribution #1: alice").contains(hashLines(alice)).contains("Powers of Tau Ok!");

        Run prepare = zkml("ptau", "prepare", p2, p3);
        assertThat(prepare.exit()).as(prepare.err()).isZero();
        Run verified = zkml("ptau", "verify", p3);
        assertThat(verified.exit()).as(verified.out()).isZero();
        assertThat(verified.err()).doesNotContain("not prepared");

        String k0 = dir.resolve("k0.zkey").toString(), k1 = dir.resolve("k1.zkey").toString(), k2 = dir.resolve("k2.zkey").toString();
        assertThat(zkml("setup", "--r1cs", fixture("square_chain.r1cs"), "--ptau", p3, "--zkey", k0).exit()).isZero();
        assertThat(zkml("contribute", k0, k1, "-e", "more", "-n", "bob").exit()).isZero();
        assertThat(zkml("beacon", k1, k2, "--hash", "cafe", "--iterations", "10").exit()).isZero();
        Run zkey = zkml("zkey", "verify", fixture("square_chain.r1cs"), p3, k2);
        assertThat(zkey.exit()).as(zkey.out()).isZero();
        assertThat(zkey.out()).contains("contribution #1 bob:").endsWith("ZKey Ok!" + System.lineSeparator());
        // the same key against the snarkjs ceremony's ptau: another tau, another initial key
        Run other = zkml("zkey", "verify", fixture("square_chain.r1cs"), fixture("pot8_final.ptau"), k2);
        assertThat(other.exit()).isEqualTo(1);

        Run badPower = zkml("ptau", "new", "--power", "40", dir.resolve("x.ptau").toString());
        assertThat(badPower.exit()).isEqualTo(2);
        assertThat(badPower.err()).contains("power must be in [1, 28]");
    }
}
