package io.zkml.core.encoding;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import io.zkml.core.field.Fr;
import io.zkml.core.io.BinFileWriter;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.SectionReader;
import java.io.IOException;
import java.math.BigInteger;

/**
 * The element encodings inside the circom/snarkjs binary files (the container itself is
 * {@link io.zkml.core.io.BinFile}). All are little-endian, n8 = 32 bytes per BN254 field element:
 * <ul>
 *   <li><b>plain</b>: the canonical value in [0, q) as 32 little-endian bytes. circom's {@code .r1cs}
 *       coefficients and the {@code .wtns} values are plain Fr ({@link #readFr}, {@link #writeFr}).
 *   <li><b>Montgomery</b>: a·2^256 mod q as 32 little-endian bytes, ffjavascript's in-memory form ("LEM").
 *       Points and most scalars in {@code .zkey} and {@code .ptau} files are in this form
 *       ({@link #readFrMontgomery}, {@link #readFpMontgomery}).
 *   <li>a G1 point is affine x ‖ y in Montgomery form (64 bytes); a G2 point is x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1
 *       (128 bytes), real part first; the point at infinity is all zeros (ffjavascript's {@code toRprLEM} /
 *       {@code fromRprLEM} with its all-zero {@code zeroAffine}).
 * </ul>
 * Every value read must be below its modulus; one that is not is a {@link FormatException} at its file offset.
 *
 * <p>{@link #readG1}/{@link #readG2} do not check that points are on the curve (for bulk reads of keys that
 * the caller verifies another way, or trusts); {@link #readG1Checked}/{@link #readG2Checked} check on-curve and,
 * for G2, subgroup membership.
 */
public final class SnarkjsBinary {

    /** Bytes of one field element (n8). */
    public static final int FIELD_BYTES = 32;
    public static final int G1_BYTES = 2 * FIELD_BYTES;
    public static final int G2_BYTES = 4 * FIELD_BYTES;

    private SnarkjsBinary() {
    }

    // ---------------------------------------------------------------- reading

    /** A plain Fr element (.r1cs, .wtns). */
    public static Fr readFr(SectionReader r) {
        long at = r.fileOffset();
        r.require(FIELD_BYTES, "field element");
        long l0 = r.rawLong(), l1 = r.rawLong(), l2 = r.rawLong(), l3 = r.rawLong();
        try {
            return Fr.fromCanonicalLimbs(l0, l1, l2, l3);
        } catch (IllegalArgumentException e) {
            throw r.errorAt(at, "value " + value(l0, l1, l2, l3) + " is not below the scalar-field modulus r");
        }
    }

    /** A Montgomery-form Fr element (.zkey). */
    public static Fr readFrMontgomery(SectionReader r) {
        long at = r.fileOffset();
        r.require(FIELD_BYTES, "field element");
        long l0 = r.rawLong(), l1 = r.rawLong(), l2 = r.rawLong(), l3 = r.rawLong();
        try {
            return Fr.fromMontgomeryLimbs(l0, l1, l2, l3);
        } catch (IllegalArgumentException e) {
            throw r.errorAt(at, "Montgomery form " + value(l0, l1, l2, l3) + " is not below the scalar-field modulus r");
        }
    }

    /** A Montgomery-form Fp element. */
    public static Fp readFpMontgomery(SectionReader r) {
        long at = r.fileOffset();
        r.require(FIELD_BYTES, "field element");
        long l0 = r.rawLong(), l1 = r.rawLong(), l2 = r.rawLong(), l3 = r.rawLong();
        try {
            return Fp.fromMontgomeryLimbs(l0, l1, l2, l3);
        } catch (IllegalArgumentException e) {
            throw r.errorAt(at, "Montgomery form " + value(l0, l1, l2, l3) + " is not below the base-field modulus p");
        }
    }

    /** A Montgomery-form Fp2 element, c0 then c1. */
    public static Fp2 readFp2Montgomery(SectionReader r) {
        r.require(2 * FIELD_BYTES, "Fp2 element");
        return new Fp2(readFpMontgomery(r), readFpMontgomery(r));
    }

    /** A G1 point x ‖ y; all zeros is infinity. Not checked to be on the curve. */
    public static G1 readG1(SectionReader r) {
        r.require(G1_BYTES, "G1 point");
        return G1.fromAffineOrZero(readFpMontgomery(r), readFpMontgomery(r));
    }

    /** A G2 point x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1; all zeros is infinity. Not checked to be on the curve or in G2. */
    public static G2 readG2(SectionReader r) {
        r.require(G2_BYTES, "G2 point");
        return G2.fromAffineOrZero(readFp2Montgomery(r), readFp2Montgomery(r));
    }

    /** A G1 point that must be on the curve. */
    public static G1 readG1Checked(SectionReader r) {
        long at = r.fileOffset();
        G1 p = readG1(r);
        if (!p.isOnCurve()) {
            throw r.errorAt(at, "not a point of G1: " + p + " is not on the curve");
        }
        return p;
    }

    /** A G2 point that must be on the twist and in the order-r subgroup. */
    public static G2 readG2Checked(SectionReader r) {
        long at = r.fileOffset();
        G2 p = readG2(r);
        if (!p.isOnCurve()) {
            throw r.errorAt(at, "not a point of G2: " + p + " is not on the twist");
        }
        if (!p.isInSubgroup()) {
            throw r.errorAt(at, "not a point of G2: " + p + " is not in the order-r subgroup");
        }
        return p;
    }

    /**
     * The field description that opens the header of {@code .r1cs}, {@code .wtns} and {@code .zkey} files:
     * n8 (u32), then the prime as an n8-byte plain integer. It must be n8 = 32 and the prime {@code expected}.
     *
     * @param fieldName the field's name for messages ("the scalar field r")
     * @throws FormatException for another field size or prime, naming the curve where the prime is a known one
     */
    public static void readModulus(SectionReader r, BigInteger expected, String fieldName) {
        long at = r.fileOffset();
        long n8 = r.u32();
        if (n8 != FIELD_BYTES) {
            throw r.errorAt(at, "field elements of " + n8 + " bytes: zkml reads BN254 files only (n8 = " + FIELD_BYTES + ")");
        }
        long primeAt = r.fileOffset();
        r.require(FIELD_BYTES, "prime");
        BigInteger prime = value(r.rawLong(), r.rawLong(), r.rawLong(), r.rawLong());
        if (!prime.equals(expected)) {
            throw r.errorAt(primeAt, "prime " + prime + KnownPrimes.describe(prime) + " is not BN254's " + fieldName + " = " + expected);
        }
    }

    // ---------------------------------------------------------------- writing

    /** The field description {@link #readModulus} reads: n8 = 32, then the prime as 32 plain bytes. */
    public static void writeModulus(BinFileWriter w, BigInteger prime) throws IOException {
        if (prime.signum() <= 0 || prime.bitLength() > 8 * FIELD_BYTES) {
            throw new IllegalArgumentException("prime must be positive and fit " + FIELD_BYTES + " bytes: " + prime);
        }
        w.u32(FIELD_BYTES);
        byte[] be = prime.toByteArray();
        byte[] le = new byte[FIELD_BYTES];
        for (int i = 0; i < Math.min(be.length, FIELD_BYTES); i++) {
            le[i] = be[be.length - 1 - i];
        }
        w.bytes(le);
    }

    /** A plain Fr element. */
    public static void writeFr(BinFileWriter w, Fr v) throws IOException {
        w.bytes(v.toBytesLE());
    }

    public static void writeFrMontgomery(BinFileWriter w, Fr v) throws IOException {
        for (int i = 0; i < 4; i++) {
            w.u64(v.montgomeryLimb(i));
        }
    }

    public static void writeFpMontgomery(BinFileWriter w, Fp v) throws IOException {
        for (int i = 0; i < 4; i++) {
            w.u64(v.montgomeryLimb(i));
        }
    }

    public static void writeFp2Montgomery(BinFileWriter w, Fp2 v) throws IOException {
        writeFpMontgomery(w, v.c0());
        writeFpMontgomery(w, v.c1());
    }

    public static void writeG1(BinFileWriter w, G1 p) throws IOException {
        w.bytes(toBytes(p));
    }

    public static void writeG2(BinFileWriter w, G2 p) throws IOException {
        w.bytes(toBytes(p));
    }

    /** x ‖ y in Montgomery form, 64 bytes; zeros for infinity. */
    public static byte[] toBytes(G1 p) {
        byte[] out = new byte[G1_BYTES];
        if (!p.isInfinity()) {
            G1 q = p.toAffine();
            System.arraycopy(q.affineX().toMontgomeryBytesLE(), 0, out, 0, FIELD_BYTES);
            System.arraycopy(q.affineY().toMontgomeryBytesLE(), 0, out, FIELD_BYTES, FIELD_BYTES);
        }
        return out;
    }

    /** x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1 in Montgomery form, 128 bytes; zeros for infinity. */
    public static byte[] toBytes(G2 p) {
        byte[] out = new byte[G2_BYTES];
        if (!p.isInfinity()) {
            G2 q = p.toAffine();
            Fp2 x = q.affineX(), y = q.affineY();
            System.arraycopy(x.c0().toMontgomeryBytesLE(), 0, out, 0, FIELD_BYTES);
            System.arraycopy(x.c1().toMontgomeryBytesLE(), 0, out, FIELD_BYTES, FIELD_BYTES);
            System.arraycopy(y.c0().toMontgomeryBytesLE(), 0, out, 2 * FIELD_BYTES, FIELD_BYTES);
            System.arraycopy(y.c1().toMontgomeryBytesLE(), 0, out, 3 * FIELD_BYTES, FIELD_BYTES);
        }
        return out;
    }

    private static BigInteger value(long l0, long l1, long l2, long l3) {
        BigInteger v = BigInteger.ZERO;
        for (long l : new long[] {l3, l2, l1, l0}) {
            v = v.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(l)));
        }
        return v;
    }
}
