package io.zkml.service.work;

import io.zkml.compiler.CompileException;
import io.zkml.core.io.FormatException;
import io.zkml.prover.groth16.InvalidWitnessException;
import io.zkml.service.store.Claim;
import io.zkml.service.store.Job;
import io.zkml.service.store.JobStore;
import io.zkml.service.store.ModelRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Worker threads that claim jobs from the store and run them through the {@link Pipeline}: {@code slots}
 * threads (one proving slot per device), below the event loop's priority. A claim holds a lease that a
 * heartbeat extends every third of its length, carrying the job's progress and bringing back a client's
 * cancellation (which sets the prover's cancel flag). A job whose lease expires — its worker died or hung — is
 * claimed again by any worker, here or after a restart; the stale worker's writes are refused by the store.
 *
 * <p>Failures: input that does not fit the circuit fails the job at once, with the reason; anything else
 * (an I/O error, an exception of the prover) is retried after a backoff that doubles, until the store gives
 * up after {@code maxAttempts} claims.
 */
public final class Workers implements AutoCloseable {

    /** How the workers behave. */
    public record Settings(int slots, Duration lease, int maxAttempts, Duration backoff, Duration idlePoll) {
        public Settings {
            if (slots < 0) {
                throw new IllegalArgumentException("workers must not be negative, is " + slots);
            }
            if (lease.toMillis() < 30) {
                throw new IllegalArgumentException("the lease must be at least 30 ms, is " + lease);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("max attempts must be at least 1, is " + maxAttempts);
            }
        }
    }

    private static final Logger LOG = Logger.getLogger(Workers.class.getName());

    private final JobStore store;
    private final Pipeline pipeline;
    private final Settings settings;
    private final Clock clock;
    private final String node;
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService heartbeats;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Object wake = new Object();
    private final AtomicLong completed = new AtomicLong();
    private final Metrics metrics = new Metrics();

    public Workers(JobStore store, Pipeline pipeline, Settings settings, Clock clock, String node) {
        this.store = store;
        this.pipeline = pipeline;
        this.settings = settings;
        this.clock = clock;
        this.node = node;
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "zkml-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        for (int i = 0; i < settings.slots(); i++) {
            Thread t = Thread.ofPlatform().name("zkml-worker-" + i).daemon(true).priority(Thread.NORM_PRIORITY - 2).unstarted(this::loop);
            threads.add(t);
            t.start();
        }
    }

    /** Wakes idle workers (a job was submitted). */
    public void nudge() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** What this node's workers did, for GET /metrics. */
    public Metrics metrics() {
        return metrics;
    }

    /** Jobs this node's workers finished (succeeded, failed or cancelled) since it started. */
    public long completed() {
        return completed.get();
    }

    private void loop() {
        while (!stopping.get()) {
            try {
                var claim = store.claim(node, clock.millis(), settings.lease().toMillis(), settings.maxAttempts());
                if (claim.isPresent()) {
                    metrics.busy(1);
                    try {
                        run(claim.get());
                    } finally {
                        metrics.busy(-1);
                    }
                    continue;
                }
                synchronized (wake) {
                    wake.wait(settings.idlePoll().toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (stopping.get()) {
                    return;
                }
                LOG.log(Level.WARNING, "worker: " + e.getMessage(), e);
                sleep(settings.idlePoll().toMillis());
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs one claimed job to its end (package-private for tests). */
    void run(Claim claim) {
        Job job = claim.job();
        AtomicBoolean cancel = new AtomicBoolean();
        AtomicBoolean lost = new AtomicBoolean();
        double[] progress = {0};
        Runnable heartbeat = () -> {
            try {
                switch (store.heartbeat(claim, clock.millis(), settings.lease().toMillis(), progress[0])) {
                    case HELD -> { }
                    case CANCEL -> cancel.set(true);
                    case LOST -> {
                        lost.set(true);
                        cancel.set(true);
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "heartbeat of job " + job.id() + ": " + e.getMessage());
            }
        };
        heartbeat.run(); // a job cancelled while it was being claimed does not start
        long every = Math.max(10, settings.lease().toMillis() / 3);
        ScheduledFuture<?> beat = heartbeats.scheduleAtFixedRate(heartbeat, every, every, TimeUnit.MILLISECONDS);
        try {
            if (cancel.get()) {
                throw new CancellationException(lost.get() ? "lease lost" : "cancelled on request");
            }
            switch (job.kind()) {
                case MODEL -> runModel(claim);
                case PROOF -> {
                    long started = System.nanoTime();
                    String bundle = pipeline.prove(job.id(), job.modelId(), (stage, fraction) -> progress[0] = fraction, cancel);
                    double seconds = (System.nanoTime() - started) / 1e9;
                    boolean written = false;
                    try {
                        written = store.succeed(claim, bundle, clock.millis()); // fenced: only the holder's bundle is published
                    } finally {
                        if (!written) {
                            discard(job.id(), bundle);
                        }
                    }
                    if (written) {
                        metrics.proved(seconds, Math.max(0, clock.millis() - job.created()) / 1e3, pipeline.constraints(job.modelId()));
                    }
                    finish(claim, written);
                }
            }
        } catch (CancellationException e) {
            if (!lost.get()) {
                boolean written = store.cancelled(claim, clock.millis());
                if (written && job.kind() == io.zkml.service.store.JobKind.PROOF) {
                    metrics.cancelled();
                }
                finish(claim, written);
            }
        } catch (CompileException | FormatException | InvalidWitnessException | IllegalArgumentException e) {
            // the input, the model or a key is at fault: another attempt would fail the same way
            failed(claim, e.getMessage());
        } catch (Exception e) {
            String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            LOG.log(Level.WARNING, "job " + job.id() + " attempt " + job.attempts() + ": " + reason, e);
            long backoff = settings.backoff().toMillis() << Math.min(20, job.attempts() - 1);
            if (job.attempts() >= settings.maxAttempts()) {
                failed(claim, "gave up after " + job.attempts() + " attempts; last error: " + reason);
            } else if (store.retry(claim, reason, clock.millis() + backoff) && job.kind() == io.zkml.service.store.JobKind.PROOF) {
                metrics.retried();
            }
        } finally {
            beat.cancel(false);
        }
    }

    private void runModel(Claim claim) throws Exception {
        String id = claim.job().modelId();
        ModelRecord m = store.model(id).orElseThrow(() -> new IllegalStateException("job " + claim.job().id() + ": no model " + id));
        store.setModelStatus(id, ModelRecord.COMPILING, null);
        pipeline.compile(id, ModelOptions.fromJson(io.zkml.core.io.JsonText.parse("options", m.options()).node()));
        store.setModelStatus(id, ModelRecord.SETUP, null);
        pipeline.developmentSetup(id);
        if (store.succeed(claim, clock.millis())) {
            store.setModelStatus(id, ModelRecord.READY, null);
            completed.incrementAndGet();
        }
    }

    private void failed(Claim claim, String reason) {
        if (store.fail(claim, reason, clock.millis())) {
            completed.incrementAndGet();
            if (claim.job().kind() == io.zkml.service.store.JobKind.PROOF) {
                metrics.failed();
            }
            switch (claim.job().kind()) {
                case MODEL -> store.setModelStatus(claim.job().modelId(), ModelRecord.FAILED, reason);
                case PROOF -> forget(claim);
            }
        }
    }

    private void finish(Claim claim, boolean written) {
        if (written) {
            completed.incrementAndGet();
            forget(claim);
        }
    }

    private void discard(String proofId, String bundle) {
        try {
            pipeline.discardBundle(bundle);
        } catch (java.io.IOException e) {
            LOG.warning("could not delete the unpublished bundle " + bundle + " of proof " + proofId + ": " + e.getMessage());
        }
    }

    private void forget(Claim claim) {
        if (claim.job().kind() == io.zkml.service.store.JobKind.PROOF) {
            try {
                pipeline.forgetInput(claim.job().id());
            } catch (java.io.IOException e) {
                LOG.warning("could not delete the input of proof " + claim.job().id() + ": " + e.getMessage());
            }
        }
    }

    /** Stops claiming; waits for the running jobs to end (at most {@code wait}). */
    @Override
    public void close() {
        stopping.set(true);
        nudge();
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        heartbeats.shutdownNow();
    }
}
