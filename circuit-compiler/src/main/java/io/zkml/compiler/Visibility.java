package io.zkml.compiler;

import java.util.Locale;

/**
 * Whether a graph input or output is a public signal of the proof, stays in the private witness, or stays private
 * behind a public salted Poseidon commitment ({@code Poseidon(salt, elements…)}, one public signal per tensor).
 */
public enum Visibility {
    PUBLIC,
    PRIVATE,
    HASHED;

    /** "public", "private" or "hashed". */
    public static Visibility parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "public" -> PUBLIC;
            case "private" -> PRIVATE;
            case "hashed" -> HASHED;
            default -> throw new IllegalArgumentException("visibility is public, private or hashed, got '" + s + "'");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
