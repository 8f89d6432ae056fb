package io.zkml.prover.groth16;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The circom sources under {@code /circuits/} on the test class path. */
final class TestCircuits {

    private TestCircuits() {
    }

    static void copy(String resource, Path to) throws IOException {
        try (InputStream in = TestCircuits.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            Files.copy(in, to);
        }
    }
}
