package io.zkml.prover.backend;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A backend that hands every call to {@link #delegate()}: implement it and override only the calls to watch or
 * change (counting, holding, failing on purpose). Two calls differ: {@link #prepare} is not forwarded but is
 * {@link ProverBackend}'s default, which proves through this backend's {@link #prove}, so that a wrapper sees every
 * proof (override it to forward, e.g. to keep a CUDA backend's key on the device); {@link #close()} closes the
 * delegate too, which a wrapper around a shared backend overrides.
 */
public interface ForwardingBackend extends ProverBackend {

    /** The backend every call not overridden goes to. */
    ProverBackend delegate();

    @Override
    default String name() {
        return delegate().name();
    }

    @Override
    default G1 msmG1(MemorySegment bases, MemorySegment scalars, int n) {
        return delegate().msmG1(bases, scalars, n);
    }

    @Override
    default G2 msmG2(MemorySegment bases, MemorySegment scalars, int n) {
        return delegate().msmG2(bases, scalars, n);
    }

    @Override
    default void ntt(MemorySegment values, int log2n) {
        delegate().ntt(values, log2n);
    }

    @Override
    default void intt(MemorySegment values, int log2n) {
        delegate().intt(values, log2n);
    }

    @Override
    default void cosetNtt(MemorySegment values, int log2n, Fr shift) {
        delegate().cosetNtt(values, log2n, shift);
    }

    @Override
    default void cosetIntt(MemorySegment values, int log2n, Fr shift) {
        delegate().cosetIntt(values, log2n, shift);
    }

    @Override
    default long firstInvalidG1(MemorySegment points) {
        return delegate().firstInvalidG1(points);
    }

    @Override
    default long firstInvalidG2(MemorySegment points) {
        return delegate().firstInvalidG2(points);
    }

    @Override
    default Proof prove(KeySegments key, MemorySegment witness, Fr r, Fr s, ProgressListener progress, AtomicBoolean cancel) {
        return delegate().prove(key, witness, r, s, progress, cancel);
    }

    @Override
    default void close() {
        delegate().close();
    }
}
