package io.zkml.compiler.witness;

import io.zkml.compiler.CompileException;
import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.graph.Shapes;
import io.zkml.compiler.quant.QProgram;
import io.zkml.core.wtns.Witness;
import java.util.Arrays;
import java.util.List;

/** Real inputs in, witness and dequantized outputs out. */
public final class WitnessGenerator {

    /**
     * @param witness the full witness in circom's wire order
     * @param outputs each graph output, dequantized, flat row-major
     * @param quantizedOutputs each graph output as integers
     */
    public record Result(Witness witness, double[][] outputs, long[][] quantizedOutputs) {
    }

    private WitnessGenerator() {
    }

    /**
     * Quantizes the inputs (round(x·2^scale)), checks them against their declared ranges, solves every wire and
     * checks the witness against every constraint over the integers (which implies modulo r).
     *
     * @param inputs one flat row-major array per graph input
     * @throws CompileException if the inputs do not fit the circuit (count, size, range)
     */
    public static Result generate(Circuit c, List<double[]> inputs) {
        long[][] q = quantize(c.program(), inputs);
        long[] solved = c.solve(q);
        int bad = c.firstViolated(solved);
        if (bad >= 0) {
            throw new IllegalStateException("internal error: the computed witness violates constraint " + bad + " (over the integers)");
        }
        Witness w = c.witness(solved);
        List<QProgram.Output> outs = c.program().outputs();
        double[][] real = new double[outs.size()][];
        long[][] ints = new long[outs.size()][];
        for (int k = 0; k < outs.size(); k++) {
            ints[k] = c.output(solved, k);
            int scale = outs.get(k).value().scale();
            real[k] = Arrays.stream(ints[k]).mapToDouble(x -> Math.scalb((double) x, -scale)).toArray();
        }
        return new Result(w, real, ints);
    }

    /** The quantized inputs, checked for count, size and range. */
    public static long[][] quantize(QProgram p, List<double[]> inputs) {
        if (inputs.size() != p.inputs().size()) {
            throw new CompileException("the model has " + p.inputs().size() + " inputs, " + inputs.size() + " were given");
        }
        long[][] q = new long[inputs.size()][];
        for (int k = 0; k < q.length; k++) {
            QProgram.Input in = p.inputs().get(k);
            double[] x = inputs.get(k);
            int n = Shapes.size(in.value().shape());
            if (x.length != n) {
                throw new CompileException("input " + k + " '" + in.name() + "' of shape " + Arrays.toString(in.value().shape()) + " needs "
                        + n + " values, " + x.length + " were given");
            }
            q[k] = new long[n];
            int scale = in.value().scale();
            for (int i = 0; i < n; i++) {
                double v = Math.rint(Math.scalb(x[i], scale));
                if (in.integer() && v != x[i]) {
                    throw new CompileException("input " + k + " '" + in.name() + "' is of an integer type; element " + i + " = " + x[i] + " is not a whole number");
                }
                if (!(v >= in.qlo() && v <= in.qhi())) {
                    throw new CompileException("input " + k + " '" + in.name() + "' element " + i + " = " + x[i] + " is outside the declared range "
                            + in.range() + " (the circuit range-checks every input)");
                }
                q[k][i] = (long) v;
            }
        }
        return q;
    }
}
