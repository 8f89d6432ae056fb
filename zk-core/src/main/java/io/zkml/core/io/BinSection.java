package io.zkml.core.io;

/**
 * Where one section of a {@link BinFile} lies: its type, the file offset of its first payload byte (just after
 * the 12-byte section header) and its payload size in bytes.
 *
 * @param type the section type, an unsigned 32-bit number read as an int
 * @param offset the file offset of the payload
 * @param size the payload size in bytes
 */
public record BinSection(int type, long offset, long size) {

    public BinSection {
        if (offset < 0 || size < 0) {
            throw new IllegalArgumentException("section offset and size must not be negative: offset " + offset + ", size " + size);
        }
    }

    /** The file offset just past the payload. */
    public long end() {
        return offset + size;
    }

    /** {@code section 2}, as messages name it. */
    public String label() {
        return "section " + Integer.toUnsignedString(type);
    }
}
