package io.zkml.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A JSON value together with where it came from: the source name and its JSON path from the root
 * ({@code $.pi_b[1][0]}). Every accessor checks the shape it expects and throws a {@link FormatException} that
 * names the path, so format readers are written as a walk down the document with no checks of their own.
 *
 * @param source the name of the input ({@code "proof.json"})
 * @param path the JSON path of this value, {@code $} for the root
 * @param node the value
 */
public record JsonAt(String source, String path, JsonNode node) {

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    /** The longest decimal accepted, as Jackson's limit for JSON numbers: parsing is quadratic in the length. */
    static final int MAX_DIGITS = 1000;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public JsonAt {
        Objects.requireNonNull(source, "source must not be null");
        Objects.requireNonNull(path, "path must not be null");
        Objects.requireNonNull(node, "node must not be null");
    }

    /** The root value of a document. */
    public static JsonAt root(String source, JsonNode node) {
        return new JsonAt(source, "$", node);
    }

    /** An error at this value's path. */
    public FormatException error(String detail) {
        return FormatException.at(source, path, detail);
    }

    /**
     * A member of this object.
     *
     * @throws FormatException if this is not an object or has no such member
     */
    public JsonAt field(String name) {
        return optionalField(name).orElseThrow(() -> error("missing field \"" + name + "\""));
    }

    /**
     * A member of this object, if present (a JSON {@code null} counts as present).
     *
     * @throws FormatException if this is not an object
     */
    public Optional<JsonAt> optionalField(String name) {
        if (!node.isObject()) {
            throw error("expected an object, got " + describe(node));
        }
        JsonNode child = node.get(name);
        if (child == null) {
            return Optional.empty();
        }
        String childPath = IDENTIFIER.matcher(name).matches() ? path + "." + name : path + "[" + JsonText.quote(name) + "]";
        return Optional.of(new JsonAt(source, childPath, child));
    }

    /**
     * The elements of this array, whatever their number.
     *
     * @throws FormatException if this is not an array
     */
    public List<JsonAt> elements() {
        if (!node.isArray()) {
            throw error("expected an array, got " + describe(node));
        }
        List<JsonAt> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(new JsonAt(source, path + "[" + i + "]", node.get(i)));
        }
        return out;
    }

    /**
     * The elements of this array, which must have exactly {@code length} of them.
     *
     * @throws FormatException if this is not an array of that length
     */
    public List<JsonAt> elements(int length) {
        List<JsonAt> out = elements();
        if (out.size() != length) {
            throw error("expected an array of " + length + " elements, got " + out.size());
        }
        return out;
    }

    /**
     * This string.
     *
     * @throws FormatException if this is not a string
     */
    public String text() {
        if (!node.isTextual()) {
            throw error("expected a string, got " + describe(node));
        }
        return node.textValue();
    }

    /**
     * A non-negative integer of any size, written as a string of decimal digits (as snarkjs writes every number
     * that may exceed 2^53) or as a JSON integer.
     *
     * @throws FormatException for anything else: a sign, a fraction, hex, spaces, an empty string, more than
     *     1000 digits
     */
    public BigInteger decimal() {
        if (node.isTextual()) {
            String s = node.textValue();
            if (!DIGITS.matcher(s).matches()) {
                throw error("not a decimal integer: " + JsonText.quote(abbreviate(s)));
            }
            if (s.length() > MAX_DIGITS) {
                throw error("decimal integer of " + s.length() + " digits is too long (at most " + MAX_DIGITS + ")");
            }
            return new BigInteger(s);
        }
        if (node.isIntegralNumber()) {
            BigInteger v = node.bigIntegerValue();
            if (v.signum() < 0) {
                throw error("not a non-negative integer: " + v);
            }
            return v;
        }
        throw error("expected a decimal integer, got " + describe(node));
    }

    /**
     * A JSON integer number that fits an int (a count such as {@code nPublic}).
     *
     * @throws FormatException for a string, a fraction or a number out of range
     */
    public int intValue() {
        if (!node.isIntegralNumber()) {
            throw error("expected an integer number, got " + describe(node));
        }
        BigInteger v = node.bigIntegerValue();
        if (v.bitLength() > 31) {
            throw error("integer out of range: " + v);
        }
        return v.intValue();
    }

    /** "a string", "an array of 2", …: how messages describe a value that has the wrong shape. */
    static String describe(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array of " + n.size();
            case OBJECT -> "an object";
            case STRING -> "a string " + JsonText.quote(abbreviate(n.textValue()));
            case NUMBER -> "a number " + abbreviate(n.toString());
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 90 ? s : s.substring(0, 80) + "…(" + s.length() + " chars)";
    }
}
