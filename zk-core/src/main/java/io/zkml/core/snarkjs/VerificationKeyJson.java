package io.zkml.core.snarkjs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.encoding.SnarkjsJson;
import io.zkml.core.field.Fp2;
import io.zkml.core.groth16.VerifyingKey;
import io.zkml.core.io.JsonAt;
import io.zkml.core.io.JsonText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * snarkjs's {@code verification_key.json} for Groth16 ({@code snarkjs zkey export verificationkey}):
 * <pre>
 * {
 *  "protocol": "groth16",
 *  "curve": "bn128",
 *  "nPublic": n,
 *  "vk_alpha_1": G1, "vk_beta_2": G2, "vk_gamma_2": G2, "vk_delta_2": G2,
 *  "vk_alphabeta_12": e(α, β) in F_p¹²,
 *  "IC": [G1 × (n + 1)]
 * }
 * </pre>
 * with points in {@link SnarkjsJson}'s encoding. Reading checks the protocol and curve (BN254 under any of
 * ffjavascript's names), that IC has nPublic + 1 points, and that every point is on its curve and in its group;
 * unknown fields are ignored, and so is {@code vk_alphabeta_12}, which no verifier needs ({@link #readAlphaBeta}
 * reads it when wanted).
 *
 * <p>Writing produces snarkjs's text. e(α, β) needs a pairing, which zk-core does not have, so the caller
 * passes it, or leaves it out (snarkjs's {@code groth16 verify} and its Solidity verifier do not read it).
 * It is given as the six Fp2 coefficients of ffjavascript's tower F_p¹² = F_p⁶[w]/(w² − v),
 * F_p⁶ = F_p²[v]/(v³ − (9 + u)), in the order c0.c0, c0.c1, c0.c2, c1.c0, c1.c1, c1.c2; in JSON that is a
 * 2 × 3 × 2 array of decimal strings. Note that snarkjs's value is not the reduced pairing e(α, β) itself but
 * e(α, β)^(2x(6x² + 3x + 1)) (ffjavascript's final exponentiation raises to that multiple of (p¹² − 1)/r);
 * {@code io.zkml.prover.groth16.VerificationKeyExport} computes it so.
 */
public final class VerificationKeyJson {

    /** Fp2 coefficients of an F_p¹² element. */
    public static final int ALPHA_BETA_COEFFICIENTS = 6;

    private VerificationKeyJson() {
    }

    /** @throws io.zkml.core.io.FormatException for anything that is not a well-formed Groth16 BN254 key */
    public static VerifyingKey read(String source, String json) {
        return read(JsonText.parse(source, json));
    }

    public static VerifyingKey read(Path path) throws IOException {
        return read(JsonText.read(path));
    }

    public static VerifyingKey read(JsonAt root) {
        Groth16Header.check(root, true);
        JsonAt nPublicAt = root.field("nPublic");
        int nPublic = nPublicAt.intValue();
        if (nPublic < 0) {
            throw nPublicAt.error("nPublic must not be negative: " + nPublic);
        }
        G1 alpha = SnarkjsJson.readG1Checked(root.field("vk_alpha_1"));
        G2 beta = SnarkjsJson.readG2Checked(root.field("vk_beta_2"));
        G2 gamma = SnarkjsJson.readG2Checked(root.field("vk_gamma_2"));
        G2 delta = SnarkjsJson.readG2Checked(root.field("vk_delta_2"));
        JsonAt icAt = root.field("IC");
        List<JsonAt> icElements = icAt.elements();
        if (icElements.size() != nPublic + 1) {
            throw icAt.error("IC has " + icElements.size() + " points but nPublic = " + nPublic + " needs " + (nPublic + 1));
        }
        List<G1> ic = new ArrayList<>(icElements.size());
        for (JsonAt p : icElements) {
            ic.add(SnarkjsJson.readG1Checked(p));
        }
        return new VerifyingKey(alpha, beta, gamma, delta, ic);
    }

    /**
     * The {@code vk_alphabeta_12} field if present: six Fp2 coefficients in the order of the class comment.
     *
     * @throws io.zkml.core.io.FormatException if it is present but not a 2 × 3 × 2 array of elements below p
     */
    public static Optional<List<Fp2>> readAlphaBeta(JsonAt root) {
        return root.optionalField("vk_alphabeta_12").map(at -> {
            List<Fp2> out = new ArrayList<>(ALPHA_BETA_COEFFICIENTS);
            for (JsonAt half : at.elements(2)) {
                for (JsonAt c : half.elements(3)) {
                    out.add(SnarkjsJson.readFp2(c));
                }
            }
            return List.copyOf(out);
        });
    }

    /** The JSON text without {@code vk_alphabeta_12}. */
    public static String write(VerifyingKey vk) {
        return JsonText.stringify(toJson(vk, null));
    }

    /** The JSON text with {@code vk_alphabeta_12} = e(α, β), six Fp2 coefficients (see the class comment). */
    public static String write(VerifyingKey vk, List<Fp2> alphaBeta) {
        return JsonText.stringify(toJson(vk, alphaBeta));
    }

    public static void write(VerifyingKey vk, List<Fp2> alphaBetaOrNull, Path path) throws IOException {
        Files.writeString(path, JsonText.stringify(toJson(vk, alphaBetaOrNull)), StandardCharsets.UTF_8);
    }

    /** The JSON tree, fields in snarkjs's order; {@code alphaBetaOrNull} null leaves e(α, β) out. */
    public static ObjectNode toJson(VerifyingKey vk, List<Fp2> alphaBetaOrNull) {
        ObjectNode o = JsonText.NODES.objectNode();
        o.put("protocol", Groth16Header.PROTOCOL);
        o.put("curve", Groth16Header.CURVE);
        o.put("nPublic", vk.nPublic());
        o.set("vk_alpha_1", SnarkjsJson.toJson(vk.alphaG1()));
        o.set("vk_beta_2", SnarkjsJson.toJson(vk.betaG2()));
        o.set("vk_gamma_2", SnarkjsJson.toJson(vk.gammaG2()));
        o.set("vk_delta_2", SnarkjsJson.toJson(vk.deltaG2()));
        if (alphaBetaOrNull != null) {
            if (alphaBetaOrNull.size() != ALPHA_BETA_COEFFICIENTS) {
                throw new IllegalArgumentException("e(α, β) must have " + ALPHA_BETA_COEFFICIENTS + " Fp2 coefficients, got " + alphaBetaOrNull.size());
            }
            ArrayNode ab = JsonText.NODES.arrayNode();
            for (int half = 0; half < 2; half++) {
                ArrayNode h = ab.addArray();
                for (int i = 0; i < 3; i++) {
                    h.add(SnarkjsJson.toJson(alphaBetaOrNull.get(3 * half + i)));
                }
            }
            o.set("vk_alphabeta_12", ab);
        }
        ArrayNode ic = o.putArray("IC");
        vk.icG1().forEach(p -> ic.add(SnarkjsJson.toJson(p)));
        return o;
    }
}
