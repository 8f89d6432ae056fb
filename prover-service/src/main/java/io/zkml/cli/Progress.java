package io.zkml.cli;

import io.zkml.prover.backend.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Shows how far a long step has come on standard error. On a terminal: one line redrawn in place, a bar, the
 * percentage, the stage and an estimate of the time left; elsewhere (a pipe, a log, a test): one plain line per
 * stage, once the step has taken a second (a quick step stays silent). Thread-safe, and quick: it redraws at most every 100 ms.
 */
final class Progress implements ProgressListener, AutoCloseable {

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final String label;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastDraw;
    private String lastStage = "";
    private boolean drawn;

    private Progress(PrintWriter err, String label, boolean terminal) {
        this.err = err;
        this.label = label;
        this.terminal = terminal;
    }

    /** A progress display for a step of a command: a bar when standard error is a terminal (and not under --quiet). */
    static Progress of(CommandSpec spec, String label) {
        return new Progress(spec.commandLine().getErr(), label, ((ZkmlRoot) spec.root().userObject()).progressBars());
    }

    @Override
    public synchronized void progress(String stage, double fraction) {
        long now = System.nanoTime();
        if (terminal) {
            if (now - lastDraw < 100_000_000L && fraction < 1) {
                return;
            }
            lastDraw = now;
            int done = (int) Math.round(Math.clamp(fraction, 0, 1) * WIDTH);
            double elapsed = (now - start) / 1e9;
            String eta = fraction > 0.02 && fraction < 1 ? String.format(Locale.ROOT, "  ETA %s", time(elapsed * (1 - fraction) / fraction)) : "";
            err.print(String.format(Locale.ROOT, "\r%s [%s%s] %3.0f%% %-7s%s   ", label, "#".repeat(done), ".".repeat(WIDTH - done),
                    fraction * 100, stage, eta));
            err.flush();
            drawn = true;
        } else if (!stage.equals(lastStage) && !stage.equals("done") && now - start > 1_000_000_000L) {
            lastStage = stage;
            err.println(String.format(Locale.ROOT, "%s: %s (%.0f%%, %.1f s)", label, stage, fraction * 100, (now - start) / 1e9));
        }
    }

    /** Ends the redrawn line, if any. */
    @Override
    public synchronized void close() {
        if (drawn) {
            err.print("\r" + " ".repeat(label.length() + WIDTH + 40) + "\r");
            err.flush();
            drawn = false;
        }
    }

    static String time(double seconds) {
        return seconds < 60 ? String.format(Locale.ROOT, "%.0f s", Math.ceil(seconds))
                : String.format(Locale.ROOT, "%d min %02d s", (long) seconds / 60, (long) seconds % 60);
    }
}
