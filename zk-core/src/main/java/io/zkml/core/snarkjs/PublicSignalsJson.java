package io.zkml.core.snarkjs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.zkml.core.encoding.SnarkjsJson;
import io.zkml.core.field.Fr;
import io.zkml.core.io.JsonAt;
import io.zkml.core.io.JsonText;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * snarkjs's {@code public.json}: the public signals, a JSON array of decimal strings, outputs first (see
 * {@link io.zkml.core.r1cs.WireLayout}).
 *
 * <p>Values are read as non-negative integers of any size and are <em>not</em> reduced mod r: a signal ≥ r is
 * kept as it is, so that the verifier can reject it (accepting x + r for x would make proofs malleable). A
 * negative number, a fraction or anything that is not a decimal integer is a
 * {@link io.zkml.core.io.FormatException} naming the element.
 */
public final class PublicSignalsJson {

    private PublicSignalsJson() {
    }

    public static List<BigInteger> read(String source, String json) {
        return read(JsonText.parse(source, json));
    }

    public static List<BigInteger> read(Path path) throws IOException {
        return read(JsonText.read(path));
    }

    public static List<BigInteger> read(JsonAt root) {
        List<BigInteger> out = new ArrayList<>();
        for (JsonAt e : root.elements()) {
            out.add(e.decimal());
        }
        return List.copyOf(out);
    }

    /** @throws IllegalArgumentException if a value is negative */
    public static String write(List<BigInteger> signals) {
        ArrayNode a = JsonText.NODES.arrayNode();
        signals.forEach(v -> a.add(SnarkjsJson.toJson(v)));
        return JsonText.stringify(a);
    }

    /** The signals of a witness, as Fr elements. */
    public static String writeFr(List<Fr> signals) {
        return write(signals.stream().map(Fr::toBigInteger).toList());
    }

    public static void write(List<BigInteger> signals, Path path) throws IOException {
        Files.writeString(path, write(signals), StandardCharsets.UTF_8);
    }
}
