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
     * its circuit.json, after checking the model's and the R1CS's SHA-256 against the recorded ones.
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
        Circuit c = compile(model, CircuitFiles.options(json));
        String r1csSha = json.path("r1cs").path("sha256").asText();
        if (!CircuitFiles.writeR1cs(c, java.io.OutputStream.nullOutputStream()).equals(r1csSha)) {
            throw new CompileException("recompiling " + modelPath + " gives a circuit other than the one circuit.json records (R1CS SHA-256 "
                    + r1csSha + "): was it compiled by another version of zkml?");
        }
        return c;
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
