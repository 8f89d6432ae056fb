package io.zkml.core.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A little-endian cursor over one section of a {@link BinFile} (or over any byte range): reads numbers and
 * bytes in order and turns every attempt to read past the end of the section into a {@link FormatException}
 * that names the file offset. Not thread-safe; open one per thread ({@link BinFile#reader(BinSection)} is
 * cheap), the data underneath is shared and read-only.
 *
 * <p>Readers call {@link #require(long, String)} before reading a record so that a truncated record is
 * reported by name ("truncated constraint 3 (need 36 bytes, 12 left)"); the primitive reads check too and name
 * the section.
 */
public final class SectionReader {

    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final String source;
    private final String label;
    private final MemorySegment data;
    private final long start;
    private final long size;
    private long pos;

    /**
     * A cursor over {@code size} bytes of {@code data} from {@code start}; {@code start} is also the offset that
     * error messages report for the first byte.
     */
    SectionReader(String source, String label, MemorySegment data, long start, long size) {
        this.source = Objects.requireNonNull(source, "source must not be null");
        this.label = Objects.requireNonNull(label, "label must not be null");
        this.data = data;
        this.start = start;
        this.size = size;
        if (start < 0 || size < 0 || start + size > data.byteSize()) {
            throw new IllegalArgumentException("range [" + start + ", " + (start + size) + ") outside the data (" + data.byteSize() + " bytes)");
        }
    }

    /** A cursor over a whole byte array, for encodings read outside a container (tests, native buffers). */
    public static SectionReader over(String source, byte[] bytes) {
        return new SectionReader(source, "input", MemorySegment.ofArray(bytes.clone()), 0, bytes.length);
    }

    /** The name of the input, for messages. */
    public String source() {
        return source;
    }

    /** The section size in bytes. */
    public long size() {
        return size;
    }

    /** Bytes read so far. */
    public long position() {
        return pos;
    }

    /** Bytes left in the section. */
    public long remaining() {
        return size - pos;
    }

    /** The file offset of the next byte to read. */
    public long fileOffset() {
        return start + pos;
    }

    /**
     * Checks that {@code n} more bytes are there.
     *
     * @param what the record about to be read, for the message ("constraint 3")
     * @throws FormatException naming {@code what} if fewer bytes are left
     */
    public void require(long n, String what) {
        if (n < 0 || n > remaining()) {
            throw truncated(what, n);
        }
    }

    /** The error for a record that needs {@code need} bytes where fewer are left. */
    public FormatException truncated(String what, long need) {
        return FormatException.atOffset(source, fileOffset(), "truncated " + what + " (need " + Long.toUnsignedString(need)
                + " bytes, " + remaining() + " left in " + label + ")");
    }

    private long advance(long n) {
        require(n, label);
        long at = start + pos;
        pos += n;
        return at;
    }

    /** An unsigned 32-bit number. */
    public long u32() {
        return Integer.toUnsignedLong(data.get(U32, advance(4)));
    }

    /**
     * An unsigned 32-bit number that must fit an int (a count or an index).
     *
     * @throws FormatException naming {@code what} if it is 2^31 or more
     */
    public int u32AsInt(String what) {
        long at = fileOffset();
        long v = u32();
        if (v > Integer.MAX_VALUE) {
            throw errorAt(at, what + " " + v + " is too large (at most " + Integer.MAX_VALUE + ")");
        }
        return (int) v;
    }

    /**
     * An unsigned 64-bit number that must fit a long (a count or a size).
     *
     * @throws FormatException naming {@code what} if it is 2^63 or more
     */
    public long u64(String what) {
        long at = fileOffset();
        long v = rawLong();
        if (v < 0) {
            throw errorAt(at, what + " " + Long.toUnsignedString(v) + " is too large (at most " + Long.MAX_VALUE + ")");
        }
        return v;
    }

    /** The next 8 bytes as a little-endian 64-bit word, any bit pattern (a limb of a field element). */
    public long rawLong() {
        return data.get(U64, advance(8));
    }

    /** A copy of the next {@code n} bytes. */
    public byte[] bytes(int n) {
        return data.asSlice(advance(n), n).toArray(ValueLayout.JAVA_BYTE);
    }

    /** A read-only view of the next {@code n} bytes (no copy), valid while the {@link BinFile} is open. */
    public MemorySegment slice(long n) {
        return data.asSlice(advance(n), n).asReadOnly();
    }

    /** Skips {@code n} bytes. */
    public void skip(long n) {
        advance(n);
    }

    /**
     * Checks that the whole section has been read.
     *
     * @param what what the section should have held, for the message ("the 10 constraints")
     * @throws FormatException if bytes are left over
     */
    public void expectEnd(String what) {
        if (remaining() != 0) {
            throw error(remaining() + " bytes left over in " + label + " after " + what);
        }
    }

    /** An error at the current offset. */
    public FormatException error(String detail) {
        return FormatException.atOffset(source, fileOffset(), detail);
    }

    /** An error at a file offset (one that {@link #fileOffset()} returned earlier). */
    public FormatException errorAt(long fileOffset, String detail) {
        return FormatException.atOffset(source, fileOffset, detail);
    }
}
