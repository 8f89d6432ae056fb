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
import java.util.HexFormat;

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
        byte[] model = Files.readAllBytes(modelPath);
        String expected = json.path("model").path("sha256").asText();
        if (!sha256(model).equals(expected)) {
            throw new CompileException(modelPath + " does not match the SHA-256 recorded in circuit.json (" + expected + ")");
        }
        Path r1csPath = dir.resolve(CircuitFiles.R1CS);
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
