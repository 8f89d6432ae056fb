package io.zkml.prover.ceremony;

import java.util.Objects;

/**
 * The ChaCha20 keystream that snarkjs draws its ceremony randomness from (ffjavascript's {@code ChaCha}), word by
 * word. The state is the usual sixteen 32-bit words: the four constants of "expand 32-byte k", the eight seed
 * words as the key, and words 12 … 15 as one 128-bit block counter starting at zero (no nonce). Each block is
 * 20 rounds (ten double rounds) added to the state; its sixteen words are handed out in order, then the counter
 * is incremented.
 *
 * <p>The seed is always eight words read big-endian from the first 32 bytes of a hash ({@link #fromHash}). On
 * top of the words: {@link #nextU64()} is the first word as the high half and the second as the low half, and
 * {@link #nextBool()} the lowest bit of one word. Not thread-safe.
 */
public final class ChaCha {

    private static final int[] CONSTANTS = {0x61707865, 0x3320646E, 0x79622D32, 0x6B206574};

    private final int[] state = new int[16];
    private final int[] block = new int[16];
    private int next = 16;

    /** A stream keyed by eight 32-bit words. */
    public ChaCha(int[] seed) {
        Objects.requireNonNull(seed, "seed must not be null");
        if (seed.length != 8) {
            throw new IllegalArgumentException("a ChaCha seed is 8 words, not " + seed.length);
        }
        System.arraycopy(CONSTANTS, 0, state, 0, 4);
        System.arraycopy(seed, 0, state, 4, 8);
    }

    /** The stream snarkjs seeds from a hash: its first 32 bytes as eight big-endian words. */
    public static ChaCha fromHash(byte[] hash) {
        if (hash.length < 32) {
            throw new IllegalArgumentException("a ChaCha seed needs 32 bytes of hash, not " + hash.length);
        }
        int[] seed = new int[8];
        for (int i = 0; i < 8; i++) {
            seed[i] = (hash[4 * i] & 0xFF) << 24 | (hash[4 * i + 1] & 0xFF) << 16 | (hash[4 * i + 2] & 0xFF) << 8 | (hash[4 * i + 3] & 0xFF);
        }
        return new ChaCha(seed);
    }

    /** The next 32-bit word (as an int: use {@link Integer#toUnsignedLong} for its value). */
    public int nextU32() {
        if (next == 16) {
            refill();
        }
        return block[next++];
    }

    /** Two words, the first the high half. */
    public long nextU64() {
        long hi = nextU32() & 0xFFFFFFFFL;
        long lo = nextU32() & 0xFFFFFFFFL;
        return hi << 32 | lo;
    }

    /** The lowest bit of the next word. */
    public boolean nextBool() {
        return (nextU32() & 1) == 1;
    }

    private void refill() {
        System.arraycopy(state, 0, block, 0, 16);
        for (int i = 0; i < 10; i++) {
            quarterRound(block, 0, 4, 8, 12);
            quarterRound(block, 1, 5, 9, 13);
            quarterRound(block, 2, 6, 10, 14);
            quarterRound(block, 3, 7, 11, 15);
            quarterRound(block, 0, 5, 10, 15);
            quarterRound(block, 1, 6, 11, 12);
            quarterRound(block, 2, 7, 8, 13);
            quarterRound(block, 3, 4, 9, 14);
        }
        for (int i = 0; i < 16; i++) {
            block[i] += state[i];
        }
        next = 0;
        for (int i = 12; i < 16 && ++state[i] == 0; i++) {
            // carry into the next counter word
        }
    }

    private static void quarterRound(int[] s, int a, int b, int c, int d) {
        s[a] += s[b];
        s[d] = Integer.rotateLeft(s[d] ^ s[a], 16);
        s[c] += s[d];
        s[b] = Integer.rotateLeft(s[b] ^ s[c], 12);
        s[a] += s[b];
        s[d] = Integer.rotateLeft(s[d] ^ s[a], 8);
        s[c] += s[d];
        s[b] = Integer.rotateLeft(s[b] ^ s[c], 7);
    }
}
