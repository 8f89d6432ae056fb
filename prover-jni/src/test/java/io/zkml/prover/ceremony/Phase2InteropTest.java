package io.zkml.prover.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.core.io.ByteString;
import io.zkml.core.zkey.Zkey;
import io.zkml.core.testing.SnarkjsFixtures;
import io.zkml.verifier.node.NodeTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Phase-2 contributions against snarkjs 0.7.6: each side's keys pass the other's {@code zkey verify}. */
class Phase2InteropTest {

    static final String BEACON = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";

    @Test
    void ourBeaconIsByteForByteSnarkjsBeacon(@TempDir Path dir) throws Exception {
        Files.copy(SnarkjsFixtures.path("square_chain.r1cs"), dir.resolve("c.r1cs"));
        Files.copy(SnarkjsFixtures.path("pot8_final.ptau"), dir.resolve("pot.ptau"));
        NodeTools.snarkjs(dir, "groth16", "setup", "c.r1cs", "pot.ptau", "init.zkey");
        NodeTools.snarkjs(dir, "zkey", "contribute", "init.zkey", "one.zkey", "-n=alice", "-e=some entropy");
        NodeTools.snarkjs(dir, "zkey", "beacon", "one.zkey", "snarkjs.zkey", BEACON, "10", "-n=final beacon");
        try (Zkey one = Zkey.open(dir.resolve("one.zkey"))) {
            Phase2.Result r = Phase2.beacon(one, HexFormat.of().parseHex(BEACON), 10, "final beacon");
            r.key().write(dir.resolve("ours.zkey"));
            assertThat(ByteString.of(Files.readAllBytes(dir.resolve("ours.zkey"))))
                    .isEqualTo(ByteString.of(Files.readAllBytes(dir.resolve("snarkjs.zkey"))));
        }
    }
}
