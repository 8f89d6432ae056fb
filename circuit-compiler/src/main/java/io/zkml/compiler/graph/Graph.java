package io.zkml.compiler.graph;

import java.util.List;
import java.util.Map;

/**
 * A model's computation, as the compiler sees it: graph inputs with concrete shapes, constants (initializers and
 * Constant nodes) by name, the remaining nodes in topological order, and the graph outputs. Identity and Dropout
 * nodes are already gone: their outputs are renamed to their inputs.
 *
 * @param opset the version of the default ONNX operator set
 * @param inputs the graph inputs that are not initializers
 * @param outputs the graph outputs
 * @param nodes the nodes
 * @param constants the constant tensors by name
 */
public record Graph(int opset, List<ValueInfo> inputs, List<ValueInfo> outputs, List<Node> nodes, Map<String, Constant> constants) {

    public Graph {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        nodes = List.copyOf(nodes);
        constants = Map.copyOf(constants);
    }
}
