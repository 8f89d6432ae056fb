package io.zkml.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.field.Fr;
import io.zkml.core.io.JsonAt;
import io.zkml.core.io.JsonText;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one public signal of a compiled circuit is: position {@code index} in {@code public.json} (wire
 * {@code index + 1}) carries element {@code element} of the input or output tensor {@code tensor}, disclosed as
 * {@code visibility}. This is the entry of {@code "zkml_public_signals"} in a verification key and of
 * {@code "signals"} in a proof bundle:
 * <pre>
 *   {"index": 0, "kind": "output", "tensor": "y", "shape": [1, 2], "element": 0, "visibility": "public", "scale": 7}
 * </pre>
 * How a value is decoded ({@link #decode}) follows from the visibility:
 * <ul>
 *   <li>{@code public} (or {@code public:i,j,…}, some elements of the tensor): a fixed-point number with
 *       {@code scale} fractional bits, negative x stored as r − |x|; decoded to the real x·2^−scale;
 *   <li>{@code hashed}: a salted Poseidon commitment to the tensor (its parameters in {@code "commitment"}, as
 *       circuit.json gives them); decoded to {@code {"hex": "0x…", "decimal": "…"}};
 *   <li>anything else (a predicate of the tensor, such as {@code argmax} or {@code gt:T}): an integer, signed as
 *       above.
 * </ul>
 * A signal that circuit.json does not describe has kind and visibility {@code unknown} and is decoded as an integer.
 *
 * @param index position in the public signals, from 0
 * @param kind "input", "output" or "unknown"
 * @param tensor the graph input's or output's name ("" if unknown)
 * @param shape the tensor's shape, empty if unknown
 * @param element the element of the tensor, in row-major order
 * @param visibility "public", "hashed", a predicate, or "unknown"
 * @param scale the fixed-point scale of a public value
 * @param commitment the commitment's parameters, for a hashed tensor
 */
public record PublicSignal(int index, String kind, String tensor, List<Integer> shape, int element, String visibility, OptionalInt scale,
                           Optional<JsonNode> commitment) {

    public static final String PUBLIC = "public";
    public static final String HASHED = "hashed";
    public static final String UNKNOWN = "unknown";

    private static final BigInteger HALF = Fr.MODULUS.shiftRight(1);

    public PublicSignal {
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(tensor, "tensor must not be null");
        Objects.requireNonNull(visibility, "visibility must not be null");
        Objects.requireNonNull(scale, "scale must not be null");
        Objects.requireNonNull(commitment, "commitment must not be null");
        shape = List.copyOf(shape);
        if (index < 0 || element < 0) {
            throw new IllegalArgumentException("index and element must not be negative: " + index + ", " + element);
        }
    }

    /** Whether the visibility discloses values as they are: {@code public}, or {@code public:i,j,…} for some elements. */
    public static boolean isPublicValue(String visibility) {
        return PUBLIC.equals(visibility) || visibility.startsWith(PUBLIC + ":");
    }

    /** A signal that circuit.json does not describe. */
    public static PublicSignal unknown(int index) {
        return new PublicSignal(index, UNKNOWN, "", List.of(), 0, UNKNOWN, OptionalInt.empty(), Optional.empty());
    }

    /** The value as its visibility says (see the class comment). */
    public JsonNode decode(BigInteger value) {
        BigInteger signed = value.compareTo(HALF) > 0 && value.compareTo(Fr.MODULUS) < 0 ? value.subtract(Fr.MODULUS) : value;
        if (HASHED.equals(visibility)) {
            ObjectNode o = JsonText.NODES.objectNode();
            o.put("hex", String.format("0x%064x", value));
            o.put("decimal", value.toString());
            return o;
        }
        if (isPublicValue(visibility) && scale.isPresent()) {
            return JsonText.NODES.numberNode(Math.scalb(signed.doubleValue(), -scale.getAsInt()));
        }
        return JsonText.NODES.numberNode(signed);
    }

    /** Whether {@code next} continues this signal's run: the same tensor, kind, visibility and scale (never for unknown signals). */
    public boolean sameRun(PublicSignal next) {
        return kind.equals(next.kind) && tensor.equals(next.tensor) && visibility.equals(next.visibility) && scale.equals(next.scale)
                && commitment.equals(next.commitment) && !UNKNOWN.equals(kind);
    }

    /** The runs of a list of signals ({@link #sameRun}): each a sublist. */
    public static List<List<PublicSignal>> runs(List<PublicSignal> signals) {
        List<List<PublicSignal>> out = new ArrayList<>();
        int i = 0;
        while (i < signals.size()) {
            int end = i + 1;
            while (end < signals.size() && signals.get(end - 1).sameRun(signals.get(end))) {
                end++;
            }
            out.add(signals.subList(i, end));
            i = end;
        }
        return out;
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonText.NODES.objectNode();
        o.put("index", index);
        o.put("kind", kind);
        o.put("tensor", tensor);
        ArrayNode s = o.putArray("shape");
        shape.forEach(s::add);
        o.put("element", element);
        o.put("visibility", visibility);
        scale.ifPresent(v -> o.put("scale", v));
        commitment.ifPresent(c -> o.set("commitment", c));
        return o;
    }

    /** Reads an entry written by {@link #toJson()}. */
    public static PublicSignal read(JsonAt o) {
        List<Integer> shape = new ArrayList<>();
        for (JsonAt d : o.field("shape").elements()) {
            shape.add(d.intValue());
        }
        return new PublicSignal(nonNegative(o.field("index")), o.field("kind").text(), o.field("tensor").text(), shape,
                nonNegative(o.field("element")), o.field("visibility").text(),
                o.optionalField("scale").map(s -> OptionalInt.of(s.intValue())).orElse(OptionalInt.empty()),
                o.optionalField("commitment").map(JsonAt::node));
    }

    /** Reads a list written by {@link #toJson()}, which must number the signals 0, 1, 2, …. */
    public static List<PublicSignal> readAll(JsonAt array) {
        List<PublicSignal> out = new ArrayList<>();
        for (JsonAt e : array.elements()) {
            PublicSignal s = read(e);
            if (s.index() != out.size()) {
                throw e.field("index").error("expected index " + out.size() + ", got " + s.index());
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    /** The JSON array of a list of signals. */
    public static ArrayNode toJson(List<PublicSignal> signals) {
        ArrayNode a = JsonText.NODES.arrayNode();
        signals.forEach(s -> a.add(s.toJson()));
        return a;
    }

    static int nonNegative(JsonAt at) {
        int v = at.intValue();
        if (v < 0) {
            throw at.error("must not be negative: " + v);
        }
        return v;
    }
}
