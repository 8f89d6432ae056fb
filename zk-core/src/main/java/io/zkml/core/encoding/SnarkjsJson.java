package io.zkml.core.encoding;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import io.zkml.core.field.Fr;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.JsonAt;
import io.zkml.core.io.JsonText;
import java.math.BigInteger;
import java.util.List;

/**
 * The snarkjs JSON encoding (verification_key.json, proof.json, public.json, witness JSON), as ffjavascript's
 * {@code toObject}/{@code fromObject} and {@code stringifyBigInts} define it:
 * <ul>
 *   <li>a field element (Fr or Fp) is a string of decimal digits, its canonical value: {@code "7"};
 *   <li>an Fp2 element c0 + c1·u is {@code [c0, c1]};
 *   <li>a G1 point is {@code [x, y, z]} in Jacobian coordinates; snarkjs writes affine points with z = 1,
 *       {@code [x, y, "1"]}, and the point at infinity as {@code ["0", "1", "0"]};
 *   <li>a G2 point is {@code [[x.c0, x.c1], [y.c0, y.c1], [z.c0, z.c1]]}; affine points have z =
 *       {@code ["1", "0"]}, infinity is {@code [["0", "0"], ["1", "0"], ["0", "0"]]}.
 * </ul>
 * Reading follows ffjavascript's {@code fromObject}: z = 0 is the point at infinity whatever x and y are,
 * z = 1 an affine point, and any other z a Jacobian point (x/z², y/z³). Unlike ffjavascript, reading is strict:
 * every coordinate must be a decimal integer in [0, p) (a string of digits or a JSON integer; no sign, hex or
 * reduction mod p), and arrays must have exactly the lengths above; anything else is a
 * {@link FormatException} naming the JSON path. Writing produces the canonical affine forms above.
 *
 * <p>{@link #readG1}/{@link #readG2} do not check that the point is on the curve: for points whose caller
 * checks them itself, or that come from a trusted place. {@link #readG1Checked}/{@link #readG2Checked} check
 * that the point is on the curve and, for G2, in the order-r subgroup (G1 has cofactor 1): for untrusted input.
 */
public final class SnarkjsJson {

    private SnarkjsJson() {
    }

    // ---------------------------------------------------------------- reading

    /** A base-field element: a decimal integer in [0, p). */
    public static Fp readFp(JsonAt at) {
        BigInteger v = at.decimal();
        if (!Fp.isCanonical(v)) {
            throw at.error("value " + v + " is not below the base-field modulus p = " + Fp.MODULUS);
        }
        return Fp.ofCanonical(v);
    }

    /** A scalar-field element: a decimal integer in [0, r). */
    public static Fr readFr(JsonAt at) {
        BigInteger v = at.decimal();
        if (!Fr.isCanonical(v)) {
            throw at.error("value " + v + " is not below the scalar-field modulus r = " + Fr.MODULUS);
        }
        return Fr.ofCanonical(v);
    }

    /** An Fp2 element {@code [c0, c1]}. */
    public static Fp2 readFp2(JsonAt at) {
        List<JsonAt> c = at.elements(2);
        return new Fp2(readFp(c.get(0)), readFp(c.get(1)));
    }

    /** A G1 point {@code [x, y, z]}, not checked to be on the curve. */
    public static G1 readG1(JsonAt at) {
        List<JsonAt> c = at.elements(3);
        Fp x = readFp(c.get(0)), y = readFp(c.get(1)), z = readFp(c.get(2));
        if (z.isZero()) {
            return G1.INFINITY;
        }
        return z.isOne() ? G1.affine(x, y) : G1.jacobian(x, y, z);
    }

    /** A G2 point {@code [x, y, z]} of Fp2 elements, not checked to be on the curve or in the subgroup. */
    public static G2 readG2(JsonAt at) {
        List<JsonAt> c = at.elements(3);
        Fp2 x = readFp2(c.get(0)), y = readFp2(c.get(1)), z = readFp2(c.get(2));
        if (z.isZero()) {
            return G2.INFINITY;
        }
        return z.isOne() ? G2.affine(x, y) : G2.jacobian(x, y, z);
    }

    /** A G1 point that must be on the curve (and so in G1). */
    public static G1 readG1Checked(JsonAt at) {
        G1 p = readG1(at);
        if (!p.isOnCurve()) {
            throw at.error("not a point of G1: " + describe(p) + " is not on the curve y² = x³ + 3");
        }
        return p;
    }

    /** A G2 point that must be on the twist and in the order-r subgroup. */
    public static G2 readG2Checked(JsonAt at) {
        G2 p = readG2(at);
        if (!p.isOnCurve()) {
            throw at.error("not a point of G2: " + describe(p) + " is not on the twist y² = x³ + 3/(9 + u)");
        }
        if (!p.isInSubgroup()) {
            throw at.error("not a point of G2: " + describe(p) + " is on the twist but not in the order-r subgroup");
        }
        return p;
    }

    /** The point, abbreviated for messages. */
    private static String describe(Object p) {
        String s = p.toString();
        return s.length() <= 120 ? s : s.substring(0, 110) + "…";
    }

    // ---------------------------------------------------------------- writing

    /** A non-negative integer as a decimal string. */
    public static TextNode toJson(BigInteger v) {
        if (v.signum() < 0) {
            throw new IllegalArgumentException("snarkjs JSON has no negative numbers: " + v);
        }
        return TextNode.valueOf(v.toString());
    }

    public static TextNode toJson(Fp v) {
        return TextNode.valueOf(v.toString());
    }

    public static TextNode toJson(Fr v) {
        return TextNode.valueOf(v.toString());
    }

    /** {@code [c0, c1]}. */
    public static ArrayNode toJson(Fp2 v) {
        return JsonText.NODES.arrayNode().add(toJson(v.c0())).add(toJson(v.c1()));
    }

    /** {@code [x, y, "1"]}, or {@code ["0", "1", "0"]} for infinity. */
    public static ArrayNode toJson(G1 p) {
        ArrayNode a = JsonText.NODES.arrayNode();
        if (p.isInfinity()) {
            return a.add("0").add("1").add("0");
        }
        G1 q = p.toAffine();
        return a.add(toJson(q.affineX())).add(toJson(q.affineY())).add("1");
    }

    /** {@code [[x.c0, x.c1], [y.c0, y.c1], ["1", "0"]]}, or {@code [["0","0"], ["1","0"], ["0","0"]]} for infinity. */
    public static ArrayNode toJson(G2 p) {
        ArrayNode a = JsonText.NODES.arrayNode();
        if (p.isInfinity()) {
            return a.add(toJson(Fp2.ZERO)).add(toJson(Fp2.ONE)).add(toJson(Fp2.ZERO));
        }
        G2 q = p.toAffine();
        return a.add(toJson(q.affineX())).add(toJson(q.affineY())).add(toJson(Fp2.ONE));
    }
}
