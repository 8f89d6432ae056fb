package io.zkml.prover.backend;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a running computation reports to and polls: the cancel flag, checked between small units of work, and
 * the progress listener, told about each finished unit. Thread-safe.
 */
final class Monitor {

    static final Monitor NONE = new Monitor(ProgressListener.NONE, new AtomicBoolean());

    private final ProgressListener listener;
    private final AtomicBoolean cancel;

    Monitor(ProgressListener listener, AtomicBoolean cancel) {
        this.listener = listener;
        this.cancel = cancel;
    }

    /** @throws CancellationException if the cancel flag is set */
    void checkCancelled() {
        if (cancel.get()) {
            throw new CancellationException("cancelled");
        }
    }

    void progress(String stage, double fraction) {
        listener.progress(stage, fraction);
    }
}
