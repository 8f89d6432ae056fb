package io.zkml.compiler.quant;

import io.zkml.compiler.CompileException;
import io.zkml.compiler.CompileOptions;
import io.zkml.compiler.CompileOptions.InputRange;
import io.zkml.compiler.ParamVisibility;
import io.zkml.compiler.Visibility;
import io.zkml.compiler.graph.Graph;
import io.zkml.compiler.graph.Node;
import io.zkml.compiler.graph.Shapes;
import io.zkml.compiler.graph.ValueInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a graph into a {@link QProgram}: inputs at the input scale with their declared ranges, each node through
 * its op's translator (shapes inferred, bounds proven, constants folded), outputs named.
 */
public final class Quantizer {

    private Quantizer() {
    }

    /**
     * The program for a graph under the given options. With committed parameters and no declared range, the
     * graph is first quantized with fixed parameters to find the default range ({@link CompileOptions#paramRange()}).
     */
    public static QProgram quantize(Graph g, CompileOptions opts) {
        if (opts.paramVisibility() == ParamVisibility.FIXED) {
            return quantize(g, opts, new ProgramBuilder(opts.paramScale()), null);
        }
        InputRange range = opts.paramRange();
        boolean dflt = range == null;
        if (dflt) {
            ProgramBuilder probe = new ProgramBuilder(opts.paramScale());
            quantize(g, opts, probe, null);
            range = defaultRange(probe.seenParams(), probe.seenScales(), opts.paramScale());
        }
        ProgramBuilder b = new ProgramBuilder(opts.paramScale(), ParamVisibility.COMMITTED, range);
        QProgram p = quantize(g, opts, b, new QProgram.Params(range, dflt, List.of()));
        if (p.params().tensors().isEmpty()) {
            throw new CompileException("--param-visibility committed: the model has no Gemm, Conv, ConvTranspose or MatMul with constant parameters to commit to");
        }
        return p;
    }

    /**
     * [−W, W − 2^−paramScale] for the smallest power of two W ≥ 2^−paramScale whose range holds every quantized
     * parameter at its scale (so the weights' range check is a single (k + 1)-bit decomposition).
     */
    static InputRange defaultRange(List<long[]> params, List<Integer> scales, int paramScale) {
        for (int e = -paramScale; e < 62 - paramScale; e++) {
            double lo = -Math.scalb(1.0, e);
            double hi = Math.scalb(1.0, e) - Math.scalb(1.0, -paramScale);
            boolean fits = true;
            for (int t = 0; t < params.size() && fits; t++) {
                int s = scales.get(t);
                long qlo = (long) Math.rint(Math.scalb(lo, s));
                long qhi = (long) Math.rint(Math.scalb(hi, s));
                for (long q : params.get(t)) {
                    if (q < qlo || q > qhi) {
                        fits = false;
                        break;
                    }
                }
            }
            if (fits) {
                return new InputRange(lo, hi);
            }
        }
        throw new CompileException("the model's parameters are too large for a default --param-range");
    }

    private static QProgram quantize(Graph g, CompileOptions opts, ProgramBuilder b, QProgram.Params params) {
        b.setOpset(g.opset());
        Map<String, Operand> env = new HashMap<>();
        g.constants().forEach((name, c) -> env.put(name, new Operand.Const(c)));
        List<QProgram.Input> inputs = new ArrayList<>();
        int nIn = g.inputs().size();
        for (int i = 0; i < nIn; i++) {
            ValueInfo vi = g.inputs().get(i);
            InputRange r = opts.rangeOf(i, nIn);
            // an integer-typed input is taken at scale 0, its range narrowed to the whole numbers inside it
            int s = vi.integer() ? 0 : opts.inputScale();
            long qlo = (long) (vi.integer() ? Math.ceil(r.lo()) : Math.rint(Math.scalb(r.lo(), s)));
            long qhi = (long) (vi.integer() ? Math.floor(r.hi()) : Math.rint(Math.scalb(r.hi(), s)));
            if (qlo > qhi) {
                throw new CompileException("input '" + vi.name() + "' is of an integer type and its range " + r + " holds no whole number");
            }
            Bounds.check(qlo, "input '" + vi.name() + "'");
            Bounds.check(qhi, "input '" + vi.name() + "'");
            int n = Shapes.size(vi.shape());
            long[] lo = new long[n];
            long[] hi = new long[n];
            Arrays.fill(lo, qlo);
            Arrays.fill(hi, qhi);
            QValue v = b.value(vi.shape(), s, lo, hi);
            inputs.add(new QProgram.Input(vi.name(), v, r, qlo, qhi, opts.inputVisibilityOf(i, nIn), vi.integer()));
            env.put(vi.name(), new Operand.Var(v));
        }
        for (Node node : g.nodes()) {
            Translator t = Ops.translator(node);
            List<Operand> in = new ArrayList<>();
            for (String name : node.inputs()) {
                in.add(name.isEmpty() ? null : env.get(name));
            }
            List<Operand> out;
            try {
                out = t.translate(b, node, in);
            } catch (CompileException e) {
                throw e;
            } catch (RuntimeException e) {
                throw node.error(e.toString());
            }
            for (int k = 0; k < out.size() && k < node.outputs().size(); k++) {
                env.put(node.outputs().get(k), out.get(k));
            }
        }
        List<QProgram.Output> outputs = new ArrayList<>();
        int nOut = g.outputs().size();
        for (int i = 0; i < nOut; i++) {
            String name = g.outputs().get(i).name();
            Operand o = env.get(name);
            if (o == null) {
                throw new CompileException("graph output '" + name + "' is computed by no node");
            }
            if (!(o instanceof Operand.Var(QValue v))) {
                throw new CompileException("graph output '" + name + "' is a constant; the circuit would prove nothing about it");
            }
            Visibility vis = opts.outputVisibilityOf(i, nOut);
            Node origin = new Node(g.nodes().size() + i, "output " + name, vis.toString(), List.of(name), List.of(), Map.of());
            outputs.add(new QProgram.Output(name, v, vis, Disclosures.disclose(b, origin, v, vis)));
        }
        QProgram.Params ps = params == null ? null : new QProgram.Params(params.range(), params.defaultRange(), b.params());
        return new QProgram(inputs, b.values(), b.ops(), outputs, ps);
    }
}
