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
import java.util.ArrayList;
import java.util.List;

/** EZKL's input.json ({@code {"input_data": [[flat row-major], ...]}}) and zkml's output.json. */
public final class IoJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private IoJson() {
    }

    /** The inputs of an input.json, one flat array per graph input. */
    public static List<double[]> readInput(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new CompileException(file + " is not valid JSON: " + e.getOriginalMessage());
        }
        return parseInput(root, file.toString());
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

    /**
     * {@code {"outputs": [[dequantized floats, flat]], "shapes": [[dims]], "disclosed": [...]}}: the outputs as the
     * prover sees them (private ones included), and per output with public signals what the verifier learns:
     * {@code {"tensor", "visibility", "values"}}, the values dequantized for public elements, integers for argmax
     * (indices) and thresholds (0 or 1).
     */
    public static void writeOutput(Circuit c, WitnessGenerator.Result r, Path file) throws IOException {
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
        Files.writeString(file, JSON.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
    }
}
