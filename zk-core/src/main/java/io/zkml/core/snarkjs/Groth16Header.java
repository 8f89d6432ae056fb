package io.zkml.core.snarkjs;

import io.zkml.core.io.JsonAt;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The {@code protocol} and {@code curve} fields that snarkjs puts in its Groth16 JSON files. */
final class Groth16Header {

    static final String PROTOCOL = "groth16";
    static final String CURVE = "bn128";
    /** The names ffjavascript's {@code getCurveFromName} accepts for BN254, normalised. */
    private static final Set<String> CURVE_NAMES = Set.of("bn128", "bn254", "altbn128");

    private Groth16Header() {
    }

    /** Checks the two fields; when {@code required} is false, absent fields are accepted. */
    static void check(JsonAt root, boolean required) {
        Optional<JsonAt> protocol = required ? Optional.of(root.field("protocol")) : root.optionalField("protocol");
        protocol.ifPresent(p -> {
            if (!PROTOCOL.equals(p.text())) {
                throw p.error("unsupported protocol \"" + p.text() + "\" (expected \"" + PROTOCOL + "\")");
            }
        });
        Optional<JsonAt> curve = required ? Optional.of(root.field("curve")) : root.optionalField("curve");
        curve.ifPresent(c -> {
            String name = c.text().toLowerCase(Locale.ROOT).replace("_", "");
            if (!CURVE_NAMES.contains(name)) {
                throw c.error("unsupported curve \"" + c.text() + "\" (expected \"" + CURVE + "\", i.e. BN254)");
            }
        });
    }
}
