package io.zkml.compiler.lower;

/**
 * What one program step costs in the circuit.
 *
 * @param origin the ONNX node ("node 3 'fc1' (Gemm)")
 * @param step the step kind (Linear, Rescale, Relu, Gather, Input, Output)
 * @param constraints constraints added
 * @param wires wires added
 * @param bits the bit width of its range checks (0 where none)
 * @param scale the output's scale
 * @param errorBound the rounding error the step adds, in real units (half a unit of its output scale for a
 *     rescale or an input's quantization, 0 for exact steps)
 */
public record LayerStats(String origin, String step, int constraints, int wires, int bits, int scale, double errorBound) {
}
