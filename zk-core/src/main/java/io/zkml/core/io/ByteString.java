package io.zkml.core.io;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable sequence of bytes with value equality: how the models of the binary formats hold hashes,
 * transcripts and other opaque byte fields (a record component of type {@code byte[]} would compare by
 * identity and could be changed from outside).
 */
public final class ByteString {

    /** No bytes. */
    public static final ByteString EMPTY = new ByteString(new byte[0]);

    private final byte[] bytes;

    private ByteString(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code bytes}. */
    public static ByteString of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes must not be null");
        return bytes.length == 0 ? EMPTY : new ByteString(bytes.clone());
    }

    /** The bytes written as hexadecimal digits, two per byte (upper or lower case). */
    public static ByteString ofHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    /** The number of bytes. */
    public int size() {
        return bytes.length;
    }

    /** The byte at {@code i}. */
    public byte byteAt(int i) {
        return bytes[i];
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** Whether the first bytes are {@code prefix}. */
    public boolean startsWith(byte[] prefix) {
        return prefix.length <= bytes.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Lowercase hexadecimal, two digits per byte. */
    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteString b && Arrays.equals(b.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The hexadecimal digits (all of them: these are hashes and short fields, not payloads). */
    @Override
    public String toString() {
        return toHex();
    }
}
