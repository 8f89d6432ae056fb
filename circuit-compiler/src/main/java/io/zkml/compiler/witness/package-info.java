/**
 * The witness layer: real inputs (EZKL's input.json form) are quantized, range-checked and solved into a
 * witness; outputs are dequantized. Imports the circuit layer.
 */
package io.zkml.compiler.witness;
