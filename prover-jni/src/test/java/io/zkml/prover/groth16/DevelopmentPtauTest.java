package io.zkml.prover.groth16;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.core.ptau.Ptau;
import io.zkml.core.testing.SnarkjsFixtures;
import io.zkml.verifier.node.NodeTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test-only ptau generator makes files that snarkjs sets up from and verifies keys against like its own. */
class DevelopmentPtauTest {

    @Test
    void snarkjsAcceptsTheGeneratedPtau(@TempDir Path dir) throws Exception {
        Ptau ptau = DevelopmentPtau.generate(6, new SecureRandom());
        ptau.write(dir.resolve("pot.ptau"));
        try (Ptau back = Ptau.open(dir.resolve("pot.ptau"))) {
            assertThat(back.isPrepared()).isTrue();
            assertThat(back.power()).isEqualTo(6);
        }
        // five_public needs a domain of 2^4; snarkjs's key from our ptau is ours, and snarkjs's zkey verify
        // (which checks H against the powers of tau by a pairing) accepts it
        Files.copy(SnarkjsFixtures.path("five_public.r1cs"), dir.resolve("c.r1cs"));
        SetupFromPtauTest.sameAsSnarkjs(dir);
    }
}
