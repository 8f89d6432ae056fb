package io.zkml.prover.backend;

/**
 * Told how far a long step has come: the stage that is running and the fraction of the whole step done, from 0 to
 * 1. A proof's stages are {@code "qap"}, {@code "ntt"}, {@code "msm A"}, {@code "msm B1"}, {@code "msm B2"},
 * {@code "msm C"}, {@code "msm H"}, {@code "done"}, its fraction non-decreasing; a key setup's (see
 * {@code Setup}) are the point sections it computes and {@code "done"}, its fraction non-decreasing but reported
 * from parallel chunks that may arrive slightly out of order. Called from the working threads, possibly
 * concurrently: implementations must be thread-safe and quick.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = (stage, fraction) -> { };

    void progress(String stage, double fraction);
}
