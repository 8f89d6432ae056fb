package io.zkml.prover.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For tests of the native backend: where the Maven build made {@code libzkml} (cmake and g++ present), it must
 * load — a failure, not a skip; where it could not build it, the tests are skipped with the reason.
 */
public final class NativeLibrary {

    private NativeLibrary() {
    }

    /** Fails if the library was built but does not load; skips (JUnit assumption) if it was not built. */
    public static void require() {
        String buildDir = System.getProperty("zkml.native.build");
        boolean built = buildDir != null && Files.exists(Path.of(buildDir, "CTestTestfile.cmake"));
        String reason = NativeBackend.unavailableReason().orElse("");
        if (built) {
            assertThat(NativeBackend.isAvailable()).as("libzkml was built in %s but does not load: %s", buildDir, reason).isTrue();
        } else {
            assumeTrue(NativeBackend.isAvailable(), "libzkml was not built (cmake or a C++ compiler missing): " + reason);
        }
    }
}
