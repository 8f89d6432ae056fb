package io.zkml.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.field.Fr;
import io.zkml.core.hash.Commitment;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.JsonAt;
import io.zkml.core.io.JsonText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.security.SecureRandom;
import io.zkml.compiler.Compiler;
import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.circuit.ParamCommitment;
import io.zkml.compiler.lower.Lowering;
import io.zkml.compiler.quant.QProgram;
import io.zkml.compiler.witness.IoJson;
import io.zkml.compiler.witness.WitnessGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "commit",
        mixinStandardHelpOptions = true,
        description = {"Commits to the input of an inference: Poseidon(salt, values…) over BN254, circomlib's parameters.",
                "Reads EZKL's input.json ({\"input_data\": [[x, …], …]}).",
                "With --circuit DIR (a circuit compiled with --input-visibility hashed): one commitment per hashed input, to its elements"
                        + " quantized as the circuit does (round(x·2^scale) to nearest, ties to even, range-checked), the value that the"
                        + " circuit's public signal will hold; `zkml witness --salts` reads the file back.",
                "With --scale S: one commitment to every tensor, in order, each x (read as a double) as floor(x·2^S + 1/2).",
                "Negative values are embedded as r − |x|.",
                "The salt is 31 random bytes (or --salt); keep it as secret as the data: with it, the data can be guessed and checked.",
                "Prints the commitments and salts, as JSON (or writes the JSON to -o, readable by the owner only, and prints both).",
                "With --params model.onnx --circuit DIR (a circuit compiled with --param-visibility committed): the commitment to the model's",
                "parameters that the circuit's public signal will hold, Poseidon(salt, quantized weights and biases in the circuit's order);",
                "salt 0 unless --salt. A model of another architecture or with a parameter outside the circuit's range: exit 2."})
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

    @Option(names = "--params", paramLabel = "model.onnx", description = "commit to this model's parameters, as the circuit of --circuit holds them")
    Path params;

    @Option(names = "--circuit", paramLabel = "DIR",
            description = "the directory zkml compile wrote: commit to each hashed input with the circuit's own quantization (with --params: to"
                    + " the parameters)")
    Path circuit;

    @Option(names = "--scale", paramLabel = "S",
            description = "without --circuit: fixed-point scale, x is committed as floor(x·2^S + 1/2), 0 ≤ S ≤ " + MAX_SCALE)
    Integer scale;

    @Option(names = "--salt", paramLabel = "HEX",
            description = "the salt, in hex, below r (default: 31 bytes from a CSPRNG; with --circuit, only for a circuit with one hashed input;"
                    + " with --params: 0)")
    String salt;

    @Option(names = {"-o", "--output"}, paramLabel = "commitment.json", description = "output file (default: standard output)")
    Path output;

    @Mixin
    JsonOption jsonOption;

    @Override
    public Integer call() throws Exception {
        if (params != null) {
            return commitToParams();
        }
        if (input == null) {
            throw new ParameterException(spec.commandLine(), "give --input input.json (an input's commitment) or --params model.onnx --circuit DIR"
                    + " (a model's parameters)");
        }
        if ((circuit == null) == (scale == null)) {
            throw new ParameterException(spec.commandLine(), "give --circuit DIR (one commitment per hashed input of a compiled circuit)"
                    + " or --scale S (one commitment to every tensor)");
        }
        if (circuit != null) {
            return commitToCircuitInputs();
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
        if (output != null) {
            AtomicFile.writePrivateString(output, text + "\n");
            spec.commandLine().getErr().println("wrote " + output + " (it holds the salt: keep it private)");
        }
        if (output == null || jsonOption.enabled) {
            spec.commandLine().getOut().println(text);
        } else {
            spec.commandLine().getOut().println("commitment: " + c.value());
            spec.commandLine().getOut().println("salt: " + json.get("salt_hex").textValue());
        }
        return 0;
    }

    /** --params: the commitment to a model's parameters as a committed-parameter circuit holds them. */
    private int commitToParams() throws Exception {
        if (circuit == null || input != null || scale != null) {
            throw new ParameterException(spec.commandLine(), "--params goes with --circuit DIR only (no --input, no --scale)");
        }
        Fr s = salt == null ? Fr.ZERO : parseSalt(salt);
        Circuit c = Compiler.load(circuit);
        long[][] p = Compiler.paramsOf(c, java.nio.file.Files.readAllBytes(params));
        ObjectNode json = JsonText.NODES.objectNode();
        json.put("scheme", ParamCommitment.SCHEME);
        json.put("commitment", ParamCommitment.of(s, p).toString());
        json.put("salt", s.toString());
        json.put("salt_hex", "0x" + s.toBigInteger().toString(16));
        json.put("parameters", Arrays.stream(p).mapToInt(t -> t.length).sum());
        json.put("circuit_fingerprint", c.fingerprint());
        String text = JsonText.stringify(json);
        if (output != null) {
            AtomicFile.writePrivateString(output, text + "\n");
        }
        if (output == null || jsonOption.enabled) {
            spec.commandLine().getOut().println(text);
        } else {
            spec.commandLine().getOut().println("commitment: " + json.get("commitment").textValue());
        }
        return 0;
    }

    /** --circuit: one commitment per hashed input, the values quantized as the witness step does. */
    private int commitToCircuitInputs() throws Exception {
        Circuit c = Compiler.load(circuit);
        List<double[]> data = IoJson.readInput(input);
        long[][] q = WitnessGenerator.quantize(c.program(), data);
        List<Lowering.Hashed> hashed = c.hashed().stream().filter(Lowering.Hashed::input).toList();
        if (hashed.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "the circuit in " + circuit + " has no hashed input (compile it with --input-visibility hashed)");
        }
        if (salt != null && hashed.size() > 1) {
            throw new ParameterException(spec.commandLine(), "--salt is for a circuit with one hashed input; this one has " + hashed.size()
                    + " (each gets a fresh salt)");
        }
        Fr given = salt == null ? null : parseSalt(salt);
        SecureRandom random = new SecureRandom();
        ObjectNode json = JsonText.NODES.objectNode();
        json.put("scheme", SCHEME);
        json.putObject("circuit").put("fingerprint", c.fingerprint());
        var list = json.putArray("commitments");
        StringBuilder summary = new StringBuilder();
        for (Lowering.Hashed h : hashed) {
            QProgram.Input in = c.program().inputs().get(h.tensor());
            List<Fr> values = Arrays.stream(q[h.tensor()]).mapToObj(Fr::of).toList();
            Commitment k = Commitment.commit(given != null ? given : Commitment.randomSalt(random), values);
            ObjectNode e = list.addObject();
            e.put("input", in.name());
            e.put("commitment", k.value().toString());
            e.put("salt", k.salt().toString());
            e.put("salt_hex", IoJson.saltHex(k.salt()));
            e.put("scale", in.value().scale());
            e.put("elements", values.size());
            summary.append("input '").append(in.name()).append("': commitment ").append(k.value()).append(", salt ")
                    .append(IoJson.saltHex(k.salt())).append('\n');
        }
        String text = JsonText.stringify(json);
        if (output != null) {
            AtomicFile.writePrivateString(output, text + "\n");
            spec.commandLine().getErr().println("wrote " + output + " (it holds the salts: keep it private)");
        }
        if (output == null || jsonOption.enabled) {
            spec.commandLine().getOut().println(text);
        } else {
            spec.commandLine().getOut().print(summary);
        }
        return 0;
    }

    /**
     * The salts of the hashed inputs (by input name) and their commitments, from the JSON that
     * {@code zkml commit --circuit} wrote.
     *
     * @throws FormatException naming the place if the file is not such JSON
     */
    static Map<String, Commitment> readCircuitCommitments(Path file) throws java.io.IOException {
        JsonAt root = JsonText.read(file);
        if (root.optionalField("commitments").isEmpty()) {
            throw root.error("no \"commitments\" list: a file of zkml commit --circuit DIR is needed (zkml commit --scale makes one"
                    + " commitment to every tensor, which no circuit checks)");
        }
        String scheme = root.field("scheme").text();
        if (!SCHEME.equals(scheme)) {
            throw root.field("scheme").error("unknown commitment scheme \"" + scheme + "\" (expected " + SCHEME + ")");
        }
        Map<String, Commitment> out = new LinkedHashMap<>();
        for (JsonAt e : root.field("commitments").elements()) {
            String name = e.field("input").text();
            Fr s = IoJson.parseSalt(e.field("salt_hex").text(), file + ": " + e.path() + ".salt_hex");
            BigInteger value = e.field("commitment").decimal();
            if (!Fr.isCanonical(value)) {
                throw e.field("commitment").error("not below the field modulus r");
            }
            if (out.put(name, new Commitment(s, Fr.of(value))) != null) {
                throw e.error("input '" + name + "' appears twice");
            }
        }
        return out;
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
