package io.zkml.service.work;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A node's counters, printed in the Prometheus text format (version 0.0.4) by {@link #text(long, long, int)}: what this
 * node's workers did since it started. Rates (proofs/s, constraints/s) are the scraper's {@code rate()} of the
 * counters.
 */
public final class Metrics {

    /** Upper bounds of the latency histograms' buckets, seconds. */
    static final double[] BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600};

    /** A cumulative histogram. */
    static final class Histogram {
        private final AtomicLongArray counts = new AtomicLongArray(BUCKETS.length);
        private final AtomicLong count = new AtomicLong();
        private final DoubleAdder sum = new DoubleAdder();

        void observe(double seconds) {
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    counts.incrementAndGet(i);
                }
            }
            count.incrementAndGet();
            sum.add(seconds);
        }

        void print(StringBuilder out, String name, String help) {
            out.append("# HELP ").append(name).append(' ').append(help).append('\n');
            out.append("# TYPE ").append(name).append(" histogram\n");
            for (int i = 0; i < BUCKETS.length; i++) {
                out.append(name).append("_bucket{le=\"").append(number(BUCKETS[i])).append("\"} ").append(counts.get(i)).append('\n');
            }
            out.append(name).append("_bucket{le=\"+Inf\"} ").append(count.get()).append('\n');
            out.append(name).append("_sum ").append(number(sum.sum())).append('\n');
            out.append(name).append("_count ").append(count.get()).append('\n');
        }
    }

    private final Histogram proveSeconds = new Histogram();
    private final Histogram jobSeconds = new Histogram();
    private final AtomicLong proofs = new AtomicLong();
    private final AtomicLong constraints = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();

    /** A proof this node's worker made and the store took. */
    void proved(double proveSeconds, double sinceSubmitted, long circuitConstraints) {
        this.proveSeconds.observe(proveSeconds);
        jobSeconds.observe(sinceSubmitted);
        proofs.incrementAndGet();
        constraints.addAndGet(circuitConstraints);
    }

    void failed() {
        failed.incrementAndGet();
    }

    void cancelled() {
        cancelled.incrementAndGet();
    }

    void retried() {
        retried.incrementAndGet();
    }

    private final AtomicLong busy = new AtomicLong();

    void busy(int delta) {
        busy.addAndGet(delta);
    }

    /**
     * The exposition text, with what the store holds for every node (queue depth: queued and running jobs; webhook
     * deliveries not yet made) and this node's slots and counters.
     */
    public String text(long pending, long pendingDeliveries, int slots) {
        StringBuilder out = new StringBuilder();
        gauge(out, "zkml_queue_depth", "jobs queued or running, in the store (all nodes)", pending);
        gauge(out, "zkml_webhook_deliveries_pending", "webhook deliveries pending or being sent, in the store (all nodes)", pendingDeliveries);
        gauge(out, "zkml_workers", "proving slots of this node", slots);
        gauge(out, "zkml_workers_busy", "slots of this node running a job", busy.get());
        counter(out, "zkml_proofs_total", "proofs made by this node (rate(): proofs/s)", proofs.get());
        counter(out, "zkml_constraints_proved_total", "R1CS constraints of the circuits of this node's proofs (rate(): constraints/s)",
                constraints.get());
        counter(out, "zkml_jobs_failed_total", "proof jobs this node's workers failed", failed.get());
        counter(out, "zkml_jobs_cancelled_total", "proof jobs this node's workers stopped on request", cancelled.get());
        counter(out, "zkml_jobs_retried_total", "proof attempts of this node that failed and were queued again", retried.get());
        proveSeconds.print(out, "zkml_prove_seconds", "time of one proof on this node: witness, prove, verify, bundle");
        jobSeconds.print(out, "zkml_job_seconds", "time from submission to published bundle of this node's proofs");
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, long v) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n").append(name).append(' ').append(v).append('\n');
    }

    private static void counter(StringBuilder out, String name, String help, long v) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(v).append('\n');
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
