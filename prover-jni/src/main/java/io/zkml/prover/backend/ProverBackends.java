package io.zkml.prover.backend;

import java.util.List;
import java.util.Locale;

/**
 * Chooses a {@link ProverBackend} by name at run time: {@code "auto"} is the best one available (the native CPU
 * backend when {@code libzkml} loads, else pure Java; CUDA later), {@code "native"} and {@code "java"} name one.
 */
public final class ProverBackends {

    /** The names {@link #open} accepts. */
    public static final List<String> CHOICES = List.of("auto", "native", "java");

    private ProverBackends() {
    }

    /**
     * Opens the named backend; the caller closes it.
     *
     * @throws IllegalArgumentException for a name not in {@link #CHOICES}, or {@code "native"} where the library
     *     does not load (the message says why)
     */
    public static ProverBackend open(String choice) {
        return switch (choice.toLowerCase(Locale.ROOT)) {
            case "auto" -> NativeBackend.isAvailable() ? new NativeBackend() : new JavaBackend();
            case "native" -> {
                try {
                    yield new NativeBackend();
                } catch (IllegalStateException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }
            case "java" -> new JavaBackend();
            default -> throw new IllegalArgumentException("unknown backend \"" + choice + "\" (choose one of " + String.join(", ", CHOICES) + ")");
        };
    }
}
