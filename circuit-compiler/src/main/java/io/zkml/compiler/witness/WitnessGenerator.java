package io.zkml.compiler.witness;

import io.zkml.compiler.CompileException;
import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.graph.Shapes;
import io.zkml.compiler.quant.QProgram;
import io.zkml.core.wtns.Witness;
import io.zkml.compiler.lower.Lowering;
import io.zkml.core.field.Fr;
import io.zkml.core.hash.Commitment;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Real inputs in, witness and dequantized outputs out. */
public final class WitnessGenerator {

    /**
     * @param witness the full witness in circom's wire order
     * @param outputs each graph output, dequantized, flat row-major
     * @param quantizedOutputs each graph output as integers
     * @param disclosed per graph output, its public signals as integers: its quantized elements when public, the
     *     predicate's values (an index, bits) or the selected quantized elements otherwise, none when private
     * @param commitments the commitment to each hashed tensor with its salt, in {@link Circuit#hashed()} order
     * @param params the commitment to the committed parameters with its salt, or null when they are fixed
     */
    public record Result(Witness witness, double[][] outputs, long[][] quantizedOutputs, long[][] disclosed, List<Committed> commitments,
            Commitment params) {
    }

    /**
     * The commitment to one hashed graph input or output.
     *
     * @param input whether the tensor is a graph input (else an output)
     * @param tensor its name
     * @param commitment the public value and the salt that opens it (with the tensor's quantized elements)
     */
    public record Committed(boolean input, String tensor, Commitment commitment) {
    }

    /**
     * The salts of the hashed tensors, by tensor name.
     *
     * @param inputs one per hashed input (required)
     * @param outputs per hashed output (optional: a missing one is drawn fresh from the generator's CSPRNG)
     */
    public record Salts(Map<String, Fr> inputs, Map<String, Fr> outputs) {
        public static final Salts NONE = new Salts(Map.of(), Map.of());

        public Salts {
            inputs = Map.copyOf(inputs);
            outputs = Map.copyOf(outputs);
        }
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
        return generate(c, inputs, Salts.NONE, null);
    }

    /**
     * As {@link #generate(Circuit, List)}, with other committed parameters (from
     * {@link io.zkml.compiler.Compiler#paramsOf}: in the declared range) and their commitment's salt 0.
     *
     * @param params one array per parameter tensor of the circuit (none when its parameters are fixed)
     */
    public static Result generate(Circuit c, List<double[]> inputs, long[][] params) {
        return generate(c, inputs, Salts.NONE, null, params, Fr.ZERO);
    }

    /**
     * {@link #generate(Circuit, List)} for a circuit with hashed tensors: also sets their salts and computes their
     * commitments (checked modulo r with the rest of the witness).
     *
     * @param salts  the salt of every hashed input, and of the hashed outputs that should not get a fresh one
     * @param random the source of fresh output salts (a new {@link SecureRandom} if null)
     * @throws CompileException if the inputs do not fit, a hashed input has no salt, or a salt names a tensor
     *     that is not hashed
     */
    public static Result generate(Circuit c, List<double[]> inputs, Salts salts, SecureRandom random) {
        return generate(c, inputs, salts, random, c.program().params() == null ? new long[0][] : c.program().params().ownValues(), Fr.ZERO);
    }

    /**
     * The general form: hashed tensors' salts, and the committed parameters (one array per tensor, none when the
     * parameters are fixed) with the salt of their commitment.
     */
    public static Result generate(Circuit c, List<double[]> inputs, Salts salts, SecureRandom random, long[][] params, Fr paramsSalt) {
        List<Fr> saltList = saltsOf(c, salts, random);
        long[][] q = quantize(c.program(), inputs);
        long[] solved = c.solve(q, params);
        Fr[] values = c.solveField(solved, saltList, paramsSalt);
        int bad = c.firstViolated(solved, values);
        if (bad >= 0) {
            throw new IllegalStateException("internal error: the computed witness violates constraint " + bad);
        }
        Witness w = c.witness(values);
        List<Committed> commitments = new ArrayList<>();
        for (int i = 0; i < c.hashed().size(); i++) {
            Lowering.Hashed h = c.hashed().get(i);
            String name = h.input() ? c.program().inputs().get(h.tensor()).name() : c.program().outputs().get(h.tensor()).name();
            commitments.add(new Committed(h.input(), name, new Commitment(saltList.get(i), values[h.commitmentWire()])));
        }
        List<QProgram.Output> outs = c.program().outputs();
        double[][] real = new double[outs.size()][];
        long[][] ints = new long[outs.size()][];
        long[][] disclosed = new long[outs.size()][];
        for (int k = 0; k < outs.size(); k++) {
            ints[k] = c.output(solved, k);
            disclosed[k] = c.disclosed(solved, k);
            int scale = outs.get(k).value().scale();
            real[k] = Arrays.stream(ints[k]).mapToDouble(x -> Math.scalb((double) x, -scale)).toArray();
        }
        Commitment pc = c.paramsCommitment() == null ? null : new Commitment(paramsSalt, values[c.paramsCommitment().commitmentWire()]);
        return new Result(w, real, ints, disclosed, List.copyOf(commitments), pc);
    }

    /** One salt per hashed tensor, in {@link Circuit#hashed()} order. */
    private static List<Fr> saltsOf(Circuit c, Salts salts, SecureRandom random) {
        Set<String> hashedIn = new HashSet<>();
        Set<String> hashedOut = new HashSet<>();
        List<Fr> out = new ArrayList<>();
        for (Lowering.Hashed h : c.hashed()) {
            if (h.input()) {
                String name = c.program().inputs().get(h.tensor()).name();
                hashedIn.add(name);
                Fr s = salts.inputs().get(name);
                if (s == null) {
                    throw new CompileException("input '" + name + "' is hashed: its salt is needed (the one its commitment was made with,"
                            + " from zkml commit --circuit)");
                }
                out.add(s);
            } else {
                String name = c.program().outputs().get(h.tensor()).name();
                hashedOut.add(name);
                Fr s = salts.outputs().get(name);
                if (s == null) {
                    s = Commitment.randomSalt(random != null ? random : new SecureRandom());
                }
                out.add(s);
            }
        }
        for (String name : salts.inputs().keySet()) {
            if (!hashedIn.contains(name)) {
                throw new CompileException("a salt is given for input '" + name + "', which is not a hashed input of the circuit (hashed: "
                        + new TreeSet<>(hashedIn) + ")");
            }
        }
        for (String name : salts.outputs().keySet()) {
            if (!hashedOut.contains(name)) {
                throw new CompileException("a salt is given for output '" + name + "', which is not a hashed output of the circuit (hashed: "
                        + new TreeSet<>(hashedOut) + ")");
            }
        }
        return out;
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
