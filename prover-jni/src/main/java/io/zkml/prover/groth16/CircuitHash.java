package io.zkml.prover.groth16;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.encoding.G1Points;
import io.zkml.core.encoding.G2Points;
import io.zkml.core.encoding.PointArray;
import io.zkml.core.encoding.SnarkjsBinary;
import io.zkml.core.field.Fp;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * snarkjs's circuit hash ({@code csHash}, section 10 of a {@code .zkey}): Blake2b-512 over the initial key's
 * points in ffjavascript's "uncompressed" encoding and a few counts. The encoding of a point: each
 * coordinate in canonical (not Montgomery) form, big-endian; an F_p² coordinate c0 + c1·u as c1 ‖ c0 (the
 * bytes of c0 ‖ c1 reversed as one 64-byte number); the point at infinity as zeros. Counts are u32
 * big-endian.
 */
final class CircuitHash {

    private static final ValueLayout.OfLong LIMB = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int CHUNK_POINTS = 1024;

    private final Blake2bDigest digest = new Blake2bDigest(512);

    /** A count, u32 big-endian. */
    CircuitHash u32(long n) {
        digest.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n}, 0, 4);
        return this;
    }

    CircuitHash bytes(byte[] b) {
        digest.update(b, 0, b.length);
        return this;
    }

    CircuitHash point(G1 p) {
        return points(G1Points.of(java.util.List.of(p)));
    }

    CircuitHash point(G2 p) {
        return points(G2Points.of(java.util.List.of(p)));
    }

    /** Every point of the array, in order. */
    CircuitHash points(PointArray<?> a) {
        int size = a.pointBytes();
        MemorySegment s = a.segment();
        byte[] buf = new byte[CHUNK_POINTS * size];
        long n = a.size();
        for (long i = 0; i < n; i += CHUNK_POINTS) {
            int k = (int) Math.min(CHUNK_POINTS, n - i);
            for (int j = 0; j < k; j++) {
                uncompressed(s, (i + j) * size, size, buf, j * size);
            }
            digest.update(buf, 0, k * size);
        }
        return this;
    }

    byte[] digest() {
        byte[] out = new byte[64];
        digest.doFinal(out, 0);
        return out;
    }

    /**
     * ffjavascript's {@code LEMtoU} of the point of {@code size} bytes (64 or 128) at byte {@code at} of
     * {@code s}, into {@code out[off …]}.
     */
    static void uncompressed(MemorySegment s, long at, int size, byte[] out, int off) {
        boolean zero = true;
        for (int i = 0; i < size; i += 8) {
            zero &= s.get(LIMB, at + i) == 0;
        }
        if (zero) {
            java.util.Arrays.fill(out, off, off + size, (byte) 0);
            return;
        }
        // G1: x, y; G2: x.c1, x.c0, y.c1, y.c0 (each F_p² coordinate's two halves swap when reversed)
        int coordinates = size / SnarkjsBinary.FIELD_BYTES;
        for (int c = 0; c < coordinates; c++) {
            int source = size == SnarkjsBinary.G1_BYTES ? c : (c ^ 1);
            long p = at + (long) source * SnarkjsBinary.FIELD_BYTES;
            Fp v = Fp.fromMontgomeryLimbs(s.get(LIMB, p), s.get(LIMB, p + 8), s.get(LIMB, p + 16), s.get(LIMB, p + 24));
            System.arraycopy(v.toBytesBE(), 0, out, off + c * SnarkjsBinary.FIELD_BYTES, SnarkjsBinary.FIELD_BYTES);
        }
    }
}
