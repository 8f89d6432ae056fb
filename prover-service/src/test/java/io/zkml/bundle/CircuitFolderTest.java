package io.zkml.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.JsonText;
import io.zkml.core.snarkjs.ProofJson;
import io.zkml.core.testing.SnarkjsFixtures;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * circuit.json read tolerantly (entries without "visibility" are public; hashed, per-element and predicate
 * entries as the privacy features write them), the decoding of each kind, and bundles that notice a changed value.
 */
class CircuitFolderTest {

    static final String CIRCUIT = """
            {
              "format" : "zkml-circuit",
              "version" : 1,
              "inputs" : [ { "name" : "x", "shape" : [ 1, 4 ], "scale" : 8, "visibility" : "hashed" },
                           { "name" : "t", "shape" : [ 1 ], "scale" : 5, "visibility" : "public" } ],
              "outputs" : [ { "name" : "y", "shape" : [ 1, 3 ], "scale" : 6, "visibility" : "public:0,2" },
                            { "name" : "z", "shape" : [ 1, 3 ], "scale" : 6, "visibility" : "argmax" } ],
              "publicSignals" : [ { "kind" : "output", "tensor" : "y", "firstSignal" : 1, "count" : 2, "visibility" : "public:0,2" },
                                  { "kind" : "output", "tensor" : "z", "firstSignal" : 3, "count" : 1, "visibility" : "argmax" },
                                  { "kind" : "input", "tensor" : "x", "firstSignal" : 4, "count" : 1, "visibility" : "hashed",
                                    "commitment" : { "hash" : "poseidon" } },
                                  { "kind" : "input", "tensor" : "t", "firstSignal" : 5, "count" : 1 } ],
              "r1cs" : { "file" : "circuit.r1cs", "sha256" : "00", "wires" : 40, "publicOutputs" : 3, "publicInputs" : 3 },
              "extra" : { "kept" : 1.0E-4 }
            }
            """;

    static CircuitFolder folder(Path dir, String json) throws Exception {
        Files.writeString(dir.resolve("circuit.json"), json);
        return CircuitFolder.read(dir);
    }

    @Test
    void describesEveryKindOfSignal(@TempDir Path dir) throws Exception {
        List<PublicSignal> s = folder(dir, CIRCUIT).publicSignals();
        assertThat(s).hasSize(6);
        assertThat(s.get(0)).extracting(PublicSignal::tensor, PublicSignal::element, PublicSignal::visibility).containsExactly("y", 0, "public:0,2");
        assertThat(s.get(0).scale()).hasValue(6);
        assertThat(s.get(1).element()).isEqualTo(2);
        assertThat(s.get(2).visibility()).isEqualTo("argmax");
        assertThat(s.get(2).scale()).isEmpty();
        assertThat(s.get(3).kind()).isEqualTo("input");
        assertThat(s.get(3).commitment().orElseThrow().get("hash").asText()).isEqualTo("poseidon");
        assertThat(s.get(4).visibility()).isEqualTo("public"); // no "visibility": public
        assertThat(s.get(4).scale()).hasValue(5);
        assertThat(s.get(5)).isEqualTo(PublicSignal.unknown(5)); // not described

        BigInteger commitment = new BigInteger("1234567890123456789012345678901234567890");
        List<BigInteger> values = List.of(Fr.MODULUS.subtract(BigInteger.valueOf(64)), BigInteger.valueOf(96), BigInteger.TWO, commitment,
                BigInteger.valueOf(16), BigInteger.valueOf(7));
        Proof proof = ProofJson.read(SnarkjsFixtures.path("square_chain_proof.json"));
        ProofBundle b = ProofBundle.of(proof, values, s, "c", "k", JsonText.NODES.objectNode().put("kind", "development"));
        JsonNode y = b.outputs().get(0);
        assertThat(y.get("values").get(0).doubleValue()).isEqualTo(-1.0);
        assertThat(y.get("values").get(1).doubleValue()).isEqualTo(1.5);
        assertThat(y.get("elements").toString()).isEqualTo("[0,2]");
        assertThat(b.outputs().get(1).get("values").get(0).asInt()).isEqualTo(2);
        assertThat(b.outputs().get(2).get("tensor").asText()).isEmpty(); // the unknown signal, as an integer
        assertThat(b.outputs().get(2).get("values").get(0).asInt()).isEqualTo(7);
        JsonNode x = b.inputs().get(0);
        assertThat(x.get("values").get(0).get("decimal").asText()).isEqualTo(commitment.toString());
        assertThat(x.get("values").get(0).get("hex").asText()).isEqualTo("0x" + "0".repeat(64 - commitment.toString(16).length()) + commitment.toString(16));
        assertThat(b.inputs().get(1).get("values").get(0).doubleValue()).isEqualTo(0.5);

        // the text round trip is consistent; a changed public signal is not
        ProofBundle read = ProofBundle.read(JsonText.parse("bundle.json", b.text()));
        assertThat(read.inconsistency()).isEmpty();
        assertThat(read.signals()).isEqualTo(s);
        List<BigInteger> changed = new java.util.ArrayList<>(values);
        changed.set(2, BigInteger.ONE);
        ProofBundle tampered = new ProofBundle(proof, changed, s, "c", "k", b.provenance(), b.outputs(), b.inputs(), b.calldata());
        assertThat(tampered.inconsistency()).hasValueSatisfying(m -> assertThat(m).contains("\"outputs\""));
    }

    @Test
    void rewritingKeepsEveryOtherField(@TempDir Path dir) throws Exception {
        CircuitFolder f = folder(dir, CIRCUIT);
        KeyRecord k = new KeyRecord("circuit.zkey", "ab".repeat(32), JsonText.NODES.objectNode().put("kind", "development"));
        String text = f.withKey(k);
        assertThat(text).contains("\"kept\" : 1.0E-4").contains("\"visibility\" : \"public:0,2\"");
        Files.writeString(dir.resolve("circuit.json"), text);
        CircuitFolder again = CircuitFolder.read(dir);
        assertThat(again.key()).contains(k);
        assertThat(again.withKey(k)).isEqualTo(text);
        assertThat(again.publicSignals()).isEqualTo(f.publicSignals());

        // a circuit.json in snarkjs's layout stays in it
        String snarkjsLayout = JsonText.stringify(JsonText.parse("c", CIRCUIT).node()).replace("0.00010", "1.0E-4");
        String rewritten = folder(dir, snarkjsLayout).withKey(k);
        assertThat(rewritten).startsWith(snarkjsLayout.substring(0, snarkjsLayout.lastIndexOf('}')).stripTrailing() + ",\n \"key\": {");
        assertThat(JsonText.parse("c", rewritten).node().get("key").get("sha256").asText()).isEqualTo(k.sha256());
    }

    @Test
    void badDescriptionsNameTheEntry(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> folder(dir, CIRCUIT.replace("\"firstSignal\" : 5", "\"firstSignal\" : 4")))
                .isInstanceOf(FormatException.class).hasMessageContaining("$.publicSignals[3].firstSignal").hasMessageContaining("described twice");
        assertThatThrownBy(() -> folder(dir, CIRCUIT.replace("\"firstSignal\" : 5", "\"firstSignal\" : 7")))
                .isInstanceOf(FormatException.class).hasMessageContaining("not all among the circuit's 6 public signals");
        assertThatThrownBy(() -> folder(dir, CIRCUIT.replace("\"tensor\" : \"t\"", "\"tensor\" : \"nope\"")))
                .isInstanceOf(FormatException.class).hasMessageContaining("'nope'");
        assertThatThrownBy(() -> folder(dir, CIRCUIT.replace("\"zkml-circuit\"", "\"other\"")))
                .isInstanceOf(FormatException.class).hasMessageContaining("not a zkml circuit description");
        assertThatThrownBy(() -> folder(dir, "{\"format\": \"zkml-circuit\", "))
                .isInstanceOf(FormatException.class).hasMessageContaining("malformed JSON");
    }
}
