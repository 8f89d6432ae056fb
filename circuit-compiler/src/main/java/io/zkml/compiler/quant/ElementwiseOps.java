package io.zkml.compiler.quant;

import io.zkml.compiler.graph.Constant;
import io.zkml.compiler.graph.Node;
import io.zkml.compiler.graph.Shapes;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;

/**
 * Element-wise ops with numpy broadcasting. Add and Sub are linear (the operand of the smaller scale is
 * multiplied up to the larger); Mul and Div by a constant are linear at scale s_x + s_p, then rescaled by s_p.
 * Constant operands on both sides fold.
 */
final class ElementwiseOps {

    private ElementwiseOps() {
    }

    static void register(Map<String, Translator> r) {
        r.put("Add", (b, node, in) -> addSub(b, node, in, 1));
        r.put("Sub", (b, node, in) -> addSub(b, node, in, -1));
        r.put("Mul", ElementwiseOps::mul);
        r.put("Div", ElementwiseOps::div);
    }

    private static int[] outShape(Node node, Operand x, Operand y) {
        try {
            return Shapes.broadcast(x.shape(), y.shape());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    private static Operand fold(Node node, Constant x, Constant y, DoubleBinaryOperator f) {
        int[] shape = outShape(node, new Operand.Const(x), new Operand.Const(y));
        int[] ix = Shapes.broadcastIndex(x.shape(), shape);
        int[] iy = Shapes.broadcastIndex(y.shape(), shape);
        double[] v = new double[ix.length];
        for (int e = 0; e < v.length; e++) {
            v[e] = f.applyAsDouble(x.values()[ix[e]], y.values()[iy[e]]);
        }
        return new Operand.Const(new Constant(shape, v));
    }

    private static List<Operand> addSub(ProgramBuilder b, Node node, List<Operand> in, int sign) {
        Operand x = Ops.required(node, in, 0);
        Operand y = Ops.required(node, in, 1);
        if (x instanceof Operand.Const(Constant cx) && y instanceof Operand.Const(Constant cy)) {
            return List.of(fold(node, cx, cy, (p, q) -> p + sign * q));
        }
        int[] shape = outShape(node, x, y);
        int n = Shapes.size(shape);
        Rows rows = new Rows(n);
        if (x instanceof Operand.Var(QValue vx) && y instanceof Operand.Var(QValue vy)) {
            int s = Math.max(vx.scale(), vy.scale());
            long fx = 1L << (s - vx.scale());
            long fy = sign * (1L << (s - vy.scale()));
            int[] ix = Shapes.broadcastIndex(vx.shape(), shape);
            int[] iy = Shapes.broadcastIndex(vy.shape(), shape);
            for (int e = 0; e < n; e++) {
                rows.term(ix[e], fx);
                rows.term(vx.size() + iy[e], fy);
                rows.endRow(0);
            }
            List<QValue> ins = List.of(vx, vy);
            return List.of(new Operand.Var(b.linear(node, ins, shape, s, rows.rowStart(), rows.col(), rows.coef(), rows.constant())));
        }
        boolean varFirst = x instanceof Operand.Var;
        QValue v = varFirst ? ((Operand.Var) x).v() : ((Operand.Var) y).v();
        Constant c = varFirst ? ((Operand.Const) y).c() : ((Operand.Const) x).c();
        long fv = varFirst ? 1 : sign;
        double fc = varFirst ? sign : 1;
        int[] iv = Shapes.broadcastIndex(v.shape(), shape);
        int[] ic = Shapes.broadcastIndex(c.shape(), shape);
        for (int e = 0; e < n; e++) {
            rows.term(iv[e], fv);
            rows.endRow(Fixed.quantize(fc * c.values()[ic[e]], v.scale(), node));
        }
        return List.of(new Operand.Var(b.linear(node, List.of(v), shape, v.scale(), rows.rowStart(), rows.col(), rows.coef(), rows.constant())));
    }

    private static List<Operand> mul(ProgramBuilder b, Node node, List<Operand> in) {
        Operand x = Ops.required(node, in, 0);
        Operand y = Ops.required(node, in, 1);
        if (x instanceof Operand.Const(Constant cx) && y instanceof Operand.Const(Constant cy)) {
            return List.of(fold(node, cx, cy, (p, q) -> p * q));
        }
        if (x instanceof Operand.Var(QValue vx) && y instanceof Operand.Var(QValue vy)) {
            int[] shape = outShape(node, x, y);
            QValue p = b.product(node, vx, vy, Shapes.broadcastIndex(vx.shape(), shape), Shapes.broadcastIndex(vy.shape(), shape), shape);
            return List.of(new Operand.Var(b.rescale(node, p, Math.min(vx.scale(), vy.scale()))));
        }
        QValue v = x instanceof Operand.Var(QValue vx) ? vx : ((Operand.Var) y).v();
        Constant c = x instanceof Operand.Const(Constant cx) ? cx : ((Operand.Const) y).c();
        return List.of(new Operand.Var(scaleBy(b, node, v, c, false)));
    }

    private static List<Operand> div(ProgramBuilder b, Node node, List<Operand> in) {
        Operand x = Ops.required(node, in, 0);
        Operand y = Ops.required(node, in, 1);
        if (x instanceof Operand.Const(Constant cx) && y instanceof Operand.Const(Constant cy)) {
            return List.of(fold(node, cx, cy, (p, q) -> p / q));
        }
        if (!(y instanceof Operand.Const(Constant cy))) {
            return List.of(new Operand.Var(DivisionOps.divide(b, node, x, Ops.var(node, in, 1))));
        }
        return List.of(new Operand.Var(scaleBy(b, node, Ops.var(node, in, 0), cy, true)));
    }

    /** v·c (or v / c): multiplied by round(c·2^s_p), then rescaled by s_p. */
    private static QValue scaleBy(ProgramBuilder b, Node node, QValue v, Constant c, boolean divide) {
        int[] shape = outShape(node, new Operand.Var(v), new Operand.Const(c));
        int n = Shapes.size(shape);
        int[] iv = Shapes.broadcastIndex(v.shape(), shape);
        int[] ic = Shapes.broadcastIndex(c.shape(), shape);
        int sp = b.paramScale();
        Rows rows = new Rows(n);
        for (int e = 0; e < n; e++) {
            double f = c.values()[ic[e]];
            if (divide && f == 0) {
                throw node.error("division by the constant 0 at element " + ic[e]);
            }
            rows.term(iv[e], Fixed.quantize(divide ? 1 / f : f, sp, node));
            rows.endRow(0);
        }
        QValue y = b.linear(node, List.of(v), shape, v.scale() + sp, rows.rowStart(), rows.col(), rows.coef(), rows.constant());
        return b.rescale(node, y, sp);
    }
}
