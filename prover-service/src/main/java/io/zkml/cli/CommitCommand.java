package io.zkml.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.compiler.Compiler;
import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.circuit.ParamCommitment;
import io.zkml.core.field.Fr;
import io.zkml.core.hash.Commitment;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.JsonAt;
import io.zkml.core.io.JsonText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "commit",
        mixinStandardHelpOptions = true,
        description = {"Commits to the input of an inference: Poseidon(salt, values…) over BN254, circomlib's parameters.",
                "Reads EZKL's input.json ({\"input_data\": [[x, …], …]}); every tensor, in order, makes one list of values.",
                "Each x (read as a double) becomes the fixed-point integer floor(x·2^S + 1/2), negative ones embedded as r − |x|.",
                "The salt is 31 random bytes (or --salt); keep it as secret as the data: with it, the data can be guessed and checked.",
                "Prints the commitment and the salt, as JSON (or writes the JSON to -o, readable by the owner only, and prints both).",
                "With --params model.onnx --circuit DIR: the commitment to the model's parameters that a circuit compiled with",
                "--param-visibility committed exposes: Poseidon(salt, quantized weights and biases in the circuit's order); salt 0 unless --salt.",
                "A model of another architecture or with a parameter outside the circuit's range: exit 2."})
final class CommitCommand implements Callable<Integer> {

    /** The name of the hash and long-input rule, written into the JSON. */
    static final String SCHEME = "poseidon-bn254-circomlib/chain16";
    /** The largest accepted --scale. */
    static final int MAX_SCALE = 128;
    private static final Pattern HEX = Pattern.compile("(0[xX])?[0-9a-fA-F]{1,64}");
    private static final BigDecimal HALF = new BigDecimal("0.5");

    @Spec
    CommandSpec spec;

    @Option(names = "--input", paramLabel = "input.json", description = "EZKL's input.json: {\"input_data\": [[x, …], …]}")
    Path input;

    @Option(names = "--scale", paramLabel = "S",
            description = "with --input, the fixed-point scale: x is committed as round(x·2^S), 0 ≤ S ≤ " + MAX_SCALE
                    + " (until the compiler's circuit.json supplies each input's scale)")
    Integer scale;

    @Option(names = "--params", paramLabel = "model.onnx", description = "commit to this model's parameters, as the circuit of --circuit holds them")
    Path params;

    @Option(names = "--circuit", paramLabel = "DIR", description = "with --params, the directory zkml compile wrote (with --param-visibility committed)")
    Path circuit;

    @Option(names = "--salt", paramLabel = "HEX", description = "the salt, in hex, below r (default: 31 bytes from a CSPRNG; with --params: 0)")
    String salt;

    @Option(names = {"-o", "--output"}, paramLabel = "commitment.json", description = "output file (default: standard output)")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (params != null || circuit != null) {
            return commitToParams();
        }
        if (input == null || scale == null) {
            throw new ParameterException(spec.commandLine(), "give --input and --scale (an input's commitment) or --params and --circuit (a model's)");
        }
        if (scale < 0 || scale > MAX_SCALE) {
            throw new ParameterException(spec.commandLine(), "--scale must be in [0, " + MAX_SCALE + "], got " + scale);
        }
        Fr s = salt == null ? Commitment.randomSalt(new SecureRandom()) : parseSalt(salt);

        JsonAt data = JsonText.read(input).field("input_data");
        List<JsonAt> tensors = data.elements();
        if (tensors.isEmpty()) {
            throw data.error("no input tensors");
        }
        List<Fr> values = new ArrayList<>();
        var sizes = JsonText.NODES.arrayNode();
        for (JsonAt tensor : tensors) {
            List<JsonAt> xs = tensor.elements();
            if (xs.isEmpty()) {
                throw tensor.error("empty tensor");
            }
            for (JsonAt x : xs) {
                values.add(quantize(x, scale));
            }
            sizes.add(xs.size());
        }
        Commitment c = Commitment.commit(s, values);

        ObjectNode json = JsonText.NODES.objectNode();
        json.put("scheme", SCHEME);
        json.put("commitment", c.value().toString());
        json.put("salt", c.salt().toString());
        json.put("salt_hex", "0x" + c.salt().toBigInteger().toString(16));
        json.put("scale", scale);
        json.set("tensor_sizes", sizes);
        String text = JsonText.stringify(json);
        if (output == null) {
            spec.commandLine().getOut().println(text);
        } else {
            AtomicFile.writePrivateString(output, text + "\n");
            spec.commandLine().getOut().println("commitment: " + c.value());
            spec.commandLine().getOut().println("salt: " + json.get("salt_hex").textValue());
            spec.commandLine().getErr().println("wrote " + output + " (it holds the salt: keep it private)");
        }
        return 0;
    }

    /** The commitment to a model's parameters as a committed-parameter circuit holds them. */
    private int commitToParams() throws Exception {
        if (params == null || circuit == null) {
            throw new ParameterException(spec.commandLine(), "--params and --circuit go together");
        }
        if (input != null || scale != null) {
            throw new ParameterException(spec.commandLine(), "--params commits to a model's parameters: leave out --input and --scale");
        }
        Fr s = salt == null ? Fr.ZERO : parseSalt(salt);
        Circuit c = Compiler.load(circuit);
        long[][] p = Compiler.paramsOf(c, Files.readAllBytes(params));
        ObjectNode json = JsonText.NODES.objectNode();
        json.put("scheme", ParamCommitment.SCHEME);
        json.put("commitment", ParamCommitment.of(s, p).toString());
        json.put("salt", s.toString());
        json.put("salt_hex", "0x" + s.toBigInteger().toString(16));
        json.put("parameters", java.util.Arrays.stream(p).mapToInt(t -> t.length).sum());
        json.put("circuit_fingerprint", c.fingerprint());
        String text = JsonText.stringify(json);
        if (output == null) {
            spec.commandLine().getOut().println(text);
        } else {
            AtomicFile.writePrivateString(output, text + "\n");
            spec.commandLine().getOut().println("commitment: " + json.get("commitment").textValue());
        }
        return 0;
    }

    /**
     * floor(x·2^scale + 1/2), computed exactly, embedded in F_r. x is the JSON number read as the nearest IEEE
     * double, as EZKL, ONNX Runtime and every JSON library of the tools around read it, so that a number with
     * more digits than a double holds is quantized as the model would see it.
     */
    static Fr quantize(JsonAt x, int scale) {
        if (!x.node().isNumber()) {
            throw x.error("expected a number, got " + (x.node().isArray() ? "an array (input_data holds flat lists)" : x.node().getNodeType().toString().toLowerCase()));
        }
        double d = x.node().doubleValue();
        if (!Double.isFinite(d)) {
            throw x.error("number too large for a double: " + x.node().asText());
        }
        BigInteger q = new BigDecimal(d).multiply(new BigDecimal(BigInteger.ONE.shiftLeft(scale))).add(HALF)
                .setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
        try {
            return Commitment.embed(q);
        } catch (IllegalArgumentException e) {
            throw x.error("number too large for a field element at scale " + scale + ": " + x.node().asText());
        }
    }

    private Fr parseSalt(String hex) {
        if (!HEX.matcher(hex).matches()) {
            throw new ParameterException(spec.commandLine(), "--salt must be 1 to 64 hex digits (optionally 0x-prefixed), got \"" + hex + "\"");
        }
        BigInteger v = new BigInteger(hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex, 16);
        if (!Fr.isCanonical(v)) {
            throw new ParameterException(spec.commandLine(), "--salt must be below the field modulus r, got " + hex);
        }
        return Fr.of(v);
    }
}
