package io.zkml.compiler.witness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkml.compiler.CompileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;

/**
 * Sample inputs of a model (one or many), optionally with the float model's outputs for them, read from EZKL's
 * input.json or from an Arrow IPC file or stream (told apart by their first bytes).
 *
 * <p>input.json: {@code {"input_data": [[flat row-major], ...], "output_data": [[...], ...]}}, one array per graph
 * input (and output); an array holding m times the input's element count is m samples (EZKL's batches).
 *
 * <p>Arrow: see {@link ArrowSamples}; each row is one sample.
 *
 * @param inputs per sample, one flat row-major array per graph input
 * @param outputs per sample, one flat array per graph output; empty when the file gives no outputs
 */
public record Samples(List<List<double[]>> inputs, List<List<double[]>> outputs) {

    /** The names and element counts of a model's graph inputs and the names of its outputs. */
    public record Signature(List<String> inputNames, List<Integer> inputSizes, List<String> outputNames, List<String> inputShapes) {
        public Signature {
            inputNames = List.copyOf(inputNames);
            inputSizes = List.copyOf(inputSizes);
            outputNames = List.copyOf(outputNames);
            inputShapes = List.copyOf(inputShapes);
        }

        /** Without the inputs' shapes (messages then give element counts only). */
        public Signature(List<String> inputNames, List<Integer> inputSizes, List<String> outputNames) {
            this(inputNames, inputSizes, outputNames, List.of());
        }

        /** " of shape [1, 3]" for input k when the shape is known, else "". */
        String shapeOf(int k) {
            return k < inputShapes.size() ? " of shape " + inputShapes.get(k) : "";
        }
    }

    /** The signature of a compiled program. */
    public static Signature signature(io.zkml.compiler.quant.QProgram p) {
        return new Signature(p.inputs().stream().map(io.zkml.compiler.quant.QProgram.Input::name).toList(),
                p.inputs().stream().map(i -> i.value().size()).toList(), p.outputs().stream().map(io.zkml.compiler.quant.QProgram.Output::name).toList(),
                p.inputs().stream().map(i -> java.util.Arrays.toString(i.value().shape())).toList());
    }

    public Samples {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        if (inputs.isEmpty()) {
            throw new CompileException("no samples");
        }
        if (!outputs.isEmpty() && outputs.size() != inputs.size()) {
            throw new CompileException(inputs.size() + " samples but " + outputs.size() + " sets of outputs");
        }
    }

    public int size() {
        return inputs.size();
    }

    /** Whether the file gave the float model's outputs for each sample. */
    public boolean hasOutputs() {
        return !outputs.isEmpty();
    }

    /** The file's format, from its first bytes. */
    enum Format { JSON, ARROW_FILE, ARROW_STREAM }

    /** Whether the file is JSON (not Arrow IPC), told by its first bytes as {@link #read} tells it. */
    public static boolean isJson(Path file) throws IOException {
        return detect(file) == Format.JSON;
    }

    /** Whether bytes in memory are Arrow IPC (file or stream), told by their first bytes as {@link #parse} tells it. */
    public static boolean isArrow(byte[] data) {
        return detect(data, data.length) != Format.JSON;
    }

    static Format detect(Path file) throws IOException {
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        return detect(head, n);
    }

    private static Format detect(byte[] head, int n) {
        if (n >= 6 && Arrays.equals(head, 0, 6, ARROW_MAGIC, 0, 6)) {
            return Format.ARROW_FILE;
        }
        if (n >= 4 && (head[0] & head[1] & head[2] & head[3]) == (byte) 0xFF) {
            return Format.ARROW_STREAM;
        }
        return Format.JSON;
    }

    private static final byte[] ARROW_MAGIC = "ARROW1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Reads a sample file of any of the three forms.
     *
     * @throws CompileException if the file does not fit the signature (count, size, type), naming what and where
     * @throws IOException if the file cannot be read
     */
    public static Samples read(Path file, Signature sig) throws IOException {
        String where = file.toString();
        return switch (detect(file)) {
            case ARROW_FILE -> {
                try (SeekableByteChannel ch = Files.newByteChannel(file)) {
                    yield ArrowSamples.read(ch, null, where, sig);
                }
            }
            case ARROW_STREAM -> {
                try (InputStream in = Files.newInputStream(file)) {
                    yield ArrowSamples.read(null, in, where, sig);
                }
            }
            case JSON -> fromJson(parseJson(Files.readAllBytes(file), where), sig, where);
        };
    }

    /**
     * Reads samples of any of the three forms from memory (a request body, say).
     *
     * @param where how errors name the source
     * @throws CompileException if the bytes do not fit the signature or are none of the forms
     */
    public static Samples parse(byte[] data, Signature sig, String where) {
        return switch (detect(data, data.length)) {
            case ARROW_FILE -> ArrowSamples.read(new ByteArrayReadableSeekableByteChannel(data), null, where, sig);
            case ARROW_STREAM -> ArrowSamples.read(null, new ByteArrayInputStream(data), where, sig);
            case JSON -> fromJson(parseJson(data, where), sig, where);
        };
    }

    /** The one sample of a file, or its row {@code row} when given (counted from 0). */
    public static List<double[]> one(Samples s, Integer row, Path file) {
        if (row == null) {
            if (s.size() != 1) {
                throw new CompileException(file + " holds " + s.size() + " samples: choose one with --row N (0.." + (s.size() - 1) + ")");
            }
            return s.inputs().getFirst();
        }
        if (row < 0 || row >= s.size()) {
            throw new CompileException(file + " holds " + s.size() + " samples, row " + row + " does not exist");
        }
        return s.inputs().get(row);
    }

    private static JsonNode parseJson(byte[] data, String where) {
        try {
            return new ObjectMapper().readTree(data);
        } catch (IOException e) {
            String msg = e instanceof com.fasterxml.jackson.core.JacksonException j ? j.getOriginalMessage() : e.getMessage();
            throw new CompileException(where + " is neither an Arrow IPC file or stream nor valid JSON: " + msg);
        }
    }

    private static Samples fromJson(JsonNode root, Signature sig, String file) {
        List<double[]> in = IoJson.parseInput(root, file);
        if (in.size() != sig.inputNames().size()) {
            throw new CompileException(file + ": the model has " + sig.inputNames().size() + " inputs, input_data holds " + in.size() + " arrays");
        }
        int m = -1;
        for (int k = 0; k < in.size(); k++) {
            int size = sig.inputSizes().get(k);
            int len = in.get(k).length;
            if (len == 0 || len % size != 0 || (m >= 0 && len / size != m)) {
                throw new CompileException(file + ": input_data[" + k + "] ('" + sig.inputNames().get(k) + "') holds " + len + " values; the input" + sig.shapeOf(k) + " has " + size
                        + " elements" + (m >= 0 ? " and the other inputs give " + m + " samples" : ""));
            }
            m = len / size;
        }
        List<List<double[]>> samples = split(in, m);
        List<List<double[]>> outs = List.of();
        JsonNode od = root.path("output_data");
        if (od.isArray()) {
            // output_data has input_data's form
            List<double[]> o = IoJson.parseInput(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().set("input_data", od),
                    file + " (output_data)");
            if (o.size() != sig.outputNames().size()) {
                throw new CompileException(file + ": the model has " + sig.outputNames().size() + " outputs, output_data holds " + o.size() + " arrays");
            }
            for (int k = 0; k < o.size(); k++) {
                if (o.get(k).length % m != 0) {
                    throw new CompileException(file + ": output_data[" + k + "] holds " + o.get(k).length + " values, not a multiple of the " + m + " samples");
                }
            }
            outs = split(o, m);
        }
        return new Samples(samples, outs);
    }

    private static List<List<double[]>> split(List<double[]> arrays, int m) {
        List<List<double[]>> samples = new ArrayList<>();
        for (int s = 0; s < m; s++) {
            List<double[]> one = new ArrayList<>();
            for (double[] a : arrays) {
                int per = a.length / m;
                one.add(Arrays.copyOfRange(a, s * per, (s + 1) * per));
            }
            samples.add(one);
        }
        return samples;
    }
}
