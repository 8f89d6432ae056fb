package io.zkml.compiler.graph;

import io.zkml.compiler.CompileException;
import java.util.List;
import java.util.Map;

/**
 * One operator application, in the order of the model's graph.
 *
 * @param index the node's position among the model's nodes (counting Constant, Identity and Dropout nodes)
 * @param name the node's name, possibly empty
 * @param opType the ONNX operator
 * @param inputs the input tensor names; an empty name is an omitted optional input
 * @param outputs the output tensor names
 * @param attributes the attributes by name
 */
public record Node(int index, String name, String opType, List<String> inputs, List<String> outputs, Map<String, Attribute> attributes) {

    public Node {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = Map.copyOf(attributes);
    }

    /** "node 3 'conv1' (Conv)": how error messages name the node. */
    public String describe() {
        return "node " + index + " '" + name + "' (" + opType + ")";
    }

    /** A CompileException whose message starts with {@link #describe()}. */
    public CompileException error(String message) {
        return new CompileException(describe() + ": " + message);
    }

    /** Whether input i is present (given and not the empty name). */
    public boolean hasInput(int i) {
        return i < inputs.size() && !inputs.get(i).isEmpty();
    }

    public long intAttr(String attr, long dflt) {
        Attribute a = attributes.get(attr);
        if (a == null) {
            return dflt;
        }
        if (a instanceof Attribute.IntValue(long v)) {
            return v;
        }
        throw error("attribute " + attr + " must be an integer, is " + a);
    }

    public double floatAttr(String attr, double dflt) {
        Attribute a = attributes.get(attr);
        if (a == null) {
            return dflt;
        }
        return switch (a) {
            case Attribute.FloatValue(double v) -> v;
            case Attribute.IntValue(long v) -> v;
            default -> throw error("attribute " + attr + " must be a float, is " + a);
        };
    }

    public String stringAttr(String attr, String dflt) {
        Attribute a = attributes.get(attr);
        if (a == null) {
            return dflt;
        }
        if (a instanceof Attribute.StringValue(String v)) {
            return v;
        }
        throw error("attribute " + attr + " must be a string, is " + a);
    }

    /** The integer list attribute, or null if absent. */
    public long[] intsAttr(String attr) {
        Attribute a = attributes.get(attr);
        if (a == null) {
            return null;
        }
        return switch (a) {
            case Attribute.Ints(long[] v) -> v.clone();
            case Attribute.IntValue(long v) -> new long[] {v};
            default -> throw error("attribute " + attr + " must be a list of integers, is " + a);
        };
    }

    /** The float list attribute, or null if absent. */
    public double[] floatsAttr(String attr) {
        Attribute a = attributes.get(attr);
        if (a == null) {
            return null;
        }
        return switch (a) {
            case Attribute.Floats(double[] v) -> v.clone();
            case Attribute.FloatValue(double v) -> new double[] {v};
            default -> throw error("attribute " + attr + " must be a list of floats, is " + a);
        };
    }
}
