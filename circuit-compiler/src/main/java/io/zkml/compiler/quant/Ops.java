package io.zkml.compiler.quant;

import io.zkml.compiler.graph.Constant;
import io.zkml.compiler.graph.Node;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The registry of supported ONNX op types, and operand helpers the translators share. */
public final class Ops {

    private static final Map<String, Translator> REGISTRY = new TreeMap<>();

    static {
        LinearOps.register(REGISTRY);
        ElementwiseOps.register(REGISTRY);
        ShapeOps.register(REGISTRY);
        PoolOps.register(REGISTRY);
        ActivationOps.register(REGISTRY);
        SelectOps.register(REGISTRY);
        SmoothOps.register(REGISTRY);
        SoftmaxOps.register(REGISTRY);
        NormOps.register(REGISTRY);
        CompareOps.register(REGISTRY);
        TopKOps.register(REGISTRY);
    }

    private Ops() {
    }

    /** The supported op types, sorted. */
    public static List<String> supported() {
        return List.copyOf(REGISTRY.keySet());
    }

    static Translator translator(Node node) {
        Translator t = REGISTRY.get(node.opType());
        if (t == null) {
            throw node.error("unsupported operator " + node.opType() + "; supported: " + String.join(", ", REGISTRY.keySet()));
        }
        return t;
    }

    /** Input i as a computed value. */
    static QValue var(Node node, List<Operand> in, int i) {
        Operand o = required(node, in, i);
        if (o instanceof Operand.Var(QValue v)) {
            return v;
        }
        throw node.error("input " + i + " '" + node.inputs().get(i) + "' is a constant where the compiler expects a computed tensor");
    }

    /** Input i as a constant. */
    static Constant constant(Node node, List<Operand> in, int i) {
        Operand o = required(node, in, i);
        if (o instanceof Operand.Const(Constant c)) {
            return c;
        }
        throw node.error("input " + i + " '" + node.inputs().get(i) + "' must be a constant (weights, shapes and axes are fixed in the circuit)");
    }

    static Operand required(Node node, List<Operand> in, int i) {
        if (i >= in.size() || in.get(i) == null) {
            throw node.error("input " + i + " is missing");
        }
        return in.get(i);
    }

    /** An integer list given as attribute {@code attr} (older opsets) or as constant input {@code input} (newer ones); null if neither. */
    static long[] intsFromAttrOrInput(Node node, List<Operand> in, String attr, int input) {
        if (node.hasInput(input)) {
            return constant(node, in, input).longs();
        }
        return node.intsAttr(attr);
    }

    /** Normalizes an axis in [−rank, rank). */
    static int axis(Node node, long axis, int rank) {
        if (axis < -rank || axis >= rank) {
            throw node.error("axis " + axis + " is out of range for rank " + rank);
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    static String shape(int[] s) {
        return Arrays.toString(s);
    }
}
