package io.zkml.core.wtns;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.zkml.core.encoding.SnarkjsJson;
import io.zkml.core.field.Fr;
import io.zkml.core.io.JsonAt;
import io.zkml.core.io.JsonText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The witness as {@code snarkjs wtns export json} writes it: a JSON array of decimal strings, wire 0 first,
 * each in [0, r), printed with one-space indentation ({@link JsonText#stringify}).
 */
public final class WitnessJson {

    private WitnessJson() {
    }

    /** @throws io.zkml.core.io.FormatException for malformed JSON or an element that is not a decimal in [0, r) */
    public static Witness read(String source, String json) {
        return read(JsonText.parse(source, json));
    }

    public static Witness read(Path path) throws IOException {
        return read(JsonText.read(path));
    }

    public static Witness read(JsonAt root) {
        List<JsonAt> elements = root.elements();
        Fr[] values = new Fr[elements.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = SnarkjsJson.readFr(elements.get(i));
        }
        return Witness.of(values);
    }

    public static String write(Witness w) {
        ArrayNode a = JsonText.NODES.arrayNode();
        for (Fr v : w.values()) {
            a.add(SnarkjsJson.toJson(v));
        }
        return JsonText.stringify(a);
    }

    public static void write(Witness w, Path path) throws IOException {
        Files.writeString(path, write(w), StandardCharsets.UTF_8);
    }
}
