package io.zkml.prover.backend;

/**
 * Told how far a proof has come: the stage that is running ({@code "qap"}, {@code "ntt"}, {@code "msm A"},
 * {@code "msm B1"}, {@code "msm B2"}, {@code "msm C"}, {@code "msm H"}, {@code "done"}) and the fraction of
 * the whole proof done, non-decreasing from 0 to 1. Called from the proving threads, possibly concurrently:
 * implementations must be thread-safe and quick.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = (stage, fraction) -> { };

    void progress(String stage, double fraction);
}
