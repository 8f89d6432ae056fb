package io.zkml.compiler.quant;

import io.zkml.compiler.CompileOptions.InputRange;
import io.zkml.compiler.Visibility;
import java.util.List;

/**
 * A model in exact integer semantics: graph inputs (range-checked), committed parameters (range-checked), steps,
 * graph outputs.
 *
 * @param inputs the graph inputs in model order
 * @param values every value, indexed by id
 * @param ops the steps in order; each reads earlier values only
 * @param outputs the graph outputs in model order
 * @param params the committed parameters, or null when the parameters are fixed in the circuit
 */
public record QProgram(List<Input> inputs, List<QValue> values, List<QOp> ops, List<Output> outputs, Params params) {

    /** A program with fixed parameters. */
    public QProgram(List<Input> inputs, List<QValue> values, List<QOp> ops, List<Output> outputs) {
        this(inputs, values, ops, outputs, null);
    }

    /**
     * A graph input: reals in [range.lo, range.hi] become integers round(x·2^scale) in [qlo, qhi]; an integer-typed
     * input (scale 0) takes whole numbers only.
     */
    public record Input(String name, QValue value, InputRange range, long qlo, long qhi, Visibility visibility, boolean integer) {

        /** A float input. */
        public Input(String name, QValue value, InputRange range, long qlo, long qhi, Visibility visibility) {
            this(name, value, range, qlo, qhi, visibility, false);
        }
    }

    /**
     * A graph output.
     *
     * @param value the output itself (a public signal only when visibility is public)
     * @param disclosed what its public signals hold: the value itself when public, the predicate's or the selected
     *     elements' value otherwise; null when nothing is disclosed (private, hashed)
     */
    public record Output(String name, QValue value, Visibility visibility, QValue disclosed) {

        /** An output that discloses itself when public and nothing otherwise. */
        public Output(String name, QValue value, Visibility visibility) {
            this(name, value, visibility, visibility == Visibility.PUBLIC ? value : null);
        }
    }

    /**
     * One committed parameter tensor: the weights or the bias of one linear layer, as integers at its scale
     * (weights at the parameter scale s_p, a bias at s_x + s_p), each range-checked in [qlo, qhi].
     *
     * @param origin the ONNX node
     * @param role "weight" or "bias"
     * @param value the program value that holds it (its bounds: [qlo, qhi] per element)
     * @param qlo the quantized lower end of the declared range at this tensor's scale
     * @param qhi the quantized upper end
     * @param values the compiled model's own quantized parameters, in ONNX layout (row-major)
     */
    public record Param(String origin, String role, QValue value, long qlo, long qhi, long[] values) {
    }

    /**
     * The committed parameters: every tensor in program order, and the declared real range they all lie in.
     *
     * @param range the declared range (the default resolved)
     * @param defaultRange whether the range is the default derived from the compiled model's parameters
     * @param tensors the parameter tensors in the order of their layers; the commitment hashes their elements in
     *     this order
     */
    public record Params(InputRange range, boolean defaultRange, List<Param> tensors) {
        public Params {
            tensors = List.copyOf(tensors);
        }

        /** The number of parameters. */
        public int count() {
            return tensors.stream().mapToInt(t -> t.values().length).sum();
        }

        /** The compiled model's own parameters, one array per tensor. */
        public long[][] ownValues() {
            return tensors.stream().map(Param::values).toArray(long[][]::new);
        }
    }

    public QProgram {
        inputs = List.copyOf(inputs);
        values = List.copyOf(values);
        ops = List.copyOf(ops);
        outputs = List.copyOf(outputs);
    }

    /**
     * Every value for quantized inputs (one array per graph input), with the compiled model's own parameters: the
     * reference semantics.
     *
     * @return the values by id
     */
    public long[][] evaluate(long[][] quantizedInputs) {
        return evaluate(quantizedInputs, params == null ? new long[0][] : params.ownValues());
    }

    /**
     * Every value for quantized inputs and quantized committed parameters (one array per parameter tensor, none
     * when the parameters are fixed).
     *
     * @return the values by id
     */
    public long[][] evaluate(long[][] quantizedInputs, long[][] paramValues) {
        long[][] v = new long[values.size()][];
        for (int i = 0; i < inputs.size(); i++) {
            v[inputs.get(i).value().id()] = quantizedInputs[i];
        }
        List<Param> ps = params == null ? List.of() : params.tensors();
        if (paramValues.length != ps.size()) {
            throw new IllegalArgumentException("the program has " + ps.size() + " parameter tensors, " + paramValues.length + " were given");
        }
        for (int i = 0; i < ps.size(); i++) {
            v[ps.get(i).value().id()] = paramValues[i];
        }
        for (QOp op : ops) {
            long[][] in = new long[op.inputs().length][];
            for (int k = 0; k < in.length; k++) {
                in[k] = v[op.inputs()[k]];
            }
            v[op.output().id()] = op.evaluate(in);
        }
        return v;
    }
}
