package io.zkml.core.encoding;

import io.zkml.core.curve.CurvePoint;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Objects;

/**
 * An array of G2 points, 128 bytes each: x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1, Montgomery form, little-endian; zeros for
 * infinity (see {@link PointArray}).
 */
public final class G2Points extends PointArray<G2> {

    /** Bytes of one point. */
    public static final int BYTES = SnarkjsBinary.G2_BYTES;

    private G2Points(String source, MemorySegment data, long fileOffset) {
        super(source, data, fileOffset, BYTES);
    }

    /** A view of encoded points; see {@link G1Points#view}. */
    public static G2Points view(String source, MemorySegment data, long fileOffset) {
        return new G2Points(source, data, fileOffset);
    }

    /** The points encoded into fresh memory (converted to affine form together, with one inversion). */
    public static G2Points of(List<G2> points) {
        Builder b = new Builder("memory", points.size());
        List<G2> affine = CurvePoint.batchToAffine(points);
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
    public G2 getChecked(long i) {
        G2 p = get(i);
        if (!p.isOnCurve()) {
            throw offCurve(i, "is not on the twist");
        }
        if (!p.isInSubgroup()) {
            throw offCurve(i, "is not in the order-r subgroup");
        }
        return p;
    }

    @Override
    public G2Points slice(long from, long count) {
        Objects.checkFromIndexSize(from, count, size());
        return new G2Points(source, data.asSlice(from * BYTES, count * BYTES), fileOffset + from * BYTES);
    }

    @Override
    G2 decode(long at) {
        return G2.fromAffineOrZero(new Fp2(fp(at, "x.c0"), fp(at + 32, "x.c1")), new Fp2(fp(at + 64, "y.c0"), fp(at + 96, "y.c1")));
    }

    private Fp fp(long at, String coordinate) {
        try {
            return Fp.fromMontgomeryLimbs(limb(at), limb(at + 8), limb(at + 16), limb(at + 24));
        } catch (IllegalArgumentException e) {
            throw notBelowP(at, coordinate);
        }
    }

    /** Fills a fresh array point by point; see {@link G1Points.Builder}. */
    public static final class Builder {
        private final String source;
        private final MemorySegment data;

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

        /** Stores point {@code i} (made affine here if it is not). */
        public Builder set(long i, G2 p) {
            Objects.checkIndex(i, size());
            long at = i * BYTES;
            if (p.isInfinity()) {
                data.asSlice(at, BYTES).fill((byte) 0);
                return this;
            }
            G2 a = p.toAffine();
            Fp2 x = a.affineX(), y = a.affineY();
            put(at, x.c0());
            put(at + 32, x.c1());
            put(at + 64, y.c0());
            put(at + 96, y.c1());
            return this;
        }

        private void put(long at, Fp v) {
            putLimbs(data, at, v.montgomeryLimb(0), v.montgomeryLimb(1), v.montgomeryLimb(2), v.montgomeryLimb(3));
        }

        /** Copies encoded points into positions {@code i}, {@code i + 1}, …. */
        public Builder setEncoded(long i, MemorySegment encoded) {
            Objects.checkFromIndexSize(i * BYTES, encoded.byteSize(), data.byteSize());
            MemorySegment.copy(encoded, 0, data, i * BYTES, encoded.byteSize());
            return this;
        }

        public G2Points build() {
            return new G2Points(source, data, 0);
        }
    }
}
