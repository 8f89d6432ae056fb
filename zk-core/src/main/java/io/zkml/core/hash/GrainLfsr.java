package io.zkml.core.hash;

import java.math.BigInteger;

/**
 * The Grain LFSR in self-shrinking mode, the pseudo-random source of the Poseidon paper (Grassi et al., eprint
 * 2019/458, appendix F) for round constants and MDS matrices.
 *
 * <p>80 bits of state b0..b79; a step computes {@code b0 ⊕ b13 ⊕ b23 ⊕ b38 ⊕ b51 ⊕ b62}, drops b0 and appends
 * the new bit. The state is seeded from the instance's parameters, most significant bit first: the field type
 * (2 bits, 1 = prime field), the S-box type (4 bits, 0 = x^α), the field size n in bits (12 bits), the width t
 * (12 bits), R_F (10 bits), R_P (10 bits) and 30 one bits; the first 160 steps are discarded. Output bits come
 * in pairs: for a pair (a, b), b is emitted when a = 1 and the pair is dropped when a = 0.
 */
final class GrainLfsr {

    /** b0..b63 in bits 0..63 of {@code low}, b64..b79 in bits 0..15 of {@code high}. */
    private long low, high;

    GrainLfsr(int fieldType, int sboxType, int fieldBits, int width, int fullRounds, int partialRounds) {
        int pos = 0;
        pos = seed(pos, fieldType, 2);
        pos = seed(pos, sboxType, 4);
        pos = seed(pos, fieldBits, 12);
        pos = seed(pos, width, 12);
        pos = seed(pos, fullRounds, 10);
        pos = seed(pos, partialRounds, 10);
        while (pos < 80) {
            set(pos++);
        }
        for (int i = 0; i < 160; i++) {
            step();
        }
    }

    private int seed(int pos, int value, int bits) {
        if (value < 0 || value >= 1 << bits) {
            throw new IllegalArgumentException("Grain seed value " + value + " does not fit in " + bits + " bits");
        }
        for (int i = bits - 1; i >= 0; i--, pos++) {
            if (((value >>> i) & 1) != 0) {
                set(pos);
            }
        }
        return pos;
    }

    private void set(int i) {
        if (i < 64) {
            low |= 1L << i;
        } else {
            high |= 1L << (i - 64);
        }
    }

    private boolean step() {
        long bit = (low ^ (low >>> 13) ^ (low >>> 23) ^ (low >>> 38) ^ (low >>> 51) ^ (low >>> 62)) & 1;
        low = (low >>> 1) | (high << 63); // drop b0
        high = (high >>> 1) | (bit << 15); // the new bit is b79
        return bit != 0;
    }

    /** The next output bit of the self-shrinking generator. */
    boolean nextBit() {
        while (true) {
            boolean keep = step();
            boolean bit = step();
            if (keep) {
                return bit;
            }
        }
    }

    /** The next {@code bits} output bits as an unsigned integer, the first bit most significant. */
    BigInteger nextBits(int bits) {
        byte[] be = new byte[(bits + 7) / 8 + 1]; // a leading zero byte keeps the value non-negative
        int total = (be.length - 1) * 8;
        for (int i = 0; i < bits; i++) {
            if (nextBit()) {
                int k = total - bits + i; // bit position counted from the top of the value bytes
                be[1 + k / 8] |= (byte) (0x80 >>> (k % 8));
            }
        }
        return new BigInteger(be);
    }

    /** The next value below {@code modulus} by rejection sampling on {@code bits}-bit integers. */
    BigInteger nextBelow(BigInteger modulus, int bits) {
        while (true) {
            BigInteger v = nextBits(bits);
            if (v.compareTo(modulus) < 0) {
                return v;
            }
        }
    }
}
