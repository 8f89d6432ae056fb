package io.zkml.compiler;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.circuit.CircuitFiles;
import io.zkml.compiler.graph.Graph;
import io.zkml.compiler.graph.Passes;
import io.zkml.compiler.lower.Lowering;
import io.zkml.compiler.onnx.OnnxReader;
import io.zkml.compiler.quant.QProgram;
import io.zkml.compiler.quant.Quantizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** The compiler's one entry point: ONNX bytes and options in, a {@link Circuit} out. Deterministic. */
public final class Compiler {

    private Compiler() {
    }

    /**
     * Compiles a model.
     *
     * @throws CompileException if the model cannot be read, uses unsupported ops, or its values could exceed
     *     the bounds that keep the circuit sound
     */
    public static Circuit compile(byte[] model, CompileOptions options) {
        Graph g = OnnxReader.read(model);
        QProgram p = Quantizer.quantize(Passes.all(g), options);
        return Circuit.assemble(p, options, sha256(model), Lowering.lower(p));
    }

    /**
     * The circuit that {@code zkml compile} wrote into dir, recompiled from its model.onnx with the options in
     * its circuit.json: the model's and circuit.r1cs's SHA-256 must match the recorded ones, and the recompiled
     * constraints the recorded fingerprint (so the witness solvers belong to the circuit in circuit.r1cs).
     *
     * @throws CompileException if the directory is incomplete or its files do not match each other
     * @throws IOException if a file cannot be read
     */
    public static Circuit load(Path dir) throws IOException {
        JsonNode json = CircuitFiles.readCircuitJson(dir);
        Path modelPath = dir.resolve(CircuitFiles.MODEL);
        if (!Files.isRegularFile(modelPath)) {
            throw new CompileException(modelPath + " is missing");
        }
        return load(json, Files.readAllBytes(modelPath), modelPath, dir.resolve(CircuitFiles.R1CS));
    }

    /**
     * {@link #load(Path)} for files kept apart: a circuit.json (parsed), the model's bytes (named {@code modelPath}
     * in messages) and circuit.r1cs, checked against each other as there.
     */
    public static Circuit load(JsonNode json, byte[] model, Path modelPath, Path r1csPath) throws IOException {
        if (!"zkml-circuit".equals(json.path("format").asText()) || json.path("version").asInt() != CircuitFiles.FORMAT_VERSION) {
            throw new CompileException("not a zkml circuit description of format version " + CircuitFiles.FORMAT_VERSION);
        }
        String expected = json.path("model").path("sha256").asText();
        if (!sha256(model).equals(expected)) {
            throw new CompileException(modelPath + " does not match the SHA-256 recorded in circuit.json (" + expected + ")");
        }
        String r1csSha = json.path("r1cs").path("sha256").asText();
        if (!Files.isRegularFile(r1csPath) || !sha256(r1csPath).equals(r1csSha)) {
            throw new CompileException(r1csPath + " is missing or does not match the SHA-256 recorded in circuit.json (" + r1csSha + ")");
        }
        Circuit c = compile(model, CircuitFiles.options(json));
        String fingerprint = json.path("r1cs").path("fingerprint").asText();
        if (!c.fingerprint().equals(fingerprint)) {
            throw new CompileException("recompiling " + modelPath + " gives a circuit other than the one circuit.r1cs holds (fingerprint "
                    + fingerprint + "): was it compiled by another version of zkml?");
        }
        return c;
    }

    /**
     * The committed parameters of another model of the same architecture, for a witness of {@code circuit}: the
     * model is compiled with the circuit's options (its declared parameter range included) and must give the same
     * parameter tensors and the same constraints (so every constant that stays fixed in the circuit — shapes,
     * scalar factors, the constants of element-wise ops — is the same too).
     *
     * @return one array per parameter tensor, as {@link Circuit#solve(long[][], long[][])} takes them
     * @throws CompileException if the circuit's parameters are fixed, a parameter lies outside the declared range,
     *     or the model's architecture differs
     */
    public static long[][] paramsOf(Circuit circuit, byte[] model) {
        QProgram.Params mine = circuit.program().params();
        if (mine == null) {
            throw new CompileException("the circuit's parameters are fixed in it: other parameters need a circuit compiled with --param-visibility committed");
        }
        Circuit other;
        try {
            other = compile(model, circuit.options().withParams(ParamVisibility.COMMITTED, mine.range()));
        } catch (CompileException e) {
            throw new CompileException("the parameter model does not fit the circuit: " + e.getMessage(), e);
        }
        List<QProgram.Param> a = mine.tensors();
        List<QProgram.Param> b = other.program().params().tensors();
        if (a.size() != b.size()) {
            throw new CompileException("the parameter model has " + b.size() + " parameter tensors, the circuit " + a.size() + ": not the same architecture");
        }
        for (int k = 0; k < a.size(); k++) {
            if (!a.get(k).role().equals(b.get(k).role()) || !Arrays.equals(a.get(k).value().shape(), b.get(k).value().shape())) {
                throw new CompileException("parameter tensor " + k + " is the " + b.get(k).role() + " " + Arrays.toString(b.get(k).value().shape()) + " of "
                        + b.get(k).origin() + " in the parameter model, the " + a.get(k).role() + " " + Arrays.toString(a.get(k).value().shape()) + " of "
                        + a.get(k).origin() + " in the circuit: not the same architecture");
            }
        }
        if (!other.fingerprint().equals(circuit.fingerprint())) {
            throw new CompileException("the parameter model's circuit differs from this one beyond the committed parameters: a constant that stays fixed in"
                    + " the circuit (a shape, a scalar factor, an element-wise constant, a parameter of another op) or the graph is not the same");
        }
        return other.program().params().ownValues();
    }

    private static String sha256(Path file) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                sha.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** Lower-case hex SHA-256. */
    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
