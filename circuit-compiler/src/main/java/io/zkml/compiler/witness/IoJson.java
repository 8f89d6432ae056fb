package io.zkml.compiler.witness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.compiler.CompileException;
import io.zkml.compiler.Visibility;
import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.quant.QProgram;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.zkml.core.field.Fr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EZKL's input.json ({@code {"input_data": [[flat row-major], ...]}}, with zkml's optional
 * {@code "salts": {"<input name>": "0x…"}} and {@code "output_salts": {"<output name>": "0x…"}} for hashed tensors)
 * and zkml's output.json.
 */
public final class IoJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private IoJson() {
    }

    /** The inputs of an input.json, one flat array per graph input. */
    public static List<double[]> readInput(Path file) throws IOException {
        return parseInput(read(file), file.toString());
    }

    /** A JSON file, parsed. */
    public static JsonNode read(Path file) throws IOException {
        try {
            return JSON.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new CompileException(file + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The inputs of a parsed input.json. */
    public static List<double[]> parseInput(JsonNode root, String where) {
        JsonNode data = root.path("input_data");
        if (!data.isArray()) {
            throw new CompileException(where + ": expected {\"input_data\": [[numbers...], ...]}, one flat row-major array per graph input");
        }
        List<double[]> out = new ArrayList<>();
        for (int k = 0; k < data.size(); k++) {
            JsonNode row = data.get(k);
            if (!row.isArray()) {
                throw new CompileException(where + ": input_data[" + k + "] is not an array");
            }
            double[] v = new double[row.size()];
            for (int i = 0; i < v.length; i++) {
                JsonNode x = row.get(i);
                if (!x.isNumber()) {
                    throw new CompileException(where + ": input_data[" + k + "][" + i + "] is not a number: " + x);
                }
                v[i] = x.asDouble();
            }
            out.add(v);
        }
        return out;
    }

    /** The salts of a parsed input.json: its optional "salts" (inputs) and "output_salts" objects. */
    public static WitnessGenerator.Salts parseSalts(JsonNode root, String where) {
        return new WitnessGenerator.Salts(saltMap(root, "salts", where), saltMap(root, "output_salts", where));
    }

    private static Map<String, Fr> saltMap(JsonNode root, String field, String where) {
        JsonNode n = root.get(field);
        if (n == null) {
            return Map.of();
        }
        if (!n.isObject()) {
            throw new CompileException(where + ": \"" + field + "\" must be an object {\"<tensor name>\": \"0x<hex salt>\"}");
        }
        Map<String, Fr> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            String at = where + ": " + field + "." + e.getKey();
            if (!e.getValue().isTextual()) {
                throw new CompileException(at + " must be a string, \"0x\" and hex digits (or decimal digits)");
            }
            out.put(e.getKey(), parseSalt(e.getValue().asText(), at));
        }
        return out;
    }

    /**
     * A salt written as "0x" and 1 to 64 hex digits, or as decimal digits, below r.
     *
     * @throws CompileException naming {@code where} if it is neither or not below r
     */
    public static Fr parseSalt(String text, String where) {
        BigInteger v;
        if (text.matches("0[xX][0-9a-fA-F]{1,64}")) {
            v = new BigInteger(text.substring(2), 16);
        } else if (text.matches("[0-9]{1,78}")) {
            v = new BigInteger(text);
        } else {
            throw new CompileException(where + ": a salt is \"0x\" and 1 to 64 hex digits (or decimal digits), got \"" + text + "\"");
        }
        if (!Fr.isCanonical(v)) {
            throw new CompileException(where + ": a salt must be below the field modulus r, got " + text);
        }
        return Fr.of(v);
    }

    /** A salt as "0x" and lower-case hex digits. */
    public static String saltHex(Fr salt) {
        return "0x" + salt.toBigInteger().toString(16);
    }

    /** Writes output.json ({@link #outputJson}). */
    public static void writeOutput(Circuit c, WitnessGenerator.Result r, Path file) throws IOException {
        Files.writeString(file, text(outputJson(c, r)), StandardCharsets.UTF_8);
    }

    /**
     * output.json's content: {@code {"outputs": [[dequantized floats, flat]], "shapes": [[dims]], "disclosed": [...]}}:
     * the outputs as the prover sees them (private ones included), and per output with public signals what the
     * verifier learns: {@code {"tensor", "visibility", "values"}}, the values dequantized for public elements,
     * integers for argmax (indices) and thresholds (0 or 1). For hashed tensors also
     * {@code "commitments": [{"kind", "tensor", "commitment" (decimal)}]} (in public-signal order within inputs and
     * outputs) and {@code "output_salts": {"<output name>": "0x…"}} (which opens a hashed output's commitment: as
     * secret as the output). With committed parameters {@code "params_commitment"} (decimal): their commitment, the
     * last public output.
     */
    public static ObjectNode outputJson(Circuit c, WitnessGenerator.Result r) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode outs = root.putArray("outputs");
        for (double[] o : r.outputs()) {
            ArrayNode a = outs.addArray();
            for (double x : o) {
                a.add(x);
            }
        }
        ArrayNode shapes = root.putArray("shapes");
        for (QProgram.Output o : c.program().outputs()) {
            ArrayNode a = shapes.addArray();
            for (int d : o.value().shape()) {
                a.add(d);
            }
        }
        ArrayNode disclosed = root.putArray("disclosed");
        for (int k = 0; k < c.program().outputs().size(); k++) {
            QProgram.Output o = c.program().outputs().get(k);
            if (o.disclosed() == null) {
                continue;
            }
            ObjectNode d = disclosed.addObject();
            d.put("tensor", o.name());
            d.put("visibility", o.visibility().toString());
            ArrayNode values = d.putArray("values");
            int scale = o.disclosed().scale();
            boolean predicate = o.visibility() instanceof Visibility.ArgMax || o.visibility() instanceof Visibility.Threshold;
            for (long x : r.disclosed()[k]) {
                if (predicate) {
                    values.add(x);
                } else {
                    values.add(Math.scalb((double) x, -scale));
                }
            }
        }
        if (!r.commitments().isEmpty()) {
            ArrayNode cs = root.putArray("commitments");
            ObjectNode salts = JSON.createObjectNode();
            for (WitnessGenerator.Committed k : r.commitments()) {
                cs.addObject().put("kind", k.input() ? "input" : "output").put("tensor", k.tensor())
                        .put("commitment", k.commitment().value().toString());
                if (!k.input()) {
                    salts.put(k.tensor(), saltHex(k.commitment().salt()));
                }
            }
            if (!salts.isEmpty()) {
                root.set("output_salts", salts);
            }
        }
        if (r.params() != null) {
            root.put("params_commitment", r.params().value().toString());
        }
        return root;
    }

    /** The JSON text of a node, indented, with a final newline. */
    public static String text(JsonNode n) {
        try {
            return JSON.writeValueAsString(n) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
