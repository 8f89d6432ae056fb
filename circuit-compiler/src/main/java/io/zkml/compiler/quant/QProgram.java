package io.zkml.compiler.quant;

import io.zkml.compiler.CompileOptions.InputRange;
import io.zkml.compiler.Visibility;
import java.util.List;

/**
 * A model in exact integer semantics: graph inputs (range-checked), steps, graph outputs.
 *
 * @param inputs the graph inputs in model order
 * @param values every value, indexed by id
 * @param ops the steps in order; each reads earlier values only
 * @param outputs the graph outputs in model order
 */
public record QProgram(List<Input> inputs, List<QValue> values, List<QOp> ops, List<Output> outputs) {

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

    public QProgram {
        inputs = List.copyOf(inputs);
        values = List.copyOf(values);
        ops = List.copyOf(ops);
        outputs = List.copyOf(outputs);
    }

    /**
     * Every value for quantized inputs (one array per graph input): the reference semantics.
     *
     * @return the values by id
     */
    public long[][] evaluate(long[][] quantizedInputs) {
        long[][] v = new long[values.size()][];
        for (int i = 0; i < inputs.size(); i++) {
            v[inputs.get(i).value().id()] = quantizedInputs[i];
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
