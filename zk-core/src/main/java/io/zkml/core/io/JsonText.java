package io.zkml.core.io;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Parsing JSON into a {@link JsonAt}, and printing JSON exactly as snarkjs does.
 *
 * <p>Parsing is strict: a syntax error, a duplicate key, trailing content or an empty input is a
 * {@link FormatException} that names the line and column. Integers are kept exact (as {@link java.math.BigInteger}).
 *
 * <p>Printing follows JavaScript's {@code JSON.stringify(value, null, 1)}, which snarkjs uses for every JSON
 * file it writes: one space of indentation per level, every array element and object member on its own line,
 * {@code "key": value}, empty arrays and objects as {@code []} and {@code {}}, and no newline at the end.
 */
public final class JsonText {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** Builds array and object nodes for writers. */
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonText() {
    }

    /**
     * Parses a JSON document.
     *
     * @throws FormatException if it is not well-formed JSON
     */
    public static JsonAt parse(String source, String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return checked(source, node);
        } catch (JsonProcessingException e) {
            throw syntaxError(source, e);
        }
    }

    /** Parses a JSON document from UTF-8 bytes. */
    public static JsonAt parse(String source, byte[] utf8) {
        try {
            JsonNode node = MAPPER.readTree(utf8);
            return checked(source, node);
        } catch (JsonProcessingException e) {
            throw syntaxError(source, e);
        } catch (IOException e) {
            throw FormatException.of(source, "unreadable JSON: " + e.getMessage());
        }
    }

    /** Reads and parses a JSON file; the source name in messages is the file name. */
    public static JsonAt read(Path path) throws IOException {
        String source = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        return parse(source, Files.readAllBytes(path));
    }

    private static JsonAt checked(String source, JsonNode node) {
        if (node == null || node.isMissingNode()) {
            throw FormatException.of(source, "empty input, expected a JSON document");
        }
        return JsonAt.root(source, node);
    }

    private static FormatException syntaxError(String source, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String what = e instanceof JsonParseException ? "malformed JSON: " : "unreadable JSON: ";
        String detail = what + e.getOriginalMessage();
        if (loc == null || loc.getLineNr() < 1) {
            return FormatException.of(source, detail);
        }
        return FormatException.at(source, "line " + loc.getLineNr() + ", column " + loc.getColumnNr(), detail, e);
    }

    /** The JSON string literal for {@code s}, quotes included. */
    public static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    /** {@code JSON.stringify(node, null, 1)}: the text snarkjs would write for this value. */
    public static String stringify(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(sb, node, 0);
        return sb.toString();
    }

    /** {@link #stringify(JsonNode)} as UTF-8 bytes. */
    public static byte[] stringifyUtf8(JsonNode node) {
        return stringify(node).getBytes(StandardCharsets.UTF_8);
    }

    private static void write(StringBuilder sb, JsonNode node, int level) {
        if (node.isArray()) {
            if (node.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < node.size(); i++) {
                sb.append(i == 0 ? "\n" : ",\n");
                indent(sb, level + 1);
                write(sb, node.get(i), level + 1);
            }
            sb.append('\n');
            indent(sb, level);
            sb.append(']');
        } else if (node.isObject()) {
            if (node.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                sb.append(first ? "\n" : ",\n");
                first = false;
                indent(sb, level + 1);
                sb.append(quote(e.getKey())).append(": ");
                write(sb, e.getValue(), level + 1);
            }
            sb.append('\n');
            indent(sb, level);
            sb.append('}');
        } else if (node.isTextual()) {
            sb.append(quote(node.textValue()));
        } else {
            sb.append(node);
        }
    }

    private static void indent(StringBuilder sb, int level) {
        sb.append(" ".repeat(level));
    }
}
