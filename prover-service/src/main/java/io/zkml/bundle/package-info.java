/**
 * What a compiled circuit's public signals mean, and the proof bundle that carries a proof with them: the
 * tolerant reader of a circuit folder's {@code circuit.json} ({@link io.zkml.bundle.CircuitFolder}), the
 * per-signal description ({@link io.zkml.bundle.PublicSignal}) that verification keys, bundles and
 * {@code zkml inspect} show, the key record ({@link io.zkml.bundle.KeyRecord}) and the bundle format
 * ({@link io.zkml.bundle.ProofBundle}). Service layer: imports zk-core only; the
 * command line and the service import it. Nothing here knows HTTP.
 */
package io.zkml.bundle;
