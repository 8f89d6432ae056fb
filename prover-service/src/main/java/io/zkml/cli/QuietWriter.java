package io.zkml.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;

/**
 * Standard error under {@code --quiet}: a line that warns passes at once; every other line is held back, and
 * written only if the command fails ({@link #release}), so that a failure still explains itself.
 */
final class QuietWriter extends Writer {

    private final PrintWriter target;
    private final StringBuilder line = new StringBuilder();
    private final StringBuilder held = new StringBuilder();

    QuietWriter(PrintWriter target) {
        this.target = target;
    }

    @Override
    public synchronized void write(char[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            char c = buf[i];
            if (c == '\r') {
                line.setLength(0); // a progress line being redrawn: drop it
                continue;
            }
            line.append(c);
            if (c == '\n') {
                endLine();
            }
        }
    }

    private void endLine() {
        String text = line.toString();
        line.setLength(0);
        if (text.toLowerCase(Locale.ROOT).contains("warning")) {
            target.print(text);
            target.flush();
        } else {
            held.append(text);
        }
    }

    /** Writes the held-back lines if the command failed, and forgets them. */
    synchronized void release(boolean failed) {
        if (!line.isEmpty()) {
            line.append(System.lineSeparator());
            endLine();
        }
        if (failed) {
            target.print(held);
        }
        held.setLength(0);
        target.flush();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
