package io.zkml.compiler.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import io.zkml.compiler.CompileException;
import io.zkml.compiler.graph.Attribute;
import io.zkml.compiler.graph.Constant;
import io.zkml.compiler.graph.Graph;
import io.zkml.compiler.graph.Node;
import io.zkml.compiler.graph.ValueInfo;
import io.zkml.compiler.onnx.proto.OnnxProto.AttributeProto;
import io.zkml.compiler.onnx.proto.OnnxProto.GraphProto;
import io.zkml.compiler.onnx.proto.OnnxProto.ModelProto;
import io.zkml.compiler.onnx.proto.OnnxProto.NodeProto;
import io.zkml.compiler.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.zkml.compiler.onnx.proto.OnnxProto.TensorProto;
import io.zkml.compiler.onnx.proto.OnnxProto.TensorShapeProto;
import io.zkml.compiler.onnx.proto.OnnxProto.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ONNX model into a {@link Graph}: initializers and Constant nodes become constants, Identity and
 * Dropout nodes disappear (their outputs are renamed to their inputs), a symbolic or missing batch dimension is 1.
 */
public final class OnnxReader {

    /** The opsets of the default domain the compiler reads. */
    public static final int MIN_OPSET = 9;
    public static final int MAX_OPSET = 25;

    private static final int FLOAT = 1;
    private static final int DOUBLE = 11;
    /** UINT8, INT8, UINT16, INT16, INT32, INT64, UINT32: graph inputs of these types hold whole numbers (scale 0). */
    private static final Set<Integer> INTEGER_TYPES = Set.of(2, 3, 4, 5, 6, 7, 12);

    private OnnxReader() {
    }

    /**
     * Parses and converts a model.
     *
     * @throws CompileException if the bytes are not an ONNX model or the model uses what the compiler does not read
     */
    public static Graph read(byte[] model) {
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(model);
        } catch (InvalidProtocolBufferException e) {
            throw new CompileException("not an ONNX model (malformed protobuf): " + e.getMessage(), e);
        }
        if (!proto.hasGraph()) {
            throw new CompileException("not an ONNX model: no graph (field 7 of ModelProto)");
        }
        int opset = opset(proto);
        return convert(proto.getGraph(), opset);
    }

    private static int opset(ModelProto proto) {
        long version = -1;
        for (OperatorSetIdProto id : proto.getOpsetImportList()) {
            if (id.getDomain().isEmpty() || id.getDomain().equals("ai.onnx")) {
                version = id.getVersion();
            }
        }
        if (version < 0) {
            throw new CompileException("the model imports no version of the default ONNX operator set");
        }
        if (version < MIN_OPSET || version > MAX_OPSET) {
            throw new CompileException("the model uses ONNX opset " + version + "; the compiler reads opsets " + MIN_OPSET + " to " + MAX_OPSET);
        }
        return (int) version;
    }

    private static Graph convert(GraphProto g, int opset) {
        Map<String, Constant> constants = new HashMap<>();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            TensorProto t = g.getInitializer(i);
            constants.put(t.getName(), Tensors.decode(t, "initializer " + i + " '" + t.getName() + "'"));
        }
        List<ValueInfo> inputs = new ArrayList<>();
        for (ValueInfoProto v : g.getInputList()) {
            if (!constants.containsKey(v.getName())) {
                inputs.add(new ValueInfo(v.getName(), inputShape(v), INTEGER_TYPES.contains(v.getType().getTensorType().getElemType())));
            }
        }
        if (inputs.isEmpty()) {
            throw new CompileException("the model has no graph input that is not an initializer");
        }
        Map<String, String> alias = new HashMap<>();
        List<Node> nodes = new ArrayList<>();
        Set<String> defined = new HashSet<>(constants.keySet());
        inputs.forEach(v -> defined.add(v.name()));
        for (int index = 0; index < g.getNodeCount(); index++) {
            NodeProto n = g.getNode(index);
            Node node = node(n, index, alias);
            if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
                throw node.error("operator domain '" + n.getDomain() + "' is not supported; the compiler reads the default ONNX domain only");
            }
            for (int i = 0; i < node.inputs().size(); i++) {
                String in = node.inputs().get(i);
                if (!in.isEmpty() && !defined.contains(in)) {
                    throw node.error("input " + i + " '" + in + "' is neither a graph input, an initializer nor the output of an earlier node");
                }
            }
            switch (node.opType()) {
                case "Constant" -> constants.put(node.outputs().getFirst(), constantValue(node));
                case "Identity", "Dropout" -> {
                    alias.put(node.outputs().getFirst(), node.inputs().getFirst());
                    if (node.outputs().size() > 1 && !node.outputs().get(1).isEmpty()) {
                        throw node.error("the Dropout mask output is not supported");
                    }
                }
                default -> nodes.add(node);
            }
            defined.addAll(node.outputs());
        }
        List<ValueInfo> outputs = new ArrayList<>();
        for (ValueInfoProto v : g.getOutputList()) {
            outputs.add(new ValueInfo(alias.getOrDefault(v.getName(), v.getName()), new int[0]));
        }
        return new Graph(opset, inputs, outputs, nodes, constants);
    }

    private static int[] inputShape(ValueInfoProto v) {
        if (!v.getType().hasTensorType()) {
            throw new CompileException("graph input '" + v.getName() + "' is not a tensor");
        }
        int elem = v.getType().getTensorType().getElemType();
        if (elem != FLOAT && elem != DOUBLE && !INTEGER_TYPES.contains(elem)) {
            throw new CompileException("graph input '" + v.getName() + "' has data type " + Tensors.typeName(elem)
                    + "; the compiler reads float, double and integer (8 to 32 bits, INT64) inputs");
        }
        TensorShapeProto shape = v.getType().getTensorType().getShape();
        int[] dims = new int[shape.getDimCount()];
        for (int i = 0; i < dims.length; i++) {
            TensorShapeProto.Dimension d = shape.getDim(i);
            if (d.hasDimValue()) {
                if (d.getDimValue() < 0 || d.getDimValue() > Integer.MAX_VALUE) {
                    throw new CompileException("graph input '" + v.getName() + "' dimension " + i + " is too large: " + d.getDimValue());
                }
                dims[i] = (int) d.getDimValue();
            } else if (i == 0) {
                dims[i] = 1; // the symbolic batch dimension
            } else {
                throw new CompileException("graph input '" + v.getName() + "' has a symbolic dimension '" + d.getDimParam()
                        + "' at axis " + i + "; only the batch dimension (axis 0) may be symbolic");
            }
        }
        return dims;
    }

    private static Node node(NodeProto n, int index, Map<String, String> alias) {
        List<String> inputs = new ArrayList<>();
        for (String in : n.getInputList()) {
            inputs.add(alias.getOrDefault(in, in));
        }
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        Node bare = new Node(index, n.getName(), n.getOpType(), inputs, n.getOutputList(), Map.of());
        for (AttributeProto a : n.getAttributeList()) {
            attrs.put(a.getName(), attribute(a, bare));
        }
        return new Node(index, n.getName(), n.getOpType(), inputs, n.getOutputList(), attrs);
    }

    private static Attribute attribute(AttributeProto a, Node node) {
        AttributeProto.AttributeType type = a.hasType() ? a.getType() : inferType(a);
        return switch (type) {
            case FLOAT -> new Attribute.FloatValue(a.getF());
            case INT -> new Attribute.IntValue(a.getI());
            case STRING -> new Attribute.StringValue(a.getS().toStringUtf8());
            case TENSOR -> new Attribute.TensorValue(Tensors.decode(a.getT(), node.describe() + " attribute " + a.getName()));
            case FLOATS -> {
                double[] v = new double[a.getFloatsCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = a.getFloats(i);
                }
                yield new Attribute.Floats(v);
            }
            case INTS -> new Attribute.Ints(a.getIntsList().stream().mapToLong(Long::longValue).toArray());
            default -> new Attribute.Other(type.name());
        };
    }

    /** IR version 1 models may leave the type out; it follows from the field that is set. */
    private static AttributeProto.AttributeType inferType(AttributeProto a) {
        if (a.getFloatsCount() > 0) {
            return AttributeProto.AttributeType.FLOATS;
        }
        if (a.getIntsCount() > 0) {
            return AttributeProto.AttributeType.INTS;
        }
        if (a.hasT()) {
            return AttributeProto.AttributeType.TENSOR;
        }
        if (a.hasS()) {
            return AttributeProto.AttributeType.STRING;
        }
        if (a.hasI()) {
            return AttributeProto.AttributeType.INT;
        }
        if (a.hasF()) {
            return AttributeProto.AttributeType.FLOAT;
        }
        return AttributeProto.AttributeType.UNDEFINED;
    }

    private static Constant constantValue(Node node) {
        if (node.attributes().size() != 1) {
            throw node.error("a Constant node needs exactly one value attribute, has " + node.attributes().keySet());
        }
        String key = node.attributes().keySet().iterator().next();
        Attribute a = node.attributes().get(key);
        return switch (a) {
            case Attribute.TensorValue(Constant c) -> c;
            case Attribute.FloatValue(double v) -> Constant.scalar(v);
            case Attribute.IntValue(long v) -> Constant.scalar(v);
            case Attribute.Floats(double[] v) -> new Constant(new int[] {v.length}, v);
            case Attribute.Ints(long[] v) -> {
                double[] d = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    d[i] = v[i];
                }
                yield new Constant(new int[] {v.length}, d);
            }
            default -> throw node.error("Constant attribute " + key + " (" + a + ") is not supported");
        };
    }
}
