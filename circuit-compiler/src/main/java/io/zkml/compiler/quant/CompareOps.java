package io.zkml.compiler.quant;

import io.zkml.compiler.graph.Constant;
import io.zkml.compiler.graph.Node;
import io.zkml.compiler.graph.Shapes;
import java.util.List;
import java.util.Map;

/**
 * Comparisons, boolean ops and Where on computed tensors. Booleans are integers 0/1 at scale 0. With operands at a
 * common scale and d = a − b: Greater = [d ≥ 1], Less = [−d ≥ 1], GreaterOrEqual = [d ≥ 0], LessOrEqual =
 * [−d ≥ 0], Equal = [d ≥ 0]·[−d ≥ 0] (each [· ≥ 0] one sign decomposition); Not = 1 − a, And = a·b,
 * Or = a + b − a·b, Xor = a + b − 2a·b; Where(c, x, y) = y + c·(x − y), one product per element.
 */
final class CompareOps {

    private CompareOps() {
    }

    static void register(Map<String, Translator> r) {
        r.put("Greater", (b, node, in) -> compare(b, node, in, 1, -1));
        r.put("Less", (b, node, in) -> compare(b, node, in, -1, -1));
        r.put("GreaterOrEqual", (b, node, in) -> compare(b, node, in, 1, 0));
        r.put("LessOrEqual", (b, node, in) -> compare(b, node, in, -1, 0));
        r.put("Equal", CompareOps::equal);
        r.put("Not", (b, node, in) -> {
            QValue a = bool(node, Ops.var(node, in, 0));
            long[] one = filled(a.size(), 1);
            return List.of(new Operand.Var(b.affine(node, List.of(a), new int[][] {ActivationOps.identity(a.size())}, new long[] {-1}, one, a.shape(), 0)));
        });
        r.put("And", (b, node, in) -> logic(b, node, in, 0, 0, 1));
        r.put("Or", (b, node, in) -> logic(b, node, in, 1, 1, -1));
        r.put("Xor", (b, node, in) -> logic(b, node, in, 1, 1, -2));
        r.put("Where", CompareOps::where);
    }

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static QValue bool(Node node, QValue v) {
        if (v.scale() != 0 || v.min() < 0 || v.max() > 1) {
            throw node.error("expected a boolean tensor (0/1 at scale 0), got " + v);
        }
        return v;
    }

    /** Both operands at one scale and broadcast to the output shape: [a, b]. */
    private static QValue[] aligned(ProgramBuilder b, Node node, Operand x, Operand y) {
        int[] shape;
        try {
            shape = Shapes.broadcast(x.shape(), y.shape());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
        int scale = 0;
        for (Operand o : List.of(x, y)) {
            if (o instanceof Operand.Var(QValue v)) {
                scale = Math.max(scale, v.scale());
            }
        }
        if (x instanceof Operand.Const && y instanceof Operand.Const) {
            // Where with two constant branches: they take the parameter scale
            scale = b.paramScale();
        }
        return new QValue[] {toVar(b, node, x, scale, shape), toVar(b, node, y, scale, shape)};
    }

    private static QValue toVar(ProgramBuilder b, Node node, Operand o, int scale, int[] shape) {
        QValue v = switch (o) {
            case Operand.Var(QValue q) -> b.upscale(node, q, scale - q.scale());
            case Operand.Const(Constant c) -> {
                long[] q = new long[c.values().length];
                for (int i = 0; i < q.length; i++) {
                    q[i] = Fixed.quantize(c.values()[i], scale, node);
                }
                yield b.linear(node, List.of(), c.shape(), scale, new int[q.length + 1], new int[0], new long[0], q);
            }
        };
        if (java.util.Arrays.equals(v.shape(), shape)) {
            return v;
        }
        return b.gather(node, v, Shapes.broadcastIndex(v.shape(), shape), shape);
    }

    /** [sign·(a − b) + offset ≥ 0]. */
    private static List<Operand> compare(ProgramBuilder b, Node node, List<Operand> in, long sign, long offset) {
        QValue[] ab = aligned(b, node, Ops.required(node, in, 0), Ops.required(node, in, 1));
        int n = ab[0].size();
        int[] id = ActivationOps.identity(n);
        QValue d = b.affine(node, List.of(ab[0], ab[1]), new int[][] {id, id}, new long[] {sign, -sign}, filled(n, offset), ab[0].shape(), ab[0].scale());
        return List.of(new Operand.Var(b.nonNegative(node, d)));
    }

    private static List<Operand> equal(ProgramBuilder b, Node node, List<Operand> in) {
        QValue[] ab = aligned(b, node, Ops.required(node, in, 0), Ops.required(node, in, 1));
        int n = ab[0].size();
        int[] id = ActivationOps.identity(n);
        int s = ab[0].scale();
        QValue ge = b.nonNegative(node, b.affine(node, List.of(ab[0], ab[1]), new int[][] {id, id}, new long[] {1, -1}, new long[n], ab[0].shape(), s));
        QValue le = b.nonNegative(node, b.affine(node, List.of(ab[0], ab[1]), new int[][] {id, id}, new long[] {-1, 1}, new long[n], ab[0].shape(), s));
        // [d ≥ 0]·[−d ≥ 0]: the product keeps the proven range [0, 1] that the sum minus 1 would lose
        return List.of(new Operand.Var(b.product(node, ge, le, id, id, ab[0].shape())));
    }

    /** fa·a + fb·b + fab·a·b on booleans. */
    private static List<Operand> logic(ProgramBuilder b, Node node, List<Operand> in, long fa, long fb, long fab) {
        QValue[] ab = aligned(b, node, Ops.required(node, in, 0), Ops.required(node, in, 1));
        QValue x = bool(node, ab[0]);
        QValue y = bool(node, ab[1]);
        int n = x.size();
        int[] id = ActivationOps.identity(n);
        QValue p = b.product(node, x, y, id, id, x.shape());
        Rows rows = new Rows(n);
        for (int e = 0; e < n; e++) {
            rows.term(e, fa);
            rows.term(n + e, fb);
            rows.term(2 * n + e, fab);
            rows.endRow(0);
        }
        // a, b ∈ {0, 1} (their producers enforce it), so And, Or and Xor are in {0, 1} too: a relation of the three
        // inputs that term-by-term interval sums ([−1, 2] for Or) lose; the step is linear, its bounds are [0, 1]
        QValue out = b.value(x.shape(), 0, new long[n], filled(n, 1));
        b.ops().add(new Linear(new int[] {x.id(), y.id(), p.id()}, out, node.describe(), new int[] {n, n, n}, rows.rowStart(), rows.col(), rows.coef(),
                rows.constant()));
        return List.of(new Operand.Var(out));
    }

    private static List<Operand> where(ProgramBuilder b, Node node, List<Operand> in) {
        Operand c = Ops.required(node, in, 0);
        Operand x = Ops.required(node, in, 1);
        Operand y = Ops.required(node, in, 2);
        int[] shape;
        try {
            shape = Shapes.broadcast(Shapes.broadcast(c.shape(), x.shape()), y.shape());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
        QValue[] xy = aligned(b, node, x, y);
        QValue xv = toVar(b, node, new Operand.Var(xy[0]), xy[0].scale(), shape);
        QValue yv = toVar(b, node, new Operand.Var(xy[1]), xy[1].scale(), shape);
        int n = xv.size();
        int[] id = ActivationOps.identity(n);
        if (c instanceof Operand.Const(Constant cc)) {
            int[] ic = Shapes.broadcastIndex(cc.shape(), shape);
            Rows rows = new Rows(n);
            for (int e = 0; e < n; e++) {
                rows.term(cc.values()[ic[e]] != 0 ? e : n + e, 1);
                rows.endRow(0);
            }
            return List.of(new Operand.Var(b.linear(node, List.of(xv, yv), shape, xv.scale(), rows.rowStart(), rows.col(), rows.coef(), rows.constant())));
        }
        QValue cond = bool(node, ((Operand.Var) c).v());
        QValue diff = b.affine(node, List.of(xv, yv), new int[][] {id, id}, new long[] {1, -1}, new long[n], shape, xv.scale());
        QValue p = b.product(node, cond, diff, Shapes.broadcastIndex(cond.shape(), shape), id, shape);
        return List.of(new Operand.Var(b.affine(node, List.of(yv, p), new int[][] {id, id}, new long[] {1, 1}, new long[n], shape, xv.scale())));
    }
}
