package io.zkml.cli;

import static io.zkml.cli.CompilePipelineTest.copy;
import static io.zkml.cli.ZkmlCommandTest.zkml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkml.cli.ZkmlCommandTest.Run;
import io.zkml.core.field.Fr;
import io.zkml.core.hash.Commitment;
import io.zkml.verifier.node.Evm;
import io.zkml.verifier.node.NodeTools;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hashed input end to end (EZKL's 2l_relu_fc): compile, commit, witness, setup --dev, prove (Java backend),
 * verify in Java and in an EVM; proofs made with another salt or another record fail against the published
 * commitment.
 */
class HashedPipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aProofBindsTheCommittedRecord(@TempDir Path dir) throws Exception {
        Path model = copy("/models/2l_relu_fc/network.onnx", dir.resolve("network.onnx"));
        Path input = copy("/models/2l_relu_fc/input.json", dir.resolve("input.json"));
        Path out = dir.resolve("circuit");
        Run c = zkml("compile", model.toString(), "-o", out.toString(), "--input-range", "-2:2", "--input-visibility", "hashed");
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("commitment to input").contains("Poseidon");
        JsonNode circuit = JSON.readTree(out.resolve("circuit.json").toFile());
        String name = circuit.path("inputs").get(0).path("name").asText();
        JsonNode entry = circuit.path("publicSignals").get(1);
        assertThat(entry.path("visibility").asText()).isEqualTo("hashed");
        assertThat(entry.path("kind").asText()).isEqualTo("input");
        assertThat(entry.path("count").asInt()).isEqualTo(1);
        assertThat(entry.path("commitment").path("scheme").asText()).isEqualTo("poseidon-bn254-circomlib/chain16");
        assertThat(entry.path("commitment").path("elements").asInt()).isEqualTo(3);
        assertThat(circuit.path("publicSignals").get(0).path("visibility").asText()).isEqualTo("public");

        // the data owner commits; the commitment is what the circuit's public signal will hold
        Path commit = dir.resolve("commit.json");
        Run k = zkml("commit", "--circuit", out.toString(), "--input", input.toString(), "-o", commit.toString());
        assertThat(k.exit()).as(k.err()).isZero();
        assertThat(Files.getPosixFilePermissions(commit)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        JsonNode committed = JSON.readTree(commit.toFile()).path("commitments").get(0);
        assertThat(committed.path("input").asText()).isEqualTo(name);
        BigInteger published = new BigInteger(committed.path("commitment").asText());
        Fr salt = Fr.of(new BigInteger(committed.path("salt_hex").asText().substring(2), 16));
        // the circuit's quantization: round(x·2^8), x = 0.0168…, 0.0787…, 0.0846… → 4, 20, 22
        assertThat(published).isEqualTo(Commitment.commit(salt, List.of(Fr.of(4), Fr.of(20), Fr.of(22))).value().toBigInteger());

        Path zkey = dir.resolve("c.zkey");
        Path vk = dir.resolve("vk.json");
        Run s = zkml("setup", "--r1cs", out.resolve("circuit.r1cs").toString(), "--dev", "--zkey", zkey.toString(), "--vk", vk.toString());
        assertThat(s.exit()).as(s.err()).isZero();

        Path pub = prove(dir, out, zkey, "honest", input, "--salts", commit.toString());
        JsonNode signals = JSON.readTree(pub.toFile());
        assertThat(signals.size()).isEqualTo(2);
        assertThat(signals.get(1).asText()).isEqualTo(published.toString());
        JsonNode o = JSON.readTree(dir.resolve("honest.output.json").toFile());
        assertThat(o.path("commitments").get(0).path("commitment").asText()).isEqualTo(published.toString());
        assertThat(verify(vk, dir.resolve("honest.proof.json"), pub).exit()).isZero();
        // snarkjs reads the field constraints in circuit.r1cs and finds the witness satisfies them
        assertThat(NodeTools.snarkjs(dir, "wtns", "check", out.resolve("circuit.r1cs").toString(), dir.resolve("honest.wtns").toString()).output())
                .contains("WITNESS IS CORRECT");

        // another salt (a fresh commitment to the same record): valid for its own signals, not for the published one
        Path commit2 = dir.resolve("commit2.json");
        assertThat(zkml("commit", "--circuit", out.toString(), "--input", input.toString(), "-o", commit2.toString()).exit()).isZero();
        Path pub2 = prove(dir, out, zkey, "salt2", input, "--salts", commit2.toString());
        assertThat(JSON.readTree(pub2.toFile()).get(1).asText()).isNotEqualTo(published.toString());
        assertThat(verify(vk, dir.resolve("salt2.proof.json"), pub2).exit()).isZero();
        Run forged = verify(vk, dir.resolve("salt2.proof.json"), pub);
        assertThat(forged.exit()).isEqualTo(1);

        // another record with the published salt (in input.json's "salts"): not the published commitment either
        JsonNode in = JSON.readTree(input.toFile());
        Path other = dir.resolve("other.json");
        Files.writeString(other, "{\"input_data\": [[" + in.path("input_data").get(0).get(0).asDouble() + ", 0.5, "
                + in.path("input_data").get(0).get(2).asDouble() + "]], \"salts\": {\"" + name + "\": \"" + committed.path("salt_hex").asText() + "\"}}");
        prove(dir, out, zkey, "record2", other);
        assertThat(verify(vk, dir.resolve("record2.proof.json"), pub).exit()).isEqualTo(1);

        // the Solidity verifier accepts the honest proof with its commitment, and not the other salt's proof with it
        Path sol = dir.resolve("Verifier.sol");
        assertThat(zkml("export-verifier", "--vk", vk.toString(), "-o", sol.toString()).exit()).isZero();
        String good = zkml("calldata", "--hex", "--proof", dir.resolve("honest.proof.json").toString(), "--public", pub.toString()).out().strip();
        String bad = zkml("calldata", "--hex", "--proof", dir.resolve("salt2.proof.json").toString(), "--public", pub.toString()).out().strip();
        try (Evm evm = new Evm()) {
            String address = evm.deploySource(Files.readString(sol), "Groth16Verifier");
            assertThat(evm.call(address, good).returnedTrue()).isTrue();
            assertThat(evm.call(address, bad).returnedFalse()).isTrue();
        }

        // refusals, exit 2: no salt, a malformed salt, a commit --scale file, a record that does not open the commitment
        Path w = dir.resolve("x.wtns");
        Path xo = dir.resolve("x.json");
        Run none = zkml("witness", out.toString(), "--input", input.toString(), "--witness", w.toString(), "--output", xo.toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("input '" + name + "' is hashed: its salt is needed");
        Path malformed = Files.writeString(dir.resolve("m.json"), "{\"input_data\": [[0, 0, 0]], \"salts\": {\"" + name + "\": \"0xzz\"}}");
        Run m = zkml("witness", out.toString(), "--input", malformed.toString(), "--witness", w.toString(), "--output", xo.toString());
        assertThat(m.exit()).isEqualTo(2);
        assertThat(m.err()).contains("salts." + name).contains("1 to 64 hex digits");
        Path scaleFile = dir.resolve("scale.json");
        assertThat(zkml("commit", "--scale", "8", "--input", input.toString(), "-o", scaleFile.toString()).exit()).isZero();
        Run sc = zkml("witness", out.toString(), "--input", input.toString(), "--salts", scaleFile.toString(), "--witness", w.toString(), "--output", xo.toString());
        assertThat(sc.exit()).isEqualTo(2);
        assertThat(sc.err()).contains("zkml commit --circuit");
        Files.writeString(other, "{\"input_data\": [[0, 0.5, 0]]}");
        Run mismatch = zkml("witness", out.toString(), "--input", other.toString(), "--salts", commit.toString(), "--witness", w.toString(), "--output", xo.toString());
        assertThat(mismatch.exit()).isEqualTo(2);
        assertThat(mismatch.err()).contains("does not open the commitment");
        assertThat(w).doesNotExist();
    }

    /** witness + prove with the Java backend; returns public.json. */
    private static Path prove(Path dir, Path circuit, Path zkey, String tag, Path input, String... extra) {
        Path wtns = dir.resolve(tag + ".wtns");
        String[] args = new String[8 + extra.length];
        String[] base = {"witness", circuit.toString(), "--input", input.toString(), "--witness", wtns.toString(), "--output",
                dir.resolve(tag + ".output.json").toString()};
        System.arraycopy(base, 0, args, 0, 8);
        System.arraycopy(extra, 0, args, 8, extra.length);
        Run w = zkml(args);
        assertThat(w.exit()).as(w.err()).isZero();
        Path pub = dir.resolve(tag + ".public.json");
        Run p = zkml("prove", "--backend", "java", "--zkey", zkey.toString(), "--witness", wtns.toString(), "--proof",
                dir.resolve(tag + ".proof.json").toString(), "--public", pub.toString(), "--r1cs", circuit.resolve("circuit.r1cs").toString());
        assertThat(p.exit()).as(p.err()).isZero();
        return pub;
    }

    private static Run verify(Path vk, Path proof, Path pub) {
        return zkml("verify", "--vk", vk.toString(), "--proof", proof.toString(), "--public", pub.toString());
    }
}
