/**
 * The containers that every zkml file format is built on, and the one error type for malformed input: the
 * circom/snarkjs binary container ({@link io.zkml.core.io.BinFile} to read it, memory-mapped or from bytes;
 * {@link io.zkml.core.io.BinFileWriter} to write it), JSON parsing and snarkjs-style printing
 * ({@link io.zkml.core.io.JsonText}, {@link io.zkml.core.io.JsonAt}), and {@link io.zkml.core.io.FormatException},
 * which names the source, the byte offset or JSON path, and what was wrong. It knows nothing of fields, curves
 * or circuits: it imports only the JDK and Jackson, and the format packages above it
 * ({@code encoding}, {@code r1cs}, {@code wtns}, {@code snarkjs}) import it.
 */
package io.zkml.core.io;
