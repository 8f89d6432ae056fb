package io.zkml.core.field;

import java.math.BigInteger;

/** Conversions between four little-endian 64-bit limbs, {@link BigInteger} and byte arrays. */
final class Limbs {

    private Limbs() {
    }

    static BigInteger toBigInteger(long l0, long l1, long l2, long l3) {
        byte[] be = new byte[33]; // leading zero byte keeps the value non-negative
        writeBE(be, 1, l0, l1, l2, l3);
        return new BigInteger(be);
    }

    /** Writes 32 bytes, most significant first. */
    static void writeBE(byte[] out, int off, long l0, long l1, long l2, long l3) {
        putLongBE(out, off, l3);
        putLongBE(out, off + 8, l2);
        putLongBE(out, off + 16, l1);
        putLongBE(out, off + 24, l0);
    }

    /** Writes 32 bytes, least significant first. */
    static void writeLE(byte[] out, int off, long l0, long l1, long l2, long l3) {
        putLongLE(out, off, l0);
        putLongLE(out, off + 8, l1);
        putLongLE(out, off + 16, l2);
        putLongLE(out, off + 24, l3);
    }

    /** Limb {@code i} (0 = least significant) of a 32-byte big-endian number. */
    static long readBE(byte[] in, int off, int i) {
        int p = off + 24 - 8 * i;
        long v = 0;
        for (int k = 0; k < 8; k++) {
            v = (v << 8) | (in[p + k] & 0xFF);
        }
        return v;
    }

    /** Limb {@code i} (0 = least significant) of a 32-byte little-endian number. */
    static long readLE(byte[] in, int off, int i) {
        int p = off + 8 * i;
        long v = 0;
        for (int k = 7; k >= 0; k--) {
            v = (v << 8) | (in[p + k] & 0xFF);
        }
        return v;
    }

    private static void putLongBE(byte[] out, int off, long v) {
        for (int k = 7; k >= 0; k--) {
            out[off + k] = (byte) v;
            v >>>= 8;
        }
    }

    private static void putLongLE(byte[] out, int off, long v) {
        for (int k = 0; k < 8; k++) {
            out[off + k] = (byte) v;
            v >>>= 8;
        }
    }
}
