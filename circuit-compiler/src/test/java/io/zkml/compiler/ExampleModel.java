package io.zkml.compiler;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.witness.IoJson;
import io.zkml.compiler.witness.WitnessGenerator;
import io.zkml.core.field.Fr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One of the trained example models in the repository's {@code models/} folder: its {@code model.onnx}, its whole
 * held-out split ({@code heldout.json}: EZKL's batch form, every sample's values in one flat array, plus
 * {@code labels}) and the compile options its {@code meta.json} recommends. {@link #evaluate()} compiles it and
 * compares the circuit's witness outputs on every held-out sample with ONNX Runtime's float outputs; the figures
 * are those of the committed {@code report.json} (whose proving times come from the benchmarks module's
 * {@code ModelReports}).
 *
 * @param name the folder's name
 * @param dir the folder
 * @param meta meta.json
 * @param model the ONNX bytes
 * @param samples one flat row-major input per held-out sample (the models have one graph input)
 * @param labels the data set's label of each sample: a class index, or the regression target
 */
public record ExampleModel(String name, Path dir, JsonNode meta, byte[] model, List<double[]> samples, double[] labels) {

    /** The three models of {@code models/}. */
    public static final List<String> NAMES = List.of("breast-cancer", "digits", "diabetes");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The salt used for hashed inputs when evaluating (it changes the commitment only, never an output). */
    public static final Fr EVALUATION_SALT = Fr.of(20_261_126L);

    /** The repository's {@code models/} folder, found from the working directory upwards. */
    public static Path modelsDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("models/train.py"))) {
                return p.resolve("models");
            }
        }
        throw new IllegalStateException("no models/train.py above " + Path.of("").toAbsolutePath());
    }

    /** Reads {@code models/<name>/}. */
    public static ExampleModel load(String name) {
        Path dir = modelsDir().resolve(name);
        try {
            JsonNode meta = JSON.readTree(dir.resolve("meta.json").toFile());
            JsonNode heldout = JSON.readTree(dir.resolve("heldout.json").toFile());
            int per = Arrays.stream(shape(meta)).reduce(1, (a, b) -> a * b);
            List<double[]> flat = IoJson.parseInput(heldout, dir.resolve("heldout.json").toString());
            if (flat.size() != 1 || flat.getFirst().length % per != 0) {
                throw new IllegalStateException(name + "/heldout.json: expected one input of " + per + " values per sample");
            }
            List<double[]> samples = new ArrayList<>();
            for (int s = 0; s < flat.getFirst().length / per; s++) {
                samples.add(Arrays.copyOfRange(flat.getFirst(), s * per, (s + 1) * per));
            }
            double[] labels = new double[heldout.get("labels").size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = heldout.get("labels").get(i).asDouble();
            }
            if (labels.length != samples.size()) {
                throw new IllegalStateException(name + "/heldout.json: " + samples.size() + " samples but " + labels.length + " labels");
            }
            return new ExampleModel(name, dir, meta, Files.readAllBytes(dir.resolve("model.onnx")), List.copyOf(samples), labels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] shape(JsonNode meta) {
        JsonNode s = meta.path("input").path("shape");
        int[] out = new int[s.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.get(i).asInt();
        }
        return out;
    }

    public boolean classifier() {
        return meta.path("task").asText().equals("classification");
    }

    /** The compile options meta.json recommends (its {@code compile} object). */
    public CompileOptions options() {
        JsonNode c = meta.path("compile");
        JsonNode r = c.path("input_range");
        return new CompileOptions(c.path("input_scale").asInt(), c.path("param_scale").asInt(),
                List.of(new CompileOptions.InputRange(r.get(0).asDouble(), r.get(1).asDouble())),
                Visibility.parseList(c.path("input_visibility").asText()), Visibility.parseList(c.path("output_visibility").asText()));
    }

    /** The salts a witness of this model needs: {@link #EVALUATION_SALT} for a hashed input. */
    public WitnessGenerator.Salts salts() {
        String input = meta.path("input").path("name").asText();
        return options().inputVisibility().getFirst() == Visibility.HASHED
                ? new WitnessGenerator.Salts(Map.of(input, EVALUATION_SALT), Map.of()) : WitnessGenerator.Salts.NONE;
    }

    /** The compiled circuit. */
    public Circuit compile() {
        return Compiler.compile(model, options());
    }

    /**
     * The circuit against the float model on every held-out sample.
     *
     * @param constraints the circuit's constraint count
     * @param wires its wire count
     * @param samples the number of held-out samples
     * @param agree classifiers: samples whose proven class (the quantized logits' argmax, first on ties) is the float
     *     model's argmax; -1 for a regressor
     * @param quantizedCorrect classifiers: samples whose proven class is the label; -1 for a regressor
     * @param floatCorrect classifiers: samples whose float argmax is the label; -1 for a regressor
     * @param maxAbsError largest |circuit output − float output| over every output element of every sample
     * @param meanAbsError its mean
     * @param quantizedMae regressors: mean |circuit output − label|; NaN for a classifier
     * @param floatMae regressors: mean |float output − label|; NaN for a classifier
     */
    public record Evaluation(int constraints, int wires, int samples, int agree, int quantizedCorrect, int floatCorrect,
            double maxAbsError, double meanAbsError, double quantizedMae, double floatMae) {

        /** The report's accuracy part, as report.json holds it. */
        public ObjectNode toJson(ExampleModel m) {
            ObjectNode o = JSON.createObjectNode();
            o.put("model", m.name());
            o.put("task", m.meta().path("task").asText());
            o.set("compile", ((ObjectNode) m.meta().path("compile").deepCopy()).without("why"));
            o.put("constraints", constraints);
            o.put("wires", wires);
            o.put("heldout_samples", samples);
            o.put("float_oracle", "ONNX Runtime (Java) " + ortVersion() + ", float32");
            if (agree >= 0) {
                o.put("argmax_agreement", agree);
                o.put("argmax_agreement_rate", (double) agree / samples);
                o.put("circuit_accuracy", (double) quantizedCorrect / samples);
                o.put("float_accuracy", (double) floatCorrect / samples);
            } else {
                o.put("circuit_mae_vs_labels", quantizedMae);
                o.put("float_mae_vs_labels", floatMae);
            }
            o.put("max_abs_error", maxAbsError);
            o.put("mean_abs_error", meanAbsError);
            return o;
        }
    }

    private static String ortVersion() {
        return ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion();
    }

    /** Compiles the model and runs the witness generator and ONNX Runtime on every held-out sample. */
    public Evaluation evaluate() throws OrtException {
        Circuit c = compile();
        List<float[]> floats = OrtOracle.runEach(model, samples, shape(meta));
        WitnessGenerator.Salts salts = salts();
        boolean argmaxDisclosed = options().outputVisibility().getFirst() instanceof Visibility.ArgMax;
        int agree = 0;
        int qCorrect = 0;
        int fCorrect = 0;
        double maxErr = 0;
        double sumErr = 0;
        long elements = 0;
        double qAbs = 0;
        double fAbs = 0;
        for (int s = 0; s < samples.size(); s++) {
            WitnessGenerator.Result r = WitnessGenerator.generate(c, List.of(samples.get(s)), salts, null);
            double[] q = r.outputs()[0];
            double[] f = toDouble(floats.get(s));
            if (q.length != f.length) {
                throw new IllegalStateException(name + ": the circuit gives " + q.length + " outputs, ONNX Runtime " + f.length);
            }
            for (int j = 0; j < q.length; j++) {
                double e = Math.abs(q[j] - f[j]);
                maxErr = Math.max(maxErr, e);
                sumErr += e;
                elements++;
            }
            if (classifier()) {
                int qClass = argmax(q); // the quantized logits times 2^-scale: the same order
                if (argmaxDisclosed && r.disclosed()[0][0] != qClass) {
                    throw new IllegalStateException(name + " sample " + s + ": the disclosed class " + r.disclosed()[0][0]
                            + " is not the argmax " + qClass + " of the quantized logits");
                }
                int fClass = argmax(f);
                agree += qClass == fClass ? 1 : 0;
                qCorrect += qClass == (int) labels[s] ? 1 : 0;
                fCorrect += fClass == (int) labels[s] ? 1 : 0;
            } else {
                qAbs += Math.abs(q[0] - labels[s]);
                fAbs += Math.abs(f[0] - labels[s]);
            }
        }
        int n = samples.size();
        return classifier()
                ? new Evaluation(c.nConstraints(), c.layout().nWires(), n, agree, qCorrect, fCorrect, maxErr, sumErr / elements, Double.NaN, Double.NaN)
                : new Evaluation(c.nConstraints(), c.layout().nWires(), n, -1, -1, -1, maxErr, sumErr / elements, qAbs / n, fAbs / n);
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** The first index of the largest value. */
    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
