package io.zkml.prover.groth16;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.field.Fp2;
import io.zkml.core.groth16.VerifyingKey;
import io.zkml.core.io.JsonText;
import io.zkml.core.snarkjs.VerificationKeyJson;
import io.zkml.core.zkey.Zkey;
import io.zkml.verifier.pairing.Fp12;
import io.zkml.verifier.pairing.Pairing;
import java.util.List;

/**
 * The {@code verification_key.json} of a key, as {@code snarkjs zkey export verificationkey} writes it
 * (e(α, β) included), plus one field that snarkjs ignores: {@value #PROVENANCE_FIELD}, the key's
 * {@link io.zkml.core.zkey.Provenance} (a development key says so there, with a warning).
 */
public final class VerificationKeyExport {

    /** The extra field that carries the provenance. */
    public static final String PROVENANCE_FIELD = "zkml_provenance";

    private VerificationKeyExport() {
    }

    /** The JSON tree: snarkjs's fields in snarkjs's order, then {@value #PROVENANCE_FIELD}. */
    public static ObjectNode toJson(Zkey key) {
        VerifyingKey vk = key.verifyingKey();
        ObjectNode o = VerificationKeyJson.toJson(vk, alphaBeta(vk));
        o.set(PROVENANCE_FIELD, key.provenance().toJson());
        return o;
    }

    /** The JSON text ({@code JSON.stringify(…, null, 1)}, as snarkjs prints). */
    public static String json(Zkey key) {
        return JsonText.stringify(toJson(key));
    }

    /** e(α, β) as the six F_p² coefficients that {@link VerificationKeyJson} writes. */
    static List<Fp2> alphaBeta(VerifyingKey vk) {
        Fp12 e = Pairing.pair(vk.alphaG1(), vk.betaG2());
        return List.of(e.c0().c0(), e.c0().c1(), e.c0().c2(), e.c1().c0(), e.c1().c1(), e.c1().c2());
    }
}
