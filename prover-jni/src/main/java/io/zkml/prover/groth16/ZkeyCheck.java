package io.zkml.prover.groth16;

import io.zkml.core.encoding.PointArray;
import io.zkml.core.ptau.Ptau;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.zkey.Coefficients;
import io.zkml.core.zkey.Provenance;
import io.zkml.core.zkey.Zkey;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a key is the initial key of a circuit and a powers-of-tau file: zkml's {@code zkey verify}, with the
 * meaning of {@code snarkjs zkey verify} for keys without phase-2 contributions. The key is derived again
 * ({@link Setup#fromPtau}) and compared field by field and section by section; the result names the first
 * difference. Extra sections (such as zkml's provenance marker) are not compared, as snarkjs does not.
 *
 * @param mismatch the first difference, or empty if the key is that initial key
 */
public record ZkeyCheck(Optional<String> mismatch) {

    public ZkeyCheck {
        Objects.requireNonNull(mismatch, "mismatch must not be null");
    }

    /** Whether the key is the initial key of the circuit and the ptau. */
    public boolean ok() {
        return mismatch.isEmpty();
    }

    /**
     * Checks {@code key} against the circuit and the ptau.
     *
     * @throws UnsupportedOperationException if the key has phase-2 contributions (those are checked by
     *     {@code io.zkml.prover.ceremony.Phase2Verifier})
     * @throws IllegalArgumentException if no key can be derived from them (ptau not prepared or too small)
     */
    public static ZkeyCheck of(R1cs r1cs, Ptau ptau, Zkey key) {
        int contributions = key.mpcParams().contributions().size();
        if (contributions > 0) {
            throw new UnsupportedOperationException(key.source() + " has " + contributions + " phase-2 contribution"
                    + (contributions == 1 ? "" : "s") + "; ZkeyCheck checks initial keys only (Phase2Verifier checks contributions)");
        }
        if (key.provenance() instanceof Provenance.Development) {
            return differs(key.source() + " is a development key (made from local secrets), not derived from " + ptau.source());
        }
        return against(key, Setup.fromPtau(r1cs, ptau));
    }

    /** Compares {@code key} with the initial key {@code expected}, derived by the caller (see {@link #of}). */
    public static ZkeyCheck against(Zkey key, Zkey expected) {
        return first(
                fixedPartsMismatch(key, expected).orElse(null),
                point("delta1 (section 2)", key.deltaG1(), expected.deltaG1()),
                point("delta2 (section 2)", key.deltaG2(), expected.deltaG2()),
                points("section 8 (C)", key.c(), expected.c()),
                points("section 9 (H)", key.h(), expected.h()));
    }

    /**
     * The first difference between a key and the initial key {@code expected} in what phase-2 contributions leave
     * alone: the sizes, α, β, γ, the circuit hash, and sections 3 … 7 (IC, coefficients, A, B1, B2). Not δ and
     * sections 8 and 9, which every contribution changes.
     */
    public static Optional<String> fixedPartsMismatch(Zkey key, Zkey expected) {
        return first(
                count("nVars (wires)", key.nVars(), expected.nVars()),
                count("nPublic (public signals)", key.nPublic(), expected.nPublic()),
                count("domainSize", key.domainSize(), expected.domainSize()),
                point("alpha1 (section 2)", key.alphaG1(), expected.alphaG1()),
                point("beta1 (section 2)", key.betaG1(), expected.betaG1()),
                point("beta2 (section 2)", key.betaG2(), expected.betaG2()),
                point("gamma2 (section 2)", key.gammaG2(), expected.gammaG2()),
                key.mpcParams().csHash().equals(expected.mpcParams().csHash()) ? null
                        : "circuit hash (section 10) " + key.mpcParams().csHash().toHex().substring(0, 16) + "… differs from "
                        + expected.mpcParams().csHash().toHex().substring(0, 16) + "…: the key is for another circuit or ptau",
                points("section 3 (IC)", key.ic(), expected.ic()),
                coefficients(key.coefficients(), expected.coefficients()),
                points("section 5 (A)", key.a(), expected.a()),
                points("section 6 (B1)", key.b1(), expected.b1()),
                points("section 7 (B2)", key.b2(), expected.b2())).mismatch();
    }

    private static ZkeyCheck differs(String why) {
        return new ZkeyCheck(Optional.of(why));
    }

    private static ZkeyCheck first(String... problems) {
        for (String p : problems) {
            if (p != null) {
                return differs(p);
            }
        }
        return new ZkeyCheck(Optional.empty());
    }

    private static String count(String what, int actual, int expected) {
        return actual == expected ? null : what + ": the key has " + actual + ", the circuit needs " + expected;
    }

    private static String point(String what, Object actual, Object expected) {
        return actual.equals(expected) ? null : what + " differs";
    }

    private static <P extends io.zkml.core.curve.CurvePoint<?, P>> String points(String what, PointArray<P> actual, PointArray<P> expected) {
        long i = actual.mismatch(expected);
        if (i < 0) {
            return null;
        }
        if (actual.size() != expected.size() && i == Math.min(actual.size(), expected.size())) {
            return what + ": " + actual.size() + " points, expected " + expected.size();
        }
        return what + ": point " + i + " differs";
    }

    private static String coefficients(Coefficients actual, Coefficients expected) {
        if (actual.size() != expected.size()) {
            return "section 4 (coefficients): " + actual.size() + " entries, expected " + expected.size();
        }
        long byteIndex = actual.segment().mismatch(expected.segment());
        if (byteIndex < 0) {
            return null;
        }
        long entry = (byteIndex - 4) / Coefficients.ENTRY_BYTES;
        return "section 4 (coefficients): entry " + entry + " differs (matrix " + actual.matrix((int) entry) + ", constraint "
                + actual.constraint((int) entry) + ", signal " + actual.signal((int) entry) + ")";
    }
}
