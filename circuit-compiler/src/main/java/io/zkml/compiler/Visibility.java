package io.zkml.compiler;

import java.util.Locale;

/** Whether a graph input or output is a public signal of the proof or stays in the private witness. */
public enum Visibility {
    PUBLIC,
    PRIVATE;

    /** "public" or "private". */
    public static Visibility parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "public" -> PUBLIC;
            case "private" -> PRIVATE;
            default -> throw new IllegalArgumentException("visibility is public or private, got '" + s + "'");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
