package io.zkml.prover.backend;

import java.util.List;
import java.util.Locale;

/**
 * Chooses a {@link ProverBackend} by name at run time: {@code "auto"} is the best one available (CUDA when a
 * device is present, else native CPU, else pure Java; for now always pure Java), {@code "java"} the pure-Java
 * one.
 */
public final class ProverBackends {

    /** The names {@link #open} accepts. */
    public static final List<String> CHOICES = List.of("auto", "java");

    private ProverBackends() {
    }

    /**
     * Opens the named backend; the caller closes it.
     *
     * @throws IllegalArgumentException for a name not in {@link #CHOICES}
     */
    public static ProverBackend open(String choice) {
        return switch (choice.toLowerCase(Locale.ROOT)) {
            case "auto", "java" -> new JavaBackend();
            default -> throw new IllegalArgumentException("unknown backend \"" + choice + "\" (choose one of " + String.join(", ", CHOICES) + ")");
        };
    }
}
