package io.zkml.core.io;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A section of a binary container kept as it was read, byte for byte: how models keep the sections they do
 * not interpret (for example the custom-gate sections 4 and 5 of an {@code .r1cs}), so that writing them back
 * reproduces the file. The payload is copied in and out; instances are immutable.
 *
 * @param type the section type
 * @param payload the payload bytes (a copy is returned)
 */
public record RawSection(int type, byte[] payload) {

    public RawSection {
        Objects.requireNonNull(payload, "payload must not be null");
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload size in bytes. */
    public int size() {
        return payload.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawSection r && r.type == type && Arrays.equals(r.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        String head = HexFormat.of().formatHex(payload, 0, Math.min(16, payload.length));
        return "RawSection[type=" + Integer.toUnsignedString(type) + ", " + payload.length + " bytes: " + head
                + (payload.length > 16 ? "…" : "") + "]";
    }
}
