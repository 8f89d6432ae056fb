package io.zkml.service.work;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.compiler.CompileOptions;
import io.zkml.compiler.Visibility;
import io.zkml.core.io.JsonText;
import java.util.List;
import java.util.Map;

/**
 * The compile options of a registered model, as the request's query parameters give them (the names of
 * {@code zkml compile}'s options, with underscores): {@code input_range=LO:HI} (once for all inputs or once per
 * input, required), {@code input_scale}, {@code param_scale}, {@code input_visibility},
 * {@code output_visibility} (each a comma-separated list, one for all or one per tensor).
 */
public record ModelOptions(List<String> inputRanges, int inputScale, int paramScale, List<String> inputVisibility, List<String> outputVisibility) {

    /** A query parameter that is wrong, named. */
    public static final class BadOption extends IllegalArgumentException {
        private final String parameter;

        BadOption(String parameter, String message) {
            super(parameter + ": " + message);
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }

    public static final List<String> PARAMETERS = List.of("input_range", "input_scale", "param_scale", "input_visibility", "output_visibility");

    /** Reads and checks the query parameters (each a list of its values). */
    public static ModelOptions fromQuery(Map<String, List<String>> query) {
        for (String name : query.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new BadOption(name, "unknown parameter; known: " + String.join(", ", PARAMETERS));
            }
        }
        List<String> ranges = query.getOrDefault("input_range", List.of()).stream().flatMap(s -> List.of(s.split(",")).stream()).toList();
        if (ranges.isEmpty()) {
            throw new BadOption("input_range", "required (LO:HI, once for all inputs or once per input): the circuit range-checks every input");
        }
        ModelOptions o = new ModelOptions(ranges, integer(query, "input_scale"), integer(query, "param_scale"),
                list(query, "input_visibility", "private"), list(query, "output_visibility", "public"));
        o.compileOptions(); // every check the compiler makes up front
        return o;
    }

    private static int integer(Map<String, List<String>> query, String name) {
        List<String> v = query.getOrDefault(name, List.of());
        if (v.isEmpty()) {
            return CompileOptions.DEFAULT_SCALE;
        }
        if (v.size() > 1) {
            throw new BadOption(name, "given " + v.size() + " times");
        }
        try {
            return Integer.parseInt(v.getFirst());
        } catch (NumberFormatException e) {
            throw new BadOption(name, "not an integer: " + v.getFirst());
        }
    }

    private static List<String> list(Map<String, List<String>> query, String name, String dflt) {
        List<String> v = query.getOrDefault(name, List.of());
        return v.isEmpty() ? List.of(dflt) : List.copyOf(v);
    }

    /** The compiler's options; {@link BadOption} names the parameter at fault. */
    public CompileOptions compileOptions() {
        List<CompileOptions.InputRange> ranges;
        try {
            ranges = inputRanges.stream().map(CompileOptions.InputRange::parse).toList();
        } catch (RuntimeException e) {
            throw new BadOption("input_range", e.getMessage());
        }
        List<Visibility> in = visibilities("input_visibility", inputVisibility);
        List<Visibility> out = visibilities("output_visibility", outputVisibility);
        try {
            new CompileOptions(inputScale, CompileOptions.DEFAULT_SCALE, ranges, in, out);
        } catch (IllegalArgumentException e) {
            throw new BadOption(e.getMessage().contains("visibility") ? "input_visibility" : "input_scale", e.getMessage());
        }
        try {
            return new CompileOptions(inputScale, paramScale, ranges, in, out);
        } catch (IllegalArgumentException e) {
            throw new BadOption("param_scale", e.getMessage());
        }
    }

    private static List<Visibility> visibilities(String name, List<String> values) {
        try {
            return values.stream().flatMap(v -> Visibility.parseList(v).stream()).toList();
        } catch (RuntimeException e) {
            throw new BadOption(name, e.getMessage());
        }
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonText.NODES.objectNode();
        inputRanges.forEach(o.putArray("input_range")::add);
        o.put("input_scale", inputScale);
        o.put("param_scale", paramScale);
        inputVisibility.forEach(o.putArray("input_visibility")::add);
        outputVisibility.forEach(o.putArray("output_visibility")::add);
        return o;
    }

    public static ModelOptions fromJson(JsonNode o) {
        return new ModelOptions(strings(o.path("input_range")), o.path("input_scale").asInt(), o.path("param_scale").asInt(),
                strings(o.path("input_visibility")), strings(o.path("output_visibility")));
    }

    private static List<String> strings(JsonNode a) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        a.forEach(x -> out.add(x.asText()));
        return List.copyOf(out);
    }
}
