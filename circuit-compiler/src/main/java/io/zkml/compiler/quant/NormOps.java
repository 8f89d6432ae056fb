package io.zkml.compiler.quant;

import io.zkml.compiler.graph.Constant;
import io.zkml.compiler.graph.Node;
import io.zkml.compiler.graph.Shapes;
import java.util.List;
import java.util.Map;

/**
 * InstanceNormalization and LayerNormalization as composite gadgets that keep (x − μ)/σ exact up to two roundings:
 * c = L·x − Σx (= L·(x − μ), no rounding), Q = round(Σc² / L) + L²·ε (= L²(σ² + ε) at scale 2s),
 * D = ⌊√Q⌋ exactly ({@link SquareRoot}, = L·√(σ² + ε) at scale s), y = round(c·2^s / D) ({@link Quotient}),
 * then γ·y + β with constant γ, β at the param scale, rescaled. ReduceL1 (Σ|x|), ReduceSumSquare and ReduceL2
 * (the exact root of Σx²) reuse ReduceSum's axes handling, and LpPool (p = 1, 2) AveragePool's windows.
 */
public final class NormOps {

    private NormOps() {
    }

    static void register(Map<String, Translator> r) {
        r.put("InstanceNormalization", NormOps::instanceNorm);
        r.put("LayerNormalization", NormOps::layerNorm);
        r.put("LpPool", NormOps::lpPool);
        r.put("ReduceL1", (b, node, in) -> {
            QValue x = Ops.var(node, in, 0);
            int[] id = ActivationOps.identity(x.size());
            QValue abs = b.affine(node, List.of(b.relu(node, x), x), new int[][] {id, id}, new long[] {2, -1}, new long[x.size()], x.shape(), x.scale());
            return List.of(new Operand.Var(sumOf(b, node, in, abs)));
        });
        r.put("ReduceSumSquare", (b, node, in) -> {
            QValue x = Ops.var(node, in, 0);
            return List.of(new Operand.Var(b.rescale(node, sumOf(b, node, in, square(b, node, x)), x.scale())));
        });
        r.put("ReduceL2", (b, node, in) -> {
            QValue x = Ops.var(node, in, 0);
            QValue sum = sumOf(b, node, in, square(b, node, x));
            // √(Σx²) at scale s: the exact root of Σx²·4 (scale 2s + 2) at scale s + 1, rounded by one bit
            QValue root = squareRoot(b, node, b.upscale(node, sum, 2), x.scale() + 1, "");
            return List.of(new Operand.Var(b.rescale(node, root, 1)));
        });
    }

    /**
     * LpPool for p = 1 or 2: |x|^p through AveragePool's window handling (count_include_pad = 1, so the average
     * is the window sum over the kernel size K), times K, then for p = 2 the exact root (rounded) of the sum.
     */
    private static List<Operand> lpPool(ProgramBuilder b, Node node, List<Operand> in) {
        QValue x = Ops.var(node, in, 0);
        long p = node.intAttr("p", 2);
        if (p != 1 && p != 2) {
            throw node.error("LpPool with p = " + p + " is not supported (p = 1 or 2)");
        }
        int[] id = ActivationOps.identity(x.size());
        QValue pw = p == 1
                ? b.affine(node, List.of(b.relu(node, x), x), new int[][] {id, id}, new long[] {2, -1}, new long[x.size()], x.shape(), x.scale())
                : square(b, node, x);
        Map<String, io.zkml.compiler.graph.Attribute> attrs = new java.util.HashMap<>(node.attributes());
        attrs.put("count_include_pad", new io.zkml.compiler.graph.Attribute.IntValue(1));
        attrs.remove("p");
        Node avg = new Node(node.index(), node.name(), "AveragePool", node.inputs(), node.outputs(), attrs);
        List<Operand> args = new java.util.ArrayList<>(in);
        args.set(0, new Operand.Var(pw));
        QValue mean = ((Operand.Var) Ops.translator(avg).translate(b, avg, args).getFirst()).v();
        long kernel = 1;
        long[] ks = node.intsAttr("kernel_shape");
        if (ks == null) {
            throw node.error("LpPool needs kernel_shape");
        }
        for (long k : ks) {
            kernel *= k;
        }
        int[] mid = ActivationOps.identity(mean.size());
        QValue sum = b.affine(node, List.of(mean), new int[][] {mid}, new long[] {kernel}, new long[mean.size()], mean.shape(), mean.scale());
        if (p == 1) {
            return List.of(new Operand.Var(sum));
        }
        QValue root = squareRoot(b, node, b.upscale(node, b.relu(node, sum), 2), x.scale() + 1, "");
        return List.of(new Operand.Var(b.rescale(node, root, 1)));
    }

    private static QValue square(ProgramBuilder b, Node node, QValue x) {
        int[] id = ActivationOps.identity(x.size());
        return b.product(node, x, x, id, id, x.shape());
    }

    /** ReduceSum of v with the node's axes and keepdims (attribute or input, whichever the opset uses). */
    private static QValue sumOf(ProgramBuilder b, Node node, List<Operand> in, QValue v) {
        Node sum = new Node(node.index(), node.name(), "ReduceSum", node.inputs(), node.outputs(), node.attributes());
        List<Operand> args = new java.util.ArrayList<>(in);
        args.set(0, new Operand.Var(v));
        Operand out = Ops.translator(sum).translate(b, sum, args).getFirst();
        return ((Operand.Var) out).v();
    }

    private static List<Operand> instanceNorm(ProgramBuilder b, Node node, List<Operand> in) {
        QValue x = Ops.var(node, in, 0);
        int[] shape = x.shape();
        if (shape.length < 3) {
            throw node.error("InstanceNormalization needs an input of rank ≥ 3, got " + Ops.shape(shape));
        }
        int channels = shape[1];
        int len = x.size() / (shape[0] * channels);
        double[] gamma = Ops.constant(node, in, 1).values();
        double[] beta = Ops.constant(node, in, 2).values();
        if (gamma.length != channels || beta.length != channels) {
            throw node.error("scale and B must have " + channels + " elements (one per channel)");
        }
        double[] g = new double[x.size()];
        double[] c = new double[x.size()];
        for (int e = 0; e < g.length; e++) {
            g[e] = gamma[(e / len) % channels];
            c[e] = beta[(e / len) % channels];
        }
        return List.of(new Operand.Var(normalize(b, node, x, len, node.floatAttr("epsilon", 1e-5), g, c)));
    }

    private static List<Operand> layerNorm(ProgramBuilder b, Node node, List<Operand> in) {
        QValue x = Ops.var(node, in, 0);
        int[] shape = x.shape();
        int axis = Ops.axis(node, node.intAttr("axis", -1), shape.length);
        int len = 1;
        for (int i = axis; i < shape.length; i++) {
            len *= shape[i];
        }
        int[] normShape = java.util.Arrays.copyOfRange(shape, axis, shape.length);
        double[] g = broadcastTo(node, Ops.constant(node, in, 1), normShape, x.size(), len);
        double[] c = node.hasInput(2) ? broadcastTo(node, Ops.constant(node, in, 2), normShape, x.size(), len) : new double[x.size()];
        return List.of(new Operand.Var(normalize(b, node, x, len, node.floatAttr("epsilon", 1e-5), g, c)));
    }

    private static double[] broadcastTo(Node node, Constant k, int[] normShape, int n, int len) {
        int[] idx;
        try {
            idx = Shapes.broadcastIndex(k.shape(), normShape);
        } catch (IllegalArgumentException e) {
            throw node.error("scale/bias " + Ops.shape(k.shape()) + " does not broadcast to " + Ops.shape(normShape));
        }
        double[] out = new double[n];
        for (int e = 0; e < n; e++) {
            out[e] = k.values()[idx[e % len]];
        }
        return out;
    }

    /** γ·(x − μ)/√(σ² + ε) + β over consecutive groups of len elements. */
    static QValue normalize(ProgramBuilder b, Node node, QValue x, int len, double eps, double[] gamma, double[] beta) {
        int n = x.size();
        int groups = n / len;
        int s = x.scale();
        int[] shape = x.shape();
        int[] groupOf = new int[n];
        for (int e = 0; e < n; e++) {
            groupOf[e] = e / len;
        }
        // c = L·x − Σ over the group
        Rows rows = new Rows(n);
        for (int e = 0; e < n; e++) {
            int first = groupOf[e] * len;
            for (int j = 0; j < len; j++) {
                rows.term(first + j, first + j == e ? len - 1 : -1);
            }
            rows.endRow(0);
        }
        QValue c = b.linear(node, List.of(x), shape, s, rows.rowStart(), rows.col(), rows.coef(), rows.constant());
        int[] id = ActivationOps.identity(n);
        QValue sq = b.product(node, c, c, id, id, shape);
        Rows sum = new Rows(groups);
        for (int g = 0; g < groups; g++) {
            for (int j = 0; j < len; j++) {
                sum.term(g * len + j, 1);
            }
            sum.endRow(0);
        }
        int[] gShape = {groups};
        QValue total = b.linear(node, List.of(sq), gShape, 2 * s, sum.rowStart(), sum.col(), sum.coef(), sum.constant());
        QValue var = b.divRound(node, total, len);
        long epsq = Math.max(0, Math.round(eps * len * (double) len * Math.scalb(1.0, 2 * s)));
        long[] k = new long[groups];
        java.util.Arrays.fill(k, epsq);
        QValue q = b.affine(node, List.of(var), new int[][] {ActivationOps.identity(groups)}, new long[] {1}, k, gShape, 2 * s);
        QValue d = squareRoot(b, node, q, s, "");
        if (d.min() < 1) {
            long[] minusOne = new long[groups];
            java.util.Arrays.fill(minusOne, -1);
            long[] one = new long[groups];
            java.util.Arrays.fill(one, 1);
            int[] gid = ActivationOps.identity(groups);
            QValue over = b.relu(node, b.affine(node, List.of(d), new int[][] {gid}, new long[] {1}, minusOne, gShape, s));
            d = b.affine(node, List.of(over), new int[][] {gid}, new long[] {1}, one, gShape, s);
        }
        QValue y = DivisionOps.quotient(b, node, b.upscale(node, c, s), b.gather(node, d, groupOf, shape), s, "");
        int sp = b.paramScale();
        Rows aff = new Rows(n);
        for (int e = 0; e < n; e++) {
            aff.term(e, Fixed.quantize(gamma[e], sp, node));
            aff.endRow(Fixed.quantize(beta[e], s + sp, node));
        }
        QValue out = b.linear(node, List.of(y), shape, s + sp, aff.rowStart(), aff.col(), aff.coef(), aff.constant());
        return b.rescale(node, out, sp);
    }

    /** ⌊√v⌋ for v ≥ 0 (proven), tagged with the given scale. */
    public static QValue squareRoot(ProgramBuilder b, Node node, QValue v, int scale, String policy) {
        if (v.min() < 0) {
            throw new IllegalStateException("square root of a value not proven ≥ 0");
        }
        long[] lo = new long[v.size()];
        long[] hi = new long[v.size()];
        for (int i = 0; i < lo.length; i++) {
            lo[i] = SquareRoot.apply(v.lo()[i]);
            hi[i] = SquareRoot.apply(v.hi()[i]);
        }
        QValue out = b.value(v.shape(), scale, lo, hi);
        int rBits = Math.max(1, Bounds.unsignedBits(out.max()));
        int aBits = Math.max(1, Bounds.unsignedBits(2 * out.max()));
        b.ops().add(new SquareRoot(new int[] {v.id()}, out, node.describe(), rBits, aBits, policy));
        return out;
    }
}
