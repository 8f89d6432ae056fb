package io.zkml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.core.field.Fr;
import io.zkml.core.testing.SnarkjsFixtures;
import io.zkml.core.wtns.Witness;
import io.zkml.core.wtns.WtnsReader;
import io.zkml.core.wtns.WtnsWriter;
import io.zkml.prover.backend.CudaBackend;
import io.zkml.prover.backend.NativeBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zkml prove}: proofs that {@code zkml verify} accepts, refusals with exit codes 1 and 2 and nothing written. */
class ProveCommandTest {

    static ZkmlCommandTest.Run zkml(String... args) {
        return ZkmlCommandTest.zkml(args);
    }

    static String fixture(String name) {
        return SnarkjsFixtures.path(name).toString();
    }

    @Test
    void provesTheFixturesAndTheProofsVerify(@TempDir Path dir) {
        for (String c : SnarkjsFixtures.CIRCUITS) {
            Path proof = dir.resolve(c + "_proof.json"), pub = dir.resolve(c + "_public.json");
            ZkmlCommandTest.Run r = zkml("prove", "--zkey", fixture(c + ".zkey"), "--witness", fixture(c + ".wtns"), "--proof", proof.toString(),
                    "--public", pub.toString(), "--r1cs", fixture(c + ".r1cs"));
            assertThat(r.exit()).as(r.err()).isZero();
            // auto: native where libzkml loads (it does wherever the build had cmake and g++), else java with the reason
            assertThat(r.err()).startsWith(CudaBackend.isAvailable() ? "zkml prove: backend cuda ("
                    : NativeBackend.isAvailable() ? "zkml prove: backend native (zkml-native "
                    : "zkml prove: backend java (pure Java, ").contains("proved and verified in");
            assertThat(r.err().lines().filter(l -> l.contains("backend"))).hasSize(1);
            assertThat(pub).hasContent(SnarkjsFixtures.text(c + "_public.json"));
            ZkmlCommandTest.Run v = zkml("verify", "--vk", fixture(c + "_vk.json"), "--proof", proof.toString(), "--public", pub.toString());
            assertThat(v.exit()).isZero();
            assertThat(v.out()).startsWith("valid");
        }
        // --backend java and native work the same (native where the library loads; else it is a usage error naming the reason)
        Path proof = dir.resolve("p.json"), pub = dir.resolve("s.json");
        assertThat(zkml("prove", "--zkey", fixture("square_chain.zkey"), "--witness", fixture("square_chain.wtns"), "--proof", proof.toString(),
                "--public", pub.toString(), "--backend", "java").exit()).isZero();
        ZkmlCommandTest.Run n = zkml("prove", "--zkey", fixture("square_chain.zkey"), "--witness", fixture("square_chain.wtns"), "--proof",
                proof.toString(), "--public", pub.toString(), "--backend", "native");
        if (NativeBackend.isAvailable()) {
            assertThat(n.exit()).as(n.err()).isZero();
            assertThat(n.err()).startsWith("zkml prove: backend native (zkml-native ");
        } else {
            assertThat(n.exit()).isEqualTo(2);
            assertThat(n.err()).contains("libzkml is not available");
        }
    }

    @Test
    void anUnsatisfyingWitnessExitsOneAndWritesNothing(@TempDir Path dir) throws Exception {
        Witness w = WtnsReader.read(SnarkjsFixtures.path("square_chain.wtns"));
        Path bad = dir.resolve("bad.wtns");
        WtnsWriter.write(w.with(3, w.get(3).add(Fr.ONE)), bad);
        Path proof = dir.resolve("proof.json"), pub = dir.resolve("public.json");

        ZkmlCommandTest.Run named = zkml("prove", "--zkey", fixture("square_chain.zkey"), "--witness", bad.toString(), "--proof", proof.toString(),
                "--public", pub.toString(), "--r1cs", fixture("square_chain.r1cs"));
        assertThat(named.exit()).isEqualTo(1);
        assertThat(named.err()).contains("zkml prove: the witness violates constraint ");

        ZkmlCommandTest.Run unnamed = zkml("prove", "--zkey", fixture("square_chain.zkey"), "--witness", bad.toString(), "--proof", proof.toString(),
                "--public", pub.toString());
        assertThat(unnamed.exit()).isEqualTo(1);
        assertThat(unnamed.err()).contains("zkml prove: the proof does not verify");
        assertThat(proof).doesNotExist();
        assertThat(pub).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(bad); // no temporary files left behind
        }
    }

    @Test
    void malformedOrMismatchedInputExitsTwoWithOneLine(@TempDir Path dir) throws Exception {
        Path proof = dir.resolve("proof.json"), pub = dir.resolve("public.json");
        // another circuit's witness
        ZkmlCommandTest.Run other = zkml("prove", "--zkey", fixture("square_chain.zkey"), "--witness", fixture("five_public.wtns"), "--proof",
                proof.toString(), "--public", pub.toString());
        assertThat(other.exit()).isEqualTo(2);
        assertThat(other.err()).contains("the witness has").contains("wires");
        // a damaged key: a point of the A section changed
        byte[] zkey = SnarkjsFixtures.bytes("square_chain.zkey");
        long aOffset;
        try (var z = io.zkml.core.zkey.Zkey.open(SnarkjsFixtures.path("square_chain.zkey"))) {
            aOffset = z.a().fileOffset();
        }
        zkey[(int) aOffset + 64 + 3] ^= 1;
        Path badKey = dir.resolve("bad.zkey");
        Files.write(badKey, zkey);
        ZkmlCommandTest.Run damaged = zkml("prove", "--zkey", badKey.toString(), "--witness", fixture("square_chain.wtns"), "--proof",
                proof.toString(), "--public", pub.toString());
        assertThat(damaged.exit()).isEqualTo(2);
        assertThat(damaged.err()).contains("zkml prove: bad.zkey: offset 0x" + Long.toHexString(aOffset + 64) + ": A point 1 ");
        // a truncated key (its reading fails on the background thread; the error is the same one line)
        Path cut = dir.resolve("cut.zkey");
        Files.write(cut, java.util.Arrays.copyOf(zkey, 200));
        ZkmlCommandTest.Run truncated = zkml("prove", "--zkey", cut.toString(), "--witness", fixture("square_chain.wtns"), "--proof",
                proof.toString(), "--public", pub.toString());
        assertThat(truncated.exit()).isEqualTo(2);
        assertThat(truncated.err()).contains("zkml prove: cut.zkey: ").doesNotContain("internal error").doesNotContain("Completion");
        // not a witness file at all
        ZkmlCommandTest.Run notWtns = zkml("prove", "--zkey", fixture("square_chain.zkey"), "--witness", fixture("square_chain.r1cs"), "--proof",
                proof.toString(), "--public", pub.toString());
        assertThat(notWtns.exit()).isEqualTo(2);
        assertThat(notWtns.err()).contains("square_chain.r1cs: offset 0x0: not a .wtns file");
        // an unknown backend
        ZkmlCommandTest.Run backend = zkml("prove", "--zkey", fixture("square_chain.zkey"), "--witness", fixture("square_chain.wtns"), "--proof",
                proof.toString(), "--public", pub.toString(), "--backend", "quantum");
        assertThat(backend.exit()).isEqualTo(2);
        assertThat(backend.err()).contains("unknown backend \"quantum\" (choose one of auto, cuda, native, java)");
        for (ZkmlCommandTest.Run r : new ZkmlCommandTest.Run[] {other, damaged, truncated, notWtns, backend}) {
            assertThat(r.err()).doesNotContain("\tat ");
        }
        assertThat(proof).doesNotExist();
    }
}
