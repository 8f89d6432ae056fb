package io.zkml.core.encoding;

import io.zkml.core.curve.CurvePoint;
import io.zkml.core.io.FormatException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A read-only array of curve points in snarkjs's binary encoding ({@link SnarkjsBinary}: affine, Montgomery
 * form, little-endian, all zeros for infinity), over a {@link MemorySegment}: a section of a memory-mapped
 * {@code .zkey} or {@code .ptau}, or memory that a computation filled. Points are decoded one at a time on
 * access, so an array of millions of points costs nothing until it is read, and the segment can be handed as
 * it is to native code.
 *
 * <p>{@link #get(long)} checks that each coordinate is below p (a {@link FormatException} at the point's file
 * offset otherwise) but not that the point is on the curve; {@link #getChecked(long)} checks that too.
 *
 * @param <P> {@link io.zkml.core.curve.G1} or {@link io.zkml.core.curve.G2}
 */
public abstract sealed class PointArray<P extends CurvePoint<?, P>> permits G1Points, G2Points {

    static final ValueLayout.OfLong LIMB = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    final String source;
    final MemorySegment data;
    final long fileOffset;

    PointArray(String source, MemorySegment data, long fileOffset, int pointBytes) {
        this.source = Objects.requireNonNull(source, "source must not be null");
        this.data = data.asReadOnly();
        this.fileOffset = fileOffset;
        if (fileOffset < 0) {
            throw new IllegalArgumentException("file offset must not be negative: " + fileOffset);
        }
        if (data.byteSize() % pointBytes != 0) {
            throw FormatException.atOffset(source, fileOffset, data.byteSize() + " bytes is not a whole number of "
                    + pointBytes + "-byte points");
        }
    }

    /** Bytes per point: 64 for G1, 128 for G2. */
    public abstract int pointBytes();

    /** The number of points. */
    public final long size() {
        return data.byteSize() / pointBytes();
    }

    /** The encoded points, read-only, without copying. */
    public final MemorySegment segment() {
        return data;
    }

    /** The name of the file (or computation) the points come from, for messages. */
    public final String source() {
        return source;
    }

    /** The file offset of the first point (0 for points that are not in a file). */
    public final long fileOffset() {
        return fileOffset;
    }

    /**
     * Point {@code i}, not checked to be on the curve.
     *
     * @throws IndexOutOfBoundsException if {@code i} is not below {@link #size()}
     * @throws FormatException if a coordinate is not below p
     */
    public final P get(long i) {
        Objects.checkIndex(i, size());
        return decode(i * pointBytes());
    }

    /**
     * Point {@code i}, checked to be on the curve and (for G2) in the order-r subgroup.
     *
     * @throws FormatException if it is not, or a coordinate is not below p
     */
    public abstract P getChecked(long i);

    /** Points {@code from} … {@code from + count − 1}. */
    public final List<P> list(long from, int count) {
        Objects.checkFromIndexSize(from, count, size());
        List<P> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            out.add(decode((from + k) * pointBytes()));
        }
        return out;
    }

    /** Every point, in order (for small arrays: the IC of a key, a header). */
    public final List<P> toList() {
        if (size() > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(size() + " points do not fit a list");
        }
        return list(0, (int) size());
    }

    /** Calls {@code action} on points {@code from} (inclusive) … {@code to} (exclusive), in order. */
    public final void forEach(long from, long to, Consumer<? super P> action) {
        Objects.checkFromToIndex(from, to, size());
        for (long i = from; i < to; i++) {
            action.accept(decode(i * pointBytes()));
        }
    }

    /** The points {@code from} … {@code from + count − 1} as an array of their own (no copy). */
    public abstract PointArray<P> slice(long from, long count);

    /**
     * The index of the first point whose encoding differs from {@code other}'s, or −1 if both hold the same
     * points; if one is a prefix of the other, the length of the shorter.
     */
    public final long mismatch(PointArray<P> other) {
        long byteIndex = data.mismatch(other.data);
        return byteIndex < 0 ? -1 : byteIndex / pointBytes();
    }

    /** Whether both arrays hold the same points in the same encoding. */
    public final boolean contentEquals(PointArray<P> other) {
        return mismatch(other) < 0;
    }

    /** Decodes the point at byte offset {@code at} of the segment. */
    abstract P decode(long at);

    final long limb(long at) {
        return data.get(LIMB, at);
    }

    /** The error for a coordinate at byte {@code at} of the segment that is not below p. */
    final FormatException notBelowP(long at, String coordinate) {
        return FormatException.atOffset(source, fileOffset + at, "point " + at / pointBytes() + ": " + coordinate
                + " is not below the base-field modulus p (Montgomery form)");
    }

    final FormatException offCurve(long i, String why) {
        return FormatException.atOffset(source, fileOffset + i * pointBytes(), "point " + i + " " + why);
    }

    static MemorySegment allocate(long bytes) {
        return bytes == 0 ? MemorySegment.ofArray(new byte[0]) : Arena.ofAuto().allocate(bytes, 8);
    }

    static void putLimbs(MemorySegment dst, long at, long l0, long l1, long l2, long l3) {
        dst.set(LIMB, at, l0);
        dst.set(LIMB, at + 8, l1);
        dst.set(LIMB, at + 16, l2);
        dst.set(LIMB, at + 24, l3);
    }
}
