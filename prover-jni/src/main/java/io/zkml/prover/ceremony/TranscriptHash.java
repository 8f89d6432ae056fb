package io.zkml.prover.ceremony;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fp;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Blake2b-512 over points in ffjavascript's "uncompressed" encoding, as snarkjs hashes ceremony transcripts and
 * public keys: each affine coordinate canonical and big-endian, an F_p² coordinate c0 + c1·u as c1 ‖ c0, the
 * point at infinity as zeros (64 bytes for G1, 128 for G2).
 */
public final class TranscriptHash {

    private final Blake2bDigest digest;

    public TranscriptHash() {
        this.digest = new Blake2bDigest(512);
    }

    private TranscriptHash(Blake2bDigest state) {
        this.digest = new Blake2bDigest(state);
    }

    /** An independent hash in the same state. */
    public TranscriptHash copy() {
        return new TranscriptHash(digest);
    }

    public TranscriptHash bytes(byte[] b) {
        digest.update(b, 0, b.length);
        return this;
    }

    public TranscriptHash point(G1 p) {
        return bytes(uncompressed(p));
    }

    public TranscriptHash point(G2 p) {
        return bytes(uncompressed(p));
    }

    /** The 64-byte digest; the hash is reset afterwards. */
    public byte[] digest() {
        byte[] out = new byte[64];
        digest.doFinal(out, 0);
        return out;
    }

    /** x ‖ y, 64 bytes. */
    public static byte[] uncompressed(G1 p) {
        byte[] out = new byte[64];
        if (!p.isInfinity()) {
            G1 a = p.toAffine();
            put(out, 0, a.affineX());
            put(out, 32, a.affineY());
        }
        return out;
    }

    /** x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0, 128 bytes. */
    public static byte[] uncompressed(G2 p) {
        byte[] out = new byte[128];
        if (!p.isInfinity()) {
            G2 a = p.toAffine();
            put(out, 0, a.affineX().c1());
            put(out, 32, a.affineX().c0());
            put(out, 64, a.affineY().c1());
            put(out, 96, a.affineY().c0());
        }
        return out;
    }

    private static void put(byte[] out, int at, Fp v) {
        System.arraycopy(v.toBytesBE(), 0, out, at, 32);
    }

    /**
     * snarkjs's display of a 64-byte hash (the form in which participants compare contribution hashes): four lines
     * of four 8-digit big-endian words, each line indented by two tabs.
     */
    public static String format(byte[] hash) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                s.append('\n');
            }
            s.append("\t\t");
            for (int j = 0; j < 4; j++) {
                if (j > 0) {
                    s.append(' ');
                }
                int at = i * 16 + j * 4;
                s.append(String.format("%02x%02x%02x%02x", hash[at], hash[at + 1], hash[at + 2], hash[at + 3]));
            }
        }
        return s.toString();
    }
}
