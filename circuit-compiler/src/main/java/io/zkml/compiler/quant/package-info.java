/**
 * The quantization layer: the graph as a program of exact integer steps ({@link io.zkml.compiler.quant.QOp}) over
 * power-of-two fixed-point values, with per-element bounds proven by interval analysis from the declared input
 * ranges. Imports the graph layer; knows nothing of constraints.
 */
package io.zkml.compiler.quant;
