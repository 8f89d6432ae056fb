/**
 * The witness layer: sample inputs (EZKL's input.json, or Arrow IPC files and streams: {@link
 * io.zkml.compiler.witness.Samples}) are quantized, range-checked and solved into a witness; outputs are
 * dequantized. Imports the circuit layer.
 */
package io.zkml.compiler.witness;
