/**
 * The graph layer: the model as a typed graph of nodes, constants and shaped inputs, free of protobuf. It may
 * import only the JDK and {@code io.zkml.compiler}; the ONNX reader fills it, the quantizer reads it.
 */
package io.zkml.compiler.graph;
