/**
 * The ONNX circuit compiler. {@link io.zkml.compiler.Compiler#compile} runs the layers in order: {@code onnx}
 * (protobuf → graph), {@code graph} (the model's IR), {@code quant} (fixed-point program with proven bounds),
 * {@code lower} (constraints and witness solvers), {@code circuit} (R1CS in circom order, files) and
 * {@code witness} (inputs → witness and outputs). {@link io.zkml.compiler.Calibration} chooses ranges and scales
 * from sample inputs. Depends on zk-core, and on Arrow Java for Arrow IPC inputs.
 */
package io.zkml.compiler;
