/**
 * The lowering layer: each quantized step becomes constraints over wires, each wire created with the solver
 * that computes its witness value. Integer wires and {@link io.zkml.compiler.lower.Lin} constraints for the
 * model; field wires and {@link io.zkml.compiler.lower.FLin} constraints for gadgets that need full field
 * elements ({@link io.zkml.compiler.lower.PoseidonLowering}, the commitments of hashed tensors). Imports the
 * quant layer and zk-core's field and hash; knows nothing of files.
 */
package io.zkml.compiler.lower;
