package io.zkml.prover.groth16;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.core.field.Fr;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.r1cs.R1csReader;
import io.zkml.core.snarkjs.ProofJson;
import io.zkml.core.snarkjs.PublicSignalsJson;
import io.zkml.core.testing.SnarkjsFixtures;
import io.zkml.core.wtns.Witness;
import io.zkml.core.wtns.WtnsReader;
import io.zkml.prover.backend.JavaBackend;
import io.zkml.verifier.node.NodeTools;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A circuit compiled live: circom2 compiles {@code chain.circom} (201 constraints), snarkjs computes the witness
 * and makes the key from the fixture powers of tau; we prove, snarkjs verifies.
 */
class LiveCircomProveTest {

    @Test
    void snarkjsVerifiesOurProofOfAFreshCircuit(@TempDir Path dir) throws Exception {
        copyResource("/circuits/chain.circom", dir.resolve("chain.circom"));
        copyResource("/circuits/chain_input.json", dir.resolve("input.json"));
        Files.copy(SnarkjsFixtures.path("pot8_final.ptau"), dir.resolve("pot.ptau"));
        NodeTools.circom(dir, "chain.circom", "--r1cs", "--wasm", "-o", ".");
        NodeTools.snarkjs(dir, "wtns", "calculate", "chain_js/chain.wasm", "input.json", "chain.wtns");
        NodeTools.snarkjs(dir, "groth16", "setup", "chain.r1cs", "pot.ptau", "chain.zkey");
        NodeTools.snarkjs(dir, "zkey", "export", "verificationkey", "chain.zkey", "vk.json");

        R1cs r1cs = R1csReader.read(dir.resolve("chain.r1cs"));
        assertThat(r1cs.nConstraints()).isEqualTo(201);
        Witness w = WtnsReader.read(dir.resolve("chain.wtns"));
        ProofWithSignals p;
        try (JavaBackend backend = new JavaBackend(); ProvingContext ctx = ProvingContext.open(dir.resolve("chain.zkey"), r1cs, backend)) {
            assertThat(ctx.key().domainSize()).isEqualTo(256);
            p = ctx.prove(w);
        }
        // the outputs: s₂₀₀ and −s₂₀₀, then the public inputs c = 7, k = −1
        BigInteger s = BigInteger.valueOf(3);
        for (int i = 0; i < 200; i++) {
            s = s.multiply(s).add(BigInteger.valueOf(7)).mod(Fr.MODULUS);
        }
        assertThat(p.publicSignalValues()).containsExactly(s, Fr.MODULUS.subtract(s).mod(Fr.MODULUS), BigInteger.valueOf(7),
                Fr.MODULUS.subtract(BigInteger.ONE));

        ProofJson.write(p.proof(), dir.resolve("proof.json"));
        PublicSignalsJson.write(p.publicSignalValues(), dir.resolve("public.json"));
        assertThat(NodeTools.snarkjs(dir, "groth16", "verify", "vk.json", "public.json", "proof.json").output()).contains("OK");
        // and a tampered statement is rejected by snarkjs too: the proof is bound to these signals
        List<BigInteger> wrong = List.of(s.add(BigInteger.ONE).mod(Fr.MODULUS), Fr.MODULUS.subtract(s).mod(Fr.MODULUS),
                BigInteger.valueOf(7), Fr.MODULUS.subtract(BigInteger.ONE));
        PublicSignalsJson.write(wrong, dir.resolve("wrong.json"));
        var result = NodeTools.node(dir, 300, NodeTools.dir().resolve("node_modules/snarkjs/build/cli.cjs").toString(),
                "groth16", "verify", "vk.json", "wrong.json", "proof.json");
        assertThat(result.output()).doesNotContain("OK!");
    }

    static void copyResource(String name, Path to) throws IOException {
        try (InputStream in = LiveCircomProveTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            Files.copy(in, to);
        }
    }
}
