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
 * the field, every bound within the compiler's limits) and every sample fits. Among the feasible ones:
 * <ul>
 * <li>when the samples carry the float model's outputs (input.json's {@code output_data}, or output columns in
 * Arrow), each scale's error is the largest |quantized − float| over every sample and output element; the
 * lowest error wins, and among scales whose error is within 1% (or 2^−20) of it, the smallest scale (the
 * cheapest circuit: range checks grow with the scale);</li>
 * <li>without them, the largest feasible scale wins (the finest resolution the model allows).</li>
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
     * @param maxAbsError the largest |quantized − float| on the samples; NaN when the samples carry no outputs or
     *     the scale is refused
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
     * @param measured whether the samples carried float outputs, so that errors are measured
     * @param candidates every scale tried, in increasing order (only the given one when both scales were given)
     * @param outputErrors at the chosen scales, the largest |quantized − float| per graph output (empty when not measured)
     */
    public record Result(CompileOptions options, boolean proposedRanges, int samples, boolean measured, List<Candidate> candidates, double[] outputErrors) {

        /** report.json's {@code calibration} object. */
        public ObjectNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("samples", samples);
            n.put("rangesFromSamples", proposedRanges);
            ArrayNode r = n.putArray("ranges");
            options.inputRanges().forEach(x -> r.addArray().add(x.lo()).add(x.hi()));
            n.put("inputScale", options.inputScale());
            n.put("paramScale", options.paramScale());
            n.put("rule", measured ? "lowest worst-case error against the samples' float outputs; the smallest scale within 1% of it"
                    : "the largest feasible scale (the samples carry no float outputs)");
            ArrayNode c = n.putArray("candidates");
            for (Candidate x : candidates) {
                ObjectNode o = c.addObject().put("inputScale", x.inputScale()).put("paramScale", x.paramScale());
                if (x.feasible()) {
                    if (measured) {
                        o.put("maxAbsError", x.maxAbsError());
                    }
                } else {
                    o.put("refused", x.refusal());
                }
            }
            if (measured) {
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
            sb.append(String.format(Locale.ROOT, "calibration: %d samples; input ranges %s%s%n", samples, options.inputRanges(),
                    proposedRanges ? " (from the samples)" : ""));
            for (Candidate x : candidates) {
                sb.append(String.format(Locale.ROOT, "  scales %2d/%-2d %s%n", x.inputScale(), x.paramScale(), !x.feasible() ? "refused: " + x.refusal()
                        : measured ? String.format(Locale.ROOT, "worst |error| %.4g", x.maxAbsError()) : "feasible"));
            }
            sb.append(String.format(Locale.ROOT, "  chosen: input scale %d, param scale %d (%s)%n", options.inputScale(), options.paramScale(),
                    measured ? "lowest error, then the smallest scale within 1% of it" : "largest feasible; the samples carry no float outputs to measure the error"));
            return sb.toString();
        }
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
     * @throws CompileException if no scale is feasible
     */
    public static Result calibrate(byte[] model, Samples samples, List<InputRange> ranges, Integer inputScale, Integer paramScale,
            List<Visibility> inputVisibility, List<Visibility> outputVisibility, int cap) {
        if (cap < MIN_SCALE || cap > 30) {
            throw new IllegalArgumentException("the scale cap must lie in " + MIN_SCALE + "..30, is " + cap);
        }
        boolean propose = ranges.isEmpty();
        List<InputRange> declared = propose ? proposeRanges(samples) : ranges;
        Graph g = Passes.all(OnnxReader.read(model));
        List<Candidate> tried = new ArrayList<>();
        boolean fixed = inputScale != null && paramScale != null;
        int from = fixed ? 0 : MIN_SCALE;
        int to = fixed ? 0 : cap;
        for (int s = from; s <= to; s++) {
            int in = inputScale != null ? inputScale : s;
            int pa = paramScale != null ? paramScale : s;
            CompileOptions o = new CompileOptions(in, pa, declared, inputVisibility, outputVisibility);
            tried.add(tryScales(g, o, samples));
        }
        boolean measured = samples.hasOutputs();
        Candidate chosen = choose(tried, measured);
        if (chosen == null) {
            throw new CompileException("no scale from " + from + " to " + to + " is feasible: " + tried.getLast().refusal());
        }
        CompileOptions opts = new CompileOptions(chosen.inputScale(), chosen.paramScale(), declared, inputVisibility, outputVisibility);
        double[] perOutput = measured ? outputErrors(Quantizer.quantize(g, opts), samples) : new double[0];
        return new Result(opts, propose, samples.size(), measured, tried, perOutput);
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

    private static Candidate choose(List<Candidate> tried, boolean measured) {
        List<Candidate> ok = tried.stream().filter(Candidate::feasible).toList();
        if (ok.isEmpty()) {
            return null;
        }
        if (!measured) {
            return ok.getLast();
        }
        double best = ok.stream().mapToDouble(Candidate::maxAbsError).min().orElseThrow();
        double slack = Math.max(best * 0.01, 0x1p-20);
        return ok.stream().filter(c -> c.maxAbsError() <= best + slack).findFirst().orElseThrow();
    }

    private static Candidate tryScales(Graph g, CompileOptions o, Samples samples) {
        QProgram p;
        try {
            p = Quantizer.quantize(g, o);
        } catch (CompileException e) {
            return new Candidate(o.inputScale(), o.paramScale(), e.getMessage(), Double.NaN);
        }
        try {
            double worst = Double.NaN;
            if (samples.hasOutputs()) {
                worst = 0;
                for (double e : outputErrors(p, samples)) {
                    worst = Math.max(worst, e);
                }
            } else {
                for (List<double[]> s : samples.inputs()) {
                    p.evaluate(WitnessGenerator.quantize(p, s));
                }
            }
            return new Candidate(o.inputScale(), o.paramScale(), null, worst);
        } catch (CompileException e) {
            return new Candidate(o.inputScale(), o.paramScale(), e.getMessage(), Double.NaN);
        }
    }

    /** Per graph output, the largest |dequantized − float| over the samples. */
    private static double[] outputErrors(QProgram p, Samples samples) {
        double[] err = new double[p.outputs().size()];
        for (int i = 0; i < samples.size(); i++) {
            long[][] v = p.evaluate(WitnessGenerator.quantize(p, samples.inputs().get(i)));
            List<double[]> ref = samples.outputs().get(i);
            for (int k = 0; k < err.length; k++) {
                QProgram.Output out = p.outputs().get(k);
                long[] q = v[out.value().id()];
                double[] f = ref.get(k);
                if (f.length != q.length) {
                    throw new IllegalArgumentException("sample " + i + " gives " + f.length + " values for output '" + out.name() + "', which has " + q.length);
                }
                for (int e = 0; e < q.length; e++) {
                    err[k] = Math.max(err[k], Math.abs(Math.scalb((double) q[e], -out.value().scale()) - f[e]));
                }
            }
        }
        return err;
    }
}
