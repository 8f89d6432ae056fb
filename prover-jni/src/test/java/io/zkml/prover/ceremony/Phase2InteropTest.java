package io.zkml.prover.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.core.encoding.G1Points;
import io.zkml.core.io.ByteString;
import io.zkml.core.ptau.Ptau;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.r1cs.R1csReader;
import io.zkml.core.testing.SnarkjsFixtures;
import io.zkml.core.zkey.MpcParams;
import io.zkml.core.zkey.Zkey;
import io.zkml.core.zkey.ZkeyContribution;
import io.zkml.verifier.node.NodeTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Phase-2 contributions against snarkjs 0.7.6: each side's keys pass the other's {@code zkey verify}. */
class Phase2InteropTest {

    static final String BEACON = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";
    static final Ptau PTAU = Ptau.read("pot8_final.ptau", SnarkjsFixtures.bytes("pot8_final.ptau"));

    static R1cs r1cs(String c) {
        return R1csReader.read(c + ".r1cs", SnarkjsFixtures.bytes(c + ".r1cs"));
    }

    static Path initialKey(Path dir, String circuit) throws Exception {
        Files.copy(SnarkjsFixtures.path(circuit + ".r1cs"), dir.resolve("c.r1cs"));
        Files.copy(SnarkjsFixtures.path("pot8_final.ptau"), dir.resolve("pot.ptau"));
        NodeTools.snarkjs(dir, "groth16", "setup", "c.r1cs", "pot.ptau", "init.zkey");
        return dir.resolve("init.zkey");
    }

    /** snarkjs zkey verify's output, and whether it said OK. */
    static NodeTools.Result snarkjsVerify(Path dir, String zkey) throws Exception {
        return NodeTools.node(dir, 300, NodeTools.dir().resolve("node_modules/snarkjs/build/cli.cjs").toString(), "zkey", "verify", "c.r1cs",
                "pot.ptau", zkey);
    }

    static final Pattern HASH = Pattern.compile("contribution #(\\d+)[^\\n]*:\\s*\\n((?:\\s*[0-9a-f]{8}){16})");

    /** The contribution hashes that snarkjs printed, by number, as 128 hex digits. */
    static Map<Integer, String> printedHashes(String output) {
        Map<Integer, String> m = new TreeMap<>();
        Matcher x = HASH.matcher(output);
        while (x.find()) {
            m.put(Integer.parseInt(x.group(1)), x.group(2).replaceAll("\\s", ""));
        }
        return m;
    }

    static Map<Integer, String> ourHashes(Phase2Verifier v) {
        Map<Integer, String> m = new TreeMap<>();
        v.contributions().forEach(c -> m.put(c.number(), c.hash().toHex()));
        return m;
    }

    @Test
    void ourBeaconIsByteForByteSnarkjsBeacon(@TempDir Path dir) throws Exception {
        initialKey(dir, "square_chain");
        NodeTools.snarkjs(dir, "zkey", "contribute", "init.zkey", "one.zkey", "-n=alice", "-e=some entropy");
        NodeTools.snarkjs(dir, "zkey", "beacon", "one.zkey", "snarkjs.zkey", BEACON, "10", "-n=final beacon");
        try (Zkey one = Zkey.open(dir.resolve("one.zkey"))) {
            Phase2.Result r = Phase2.beacon(one, HexFormat.of().parseHex(BEACON), 10, "final beacon");
            r.key().write(dir.resolve("ours.zkey"));
            assertThat(ByteString.of(Files.readAllBytes(dir.resolve("ours.zkey"))))
                    .isEqualTo(ByteString.of(Files.readAllBytes(dir.resolve("snarkjs.zkey"))));
        }
    }

    @Test
    void snarkjsFixtureChainVerifiesWithTheHashesSnarkjsPrints(@TempDir Path dir) throws Exception {
        Files.copy(SnarkjsFixtures.path("five_public.r1cs"), dir.resolve("c.r1cs"));
        Files.copy(SnarkjsFixtures.path("pot8_final.ptau"), dir.resolve("pot.ptau"));
        Files.copy(SnarkjsFixtures.path("five_public.zkey"), dir.resolve("k.zkey"));
        Zkey key = Zkey.read("five_public.zkey", SnarkjsFixtures.bytes("five_public.zkey"));
        Phase2Verifier v = Phase2Verifier.verify(r1cs("five_public"), PTAU, key);
        assertThat(v.mismatch()).isEmpty();
        assertThat(v.contributions()).hasSize(1);
        NodeTools.Result snarkjs = snarkjsVerify(dir, "k.zkey");
        assertThat(snarkjs.output()).contains("ZKey Ok!");
        assertThat(ourHashes(v)).isEqualTo(printedHashes(snarkjs.output())).hasSize(1);
        assertThat(v.report()).contains("contribution #1 c1:").endsWith("ZKey Ok!");
    }

    @Test
    void mixedChainPassesBothVerifiersAndTamperingFailsBoth(@TempDir Path dir) throws Exception {
        initialKey(dir, "square_chain");
        try (Zkey init = Zkey.open(dir.resolve("init.zkey"))) {
            Phase2.Result first = Phase2.contribute(init, SnarkjsRandom.contribution(new SecureRandom(), "zkml entropy"), "zkml one");
            first.key().write(dir.resolve("one.zkey"));
        }
        NodeTools.Result afterOurs = snarkjsVerify(dir, "one.zkey");
        assertThat(afterOurs.output()).contains("ZKey Ok!");
        NodeTools.snarkjs(dir, "zkey", "contribute", "one.zkey", "two.zkey", "-n=snarkjs two", "-e=more entropy");
        Zkey last;
        try (Zkey two = Zkey.open(dir.resolve("two.zkey"))) {
            Phase2.Result beacon = Phase2.beacon(two, HexFormat.of().parseHex(BEACON), 10, "zkml beacon");
            beacon.key().write(dir.resolve("three.zkey"));
        }
        last = Zkey.read("three.zkey", Files.readAllBytes(dir.resolve("three.zkey")));

        NodeTools.Result snarkjs = snarkjsVerify(dir, "three.zkey");
        assertThat(snarkjs.output()).contains("ZKey Ok!");
        Phase2Verifier ours = Phase2Verifier.verify(r1cs("square_chain"), PTAU, last);
        assertThat(ours.mismatch()).isEmpty();
        assertThat(ourHashes(ours)).isEqualTo(printedHashes(snarkjs.output())).hasSize(3);
        assertThat(ours.contributions().stream().map(c -> c.record().params().name().orElse("")).toList())
                .containsExactly("zkml one", "snarkjs two", "zkml beacon");
        assertThat(ours.report()).contains("Beacon generator: " + BEACON, "Beacon iterations Exp: 10");

        // one point of H replaced by another point of the curve
        G1Points.Builder h = new G1Points.Builder("H", last.h().size());
        h.setEncoded(0, last.h().segment());
        h.set(3, last.h().get(3).dbl());
        Zkey badH = rebuild(last, last.mpcParams()).h(h.build()).build();
        assertRejectedByBoth(dir, badH, "section 9 (H) is not the initial key's divided by delta");

        // the second contribution's transcript changed
        List<ZkeyContribution> cs = new ArrayList<>(last.mpcParams().contributions());
        ZkeyContribution c = cs.get(1);
        byte[] t = c.transcript().toByteArray();
        t[5] ^= 1;
        cs.set(1, new ZkeyContribution(c.deltaAfter(), c.deltaG1S(), c.deltaG1Sx(), c.deltaG2Spx(), ByteString.of(t), c.type(), c.params()));
        assertRejectedByBoth(dir, rebuild(last, new MpcParams(last.mpcParams().csHash(), cs)).build(),
                "contribution 2 (snarkjs two): its transcript hash");

        // the beacon claims another iteration count
        ZkeyContribution b = cs.get(2);
        cs.set(1, c);
        cs.set(2, new ZkeyContribution(b.deltaAfter(), b.deltaG1S(), b.deltaG1Sx(), b.deltaG2Spx(), b.transcript(), b.type(),
                io.zkml.core.ptau.ContributionParams.beacon("zkml beacon", 11, b.params().beaconHash().orElseThrow())));
        assertRejectedByBoth(dir, rebuild(last, new MpcParams(last.mpcParams().csHash(), cs)).build(),
                "contribution 3 (zkml beacon): the beacon's key is not the one");
    }

    static Zkey.Builder rebuild(Zkey k, MpcParams mpc) {
        return Zkey.builder(k.header()).ic(k.ic()).coefficients(k.coefficients()).a(k.a()).b1(k.b1()).b2(k.b2()).c(k.c()).h(k.h())
                .mpcParams(mpc).order(Zkey.NUMERIC_ORDER);
    }

    static void assertRejectedByBoth(Path dir, Zkey bad, String ourMessage) throws Exception {
        Phase2Verifier ours = Phase2Verifier.verify(r1cs("square_chain"), PTAU, bad);
        assertThat(ours.mismatch()).hasValueSatisfying(m -> assertThat(m).startsWith(ourMessage));
        assertThat(ours.report()).endsWith("INVALID: " + ours.mismatch().orElseThrow());
        bad.write(dir.resolve("bad.zkey"));
        NodeTools.Result snarkjs = snarkjsVerify(dir, "bad.zkey");
        assertThat(snarkjs.output()).doesNotContain("ZKey Ok!");
        assertThat(snarkjs.exitCode()).isNotZero();
    }
}
