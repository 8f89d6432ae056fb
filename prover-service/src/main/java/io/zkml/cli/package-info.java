/**
 * The {@code zkml} command line (Picocli): thin verbs over the modules below (zk-core file formats, the
 * verifier, prover-jni's setup). Top layer; may import every zkml module, and nothing here is imported by them.
 */
package io.zkml.cli;
