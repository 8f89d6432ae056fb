/**
 * The ONNX layer: parses model files with protobuf classes generated at build time from {@code onnx.proto} (in
 * this module) and converts them into the graph layer's types. Only this package imports protobuf.
 */
package io.zkml.compiler.onnx;
