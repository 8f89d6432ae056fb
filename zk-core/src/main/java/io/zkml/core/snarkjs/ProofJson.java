package io.zkml.core.snarkjs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.encoding.SnarkjsJson;
import io.zkml.core.groth16.Proof;
import io.zkml.core.io.JsonAt;
import io.zkml.core.io.JsonText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * snarkjs's {@code proof.json} for Groth16 ({@code snarkjs groth16 prove}):
 * <pre>
 * { "pi_a": G1, "pi_b": G2, "pi_c": G1, "protocol": "groth16", "curve": "bn128" }
 * </pre>
 * with points in {@link SnarkjsJson}'s encoding. Reading checks that A and C are on the curve and B is on the
 * twist and in G2 (a proof is untrusted input), and the protocol and curve where present (snarkjs's verifier
 * does not need them, and some tools leave them out); unknown fields are ignored. Writing produces snarkjs's
 * text.
 */
public final class ProofJson {

    private ProofJson() {
    }

    /** @throws io.zkml.core.io.FormatException for anything that is not a well-formed Groth16 BN254 proof */
    public static Proof read(String source, String json) {
        return read(JsonText.parse(source, json));
    }

    public static Proof read(Path path) throws IOException {
        return read(JsonText.read(path));
    }

    public static Proof read(JsonAt root) {
        Groth16Header.check(root, false);
        return new Proof(SnarkjsJson.readG1Checked(root.field("pi_a")), SnarkjsJson.readG2Checked(root.field("pi_b")),
                SnarkjsJson.readG1Checked(root.field("pi_c")));
    }

    /**
     * Reads the shape and the field elements (every coordinate a decimal in [0, p)) but leaves curve and
     * subgroup membership to the verifier, which answers {@code false} for such a proof: what {@code zkml
     * verify} wants, where a proof with a point off the curve is invalid rather than malformed.
     *
     * @throws io.zkml.core.io.FormatException if the file is not shaped like a Groth16 BN254 proof
     */
    public static Proof readUnchecked(Path path) throws IOException {
        return readUnchecked(JsonText.read(path));
    }

    /** {@link #readUnchecked(Path)} of a parsed document (the proof inside a zkml proof bundle, say). */
    public static Proof readUnchecked(JsonAt root) {
        Groth16Header.check(root, false);
        return new Proof(SnarkjsJson.readG1(root.field("pi_a")), SnarkjsJson.readG2(root.field("pi_b")),
                SnarkjsJson.readG1(root.field("pi_c")));
    }

    public static String write(Proof proof) {
        return JsonText.stringify(toJson(proof));
    }

    public static void write(Proof proof, Path path) throws IOException {
        Files.writeString(path, write(proof), StandardCharsets.UTF_8);
    }

    /** The JSON tree, fields in snarkjs's order. */
    public static ObjectNode toJson(Proof proof) {
        ObjectNode o = JsonText.NODES.objectNode();
        o.set("pi_a", SnarkjsJson.toJson(proof.a()));
        o.set("pi_b", SnarkjsJson.toJson(proof.b()));
        o.set("pi_c", SnarkjsJson.toJson(proof.c()));
        o.put("protocol", Groth16Header.PROTOCOL);
        o.put("curve", Groth16Header.CURVE);
        return o;
    }
}
