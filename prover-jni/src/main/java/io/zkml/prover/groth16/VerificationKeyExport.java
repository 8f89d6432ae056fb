package io.zkml.prover.groth16;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fp2;
import io.zkml.core.groth16.VerifyingKey;
import io.zkml.core.io.JsonText;
import io.zkml.core.snarkjs.VerificationKeyJson;
import io.zkml.core.zkey.Zkey;
import io.zkml.verifier.pairing.Fp12;
import io.zkml.verifier.pairing.Pairing;
import java.math.BigInteger;
import java.util.List;

/**
 * The {@code verification_key.json} of a key, as {@code snarkjs zkey export verificationkey} writes it, plus one
 * field that snarkjs ignores: {@value #PROVENANCE_FIELD}, the key's {@link io.zkml.core.zkey.Provenance} (a
 * development key says so there, with a warning).
 *
 * <p>snarkjs's {@code vk_alphabeta_12} is not e(α, β) itself: ffjavascript's final exponentiation uses the hard
 * part of Fuentes-Castañeda, Knapp and Rodríguez-Henríquez, which raises to a multiple of (p⁴ − p² + 1)/r, so
 * its pairing is e(α, β)^(2x(6x² + 3x + 1)) for BN254's x. This class writes that value, so the file is
 * snarkjs's byte for byte; verifiers that multiply pairings (zkml's, snarkjs's, the EVM's) do not read it.
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

    /** ffjavascript's exponent over the reduced pairing: 2x(6x² + 3x + 1). */
    static final BigInteger FFJAVASCRIPT_EXPONENT = BigInteger.TWO.multiply(G2.BN_X)
            .multiply(BigInteger.valueOf(6).multiply(G2.BN_X).multiply(G2.BN_X).add(BigInteger.valueOf(3).multiply(G2.BN_X)).add(BigInteger.ONE));

    /** snarkjs's e(α, β) (see the class comment) as the six F_p² coefficients that {@link VerificationKeyJson} writes. */
    static List<Fp2> alphaBeta(VerifyingKey vk) {
        Fp12 e = Pairing.pair(vk.alphaG1(), vk.betaG2()).pow(FFJAVASCRIPT_EXPONENT);
        return List.of(e.c0().c0(), e.c0().c1(), e.c0().c2(), e.c1().c0(), e.c1().c1(), e.c1().c2());
    }
}
