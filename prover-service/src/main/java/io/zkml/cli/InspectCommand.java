package io.zkml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.JsonText;
import io.zkml.prover.backend.ProverBackends;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "inspect",
        mixinStandardHelpOptions = true,
        description = {"Summarises a file or a circuit folder, recognised by its content, not its name:",
                "  .onnx (inputs, outputs, shapes, op histogram, opsets, parameters), .r1cs (constraints, wires, public signals),",
                "  .zkey (sizes, circuit hash, provenance, contributions), .wtns, .ptau (power, contributions),",
                "  proof.json, public.json, verification_key.json, a proof bundle, input.json, commitment.json (the salt not shown),",
                "  circuit.json or a circuit folder",
                "  (inputs, outputs, public signals and their visibility, the recorded key and its provenance).",
                "With --backends instead of a PATH: the prover backends (cuda, native, java) in the order --backend auto tries",
                "  them, each available or not and why.",
                "Exit 0; a file it does not know or a malformed one: a one-line reason naming the path (exit 2)."})
final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "the file or circuit folder")
    Path path;

    @Option(names = "--backends", description = "list the prover backends and why each is or is not available")
    boolean backends;

    @Option(names = "--json", description = "print the summary as one JSON object")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (backends == (path != null)) {
            throw new ParameterException(spec.commandLine(), "give either a PATH or --backends");
        }
        if (backends) {
            spec.commandLine().getOut().print(backendList(json));
            spec.commandLine().getOut().flush();
            return 0;
        }
        ObjectNode summary;
        try {
            summary = Inspector.inspect(path);
        } catch (FormatException | IOException | UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(path + ": " + ZkmlCommand.reason(e), e);
        }
        spec.commandLine().getOut().print(json ? JsonText.stringify(summary) + "\n" : text(summary));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The backends as lines "name: available|unavailable — detail", or a JSON array of {name, available, detail}. */
    static String backendList(boolean json) {
        List<ProverBackends.Status> statuses = ProverBackends.statuses();
        if (json) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            for (ProverBackends.Status s : statuses) {
                array.addObject().put("name", s.name()).put("available", s.available()).put("detail", s.detail());
            }
            return JsonText.stringify(array) + "\n";
        }
        StringBuilder sb = new StringBuilder();
        for (ProverBackends.Status s : statuses) {
            sb.append(s.name()).append(": ").append(s.available() ? "available" : "unavailable").append(" — ").append(s.detail()).append('\n');
        }
        return sb.toString();
    }

    /** The summary for people: "PATH: type", then one "key: value" line per field, nested fields indented. */
    static String text(ObjectNode summary) {
        StringBuilder sb = new StringBuilder();
        sb.append(summary.path("path").asText()).append(": ").append(summary.path("type").asText()).append('\n');
        for (Map.Entry<String, JsonNode> e : summary.properties()) {
            if (!e.getKey().equals("path") && !e.getKey().equals("type")) {
                field(sb, 1, e.getKey(), e.getValue());
            }
        }
        return sb.toString();
    }

    private static void field(StringBuilder sb, int level, String key, JsonNode v) {
        sb.append("  ".repeat(level)).append(key).append(':');
        value(sb, level, v);
    }

    private static void value(StringBuilder sb, int level, JsonNode v) {
        if (isInline(v)) {
            sb.append(' ').append(inline(v)).append('\n');
        } else if (v.isObject()) {
            sb.append('\n');
            v.properties().forEach(e -> field(sb, level + 1, e.getKey(), e.getValue()));
        } else {
            sb.append('\n');
            for (JsonNode item : v) {
                sb.append("  ".repeat(level + 1)).append('-');
                if (item.isObject() && !item.isEmpty()) {
                    boolean first = true;
                    for (Map.Entry<String, JsonNode> e : item.properties()) {
                        if (first) {
                            sb.append(' ').append(e.getKey()).append(':');
                            value(sb, level + 2, e.getValue());
                            first = false;
                        } else {
                            field(sb, level + 2, e.getKey(), e.getValue());
                        }
                    }
                } else {
                    value(sb, level + 1, item);
                }
            }
        }
    }

    /** Scalars, and arrays of scalars short enough for one line. */
    private static boolean isInline(JsonNode v) {
        if (v.isValueNode() || v.isEmpty()) {
            return true;
        }
        if (!v.isArray()) {
            return false;
        }
        for (JsonNode x : v) {
            if (x.isContainerNode() && !x.isEmpty()) {
                return false;
            }
        }
        return inline(v).length() <= 100;
    }

    private static String inline(JsonNode v) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder("[");
            for (JsonNode x : v) {
                sb.append(sb.length() > 1 ? ", " : "").append(inline(x));
            }
            return sb.append(']').toString();
        }
        return v.toString();
    }
}
