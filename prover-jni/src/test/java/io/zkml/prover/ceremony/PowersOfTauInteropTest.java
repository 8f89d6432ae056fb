package io.zkml.prover.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.core.io.ByteString;
import io.zkml.core.ptau.Ptau;
import io.zkml.core.testing.SnarkjsFixtures;
import io.zkml.verifier.node.NodeTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Phase 1 against snarkjs 0.7.6: the same files from the same inputs, and each side verifies the other's. */
class PowersOfTauInteropTest {

    static final String BEACON = "a0b1c2d3e4f5";

    static ByteString bytes(Path p) throws Exception {
        return ByteString.of(Files.readAllBytes(p));
    }

    @Test
    void newAccumulatorIsSnarkjsNew(@TempDir Path dir) throws Exception {
        NodeTools.snarkjs(dir, "powersoftau", "new", "bn128", "5", "new.ptau");
        PowersOfTau.newAccumulator(5).write(dir.resolve("ours.ptau"));
        assertThat(bytes(dir.resolve("ours.ptau"))).isEqualTo(bytes(dir.resolve("new.ptau")));
    }

    @Test
    void ourBeaconIsByteForByteSnarkjsBeacon(@TempDir Path dir) throws Exception {
        Files.copy(SnarkjsFixtures.path("pot8_beacon.ptau"), dir.resolve("in.ptau"));
        NodeTools.snarkjs(dir, "powersoftau", "beacon", "in.ptau", "snarkjs.ptau", BEACON, "10", "-n=second beacon");
        try (Ptau in = Ptau.open(dir.resolve("in.ptau"))) {
            PowersOfTau.beacon(in, HexFormat.of().parseHex(BEACON), 10, "second beacon").ptau().write(dir.resolve("ours.ptau"));
        }
        assertThat(bytes(dir.resolve("ours.ptau"))).isEqualTo(bytes(dir.resolve("snarkjs.ptau")));
    }

    static NodeTools.Result snarkjsVerify(Path dir, String ptau) throws Exception {
        return NodeTools.node(dir, 300, NodeTools.dir().resolve("node_modules/snarkjs/build/cli.cjs").toString(), "powersoftau", "verify", ptau);
    }

    @Test
    void snarkjsFixturesVerify() {
        for (String f : java.util.List.of("pot8_beacon.ptau", "pot8_final.ptau")) {
            PtauVerifier v = PtauVerifier.verify(Ptau.read(f, SnarkjsFixtures.bytes(f)));
            assertThat(v.mismatch()).as(f).isEmpty();
            assertThat(v.contributions()).hasSize(2);
            assertThat(v.report()).endsWith("Powers of Tau Ok!");
        }
        PtauVerifier fresh = PtauVerifier.verify(PowersOfTau.newAccumulator(3));
        assertThat(fresh.mismatch()).hasValueSatisfying(m -> assertThat(m).contains("has no contribution"));
    }

    @Test
    void ourPreparationIsByteForByteSnarkjsPreparation(@TempDir Path dir) throws Exception {
        Ptau beacon = Ptau.read("pot8_beacon.ptau", SnarkjsFixtures.bytes("pot8_beacon.ptau"));
        List<String> stages = new ArrayList<>();
        List<Double> fractions = new ArrayList<>();
        PreparePhase2.prepare(beacon, (stage, fraction) -> {
            stages.add(stage);
            fractions.add(fraction);
        }).write(dir.resolve("ours.ptau"));
        // the listener hears the four sections in order, a non-decreasing fraction, and done at 1
        assertThat(stages.stream().distinct().toList()).containsExactly("tauG1", "tauG2", "alphaTauG1", "betaTauG1", "done");
        assertThat(fractions).isSorted().allSatisfy(f -> assertThat(f).isBetween(0.0, 1.0));
        assertThat(fractions.getLast()).isEqualTo(1.0);
        assertThat(bytes(dir.resolve("ours.ptau"))).isEqualTo(ByteString.of(SnarkjsFixtures.bytes("pot8_final.ptau")));
    }

    @Test
    void freshCeremonyPassesBothVerifiersAndTamperingFailsBoth(@TempDir Path dir) throws Exception {
        NodeTools.snarkjs(dir, "powersoftau", "new", "bn128", "4", "p0.ptau");
        Ptau p1;
        try (Ptau p0 = Ptau.open(dir.resolve("p0.ptau"))) {
            PowersOfTau.Result r = PowersOfTau.contribute(p0, SnarkjsRandom.contribution(new java.security.SecureRandom(), "x"), "zkml one");
            r.ptau().write(dir.resolve("p1.ptau"));
            p1 = Ptau.read("p1.ptau", Files.readAllBytes(dir.resolve("p1.ptau")));
            assertThat(PtauVerifier.verify(p1).mismatch()).isEmpty();
        }
        assertThat(snarkjsVerify(dir, "p1.ptau").output()).contains("Powers of Tau Ok!");
        NodeTools.snarkjs(dir, "powersoftau", "contribute", "p1.ptau", "p2.ptau", "-n=snarkjs two", "-e=entropy");
        try (Ptau p2 = Ptau.open(dir.resolve("p2.ptau"))) {
            PreparePhase2.prepare(PowersOfTau.beacon(p2, HexFormat.of().parseHex(BEACON), 10, "zkml beacon").ptau()).write(dir.resolve("p3.ptau"));
        }
        NodeTools.Result snarkjs = snarkjsVerify(dir, "p3.ptau");
        assertThat(snarkjs.output()).contains("Powers of Tau Ok!").doesNotContain("does not contain phase2");
        Ptau p3 = Ptau.read("p3.ptau", Files.readAllBytes(dir.resolve("p3.ptau")));
        PtauVerifier ours = PtauVerifier.verify(p3);
        assertThat(ours.mismatch()).isEmpty();
        assertThat(ours.contributions()).hasSize(3);
        for (PtauVerifier.Checked c : ours.contributions()) {
            assertThat(snarkjs.output().replaceAll("\\s+", "")).contains(TranscriptHash.format(c.responseHash().toByteArray()).replaceAll("\\s+", ""));
        }

        // a Lagrange point replaced by another point of the curve
        byte[] file = Files.readAllBytes(dir.resolve("p3.ptau"));
        io.zkml.core.encoding.G1Points l = p3.lagrangeTauG1(3);
        long at = l.fileOffset() + 2 * 64;
        byte[] other = io.zkml.core.encoding.SnarkjsBinary.toBytes(l.get(2).dbl());
        System.arraycopy(other, 0, file, (int) at, 64);
        assertRejectedByBoth(dir, file, "section 12 (tauG1 in Lagrange bases): the basis of size 2^3");

        // one power of tau replaced
        file = Files.readAllBytes(dir.resolve("p3.ptau"));
        at = p3.tauG1().fileOffset() + 5 * 64;
        other = io.zkml.core.encoding.SnarkjsBinary.toBytes(p3.tauG1().get(5).dbl());
        System.arraycopy(other, 0, file, (int) at, 64);
        assertRejectedByBoth(dir, file, "section 2 (tauG1)");
    }

    static void assertRejectedByBoth(Path dir, byte[] file, String ours) throws Exception {
        Files.write(dir.resolve("bad.ptau"), file);
        PtauVerifier v = PtauVerifier.verify(Ptau.read("bad.ptau", file));
        assertThat(v.mismatch()).hasValueSatisfying(m -> assertThat(m).startsWith(ours));
        NodeTools.Result snarkjs = snarkjsVerify(dir, "bad.ptau");
        assertThat(snarkjs.output()).doesNotContain("Powers of Tau Ok!");
        assertThat(snarkjs.exitCode()).isNotZero();
    }
}
