package io.zkml.core.encoding;

import io.zkml.core.curve.CurvePoint;
import io.zkml.core.curve.G1;
import io.zkml.core.field.Fp;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Objects;

/** An array of G1 points, 64 bytes each: x ‖ y, Montgomery form, little-endian; zeros for infinity (see {@link PointArray}). */
public final class G1Points extends PointArray<G1> {

    /** Bytes of one point. */
    public static final int BYTES = SnarkjsBinary.G1_BYTES;

    private G1Points(String source, MemorySegment data, long fileOffset) {
        super(source, data, fileOffset, BYTES);
    }

    /**
     * A view of encoded points (not copied; the segment must stay valid while the view is used).
     *
     * @param source the file name, for messages
     * @param fileOffset the file offset of the first byte, for messages
     * @throws io.zkml.core.io.FormatException if the size is not a multiple of 64
     */
    public static G1Points view(String source, MemorySegment data, long fileOffset) {
        return new G1Points(source, data, fileOffset);
    }

    /** The points encoded into fresh memory (converted to affine form together, with one inversion). */
    public static G1Points of(List<G1> points) {
        Builder b = new Builder("memory", points.size());
        List<G1> affine = CurvePoint.batchToAffine(points);
        for (int i = 0; i < affine.size(); i++) {
            b.set(i, affine.get(i));
        }
        return b.build();
    }

    @Override
    public int pointBytes() {
        return BYTES;
    }

    @Override
    public G1 getChecked(long i) {
        G1 p = get(i);
        if (!p.isOnCurve()) {
            throw offCurve(i, "is not on the curve");
        }
        return p;
    }

    @Override
    public G1Points slice(long from, long count) {
        Objects.checkFromIndexSize(from, count, size());
        return new G1Points(source, data.asSlice(from * BYTES, count * BYTES), fileOffset + from * BYTES);
    }

    @Override
    G1 decode(long at) {
        return G1.fromAffineOrZero(fp(at, "x"), fp(at + 32, "y"));
    }

    private Fp fp(long at, String coordinate) {
        try {
            return Fp.fromMontgomeryLimbs(limb(at), limb(at + 8), limb(at + 16), limb(at + 24));
        } catch (IllegalArgumentException e) {
            throw notBelowP(at, coordinate);
        }
    }

    /**
     * Fills a fresh array point by point; {@link #set} may be called from several threads for different
     * indices. Unset points are infinity.
     */
    public static final class Builder {
        private final String source;
        private final MemorySegment data;

        /** @param source a name for the result, for messages */
        public Builder(String source, long size) {
            if (size < 0) {
                throw new IllegalArgumentException("size must not be negative: " + size);
            }
            this.source = source;
            this.data = allocate(size * BYTES);
        }

        public long size() {
            return data.byteSize() / BYTES;
        }

        /** Stores point {@code i} (made affine here if it is not: convert in batches before, for speed). */
        public Builder set(long i, G1 p) {
            Objects.checkIndex(i, size());
            long at = i * BYTES;
            if (p.isInfinity()) {
                data.asSlice(at, BYTES).fill((byte) 0);
                return this;
            }
            G1 a = p.toAffine();
            Fp x = a.affineX(), y = a.affineY();
            putLimbs(data, at, x.montgomeryLimb(0), x.montgomeryLimb(1), x.montgomeryLimb(2), x.montgomeryLimb(3));
            putLimbs(data, at + 32, y.montgomeryLimb(0), y.montgomeryLimb(1), y.montgomeryLimb(2), y.montgomeryLimb(3));
            return this;
        }

        /** Copies encoded points into positions {@code i}, {@code i + 1}, …. */
        public Builder setEncoded(long i, MemorySegment encoded) {
            Objects.checkFromIndexSize(i * BYTES, encoded.byteSize(), data.byteSize());
            MemorySegment.copy(encoded, 0, data, i * BYTES, encoded.byteSize());
            return this;
        }

        /** The array; the builder must not be used afterwards. */
        public G1Points build() {
            return new G1Points(source, data, 0);
        }
    }
}
