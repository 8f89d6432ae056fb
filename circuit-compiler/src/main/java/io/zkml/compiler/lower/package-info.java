/**
 * The lowering layer: each quantized step becomes constraints over wires, each wire created with the solver
 * that computes its witness value. Imports the quant layer; knows nothing of files.
 */
package io.zkml.compiler.lower;
