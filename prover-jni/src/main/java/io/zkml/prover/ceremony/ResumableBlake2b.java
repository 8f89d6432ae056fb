package io.zkml.prover.ceremony;

import java.util.Arrays;

/**
 * Blake2b-512 whose state can be saved and resumed in the 216-byte form that snarkjs stores as a phase-1
 * contribution's {@code partialHash}: the hash of a response is taken over the whole new file and then the
 * contributor's public key, and the file keeps the state reached before the key, so that a verifier who holds
 * only the new file can still recompute the response hash.
 *
 * <p>The saved form is that of the JavaScript Blake2b snarkjs 0.7 uses (@noble/hashes): the 128-byte block
 * buffer, the eight state words as sixteen little-endian u32 (low half first), then u32 words: [16] the bytes
 * already compressed, [18] the bytes waiting in the buffer, the rest zero. The buffering follows that library
 * too (the last block of the input so far always waits in the buffer; whole blocks that are not the input's last
 * are compressed straight from the input and do not pass through the buffer), so that the saved buffer,
 * including bytes left over from earlier blocks, comes out byte for byte as snarkjs writes it.
 */
final class ResumableBlake2b {

    static final int STATE_BYTES = 216;
    private static final int BLOCK = 128;
    private static final long[] IV = {
        0x6a09e667f3bcc908L, 0xbb67ae8584caa73bL, 0x3c6ef372fe94f82bL, 0xa54ff53a5f1d36f1L,
        0x510e527fade682d1L, 0x9b05688c2b3e6c1fL, 0x1f83d9abfb41bd6bL, 0x5be0cd19137e2179L};
    private static final byte[][] SIGMA = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
        {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
        {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
        {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
        {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
        {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
        {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
        {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
        {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
        {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0}};

    private final long[] h = new long[8];
    private final byte[] buffer = new byte[BLOCK];
    private int pos;
    private long length; // bytes taken in, the buffered ones included

    ResumableBlake2b() {
        System.arraycopy(IV, 0, h, 0, 8);
        h[0] ^= 0x01010000L ^ 64;
    }

    /** Resumes from a saved state. */
    static ResumableBlake2b resume(byte[] state) {
        if (state.length != STATE_BYTES) {
            throw new IllegalArgumentException("a saved Blake2b state is " + STATE_BYTES + " bytes, not " + state.length);
        }
        ResumableBlake2b b = new ResumableBlake2b();
        System.arraycopy(state, 0, b.buffer, 0, BLOCK);
        for (int i = 0; i < 8; i++) {
            b.h[i] = u32(state, BLOCK + 8 * i) | u32(state, BLOCK + 8 * i + 4) << 32;
        }
        long compressed = u32(state, BLOCK + 64) | u32(state, BLOCK + 68) << 32;
        b.pos = (int) u32(state, BLOCK + 72);
        if (b.pos > BLOCK) {
            throw new IllegalArgumentException("a saved Blake2b state with " + b.pos + " buffered bytes (at most " + BLOCK + ")");
        }
        b.length = compressed + b.pos;
        return b;
    }

    /** The state in snarkjs's 216-byte form. */
    byte[] save() {
        byte[] s = new byte[STATE_BYTES];
        System.arraycopy(buffer, 0, s, 0, BLOCK);
        for (int i = 0; i < 8; i++) {
            putU32(s, BLOCK + 8 * i, h[i]);
            putU32(s, BLOCK + 8 * i + 4, h[i] >>> 32);
        }
        putU32(s, BLOCK + 64, length - pos);
        putU32(s, BLOCK + 72, pos);
        return s;
    }

    ResumableBlake2b update(byte[] data) {
        return update(data, 0, data.length);
    }

    ResumableBlake2b update(byte[] data, int off, int len) {
        int p = 0;
        while (p < len) {
            if (pos == BLOCK) {
                compress(buffer, 0, false);
                pos = 0;
            }
            int take = Math.min(BLOCK - pos, len - p);
            if (take == BLOCK && p + take < len) {
                while (p + BLOCK < len) {
                    length += BLOCK;
                    compress(data, off + p, false);
                    p += BLOCK;
                }
                continue;
            }
            System.arraycopy(data, off + p, buffer, pos, take);
            pos += take;
            length += take;
            p += take;
        }
        return this;
    }

    /** The 64-byte digest (the hash must not be used afterwards). */
    byte[] digest() {
        Arrays.fill(buffer, pos, BLOCK, (byte) 0);
        compress(buffer, 0, true);
        byte[] out = new byte[64];
        for (int i = 0; i < 8; i++) {
            putU32(out, 8 * i, h[i]);
            putU32(out, 8 * i + 4, h[i] >>> 32);
        }
        return out;
    }

    private void compress(byte[] block, int at, boolean last) {
        long[] m = new long[16];
        for (int i = 0; i < 16; i++) {
            m[i] = u32(block, at + 8 * i) | u32(block, at + 8 * i + 4) << 32;
        }
        long[] v = new long[16];
        System.arraycopy(h, 0, v, 0, 8);
        System.arraycopy(IV, 0, v, 8, 8);
        v[12] ^= length; // the byte counter's low word (inputs here stay far below 2^64 bytes)
        if (last) {
            v[14] = ~v[14];
        }
        for (int r = 0; r < 12; r++) {
            byte[] s = SIGMA[r % 10];
            g(v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
            g(v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
            g(v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
            g(v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
            g(v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
            g(v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
            g(v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
            g(v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
        }
        for (int i = 0; i < 8; i++) {
            h[i] ^= v[i] ^ v[i + 8];
        }
    }

    private static void g(long[] v, int a, int b, int c, int d, long x, long y) {
        v[a] += v[b] + x;
        v[d] = Long.rotateRight(v[d] ^ v[a], 32);
        v[c] += v[d];
        v[b] = Long.rotateRight(v[b] ^ v[c], 24);
        v[a] += v[b] + y;
        v[d] = Long.rotateRight(v[d] ^ v[a], 16);
        v[c] += v[d];
        v[b] = Long.rotateRight(v[b] ^ v[c], 63);
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private static void putU32(byte[] b, int at, long v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }
}
