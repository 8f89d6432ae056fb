package io.zkml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.core.testing.SnarkjsFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: output, exit codes 0/1/2, one-line reasons without stack traces. */
class ZkmlCommandTest {

    record Run(int exit, String out, String err) {
    }

    static Run zkml(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = ZkmlCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    static String fixture(String name) {
        return SnarkjsFixtures.path(name).toString();
    }

    @Test
    void verifyPrintsValidAndExitsZero() {
        for (String c : SnarkjsFixtures.CIRCUITS) {
            Run r = zkml("verify", "--vk", fixture(c + "_vk.json"), "--proof", fixture(c + "_proof.json"), "--public", fixture(c + "_public.json"));
            assertThat(r.exit()).isZero();
            assertThat(r.out()).isEqualTo("valid" + System.lineSeparator());
        }
    }

    @Test
    void verifyPrintsInvalidAndExitsOne(@TempDir Path dir) throws Exception {
        Path pub = dir.resolve("public.json");
        Files.writeString(pub, "[\"11507409131019488064849336831034441946715144141628237929619070028504443580978\", \"8\"]");
        Run r = zkml("verify", "--vk", fixture("square_chain_vk.json"), "--proof", fixture("square_chain_proof.json"), "--public", pub.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).startsWith("invalid");

        // a point off the curve makes the proof invalid, not the file malformed
        String proof = SnarkjsFixtures.text("square_chain_proof.json")
                .replace("4701777501311644526080314210568384927340077787984286512485084999536412426211", "4701777501311644526080314210568384927340077787984286512485084999536412426212");
        Path bad = dir.resolve("proof.json");
        Files.writeString(bad, proof);
        Run offCurve = zkml("verify", "--vk", fixture("square_chain_vk.json"), "--proof", bad.toString(), "--public", fixture("square_chain_public.json"));
        assertThat(offCurve.exit()).isEqualTo(1);
        assertThat(offCurve.out()).startsWith("invalid");
    }

    @Test
    void malformedInputExitsTwoWithAOneLineReason(@TempDir Path dir) throws Exception {
        Path garbage = dir.resolve("vk.json");
        Files.writeString(garbage, "{\"protocol\": \"groth16\", ");
        Run r = zkml("verify", "--vk", garbage.toString(), "--proof", fixture("square_chain_proof.json"), "--public", fixture("square_chain_public.json"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("zkml verify: ").contains("vk.json").doesNotContain("\tat ");
        assertThat(r.err().strip().lines()).hasSize(1);

        Run wrongCount = zkml("verify", "--vk", fixture("square_chain_vk.json"), "--proof", fixture("square_chain_proof.json"), "--public", fixture("five_public_public.json"));
        assertThat(wrongCount.exit()).isEqualTo(2);
        assertThat(wrongCount.err()).contains("five_public_public.json").contains("2 public signals").contains("6");

        Run missing = zkml("verify", "--vk", dir.resolve("nope.json").toString(), "--proof", fixture("square_chain_proof.json"), "--public", fixture("square_chain_public.json"));
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file").contains("nope.json");

        Run usage = zkml("verify", "--vk", fixture("square_chain_vk.json"));
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("Missing required options");
    }

    @Test
    void calldataMatchesSnarkjs() {
        for (String c : SnarkjsFixtures.CIRCUITS) {
            Run r = zkml("calldata", "--proof", fixture(c + "_proof.json"), "--public", fixture(c + "_public.json"));
            assertThat(r.exit()).isZero();
            assertThat(r.out().strip()).isEqualTo(SnarkjsFixtures.text(c + "_calldata.txt").strip());
        }
        Run hex = zkml("calldata", "--hex", "--proof", fixture("square_chain_proof.json"), "--public", fixture("square_chain_public.json"));
        // selector of verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[2]), then 10 words
        assertThat(hex.out().strip()).startsWith("0xf5c9d69e").hasSize(2 + 8 + 10 * 64);
    }

    @Test
    void exportVerifierWritesAContractAndNothingOnError(@TempDir Path dir) throws Exception {
        Path sol = dir.resolve("Verifier.sol");
        Run r = zkml("export-verifier", "--vk", fixture("five_public_vk.json"), "-o", sol.toString());
        assertThat(r.exit()).isZero();
        assertThat(Files.readString(sol)).contains("contract Groth16Verifier").contains("uint[6] calldata _pubSignals").doesNotContain("{{");

        Path before = dir.resolve("Keep.sol");
        Files.writeString(before, "// previous contents");
        Path bad = dir.resolve("bad_vk.json");
        Files.writeString(bad, SnarkjsFixtures.text("five_public_vk.json").replace("\"nPublic\": 6", "\"nPublic\": 5"));
        Run failed = zkml("export-verifier", "--vk", bad.toString(), "-o", before.toString());
        assertThat(failed.exit()).isEqualTo(2);
        assertThat(failed.err()).contains("nPublic");
        assertThat(Files.readString(before)).as("nothing already stored is lost").isEqualTo("// previous contents");
    }

    @Test
    void versionAndHelp() {
        assertThat(zkml("--version").out()).startsWith("zkml ");
        Run help = zkml("help", "verify");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--vk").contains("--proof").contains("--public");
    }
}
