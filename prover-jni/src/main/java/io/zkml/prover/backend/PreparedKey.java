package io.zkml.prover.backend;

import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A proving key made ready on a backend for many proofs ({@link ProverBackend#prepare}): for the CUDA backend the
 * key's points, coefficients and tables resident in device memory, so that a proof ships only the witness; for the
 * CPU backends a view of the caller's key. Closing it releases what it holds (device memory); proving afterwards is
 * an {@link IllegalStateException}. Thread-safe; a backend may serialise the proofs of one prepared key.
 */
public interface PreparedKey extends AutoCloseable {

    /**
     * A whole proof of the prepared key, as {@link ProverBackend#prove} computes it for the same inputs.
     *
     * @throws IllegalArgumentException if the witness has the wrong size or a value not below r
     * @throws CancellationException if {@code cancel} was set meanwhile
     */
    Proof prove(MemorySegment witness, Fr r, Fr s, ProgressListener progress, AtomicBoolean cancel);

    /** Releases the key's resources on the backend; idempotent. */
    @Override
    void close();
}
