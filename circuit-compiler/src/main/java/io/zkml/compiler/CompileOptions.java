package io.zkml.compiler;

import java.util.List;
import java.util.Objects;

/**
 * Everything that decides the circuit besides the model: scales, declared input ranges and visibility.
 *
 * @param inputScale fractional bits of the graph inputs (x is represented by round(x·2^inputScale))
 * @param paramScale fractional bits of weights and other constant factors
 * @param inputRanges the declared real range of each graph input in order, or one range for all of them
 * @param inputVisibility per graph input, or one for all
 * @param outputVisibility per graph output, or one for all: besides public, private and hashed, an output may
 *     disclose only a predicate of itself or some of its elements (see {@link Visibility})
 * @param paramVisibility whether the linear layers' parameters are fixed in the circuit or committed witness
 * @param paramRange with committed parameters, the declared real range of every parameter (weights and biases),
 *     range-checked in the circuit; null for the default: [−W, W − 2^−paramScale] with W the smallest power of two
 *     (at least 2^−paramScale) that holds every parameter of the compiled model. Ignored for fixed parameters.
 */
public record CompileOptions(int inputScale, int paramScale, List<InputRange> inputRanges, List<Visibility> inputVisibility,
        List<Visibility> outputVisibility, ParamVisibility paramVisibility, InputRange paramRange) {

    /** Fixed parameters. */
    public CompileOptions(int inputScale, int paramScale, List<InputRange> inputRanges, List<Visibility> inputVisibility,
            List<Visibility> outputVisibility) {
        this(inputScale, paramScale, inputRanges, inputVisibility, outputVisibility, ParamVisibility.FIXED, null);
    }

    /** The default scales: 2^−8 resolution for inputs and weights. */
    public static final int DEFAULT_SCALE = 8;

    /** A declared real range of an input's elements, lo ≤ x ≤ hi. */
    public record InputRange(double lo, double hi) {
        public InputRange {
            if (!(lo <= hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
                throw new IllegalArgumentException("an input range needs finite LO ≤ HI, got " + lo + ":" + hi);
            }
        }

        /**
         * The range that calibration samples propose: their smallest and largest value, widened by a quarter of
         * that width (at least 2^−8) on each side. Declared like any other range: inputs outside it do not prove.
         */
        public static InputRange covering(double[] samples) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double x : samples) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
            if (samples.length == 0) {
                throw new IllegalArgumentException("calibration needs at least one value per input");
            }
            double margin = Math.max((hi - lo) / 4, 1.0 / 256);
            return new InputRange(lo - margin, hi + margin);
        }

        /** Parses "LO:HI". */
        public static InputRange parse(String s) {
            int colon = s.indexOf(':', 1);
            if (colon < 0) {
                throw new IllegalArgumentException("an input range is LO:HI (for example -1:1), got '" + s + "'");
            }
            try {
                return new InputRange(Double.parseDouble(s.substring(0, colon)), Double.parseDouble(s.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("an input range is LO:HI with two numbers, got '" + s + "'", e);
            }
        }

        @Override
        public String toString() {
            return lo + ":" + hi;
        }
    }

    public CompileOptions {
        if (inputScale < 0 || inputScale > 30) {
            throw new IllegalArgumentException("input scale must lie in 0..30, is " + inputScale);
        }
        if (paramScale < 0 || paramScale > 30) {
            throw new IllegalArgumentException("param scale must lie in 0..30, is " + paramScale);
        }
        inputRanges = List.copyOf(inputRanges);
        inputVisibility = List.copyOf(inputVisibility);
        outputVisibility = List.copyOf(outputVisibility);
        if (inputRanges.isEmpty()) {
            throw new IllegalArgumentException("declare the range of the inputs (--input-range LO:HI): the circuit range-checks every input");
        }
        if (inputVisibility.isEmpty() || outputVisibility.isEmpty()) {
            throw new IllegalArgumentException("visibility lists must not be empty");
        }
        Objects.requireNonNull(paramVisibility, "paramVisibility");
        if (paramVisibility == ParamVisibility.FIXED) {
            paramRange = null;
        }
        for (Visibility v : inputVisibility) {
            if (!v.appliesToInputs()) {
                throw new IllegalArgumentException("--input-visibility " + v + ": an input is public, private or hashed;"
                        + " predicates and element selections disclose outputs (--output-visibility)");
            }
        }
    }

    /** Default scales and visibility (private inputs, public outputs), one range for every input. */
    public static CompileOptions withRange(double lo, double hi) {
        return new CompileOptions(DEFAULT_SCALE, DEFAULT_SCALE, List.of(new InputRange(lo, hi)), List.of(Visibility.PRIVATE), List.of(Visibility.PUBLIC));
    }

    public CompileOptions withScales(int in, int param) {
        return new CompileOptions(in, param, inputRanges, inputVisibility, outputVisibility, paramVisibility, paramRange);
    }

    public CompileOptions withVisibility(List<Visibility> in, List<Visibility> out) {
        return new CompileOptions(inputScale, paramScale, inputRanges, in, out, paramVisibility, paramRange);
    }

    /** These options with the given parameter visibility and declared parameter range (null: the default). */
    public CompileOptions withParams(ParamVisibility visibility, InputRange range) {
        return new CompileOptions(inputScale, paramScale, inputRanges, inputVisibility, outputVisibility, visibility, range);
    }

    /** The range of input i of n. */
    public InputRange rangeOf(int i, int n) {
        return pick(inputRanges, i, n, "--input-range");
    }

    public Visibility inputVisibilityOf(int i, int n) {
        return pick(inputVisibility, i, n, "--input-visibility");
    }

    public Visibility outputVisibilityOf(int i, int n) {
        return pick(outputVisibility, i, n, "--output-visibility");
    }

    private static <T> T pick(List<T> list, int i, int n, String option) {
        if (list.size() == 1) {
            return list.getFirst();
        }
        if (list.size() != n) {
            throw new CompileException(option + " is given " + list.size() + " times for " + n + " tensors: give it once (for all) or once per tensor");
        }
        return Objects.requireNonNull(list.get(i));
    }
}
