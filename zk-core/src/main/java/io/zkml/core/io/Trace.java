package io.zkml.core.io;

import java.time.Duration;

/**
 * Stage timings on standard error when the environment variable {@code ZKML_TRACE} is set (the native prover prints
 * its own stages under the same variable): each {@link #mark} prints the wall time since the previous mark and
 * since the JVM started, and the CPU time of the whole process (all threads) so far. Costs one environment lookup
 * when off.
 */
public final class Trace {

    private static final boolean ON = System.getenv("ZKML_TRACE") != null;
    private static long last = System.nanoTime();

    private Trace() {
    }

    /** Whether tracing is on. */
    public static boolean on() {
        return ON;
    }

    /** Prints the time the stage that ends now took. */
    public static synchronized void mark(String stage) {
        if (!ON) {
            return;
        }
        long now = System.nanoTime();
        ProcessHandle.Info info = ProcessHandle.current().info();
        long sinceStart = info.startInstant().map(s -> Duration.between(s, java.time.Instant.now()).toMillis()).orElse(-1L);
        long cpu = info.totalCpuDuration().map(Duration::toMillis).orElse(-1L);
        System.err.printf("zkml-trace: %-28s %7.1f ms wall, at %5d ms since the JVM started, process CPU %5d ms%n", stage, (now - last) / 1e6,
                sinceStart, cpu);
        last = now;
    }
}
