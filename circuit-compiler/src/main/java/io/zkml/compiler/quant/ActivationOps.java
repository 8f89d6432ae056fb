package io.zkml.compiler.quant;

import io.zkml.compiler.graph.Constant;
import io.zkml.compiler.graph.Node;
import io.zkml.compiler.graph.Shapes;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Piecewise-linear activations, all built from ReLU and linear steps: LeakyRelu and PRelu
 * (2^s_p·relu(x) + α(x − relu(x)), rescaled by s_p), Clip (lo + relu(x − lo) − relu(x − hi)), Abs
 * (2·relu(x) − x), Max and Min (y + relu(x − y), x − relu(x − y)), and BatchNormalization (a per-channel
 * affine map with constant factors).
 */
final class ActivationOps {

    private ActivationOps() {
    }

    static void register(Map<String, Translator> r) {
        r.put("Relu", (b, node, in) -> List.of(new Operand.Var(b.relu(node, Ops.var(node, in, 0)))));
        r.put("LeakyRelu", (b, node, in) -> {
            QValue x = Ops.var(node, in, 0);
            return List.of(new Operand.Var(leaky(b, node, x, new Constant(new int[0], new double[] {node.floatAttr("alpha", 0.01)}))));
        });
        r.put("PRelu", (b, node, in) -> List.of(new Operand.Var(leaky(b, node, Ops.var(node, in, 0), Ops.constant(node, in, 1)))));
        r.put("Clip", ActivationOps::clip);
        r.put("Abs", (b, node, in) -> {
            QValue x = Ops.var(node, in, 0);
            QValue rl = b.relu(node, x);
            int[] id = identity(x.size());
            return List.of(new Operand.Var(b.affine(node, List.of(rl, x), new int[][] {id, id}, new long[] {2, -1}, new long[x.size()], x.shape(), x.scale())));
        });
        r.put("Max", (b, node, in) -> fold(b, node, in, true));
        r.put("Min", (b, node, in) -> fold(b, node, in, false));
        r.put("BatchNormalization", ActivationOps::batchNorm);
    }

    static int[] identity(int n) {
        int[] id = new int[n];
        Arrays.setAll(id, i -> i);
        return id;
    }

    /** x for x ≥ 0, slope·x below (slope broadcast to x). */
    private static QValue leaky(ProgramBuilder b, Node node, QValue x, Constant slope) {
        int[] shape = x.shape();
        int[] is;
        try {
            is = Shapes.broadcastIndex(slope.shape(), shape);
        } catch (IllegalArgumentException e) {
            throw node.error("slope " + Ops.shape(slope.shape()) + " does not broadcast to " + Ops.shape(shape));
        }
        if (Shapes.size(Shapes.broadcast(slope.shape(), shape)) != x.size()) {
            throw node.error("slope " + Ops.shape(slope.shape()) + " would enlarge the input " + Ops.shape(shape));
        }
        QValue rl = b.relu(node, x);
        int sp = b.paramScale();
        Rows rows = new Rows(x.size());
        for (int e = 0; e < x.size(); e++) {
            long a = Fixed.quantize(slope.values()[is[e]], sp, node);
            rows.term(e, (1L << sp) - a);
            rows.term(x.size() + e, a);
            rows.endRow(0);
        }
        QValue y = b.linear(node, List.of(rl, x), shape, x.scale() + sp, rows.rowStart(), rows.col(), rows.coef(), rows.constant());
        return b.rescale(node, y, sp);
    }

    private static List<Operand> clip(ProgramBuilder b, Node node, List<Operand> in) {
        QValue x = Ops.var(node, in, 0);
        double lo;
        double hi;
        if (node.hasInput(1) || node.hasInput(2)) {
            lo = node.hasInput(1) ? scalar(node, Ops.constant(node, in, 1)) : Double.NEGATIVE_INFINITY;
            hi = node.hasInput(2) ? scalar(node, Ops.constant(node, in, 2)) : Double.POSITIVE_INFINITY;
        } else {
            lo = node.floatAttr("min", Double.NEGATIVE_INFINITY);
            hi = node.floatAttr("max", Double.POSITIVE_INFINITY);
        }
        int[] id = identity(x.size());
        QValue y = x;
        if (lo != Double.NEGATIVE_INFINITY && lo > -Math.scalb(1.0, 59 - x.scale())) {
            long ql = Fixed.quantize(lo, x.scale(), node);
            long[] c = new long[x.size()];
            Arrays.fill(c, -ql);
            QValue r = b.relu(node, b.affine(node, List.of(y), new int[][] {id}, new long[] {1}, c, x.shape(), x.scale()));
            Arrays.fill(c, ql);
            y = b.affine(node, List.of(r), new int[][] {id}, new long[] {1}, c, x.shape(), x.scale());
        }
        if (hi != Double.POSITIVE_INFINITY && hi < Math.scalb(1.0, 59 - x.scale())) {
            long qh = Fixed.quantize(hi, x.scale(), node);
            long[] c = new long[x.size()];
            Arrays.fill(c, qh);
            // min(y, hi) = hi − relu(hi − y)
            QValue r = b.relu(node, b.affine(node, List.of(y), new int[][] {id}, new long[] {-1}, c, x.shape(), x.scale()));
            y = b.affine(node, List.of(r), new int[][] {id}, new long[] {-1}, c, x.shape(), x.scale());
        }
        return List.of(new Operand.Var(y));
    }

    private static double scalar(Node node, Constant c) {
        if (c.values().length != 1) {
            throw node.error("expected a scalar, got shape " + Ops.shape(c.shape()));
        }
        return c.values()[0];
    }

    /** Element-wise Max or Min of any number of computed tensors (constants quantized at the common scale). */
    private static List<Operand> fold(ProgramBuilder b, Node node, List<Operand> in, boolean isMax) {
        if (in.isEmpty()) {
            throw node.error("needs at least one input");
        }
        int scale = 0;
        int[] shape = new int[0];
        for (int i = 0; i < in.size(); i++) {
            Operand o = Ops.required(node, in, i);
            if (o instanceof Operand.Var(QValue v)) {
                scale = Math.max(scale, v.scale());
            }
            try {
                shape = Shapes.broadcast(shape, o.shape());
            } catch (IllegalArgumentException e) {
                throw node.error(e.getMessage());
            }
        }
        QValue acc = null;
        int[] accIndex = null;
        for (int i = 0; i < in.size(); i++) {
            QValue v = toVar(b, node, in.get(i), scale, isMax);
            int[] iv = Shapes.broadcastIndex(v.shape(), shape);
            if (acc == null) {
                acc = v;
                accIndex = iv;
                continue;
            }
            acc = isMax ? b.max(node, acc, accIndex, v, iv, shape) : negate(b, node, b.max(node, negate(b, node, acc), accIndex, negate(b, node, v), iv, shape));
            accIndex = identity(acc.size());
        }
        if (accIndex.length != acc.size() || !Arrays.equals(accIndex, identity(acc.size()))) {
            acc = b.gather(node, acc, accIndex, shape);
        }
        return List.of(new Operand.Var(acc));
    }

    private static QValue toVar(ProgramBuilder b, Node node, Operand o, int scale, boolean isMax) {
        return switch (o) {
            case Operand.Var(QValue v) -> b.upscale(node, v, scale - v.scale());
            case Operand.Const(Constant c) -> {
                long[] q = new long[c.values().length];
                for (int i = 0; i < q.length; i++) {
                    q[i] = Fixed.quantize(c.values()[i], scale, node);
                }
                yield constantValue(b, node, c.shape(), scale, q);
            }
        };
    }

    private static QValue constantValue(ProgramBuilder b, Node node, int[] shape, int scale, long[] q) {
        // a constant operand becomes a Linear step with no terms: out = constant
        int[] none = new int[0];
        int[] rowStart = new int[q.length + 1];
        return b.linear(node, List.of(), shape, scale, rowStart, none, new long[0], q);
    }

    private static QValue negate(ProgramBuilder b, Node node, QValue x) {
        return b.affine(node, List.of(x), new int[][] {identity(x.size())}, new long[] {-1}, new long[x.size()], x.shape(), x.scale());
    }

    /** y = γ(x − μ)/√(σ² + ε) + β per channel (axis 1): a·x + c with a quantized at s_p, then rescaled. */
    private static List<Operand> batchNorm(ProgramBuilder b, Node node, List<Operand> in) {
        QValue x = Ops.var(node, in, 0);
        double[] gamma = Ops.constant(node, in, 1).values();
        double[] beta = Ops.constant(node, in, 2).values();
        double[] mean = Ops.constant(node, in, 3).values();
        double[] var = Ops.constant(node, in, 4).values();
        double eps = node.floatAttr("epsilon", 1e-5);
        if (x.shape().length < 2) {
            throw node.error("BatchNormalization needs an input of rank ≥ 2, got " + Ops.shape(x.shape()));
        }
        int c = x.shape()[1];
        if (gamma.length != c || beta.length != c || mean.length != c || var.length != c) {
            throw node.error("scale, bias, mean and var must have " + c + " elements (one per channel)");
        }
        int inner = x.size() / (x.shape()[0] * c);
        int sp = b.paramScale();
        Rows rows = new Rows(x.size());
        for (int e = 0; e < x.size(); e++) {
            int ch = (e / inner) % c;
            double a = gamma[ch] / Math.sqrt(var[ch] + eps);
            rows.term(e, Fixed.quantize(a, sp, node));
            rows.endRow(Fixed.quantize(beta[ch] - a * mean[ch], x.scale() + sp, node));
        }
        QValue y = b.linear(node, List.of(x), x.shape(), x.scale() + sp, rows.rowStart(), rows.col(), rows.coef(), rows.constant());
        return List.of(new Operand.Var(b.rescale(node, y, sp)));
    }
}
