/**
 * The encodings of BN254 field elements and points, each documented once in its class: snarkjs JSON
 * ({@link io.zkml.core.encoding.SnarkjsJson}), EVM ABI words per EIP-196/197
 * ({@link io.zkml.core.encoding.EvmAbi}) and the little-endian layouts of the circom/snarkjs binary files
 * ({@link io.zkml.core.encoding.SnarkjsBinary}), with
 * {@link io.zkml.core.encoding.G1Points}/{@link io.zkml.core.encoding.G2Points}: arrays of points in that layout,
 * viewed in place over memory-mapped files. Above {@code field}, {@code curve} and {@code groth16}, beside
 * {@code io}, whose containers and {@link io.zkml.core.io.FormatException} it uses; it imports those packages,
 * Jackson and the JDK, and nothing that knows about circuits or files as a whole.
 */
package io.zkml.core.encoding;
