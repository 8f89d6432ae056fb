package io.zkml.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.JsonAt;
import io.zkml.core.io.JsonText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A circuit folder as {@code zkml compile} writes it, read through its {@code circuit.json}, tolerantly: fields
 * this class does not know are kept, and a {@code "publicSignals"} entry without {@code "visibility"} is
 * public. It answers what each public signal is ({@link #publicSignals()}) and which proving key belongs to the
 * circuit ({@link #key()}), and rewrites circuit.json with a new key record ({@link #withKey}) leaving every
 * other field as it was, in its order and its text.
 *
 * <p>An entry of {@code "publicSignals"}: {@code {"kind": "input"|"output", "tensor": NAME, "firstSignal": W,
 * "count": N, "visibility": …, "commitment": {…}, "elements": [..]}}: wires W … W + N − 1 (public signals
 * W − 1 … W + N − 2) carry the tensor's elements 0 … N − 1, or those that {@code "elements"} lists.
 */
public final class CircuitFolder {

    public static final String CIRCUIT_JSON = "circuit.json";
    public static final String R1CS = "circuit.r1cs";
    public static final String ZKEY = "circuit.zkey";

    /** Plain Jackson trees: numbers keep the text that the compiler wrote when written again. */
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path dir;
    private final String text;
    private final ObjectNode tree;
    private final JsonAt root;

    private CircuitFolder(Path dir, String text, ObjectNode tree) {
        this.dir = dir;
        this.text = text;
        this.tree = tree;
        this.root = JsonAt.root(CIRCUIT_JSON, tree);
    }

    /** Whether {@code dir} is a folder with a circuit.json. */
    public static boolean isCircuitFolder(Path dir) {
        return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve(CIRCUIT_JSON));
    }

    /**
     * Reads {@code dir/circuit.json}.
     *
     * @throws FormatException if it is missing, not JSON or not a zkml circuit description
     */
    public static CircuitFolder read(Path dir) throws IOException {
        Path json = dir.resolve(CIRCUIT_JSON);
        if (!Files.isRegularFile(json)) {
            throw FormatException.of(dir.toString(), "not a circuit folder: it has no " + CIRCUIT_JSON + " (written by zkml compile)");
        }
        return parse(dir, Files.readString(json, StandardCharsets.UTF_8));
    }

    /**
     * A circuit.json's text, read as if it lay in {@code dir} (which it names in messages, and against which
     * {@link #r1csPath} and {@link #keyPath} resolve): for a circuit.json kept elsewhere, such as the service's
     * content-addressed artifacts, whose other files are found by the hashes it records.
     *
     * @throws FormatException if it is not JSON or not a zkml circuit description
     */
    public static CircuitFolder parse(Path dir, String text) {
        Path json = dir.resolve(CIRCUIT_JSON);
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw FormatException.of(json.toString(), "malformed JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject() || !"zkml-circuit".equals(node.path("format").asText())) {
            throw FormatException.of(json.toString(), "not a zkml circuit description (\"format\": \"zkml-circuit\")");
        }
        CircuitFolder f = new CircuitFolder(dir, text, (ObjectNode) node);
        f.publicSignals(); // every entry checked once, here
        return f;
    }

    public Path dir() {
        return dir;
    }

    /** circuit.json as parsed. */
    public JsonAt json() {
        return root;
    }

    public Path r1csPath() {
        return dir.resolve(R1CS);
    }

    /** The SHA-256 of circuit.r1cs that circuit.json records. */
    public String r1csSha256() {
        return root.field("r1cs").field("sha256").text();
    }

    /** The number of public signals: the R1CS's public outputs and inputs. */
    public int nPublic() {
        JsonAt r = root.field("r1cs");
        return PublicSignal.nonNegative(r.field("publicOutputs")) + PublicSignal.nonNegative(r.field("publicInputs"));
    }

    /** The number of wires of the R1CS, the constant wire included. */
    public int nWires() {
        return PublicSignal.nonNegative(root.field("r1cs").field("wires"));
    }

    /** The recorded proving key, if setup or a contribution recorded one. */
    public Optional<KeyRecord> key() {
        return root.optionalField("key").map(KeyRecord::read);
    }

    /** The proving key's file: the recorded one, else {@code circuit.zkey} in the folder. */
    public Path keyPath() {
        return key().map(k -> k.resolve(dir)).orElse(dir.resolve(ZKEY));
    }

    /**
     * One entry per public signal, in public.json's order.
     *
     * @throws FormatException if an entry names signals outside the circuit's public ones, twice, or a tensor
     *     circuit.json does not list
     */
    public List<PublicSignal> publicSignals() {
        int n = nPublic();
        PublicSignal[] out = new PublicSignal[n];
        for (JsonAt e : root.optionalField("publicSignals").map(JsonAt::elements).orElse(List.of())) {
            String kind = e.field("kind").text();
            String name = e.field("tensor").text();
            String visibility = e.optionalField("visibility").map(JsonAt::text).orElse(PublicSignal.PUBLIC);
            JsonAt first = e.field("firstSignal");
            int firstWire = PublicSignal.nonNegative(first);
            int count = PublicSignal.nonNegative(e.field("count"));
            Optional<JsonAt> tensor = tensor(kind, name);
            List<Integer> shape = new ArrayList<>();
            tensor.flatMap(t -> t.optionalField("shape")).ifPresent(s -> s.elements().forEach(d -> shape.add(d.intValue())));
            OptionalInt scale = e.optionalField("scale").or(() -> tensor.flatMap(t -> t.optionalField("scale")))
                    .filter(s -> PublicSignal.isPublicValue(visibility)).map(s -> OptionalInt.of(s.intValue())).orElse(OptionalInt.empty());
            if (PublicSignal.isPublicValue(visibility) && tensor.isEmpty()) {
                throw e.field("tensor").error("names " + kind + " '" + name + "', which circuit.json does not list among its " + kind + "s");
            }
            List<Integer> elements = elements(e, visibility, count);
            for (int j = 0; j < count; j++) {
                int index = firstWire - 1 + j;
                if (firstWire < 1 || index >= n) {
                    throw first.error("signals " + firstWire + " … " + (firstWire + count - 1) + " are not all among the circuit's "
                            + n + " public signals (wires 1 … " + n + ")");
                }
                if (out[index] != null) {
                    throw first.error("public signal " + index + " is described twice");
                }
                int element = elements.isEmpty() ? j : elements.get(j);
                out[index] = new PublicSignal(index, kind, name, shape, element, visibility, scale,
                        e.optionalField("commitment").map(JsonAt::node));
            }
        }
        for (int i = 0; i < n; i++) {
            if (out[i] == null) {
                out[i] = PublicSignal.unknown(i);
            }
        }
        return List.copyOf(Arrays.asList(out));
    }

    /**
     * The tensor elements an entry's signals carry, when not 0 … count − 1: its {@code "elements"}, else the list
     * of a {@code public:i,j,…} visibility; empty for all elements in order.
     */
    private static List<Integer> elements(JsonAt entry, String visibility, int count) {
        List<Integer> out = new ArrayList<>();
        Optional<JsonAt> listed = entry.optionalField("elements");
        if (listed.isPresent()) {
            listed.get().elements(count).forEach(x -> out.add(PublicSignal.nonNegative(x)));
        } else if (visibility.startsWith(PublicSignal.PUBLIC + ":") && visibility.matches("public:[0-9]{1,9}(,[0-9]{1,9})*")) {
            for (String i : visibility.substring(PublicSignal.PUBLIC.length() + 1).split(",")) {
                out.add(Integer.parseInt(i));
            }
            if (out.size() != count) {
                throw entry.field("count").error("is " + count + " but the visibility " + visibility + " names " + out.size() + " elements");
            }
        }
        return out;
    }

    /** The entry of a graph input or output in circuit.json's "inputs" or "outputs". */
    private Optional<JsonAt> tensor(String kind, String name) {
        String list = switch (kind) {
            case "input" -> "inputs";
            case "output" -> "outputs";
            default -> null;
        };
        if (list == null) {
            return Optional.empty();
        }
        return root.optionalField(list).map(JsonAt::elements).orElse(List.of()).stream()
                .filter(t -> t.optionalField("name").map(x -> name.equals(x.node().asText())).orElse(false)).findFirst();
    }

    /**
     * circuit.json's text with {@code "key"} set to this record (in place if there was one, else last), in the
     * layout the file has: Jackson's indented output (as the compiler writes it) or snarkjs's
     * {@code JSON.stringify(…, null, 1)}; either way every other field keeps its text.
     */
    public String withKey(KeyRecord key) {
        ObjectNode copy = tree.deepCopy();
        copy.set("key", MAPPER.valueToTree(key.toJson()));
        if (text.strip().equals(JsonText.stringify(tree))) {
            return JsonText.stringify(copy) + text.substring(text.stripTrailing().length());
        }
        try {
            return MAPPER.writeValueAsString(copy) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
