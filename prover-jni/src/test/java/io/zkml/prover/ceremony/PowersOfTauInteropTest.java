package io.zkml.prover.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.core.io.ByteString;
import io.zkml.core.ptau.Ptau;
import io.zkml.core.testing.SnarkjsFixtures;
import io.zkml.verifier.node.NodeTools;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
