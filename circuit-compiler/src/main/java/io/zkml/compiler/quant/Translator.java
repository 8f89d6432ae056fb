package io.zkml.compiler.quant;

import io.zkml.compiler.graph.Node;
import java.util.List;

/** Turns one ONNX node into program steps: one implementation per op family, registered by op type in {@link Ops}. */
@FunctionalInterface
interface Translator {

    /**
     * @param in the node's inputs, null where an optional input is omitted
     * @return the node's outputs in order
     */
    List<Operand> translate(ProgramBuilder b, Node node, List<Operand> in);
}
