package io.zkml.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.bundle.BundleSignature;
import io.zkml.cli.AtomicFile;
import io.zkml.core.io.JsonText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A node's Ed25519 signing key (Bouncy Castle), kept in DIR/{@value #FILE} (rw-------, the 32-byte private key as
 * 64 hexadecimal digits), made on the first start. It signs the bundles the node publishes
 * ({@link BundleSignature}); its public key is at {@code GET /v1/node}.
 */
public final class NodeKey {

    public static final String FILE = "node.key";

    private final Ed25519PrivateKeyParameters secret;
    private final byte[] publicKey;

    private NodeKey(Ed25519PrivateKeyParameters secret) {
        this.secret = secret;
        this.publicKey = secret.generatePublicKey().getEncoded();
    }

    /** The key of a data folder, made and written (owner only) if it has none. */
    public static NodeKey loadOrCreate(Path data) throws IOException {
        Path file = data.resolve(FILE);
        if (!Files.exists(file)) {
            Ed25519PrivateKeyParameters k = new Ed25519PrivateKeyParameters(new SecureRandom());
            AtomicFile.writePrivateString(file, HexFormat.of().formatHex(k.getEncoded()) + "\n");
        }
        String hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IOException(file + ": expected the node's Ed25519 private key as 64 hexadecimal digits");
        }
        return new NodeKey(new Ed25519PrivateKeyParameters(HexFormat.of().parseHex(hex), 0));
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public String keyId() {
        return BundleSignature.keyId(publicKey);
    }

    /** {"algorithm", "keyId", "publicKey" (hex)}: what {@code GET /v1/node} shows as "nodeKey". */
    public ObjectNode toJson() {
        ObjectNode o = JsonText.NODES.objectNode();
        o.put("algorithm", BundleSignature.ALGORITHM);
        o.put("keyId", keyId());
        o.put("publicKey", HexFormat.of().formatHex(publicKey));
        return o;
    }

    /** The bundle with its signature member (replacing any it had), as {@link BundleSignature} defines it. */
    public ObjectNode sign(ObjectNode bundle) {
        ObjectNode signed = bundle.deepCopy();
        signed.remove(BundleSignature.FIELD);
        byte[] msg = BundleSignature.canonicalBytes(signed);
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, secret);
        s.update(msg, 0, msg.length);
        signed.set(BundleSignature.FIELD, BundleSignature.member(publicKey, s.generateSignature()));
        return signed;
    }
}
