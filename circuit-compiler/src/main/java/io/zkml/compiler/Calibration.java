package io.zkml.compiler;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.compiler.CompileOptions.InputRange;
import io.zkml.compiler.graph.Graph;
import io.zkml.compiler.graph.Passes;
import io.zkml.compiler.graph.Shapes;
import io.zkml.compiler.graph.ValueInfo;
import io.zkml.compiler.onnx.OnnxReader;
import io.zkml.compiler.quant.QProgram;
import io.zkml.compiler.quant.Quantizer;
import io.zkml.compiler.witness.Samples;
import io.zkml.compiler.witness.WitnessGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compile options from sample inputs. Ranges: each undeclared input's range is the samples' range widened by a
 * quarter of its width on each side ({@link InputRange#covering}). Scales: every power-of-two scale s from
 * {@link #MIN_SCALE} to the cap (default {@link #DEFAULT_CAP}) is tried for the scales not given (input and param
 * scale move together); a scale is feasible when the compiler accepts the model at it (no value can wrap around
 * the field, every bound within the compiler's limits) and every sample fits. A feasible scale's error is the
 * largest |dequantized − reference| over every sample and output element, the reference being the float model's
 * outputs when the samples carry them (input.json's {@code output_data}, or output columns in Arrow). Among the
 * feasible scales:
 * <ul>
 * <li>with a tolerance: the smallest scale whose error is within it (without float outputs, the reference is the
 * output at the finest feasible scale); if none is, the rules below;</li>
 * <li>with float outputs: the lowest error wins, and among scales whose error is within 1% (or 2^−20) of it, the
 * smallest scale (the cheapest circuit: range checks grow with the scale);</li>
 * <li>without them: the largest feasible scale (the finest resolution the model allows).</li>
 * </ul>
 */
public final class Calibration {

    /** The smallest scale tried. */
    public static final int MIN_SCALE = 2;
    /** The largest scale tried unless told otherwise. */
    public static final int DEFAULT_CAP = 16;

    /**
     * One scale tried.
     *
     * @param refusal why the compiler or a sample refused it; null when feasible
     * @param maxAbsError the largest |dequantized − reference| on the samples; NaN without a reference or when refused
     */
    public record Candidate(int inputScale, int paramScale, String refusal, double maxAbsError) {
        public boolean feasible() {
            return refusal == null;
        }
    }

    /**
     * The outcome.
     *
     * @param options the options to compile with
     * @param proposedRanges whether the ranges came from the samples
     * @param samples how many samples
     * @param reference what the errors are measured against ("the samples' float outputs", "the outputs at scale
     *     s, the finest feasible"); null when not measured
     * @param tolerance the tolerance asked for, or null
     * @param rule how the scales were chosen, in words
     * @param candidates every scale tried, in increasing order (only the given one when both scales were given)
     * @param outputErrors at the chosen scales, the largest |dequantized − reference| per graph output (empty when not measured)
     */
    public record Result(CompileOptions options, boolean proposedRanges, int samples, String reference, Double tolerance, String rule,
            List<Candidate> candidates, double[] outputErrors) {

        public boolean measured() {
            return reference != null;
        }

        /** report.json's {@code calibration} object. */
        public ObjectNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("samples", samples);
            n.put("rangesFromSamples", proposedRanges);
            ArrayNode r = n.putArray("ranges");
            options.inputRanges().forEach(x -> r.addArray().add(x.lo()).add(x.hi()));
            n.put("inputScale", options.inputScale());
            n.put("paramScale", options.paramScale());
            n.put("rule", rule);
            if (tolerance != null) {
                n.put("tolerance", tolerance);
            }
            if (reference != null) {
                n.put("errorAgainst", reference);
            }
            ArrayNode c = n.putArray("candidates");
            for (Candidate x : candidates) {
                ObjectNode o = c.addObject().put("inputScale", x.inputScale()).put("paramScale", x.paramScale());
                if (!x.feasible()) {
                    o.put("refused", x.refusal());
                } else if (measured()) {
                    o.put("maxAbsError", x.maxAbsError());
                }
            }
            if (measured()) {
                ArrayNode e = n.putArray("outputMaxAbsError");
                for (double x : outputErrors) {
                    e.add(x);
                }
            }
            return n;
        }

        /** A few readable lines. */
        public String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "calibration: %d samples; input ranges %s%s%s%n", samples, options.inputRanges(),
                    proposedRanges ? " (from the samples)" : "", measured() ? "; errors against " + reference : ""));
            for (Candidate x : candidates) {
                sb.append(String.format(Locale.ROOT, "  scales %2d/%-2d %s%n", x.inputScale(), x.paramScale(), !x.feasible() ? "refused: " + x.refusal()
                        : measured() ? String.format(Locale.ROOT, "worst |error| %.4g", x.maxAbsError()) : "feasible"));
            }
            sb.append(String.format(Locale.ROOT, "  chosen: input scale %d, param scale %d (%s)%n", options.inputScale(), options.paramScale(), rule));
            return sb.toString();
        }
    }

    /** A scale tried: its refusal, or the dequantized outputs per sample. */
    private record Trial(int inputScale, int paramScale, String refusal, List<List<double[]>> outputs) {
    }

    private Calibration() {
    }

    /** The names and element counts of a model's graph inputs and its output names. */
    public static Samples.Signature signature(byte[] model) {
        Graph g = OnnxReader.read(model);
        return new Samples.Signature(g.inputs().stream().map(ValueInfo::name).toList(), g.inputs().stream().map(v -> Shapes.size(v.shape())).toList(),
                g.outputs().stream().map(ValueInfo::name).toList());
    }

    /**
     * Chooses ranges and scales.
     *
     * @param ranges the declared input ranges; empty: proposed from the samples
     * @param inputScale the given input scale, or null to choose it
     * @param paramScale the given param scale, or null to choose it
     * @param cap the largest scale tried
     * @param tolerance the largest acceptable worst error, or null
     * @throws CompileException if no scale is feasible
     */
    public static Result calibrate(byte[] model, Samples samples, List<InputRange> ranges, Integer inputScale, Integer paramScale,
            List<Visibility> inputVisibility, List<Visibility> outputVisibility, int cap, Double tolerance) {
        if (cap < MIN_SCALE || cap > 30) {
            throw new IllegalArgumentException("the scale cap must lie in " + MIN_SCALE + "..30, is " + cap);
        }
        if (tolerance != null && !(tolerance >= 0)) {
            throw new IllegalArgumentException("the tolerance must be a number ≥ 0, is " + tolerance);
        }
        boolean propose = ranges.isEmpty();
        List<InputRange> declared = propose ? proposeRanges(samples) : ranges;
        Graph g = Passes.all(OnnxReader.read(model));
        boolean fixed = inputScale != null && paramScale != null;
        int from = fixed ? 0 : MIN_SCALE;
        int to = fixed ? 0 : cap;
        List<Trial> trials = new ArrayList<>();
        for (int s = from; s <= to; s++) {
            CompileOptions o = new CompileOptions(inputScale != null ? inputScale : s, paramScale != null ? paramScale : s, declared, inputVisibility,
                    outputVisibility);
            trials.add(trial(g, o, samples));
        }
        List<Trial> feasible = trials.stream().filter(t -> t.refusal() == null).toList();
        if (feasible.isEmpty()) {
            throw new CompileException("no scale from " + from + " to " + to + " is feasible: " + trials.getLast().refusal());
        }
        String reference = null;
        List<List<double[]>> ref = null;
        if (samples.hasOutputs()) {
            reference = "the samples' float outputs";
            ref = samples.outputs();
        } else if (tolerance != null) {
            reference = "the outputs at scale " + feasible.getLast().inputScale() + "/" + feasible.getLast().paramScale() + ", the finest feasible";
            ref = feasible.getLast().outputs();
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Trial t : trials) {
            candidates.add(new Candidate(t.inputScale(), t.paramScale(), t.refusal(), t.refusal() == null && ref != null ? worst(errors(t, ref)) : Double.NaN));
        }
        List<Candidate> ok = candidates.stream().filter(Candidate::feasible).toList();
        Candidate chosen = null;
        String rule;
        if (tolerance != null) {
            double tol = tolerance;
            chosen = ok.stream().filter(c -> c.maxAbsError() <= tol).findFirst().orElse(null);
        }
        if (chosen != null) {
            rule = "the smallest scale whose worst error is within the tolerance " + tolerance;
        } else {
            String none = tolerance == null ? "" : "no scale is within the tolerance " + tolerance + "; ";
            if (samples.hasOutputs()) {
                double best = ok.stream().mapToDouble(Candidate::maxAbsError).min().orElseThrow();
                double slack = Math.max(best * 0.01, 0x1p-20);
                chosen = ok.stream().filter(c -> c.maxAbsError() <= best + slack).findFirst().orElseThrow();
                rule = none + "the lowest worst error, then the smallest scale within 1% of it";
            } else {
                chosen = ok.getLast();
                rule = none + "the largest feasible scale; the samples carry no float outputs";
            }
        }
        CompileOptions opts = new CompileOptions(chosen.inputScale(), chosen.paramScale(), declared, inputVisibility, outputVisibility);
        Trial t = trials.get(candidates.indexOf(chosen));
        return new Result(opts, propose, samples.size(), reference, tolerance, rule, candidates, ref == null ? new double[0] : errors(t, ref));
    }

    static List<InputRange> proposeRanges(Samples samples) {
        List<InputRange> r = new ArrayList<>();
        int n = samples.inputs().getFirst().size();
        for (int k = 0; k < n; k++) {
            final int kk = k;
            double[] all = samples.inputs().stream().flatMapToDouble(s -> java.util.Arrays.stream(s.get(kk))).toArray();
            r.add(InputRange.covering(all));
        }
        return r;
    }

    /** Quantizes the model at the options' scales and evaluates every sample; a refusal of either is recorded. */
    private static Trial trial(Graph g, CompileOptions o, Samples samples) {
        try {
            QProgram p = Quantizer.quantize(g, o);
            List<List<double[]>> outputs = new ArrayList<>();
            for (List<double[]> s : samples.inputs()) {
                long[][] v = p.evaluate(WitnessGenerator.quantize(p, s));
                List<double[]> outs = new ArrayList<>();
                for (QProgram.Output out : p.outputs()) {
                    outs.add(java.util.Arrays.stream(v[out.value().id()]).mapToDouble(q -> Math.scalb((double) q, -out.value().scale())).toArray());
                }
                outputs.add(outs);
            }
            return new Trial(o.inputScale(), o.paramScale(), null, outputs);
        } catch (CompileException e) {
            return new Trial(o.inputScale(), o.paramScale(), e.getMessage(), null);
        }
    }

    /** Per graph output, the largest |dequantized − reference| over the samples. */
    private static double[] errors(Trial t, List<List<double[]>> reference) {
        int nOut = t.outputs().getFirst().size();
        double[] err = new double[nOut];
        for (int i = 0; i < t.outputs().size(); i++) {
            List<double[]> ref = reference.get(i);
            if (ref.size() != nOut) {
                throw new IllegalArgumentException("sample " + i + " gives " + ref.size() + " outputs; the model has " + nOut);
            }
            for (int k = 0; k < nOut; k++) {
                double[] q = t.outputs().get(i).get(k);
                double[] f = ref.get(k);
                if (f.length != q.length) {
                    throw new IllegalArgumentException("sample " + i + " gives " + f.length + " values for output " + k + ", which has " + q.length);
                }
                for (int e = 0; e < q.length; e++) {
                    err[k] = Math.max(err[k], Math.abs(q[e] - f[e]));
                }
            }
        }
        return err;
    }

    private static double worst(double[] errors) {
        double w = 0;
        for (double e : errors) {
            w = Math.max(w, e);
        }
        return w;
    }
}
