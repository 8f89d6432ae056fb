package io.zkml.core.encoding;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import io.zkml.core.io.FormatException;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The EVM ABI encoding, as the BN254 precompiles (EIP-196 add and mul at 0x06/0x07, EIP-197 pairing at 0x08)
 * and Solidity verifiers read it:
 * <ul>
 *   <li>a number (an Fp coordinate, an Fr scalar, a public signal) is one 32-byte big-endian word, a
 *       {@code uint256};
 *   <li>a G1 point is (x, y), two words, 64 bytes;
 *   <li>a G2 point is (x.c1, x.c0, y.c1, y.c0), four words, 128 bytes: each Fp2 coordinate c0 + c1·u with its
 *       imaginary part first (EIP-197);
 *   <li>the point at infinity is all zeros, in G1 and G2.
 * </ul>
 * A Groth16 proof and its public signals are the arguments of snarkjs's
 * {@code verifyProof(uint[2] a, uint[2][2] b, uint[2] c, uint[N] pub)}: a, b, c as above, then one word per
 * signal ({@link #encodeCall}); {@link #soliditycalldata} prints the same as the text of
 * {@code snarkjs zkey export soliditycalldata}. Hex strings are {@code 0x} followed by lowercase digits.
 *
 * <p>{@link #decodeG1}/{@link #decodeG2} check only that every coordinate is below p; {@link #decodeG1Checked}
 * and {@link #decodeG2Checked} also check that the point is on the curve and (G2) in the order-r subgroup, as
 * the precompiles do: for untrusted input.
 */
public final class EvmAbi {

    /** Bytes in a word. */
    public static final int WORD = 32;
    public static final int G1_BYTES = 2 * WORD;
    public static final int G2_BYTES = 4 * WORD;
    /** Bytes of an encoded proof: a, b, c. */
    public static final int PROOF_BYTES = 2 * G1_BYTES + G2_BYTES;

    private static final String SOURCE = "EVM ABI data";
    private static final BigInteger WORD_LIMIT = BigInteger.ONE.shiftLeft(256);

    private EvmAbi() {
    }

    // ---------------------------------------------------------------- words

    /**
     * The 32-byte big-endian word of {@code v}.
     *
     * @throws IllegalArgumentException unless 0 ≤ v < 2^256
     */
    public static byte[] word(BigInteger v) {
        if (v.signum() < 0 || v.compareTo(WORD_LIMIT) >= 0) {
            throw new IllegalArgumentException("value does not fit a uint256 word: " + v);
        }
        byte[] raw = v.toByteArray();
        byte[] out = new byte[WORD];
        int n = Math.min(raw.length, WORD); // a leading sign byte is dropped
        System.arraycopy(raw, raw.length - n, out, WORD - n, n);
        return out;
    }

    /** The word at {@code off} as an unsigned number. */
    public static BigInteger readWord(byte[] in, int off) {
        requireBytes(in, off, WORD);
        byte[] w = new byte[WORD];
        System.arraycopy(in, off, w, 0, WORD);
        return new BigInteger(1, w);
    }

    public static byte[] encode(Fp v) {
        return v.toBytesBE();
    }

    public static byte[] encode(Fr v) {
        return v.toBytesBE();
    }

    /** A base-field element; the word must be below p. */
    public static Fp decodeFp(byte[] in, int off) {
        BigInteger v = readWord(in, off);
        if (!Fp.isCanonical(v)) {
            throw FormatException.atOffset(SOURCE, off, "coordinate " + v + " is not below the base-field modulus p");
        }
        return Fp.ofCanonical(v);
    }

    /** A scalar-field element; the word must be below r. */
    public static Fr decodeFr(byte[] in, int off) {
        BigInteger v = readWord(in, off);
        if (!Fr.isCanonical(v)) {
            throw FormatException.atOffset(SOURCE, off, "scalar " + v + " is not below the scalar-field modulus r");
        }
        return Fr.ofCanonical(v);
    }

    // ---------------------------------------------------------------- points

    /** (x, y), or 64 zero bytes for infinity. */
    public static byte[] encode(G1 p) {
        byte[] out = new byte[G1_BYTES];
        if (!p.isInfinity()) {
            G1 q = p.toAffine();
            System.arraycopy(q.affineX().toBytesBE(), 0, out, 0, WORD);
            System.arraycopy(q.affineY().toBytesBE(), 0, out, WORD, WORD);
        }
        return out;
    }

    /** (x.c1, x.c0, y.c1, y.c0), or 128 zero bytes for infinity. */
    public static byte[] encode(G2 p) {
        byte[] out = new byte[G2_BYTES];
        if (!p.isInfinity()) {
            G2 q = p.toAffine();
            Fp2 x = q.affineX(), y = q.affineY();
            System.arraycopy(x.c1().toBytesBE(), 0, out, 0, WORD);
            System.arraycopy(x.c0().toBytesBE(), 0, out, WORD, WORD);
            System.arraycopy(y.c1().toBytesBE(), 0, out, 2 * WORD, WORD);
            System.arraycopy(y.c0().toBytesBE(), 0, out, 3 * WORD, WORD);
        }
        return out;
    }

    /** A G1 point (x, y); all zeros is infinity. Not checked to be on the curve. */
    public static G1 decodeG1(byte[] in, int off) {
        requireBytes(in, off, G1_BYTES);
        return G1.fromAffineOrZero(decodeFp(in, off), decodeFp(in, off + WORD));
    }

    /** A G2 point (x.c1, x.c0, y.c1, y.c0); all zeros is infinity. Not checked to be on the curve or in G2. */
    public static G2 decodeG2(byte[] in, int off) {
        requireBytes(in, off, G2_BYTES);
        Fp2 x = new Fp2(decodeFp(in, off + WORD), decodeFp(in, off));
        Fp2 y = new Fp2(decodeFp(in, off + 3 * WORD), decodeFp(in, off + 2 * WORD));
        return G2.fromAffineOrZero(x, y);
    }

    /** A G1 point that must be on the curve. */
    public static G1 decodeG1Checked(byte[] in, int off) {
        G1 p = decodeG1(in, off);
        if (!p.isOnCurve()) {
            throw FormatException.atOffset(SOURCE, off, "not a point of G1: " + p + " is not on the curve");
        }
        return p;
    }

    /** A G2 point that must be on the twist and in the order-r subgroup. */
    public static G2 decodeG2Checked(byte[] in, int off) {
        G2 p = decodeG2(in, off);
        if (!p.isOnCurve()) {
            throw FormatException.atOffset(SOURCE, off, "not a point of G2: " + p + " is not on the twist");
        }
        if (!p.isInSubgroup()) {
            throw FormatException.atOffset(SOURCE, off, "not a point of G2: " + p + " is not in the order-r subgroup");
        }
        return p;
    }

    // ---------------------------------------------------------------- Groth16

    /** a ‖ b ‖ c: 256 bytes. */
    public static byte[] encode(Proof proof) {
        byte[] out = new byte[PROOF_BYTES];
        System.arraycopy(encode(proof.a()), 0, out, 0, G1_BYTES);
        System.arraycopy(encode(proof.b()), 0, out, G1_BYTES, G2_BYTES);
        System.arraycopy(encode(proof.c()), 0, out, G1_BYTES + G2_BYTES, G1_BYTES);
        return out;
    }

    /** A proof a ‖ b ‖ c with every point checked (on the curve, B in G2). */
    public static Proof decodeProofChecked(byte[] in, int off) {
        requireBytes(in, off, PROOF_BYTES);
        return new Proof(decodeG1Checked(in, off), decodeG2Checked(in, off + G1_BYTES), decodeG1Checked(in, off + G1_BYTES + G2_BYTES));
    }

    /**
     * The ABI-encoded arguments of {@code verifyProof(uint[2], uint[2][2], uint[2], uint[N])} (static arrays,
     * so no offsets): the proof, then one word per public signal. The 4-byte function selector is not included.
     *
     * @throws IllegalArgumentException if a public signal is negative or does not fit a word
     */
    public static byte[] encodeCall(Proof proof, List<BigInteger> publicSignals) {
        byte[] out = new byte[PROOF_BYTES + WORD * publicSignals.size()];
        System.arraycopy(encode(proof), 0, out, 0, PROOF_BYTES);
        for (int i = 0; i < publicSignals.size(); i++) {
            System.arraycopy(signalWord(publicSignals, i), 0, out, PROOF_BYTES + WORD * i, WORD);
        }
        return out;
    }

    /**
     * The text that {@code snarkjs zkey export soliditycalldata} prints for this proof and these public
     * signals (without the final newline), for pasting into a call of {@code verifyProof}:
     * <pre>["0x…", "0x…"],[["0x…", "0x…"],["0x…", "0x…"]],["0x…", "0x…"],["0x…","0x…",…]</pre>
     * a = (x, y), b = ((x.c1, x.c0), (y.c1, y.c0)), c = (x, y), then the signals, each a 64-digit word
     * (infinity as zeros).
     *
     * @throws IllegalArgumentException if a public signal is negative or does not fit a word
     */
    public static String soliditycalldata(Proof proof, List<BigInteger> publicSignals) {
        byte[] a = encode(proof.a()), b = encode(proof.b()), c = encode(proof.c());
        StringBuilder sb = new StringBuilder();
        sb.append('[').append(quoted(a, 0)).append(", ").append(quoted(a, 1)).append("],");
        sb.append("[[").append(quoted(b, 0)).append(", ").append(quoted(b, 1)).append("],[")
                .append(quoted(b, 2)).append(", ").append(quoted(b, 3)).append("]],");
        sb.append('[').append(quoted(c, 0)).append(", ").append(quoted(c, 1)).append("],");
        sb.append('[');
        for (int i = 0; i < publicSignals.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('"').append(hex(signalWord(publicSignals, i))).append('"');
        }
        return sb.append(']').toString();
    }

    private static byte[] signalWord(List<BigInteger> signals, int i) {
        BigInteger v = Objects.requireNonNull(signals.get(i), "public signal must not be null");
        if (v.signum() < 0 || v.compareTo(WORD_LIMIT) >= 0) {
            throw new IllegalArgumentException("public signal " + i + " does not fit a uint256 word: " + v);
        }
        return word(v);
    }

    private static String quoted(byte[] words, int i) {
        return "\"0x" + HexFormat.of().formatHex(words, WORD * i, WORD * (i + 1)) + "\"";
    }

    // ---------------------------------------------------------------- hex

    /** {@code 0x} followed by two lowercase hex digits per byte. */
    public static String hex(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    /** The word of {@code v} as {@code 0x} and 64 hex digits. */
    public static String hexWord(BigInteger v) {
        return hex(word(v));
    }

    /**
     * The bytes of a hex string, with or without {@code 0x}; upper and lower case digits.
     *
     * @throws FormatException for an odd number of digits or a non-hex character
     */
    public static byte[] fromHex(String hex) {
        String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (digits.length() % 2 != 0) {
            throw FormatException.of("hex string", "odd number of hex digits (" + digits.length() + ")");
        }
        for (int i = 0; i < digits.length(); i++) {
            char ch = digits.charAt(i);
            if (!(ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f' || ch >= 'A' && ch <= 'F')) {
                throw FormatException.at("hex string", "character " + i, "not a hex digit: '" + ch + "'");
            }
        }
        return HexFormat.of().parseHex(digits);
    }

    private static void requireBytes(byte[] in, int off, int n) {
        if (off < 0 || off > in.length || in.length - off < n) {
            throw FormatException.atOffset(SOURCE, Math.max(off, 0), "truncated: need " + n + " bytes, "
                    + Math.max(0, in.length - Math.max(off, 0)) + " left");
        }
    }
}
