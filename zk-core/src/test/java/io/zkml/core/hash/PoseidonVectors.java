package io.zkml.core.hash;

import io.zkml.core.field.Fr;
import io.zkml.core.io.JsonAt;
import io.zkml.core.io.JsonText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The fixed Poseidon vectors that circomlibjs computed, stored in {@code poseidon/circomlibjs-vectors.json} (test
 * resources), so that zk-core's tests need no Node; the verifier module's tests recompute them with circomlibjs.
 */
public final class PoseidonVectors {

    /** Where the vectors are, on the test class path. */
    public static final String RESOURCE = "/poseidon/circomlibjs-vectors.json";

    /** One vector: the hash of the inputs (by the chaining rule beyond 16 inputs). */
    public record Vector(List<Fr> inputs, Fr hash) {
    }

    private PoseidonVectors() {
    }

    /** All stored vectors. */
    public static List<Vector> all() {
        try (InputStream in = PoseidonVectors.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: " + RESOURCE);
            }
            JsonAt root = JsonText.parse(RESOURCE, in.readAllBytes());
            return root.field("vectors").elements().stream()
                    .map(v -> new Vector(
                            v.field("inputs").elements().stream().map(x -> Fr.ofCanonical(x.decimal())).toList(),
                            Fr.ofCanonical(v.field("hash").decimal())))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
