package io.zkml.prover.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/** Running tasks on a backend's pool: all of them, results in order, the first failure rethrown as it was. */
final class Parallel {

    private Parallel() {
    }

    /** A loop body over the index range [from, to). */
    interface Range {
        void run(int from, int to);
    }

    /**
     * Runs the tasks and returns their results in order, after all have ended. A task's runtime exception or
     * error is rethrown unchanged (the first in task order); an interrupt of the calling thread becomes a
     * {@link CancellationException}.
     */
    static <T> List<T> invokeAll(ForkJoinPool pool, List<? extends Callable<T>> tasks) {
        List<Future<T>> futures;
        try {
            futures = pool.invokeAll(tasks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
        List<T> out = new ArrayList<>(futures.size());
        for (Future<T> f : futures) {
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted");
            } catch (ExecutionException e) {
                switch (e.getCause()) {
                    case RuntimeException re -> throw re;
                    case Error err -> throw err;
                    default -> throw new IllegalStateException(e.getCause());
                }
            }
        }
        return out;
    }

    /** Runs {@code body} over [0, n) in a few chunks per thread, checking the cancel flag before each. */
    static void forRange(ForkJoinPool pool, int n, Monitor monitor, Range body) {
        int chunks = Math.max(1, Math.min(4 * pool.getParallelism(), n / 1024));
        int per = (n + chunks - 1) / chunks;
        List<Callable<Void>> tasks = new ArrayList<>(chunks);
        for (int k = 0; k < chunks; k++) {
            final int from = k * per, to = Math.min(n, from + per);
            if (from >= to) {
                break;
            }
            tasks.add(() -> {
                monitor.checkCancelled();
                body.run(from, to);
                return null;
            });
        }
        invokeAll(pool, tasks);
    }
}
