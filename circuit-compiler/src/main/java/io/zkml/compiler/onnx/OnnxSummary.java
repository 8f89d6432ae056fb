package io.zkml.compiler.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import io.zkml.compiler.CompileException;
import io.zkml.compiler.onnx.proto.OnnxProto.GraphProto;
import io.zkml.compiler.onnx.proto.OnnxProto.ModelProto;
import io.zkml.compiler.onnx.proto.OnnxProto.NodeProto;
import io.zkml.compiler.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.zkml.compiler.onnx.proto.OnnxProto.TensorProto;
import io.zkml.compiler.onnx.proto.OnnxProto.TensorShapeProto;
import io.zkml.compiler.onnx.proto.OnnxProto.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an ONNX file holds, as {@code zkml inspect} shows it: read as written, before the compiler's conversion,
 * so that it describes models the compiler would refuse too (an unsupported op is counted, not an error).
 *
 * @param irVersion the ONNX IR version
 * @param producer the producing tool and its version, as recorded ("" if not)
 * @param opsets the imported operator sets, domain ("" is the default, ai.onnx) to version
 * @param inputs the graph inputs that are not initializers
 * @param outputs the graph outputs
 * @param ops how many nodes of each operator type (domain-qualified outside the default domain), by name
 * @param nodes the number of nodes
 * @param initializers the number of initializer tensors
 * @param parameters the number of values in the initializers
 */
public record OnnxSummary(long irVersion, String producer, Map<String, Long> opsets, List<Tensor> inputs, List<Tensor> outputs,
                          Map<String, Integer> ops, int nodes, int initializers, long parameters) {

    /**
     * A graph input or output.
     *
     * @param name its name
     * @param type its element type ("float", "int64", …)
     * @param shape each dimension: a number, a symbolic name, or "?" when unknown
     */
    public record Tensor(String name, String type, List<String> shape) {
        public Tensor {
            shape = List.copyOf(shape);
        }
    }

    public OnnxSummary {
        opsets = Map.copyOf(opsets);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        ops = java.util.Collections.unmodifiableMap(new TreeMap<>(ops));
    }

    /**
     * Summarises a model file.
     *
     * @throws CompileException if the bytes are not an ONNX model (malformed protobuf, no graph, no opset)
     */
    public static OnnxSummary of(byte[] model) {
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(model);
        } catch (InvalidProtocolBufferException e) {
            throw new CompileException("not an ONNX model (malformed protobuf): " + e.getMessage(), e);
        }
        if (!proto.hasGraph() || proto.getOpsetImportCount() == 0) {
            throw new CompileException("not an ONNX model: " + (proto.hasGraph() ? "no operator set imported" : "no graph (field 7 of ModelProto)"));
        }
        Map<String, Long> opsets = new TreeMap<>();
        for (OperatorSetIdProto id : proto.getOpsetImportList()) {
            opsets.put(id.getDomain().equals("ai.onnx") ? "" : id.getDomain(), id.getVersion());
        }
        GraphProto g = proto.getGraph();
        Set<String> initializerNames = new HashSet<>();
        long parameters = 0;
        for (TensorProto t : g.getInitializerList()) {
            initializerNames.add(t.getName());
            long n = 1;
            for (long d : t.getDimsList()) {
                n *= d;
            }
            parameters += n;
        }
        List<Tensor> inputs = new ArrayList<>();
        for (ValueInfoProto v : g.getInputList()) {
            if (!initializerNames.contains(v.getName())) {
                inputs.add(tensor(v));
            }
        }
        List<Tensor> outputs = g.getOutputList().stream().map(OnnxSummary::tensor).toList();
        Map<String, Integer> ops = new TreeMap<>();
        for (NodeProto n : g.getNodeList()) {
            String domain = n.getDomain().equals("ai.onnx") ? "" : n.getDomain();
            ops.merge(domain.isEmpty() ? n.getOpType() : domain + "." + n.getOpType(), 1, Integer::sum);
        }
        String producer = (proto.getProducerName() + " " + proto.getProducerVersion()).strip();
        return new OnnxSummary(proto.getIrVersion(), producer, opsets, inputs, outputs, ops, g.getNodeCount(), g.getInitializerCount(), parameters);
    }

    private static Tensor tensor(ValueInfoProto v) {
        if (!v.getType().hasTensorType()) {
            return new Tensor(v.getName(), "not a tensor", List.of());
        }
        var t = v.getType().getTensorType();
        List<String> shape = new ArrayList<>();
        if (t.hasShape()) {
            for (TensorShapeProto.Dimension d : t.getShape().getDimList()) {
                shape.add(d.hasDimValue() ? Long.toString(d.getDimValue()) : d.hasDimParam() && !d.getDimParam().isEmpty() ? d.getDimParam() : "?");
            }
        }
        return new Tensor(v.getName(), Tensors.typeName(t.getElemType()), shape);
    }
}
