package io.zkml.compiler.quant;

import io.zkml.compiler.graph.Constant;
import io.zkml.compiler.graph.Node;
import io.zkml.compiler.graph.Shapes;
import java.util.Arrays;
import java.util.List;

/**
 * Division where the denominator is computed (Div of two tensors, Reciprocal), with the declared policy for a zero
 * denominator: a / 0 = 0. On the integers a denominator is either 0 or at least one quantum in magnitude, so:
 * sgn = clamp(d, −1, 1), |d| = 2·relu(d) − d, and out = sgn·round(a·2^s_d / max(|d|, 1)) ({@link Quotient}).
 * When intervals prove d ≥ 1 (or d ≤ −1) the sign and clamp steps are left out.
 */
public final class DivisionOps {

    /** The policy, as circuit.json records it. */
    /** The policy's wording for a division by a value of the given scale. */
    static String policy(Node node, int scale) {
        return node.opType() + ": a zero denominator (magnitude below 2^-" + scale + ", one quantum of its scale) gives 0";
    }

    private DivisionOps() {
    }

    /** a / d at a's scale, for a constant or computed a and a computed d, broadcast. */
    public static QValue divide(ProgramBuilder b, Node node, Operand a, QValue d) {
        int[] shape;
        try {
            shape = Shapes.broadcast(a.shape(), d.shape());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
        int n = Shapes.size(shape);
        int[] id = ActivationOps.identity(n);
        QValue num = switch (a) {
            case Operand.Var(QValue v) -> v;
            case Operand.Const(Constant c) -> {
                long[] q = new long[c.values().length];
                for (int i = 0; i < q.length; i++) {
                    q[i] = Fixed.quantize(c.values()[i], d.scale(), node);
                }
                yield b.linear(node, List.of(), c.shape(), d.scale(), new int[q.length + 1], new int[0], new long[0], q);
            }
        };
        num = broadcast(b, node, num, shape);
        QValue den = broadcast(b, node, d, shape);
        QValue sgn = null;
        boolean negate = false;
        if (den.min() < 1) {
            if (den.max() <= -1) {
                den = b.affine(node, List.of(den), new int[][] {id}, new long[] {-1}, new long[n], shape, den.scale());
                negate = true;
            } else {
                long[] one = filled(n, 1);
                long[] minusOne = filled(n, -1);
                QValue up = b.relu(node, b.affine(node, List.of(den), new int[][] {id}, new long[] {1}, one, shape, den.scale()));
                QValue down = b.relu(node, b.affine(node, List.of(den), new int[][] {id}, new long[] {1}, minusOne, shape, den.scale()));
                sgn = b.affine(node, List.of(up, down), new int[][] {id, id}, new long[] {1, -1}, minusOne, shape, 0);
                QValue pos = b.relu(node, den);
                QValue abs = b.affine(node, List.of(pos, den), new int[][] {id, id}, new long[] {2, -1}, new long[n], shape, den.scale());
                QValue rest = b.relu(node, b.affine(node, List.of(abs), new int[][] {id}, new long[] {1}, minusOne, shape, den.scale()));
                den = b.affine(node, List.of(rest), new int[][] {id}, new long[] {1}, one, shape, den.scale());
            }
        }
        // num·2^s_d / den is the quotient at num's scale
        num = b.upscale(node, num, d.scale());
        QValue q = quotient(b, node, num, den, num.scale() - d.scale(), sgn != null ? policy(node, d.scale()) : "");
        if (sgn != null) {
            q = b.product(node, q, sgn, id, id, shape);
        }
        if (negate) {
            q = b.affine(node, List.of(q), new int[][] {id}, new long[] {-1}, new long[n], shape, q.scale());
        }
        return q;
    }

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        Arrays.fill(a, v);
        return a;
    }

    private static QValue broadcast(ProgramBuilder b, Node node, QValue v, int[] shape) {
        if (Arrays.equals(v.shape(), shape)) {
            return v;
        }
        return b.gather(node, v, Shapes.broadcastIndex(v.shape(), shape), shape);
    }

    /** round(num / den) with den ≥ 1 proven, tagged with the given scale. */
    static QValue quotient(ProgramBuilder b, Node node, QValue num, QValue den, int scale, String policy) {
        if (den.min() < 1) {
            throw new IllegalStateException("denominator not proven ≥ 1");
        }
        int n = num.size();
        long[] lo = new long[n];
        long[] hi = new long[n];
        for (int i = 0; i < n; i++) {
            lo[i] = Math.min(num.lo()[i], 0);
            hi[i] = Math.max(num.hi()[i], 0);
        }
        QValue out = b.value(num.shape(), scale, lo, hi);
        int qBits = Bounds.signedBits(out.min(), out.max());
        int rBits = Bounds.unsignedBits(Bounds.mulAdd(2, den.max(), -1, node.describe()));
        Bounds.mulAdd(Math.max(Math.abs(out.min()), Math.abs(out.max())) + 1, 2 * den.max(), den.max(), node.describe());
        if (qBits + rBits + 1 > 61) {
            throw node.error("a division with quotients up to 2^" + (qBits - 1) + " and denominators up to 2^" + rBits + " needs more than 61 bits; use smaller scales");
        }
        b.ops().add(new Quotient(new int[] {num.id(), den.id()}, out, node.describe(), qBits, rBits, policy));
        return out;
    }
}
