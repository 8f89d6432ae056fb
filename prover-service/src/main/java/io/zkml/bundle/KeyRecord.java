package io.zkml.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.io.JsonAt;
import io.zkml.core.io.JsonText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The proving key of a circuit folder, as recorded in its {@code circuit.json} under {@code "key"}:
 * {@code {"file": "circuit.zkey", "sha256": "…", "provenance": {…}}}. The file is relative to the folder when
 * the key lies in it; the provenance is the key's {@link io.zkml.core.zkey.Provenance#toJson()}.
 *
 * @param file the key file, relative to the folder or absolute
 * @param sha256 the SHA-256 of the key file, 64 lower-case hexadecimal digits
 * @param provenance development key or ceremony, with contributions and beacon
 */
public record KeyRecord(String file, String sha256, ObjectNode provenance) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public KeyRecord {
        Objects.requireNonNull(file, "file must not be null");
        Objects.requireNonNull(provenance, "provenance must not be null");
        if (!HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hexadecimal digits: " + sha256);
        }
    }

    /** The record of a key file written for the circuit folder {@code dir}. */
    public static KeyRecord of(Path dir, Path zkey, ObjectNode provenance) throws IOException {
        Path folder = dir.toAbsolutePath().normalize();
        Path key = zkey.toAbsolutePath().normalize();
        String file = key.startsWith(folder) ? folder.relativize(key).toString() : key.toString();
        return new KeyRecord(file, sha256(zkey), provenance);
    }

    /** Reads {@code circuit.json}'s {@code "key"} object. */
    public static KeyRecord read(JsonAt o) {
        JsonAt sha = o.field("sha256");
        if (!HEX64.matcher(sha.text()).matches()) {
            throw sha.error("expected 64 lower-case hexadecimal digits");
        }
        JsonAt provenance = o.field("provenance");
        if (!provenance.node().isObject()) {
            throw provenance.error("expected an object");
        }
        return new KeyRecord(o.field("file").text(), sha.text(), (ObjectNode) provenance.node());
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonText.NODES.objectNode();
        o.put("file", file);
        o.put("sha256", sha256);
        o.set("provenance", provenance);
        return o;
    }

    /** The key file, resolved against the folder. */
    public Path resolve(Path dir) {
        return dir.resolve(file);
    }

    /** The SHA-256 of a file, in lower-case hexadecimal (streamed: keys can be gigabytes). */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
