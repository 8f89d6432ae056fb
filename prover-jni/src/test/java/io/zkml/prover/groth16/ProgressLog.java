package io.zkml.prover.groth16;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.prover.backend.ProgressListener;
import java.util.ArrayList;
import java.util.List;

/** A progress listener that records what it hears (thread-safe), for tests of long steps. */
final class ProgressLog implements ProgressListener {

    private final List<String> stages = new ArrayList<>();
    private final List<Double> fractions = new ArrayList<>();

    @Override
    public synchronized void progress(String stage, double fraction) {
        stages.add(stage);
        fractions.add(fraction);
    }

    /** Every fraction in [0, 1], each of {@code sections} heard in this order, and {@code "done"} at 1 last. */
    synchronized void assertComplete(String... sections) {
        assertThat(fractions).allSatisfy(f -> assertThat(f).isBetween(0.0, 1.0));
        assertThat(stages.stream().distinct().toList()).containsSubsequence(sections).endsWith("done");
        assertThat(stages.getLast()).isEqualTo("done");
        assertThat(fractions.getLast()).isEqualTo(1.0);
        // the last report of each section before done: the fraction grows from section to section
        List<Double> ends = new ArrayList<>();
        for (int i = 0; i + 1 < stages.size(); i++) {
            if (!stages.get(i).equals(stages.get(i + 1))) {
                ends.add(fractions.get(i));
            }
        }
        assertThat(ends).isSorted();
    }
}
