package io.zkml.compiler.quant;

import io.zkml.compiler.graph.Constant;
import io.zkml.compiler.graph.Node;
import io.zkml.compiler.graph.Shapes;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Ops that only move elements: each computes a source index per output element, applied to a computed tensor as
 * a free {@link Gather} step and to a constant directly (constant folding).
 */
final class ShapeOps {

    private ShapeOps() {
    }

    static void register(Map<String, Translator> r) {
        r.put("Reshape", ShapeOps::reshape);
        r.put("Flatten", ShapeOps::flatten);
    }

    /** Applies a source map to either kind of operand. */
    static Operand apply(ProgramBuilder b, Node node, Operand x, int[] source, int[] shape) {
        return switch (x) {
            case Operand.Var(QValue v) -> new Operand.Var(b.gather(node, v, source, shape));
            case Operand.Const(Constant c) -> {
                double[] out = new double[source.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = source[i] < 0 ? 0 : c.values()[source[i]];
                }
                yield new Operand.Const(new Constant(shape, out));
            }
        };
    }

    static int[] identity(int n) {
        int[] s = new int[n];
        Arrays.setAll(s, i -> i);
        return s;
    }

    private static List<Operand> reshape(ProgramBuilder b, Node node, List<Operand> in) {
        Operand x = Ops.required(node, in, 0);
        long[] spec = Ops.intsFromAttrOrInput(node, in, "shape", 1);
        if (spec == null) {
            throw node.error("Reshape needs a shape (input 1, or attribute shape before opset 5)");
        }
        boolean allowZero = node.intAttr("allowzero", 0) != 0;
        int n = Shapes.size(x.shape());
        int[] shape = new int[spec.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < spec.length; i++) {
            long d = spec[i];
            if (d == 0 && !allowZero) {
                if (i >= x.shape().length) {
                    throw node.error("shape entry " + i + " is 0 (copy) but the input has rank " + x.shape().length);
                }
                d = x.shape()[i];
            }
            if (d == -1) {
                if (infer >= 0) {
                    throw node.error("shape " + Arrays.toString(spec) + " has more than one −1");
                }
                infer = i;
                continue;
            }
            if (d < 0) {
                throw node.error("shape " + Arrays.toString(spec) + " has a negative entry");
            }
            shape[i] = (int) d;
            known *= d;
        }
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                throw node.error("cannot reshape " + Ops.shape(x.shape()) + " into " + Arrays.toString(spec));
            }
            shape[infer] = (int) (n / known);
        } else if (known != n) {
            throw node.error("cannot reshape " + Ops.shape(x.shape()) + " (" + n + " elements) into " + Arrays.toString(spec));
        }
        return List.of(apply(b, node, x, identity(n), shape));
    }

    private static List<Operand> flatten(ProgramBuilder b, Node node, List<Operand> in) {
        Operand x = Ops.required(node, in, 0);
        int rank = x.shape().length;
        long axis = node.intAttr("axis", 1);
        int a = axis == rank ? rank : Ops.axis(node, axis, rank);
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= x.shape()[i];
        }
        int n = Shapes.size(x.shape());
        return List.of(apply(b, node, x, identity(n), new int[] {outer, outer == 0 ? 0 : n / outer}));
    }
}
