package io.zkml.prover.backend;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses a {@link ProverBackend} by name at run time: {@code "auto"} is the best one available (CUDA when a device
 * is usable, else the native CPU backend when {@code libzkml} loads, else pure Java); {@code "cuda"},
 * {@code "native"} and {@code "java"} name one.
 */
public final class ProverBackends {

    /** The names {@link #open} accepts. */
    public static final List<String> CHOICES = List.of("auto", "cuda", "native", "java");

    /** One backend and whether it can be used here: the reason when it cannot. */
    public record Status(String name, boolean available, String detail) {
    }

    private ProverBackends() {
    }

    /** Every backend, in the order {@code auto} tries them, with why it is or is not available. */
    public static List<Status> statuses() {
        Optional<String> cuda = CudaBackend.unavailableReason();
        Optional<String> nat = NativeBackend.unavailableReason();
        return List.of(
                new Status("cuda", cuda.isEmpty(), cuda.orElse("Groth16 proofs, MSM and NTT on the GPU, keys resident on the device")),
                new Status("native", nat.isEmpty(), nat.orElse("libzkml, C++ on the CPU")),
                new Status("java", true, "pure Java"));
    }

    /**
     * Opens the named backend; the caller closes it.
     *
     * @throws IllegalArgumentException for a name not in {@link #CHOICES}, or {@code "cuda"} / {@code "native"}
     *     where it is not available (the message says why)
     */
    public static ProverBackend open(String choice) {
        return switch (choice.toLowerCase(Locale.ROOT)) {
            case "auto" -> CudaBackend.isAvailable() ? new CudaBackend()
                    : NativeBackend.isAvailable() ? new NativeBackend() : new JavaBackend();
            case "cuda" -> {
                try {
                    yield new CudaBackend();
                } catch (IllegalStateException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }
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
