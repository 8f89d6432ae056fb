/**
 * The circuit layer: a lowered program in circom's wire order, as an R1CS (zk-core's model) with its
 * metadata, and the files that describe it (circuit.r1cs, circuit.json, report.json). Imports the lower and
 * quant layers and zk-core.
 */
package io.zkml.compiler.circuit;
