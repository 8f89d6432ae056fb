package io.zkml.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.io.JsonText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The Ed25519 signature of a proving node over a proof bundle, so that a consumer knows which node published it.
 * A signed bundle is the bundle's JSON object with one more member, last:
 * <pre>
 * "signature": {"algorithm": "Ed25519", "keyId": "ed25519:" + the first 8 bytes of SHA-256(public key) in hex,
 *               "value": the 64-byte signature, base64}
 * </pre>
 * <b>Canonical byte form</b> (what is signed): the ASCII domain tag {@value #DOMAIN_TEXT} followed by a newline
 * (0x0a), then the UTF-8 bytes of the bundle object <em>without</em> its {@code "signature"} member, printed as
 * JavaScript's {@code JSON.stringify(bundle, null, 1)} prints it (members in the order the object has them;
 * {@link JsonText#stringify}). A JavaScript consumer reproduces it with
 * {@code delete b.signature; "zkml-proof-bundle-signature-v1\n" + JSON.stringify(b, null, 1)}. Any change to any
 * member — proof, public signals, outputs, hashes, provenance, even the order of members — breaks the signature.
 *
 * <p>The signature says who published the bundle, not that it is sound: check the proof too ({@code zkml
 * verify-bundle} does both). Groth16 proofs are malleable — anyone can re-randomize a valid proof into another
 * valid one for the same public signals — so bind by public signals, never by proof bytes.
 */
public final class BundleSignature {

    /** The member that carries the signature. */
    public static final String FIELD = "signature";
    public static final String ALGORITHM = "Ed25519";
    static final String DOMAIN_TEXT = "zkml-proof-bundle-signature-v1";
    private static final byte[] DOMAIN = (DOMAIN_TEXT + "\n").getBytes(StandardCharsets.US_ASCII);
    /** The length of an Ed25519 public key. */
    public static final int KEY_BYTES = 32;

    private BundleSignature() {
    }

    /** The bytes a signature covers: the domain tag and the bundle without its signature member. */
    public static byte[] canonicalBytes(ObjectNode bundle) {
        ObjectNode unsigned = bundle.deepCopy();
        unsigned.remove(FIELD);
        byte[] text = JsonText.stringifyUtf8(unsigned);
        byte[] out = new byte[DOMAIN.length + text.length];
        System.arraycopy(DOMAIN, 0, out, 0, DOMAIN.length);
        System.arraycopy(text, 0, out, DOMAIN.length, text.length);
        return out;
    }

    /** The key id of an Ed25519 public key: "ed25519:" and the first 8 bytes of its SHA-256, hexadecimal. */
    public static String keyId(byte[] publicKey) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(publicKey);
            return "ed25519:" + HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** The signature member for a signature value made with a key. */
    public static ObjectNode member(byte[] publicKey, byte[] signature) {
        ObjectNode s = JsonText.NODES.objectNode();
        s.put("algorithm", ALGORITHM);
        s.put("keyId", keyId(publicKey));
        s.put("value", Base64.getEncoder().encodeToString(signature));
        return s;
    }

    /**
     * Why a signed bundle's signature does not hold for a node's public key, or empty if it holds.
     *
     * @param bundle the signed bundle
     * @param publicKey the node's 32-byte Ed25519 public key
     */
    public static Optional<String> problem(ObjectNode bundle, byte[] publicKey) {
        if (publicKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 public key has " + KEY_BYTES + " bytes, not " + publicKey.length);
        }
        JsonNode s = bundle.get(FIELD);
        if (s == null || !s.isObject()) {
            return Optional.of("the bundle is not signed (no \"" + FIELD + "\" object)");
        }
        if (!ALGORITHM.equals(s.path("algorithm").asText())) {
            return Optional.of("the signature's algorithm is " + s.path("algorithm") + ", not \"" + ALGORITHM + "\"");
        }
        String id = keyId(publicKey);
        if (!id.equals(s.path("keyId").asText())) {
            return Optional.of("the bundle was signed by key " + s.path("keyId").asText() + ", not by " + id);
        }
        byte[] value;
        try {
            value = Base64.getDecoder().decode(s.path("value").asText());
        } catch (IllegalArgumentException e) {
            return Optional.of("the signature value is not base64");
        }
        if (value.length != 64) {
            return Optional.of("the signature value has " + value.length + " bytes, not 64");
        }
        Ed25519Signer v = new Ed25519Signer();
        v.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        byte[] msg = canonicalBytes(bundle);
        v.update(msg, 0, msg.length);
        return v.verifySignature(value) ? Optional.empty() : Optional.of("the signature does not match the bundle: it was changed after signing");
    }

    /**
     * Reads a node's public key: 64 hexadecimal digits, or the JSON of {@code GET /v1/node} (its
     * {@code "nodeKey"."publicKey"}) or of its {@code "nodeKey"} member.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static byte[] parsePublicKey(String text, String source) {
        String t = text.strip();
        if (t.startsWith("{")) {
            JsonNode n = JsonText.parse(source, t).node();
            JsonNode k = n.has("nodeKey") ? n.path("nodeKey").path("publicKey") : n.path("publicKey");
            if (!k.isTextual()) {
                throw new IllegalArgumentException(source + ": no \"nodeKey\".\"publicKey\" or \"publicKey\" string");
            }
            t = k.asText();
        }
        if (!t.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException(source + ": expected an Ed25519 public key as 64 hexadecimal digits");
        }
        return HexFormat.of().parseHex(t);
    }
}
