package io.zkml.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes the binary container that {@link BinFile} reads, as a stream: the file header, then each section as
 * {@link #beginSection(int, long)}, its payload, {@link #endSection()}. Section sizes are declared up front
 * (the formats make them easy to compute), so the output needs no seeking and may be any
 * {@link OutputStream}, a file or a socket; {@link #endSection()} checks that exactly the declared number of
 * bytes was written, and {@link #finish()} that exactly the declared number of sections was.
 *
 * <p>Output is buffered here; {@link #finish()} flushes it and leaves the stream open.
 */
public final class BinFileWriter {

    private static final int BUFFER_BYTES = 1 << 16;

    private final OutputStream out;
    private final long nSections;
    private final byte[] buf = new byte[BUFFER_BYTES];
    private int fill;
    private long sectionsStarted;
    private long sectionSize = -1;
    private long sectionWritten;
    private boolean finished;

    /**
     * Writes the file header.
     *
     * @param magic 4 ASCII characters
     * @param version the format version
     * @param nSections how many sections will follow
     */
    public BinFileWriter(OutputStream out, String magic, int version, int nSections) throws IOException {
        this.out = Objects.requireNonNull(out, "out must not be null");
        if (magic == null || magic.length() != 4 || !magic.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("magic must be 4 printable ASCII characters: " + magic);
        }
        if (nSections < 0) {
            throw new IllegalArgumentException("number of sections must not be negative: " + nSections);
        }
        this.nSections = nSections;
        put(magic.getBytes(StandardCharsets.US_ASCII), 0, 4);
        putU32(Integer.toUnsignedLong(version));
        putU32(nSections);
    }

    /** Starts a section whose payload will be exactly {@code size} bytes. */
    public void beginSection(int type, long size) throws IOException {
        if (finished) {
            throw new IllegalStateException("the file is finished");
        }
        if (sectionSize >= 0) {
            throw new IllegalStateException("section still open: " + sectionWritten + " of " + sectionSize + " bytes written");
        }
        if (sectionsStarted == nSections) {
            throw new IllegalStateException("all " + nSections + " declared sections are already written");
        }
        if (size < 0) {
            throw new IllegalArgumentException("section size must not be negative: " + size);
        }
        putU32(Integer.toUnsignedLong(type));
        putU64(size);
        sectionsStarted++;
        sectionSize = size;
        sectionWritten = 0;
    }

    /** Ends the open section, which must have received exactly its declared size. */
    public void endSection() {
        if (sectionSize < 0) {
            throw new IllegalStateException("no section is open");
        }
        if (sectionWritten != sectionSize) {
            throw new IllegalStateException("section declared " + sectionSize + " bytes but " + sectionWritten + " were written");
        }
        sectionSize = -1;
    }

    /** A whole section at once. */
    public void section(int type, byte[] payload) throws IOException {
        beginSection(type, payload.length);
        bytes(payload);
        endSection();
    }

    /** A whole section at once, copied from a memory segment (such as a section of a {@link BinFile}). */
    public void section(int type, MemorySegment payload) throws IOException {
        beginSection(type, payload.byteSize());
        bytes(payload);
        endSection();
    }

    /** An unsigned 32-bit number, in [0, 2^32). */
    public void u32(long v) throws IOException {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("value out of range for u32: " + v);
        }
        count(4);
        putU32(v);
    }

    /** The 64 bits of {@code v}, little-endian (a u64 count, or a limb of a field element). */
    public void u64(long v) throws IOException {
        count(8);
        putU64(v);
    }

    public void bytes(byte[] b) throws IOException {
        bytes(b, 0, b.length);
    }

    public void bytes(byte[] b, int off, int len) throws IOException {
        count(len);
        put(b, off, len);
    }

    public void bytes(MemorySegment segment) throws IOException {
        long n = segment.byteSize();
        count(n);
        for (long p = 0; p < n; ) {
            if (fill == buf.length) {
                drain();
            }
            int chunk = (int) Math.min(buf.length - fill, n - p);
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, p, buf, fill, chunk);
            fill += chunk;
            p += chunk;
        }
    }

    /**
     * Checks that every declared section was written, and flushes. The stream stays open.
     *
     * @throws IllegalStateException if a section is open or sections are missing
     */
    public void finish() throws IOException {
        if (sectionSize >= 0) {
            throw new IllegalStateException("section still open: " + sectionWritten + " of " + sectionSize + " bytes written");
        }
        if (sectionsStarted != nSections) {
            throw new IllegalStateException(nSections + " sections declared but " + sectionsStarted + " written");
        }
        drain();
        out.flush();
        finished = true;
    }

    private void count(long n) {
        if (sectionSize < 0) {
            throw new IllegalStateException("no section is open");
        }
        if (n > sectionSize - sectionWritten) {
            throw new IllegalStateException("section declared " + sectionSize + " bytes; writing " + n + " more after "
                    + sectionWritten + " would exceed it");
        }
        sectionWritten += n;
    }

    private void putU32(long v) throws IOException {
        if (buf.length - fill < 4) {
            drain();
        }
        buf[fill++] = (byte) v;
        buf[fill++] = (byte) (v >>> 8);
        buf[fill++] = (byte) (v >>> 16);
        buf[fill++] = (byte) (v >>> 24);
    }

    private void putU64(long v) throws IOException {
        if (buf.length - fill < 8) {
            drain();
        }
        for (int i = 0; i < 8; i++) {
            buf[fill++] = (byte) (v >>> (8 * i));
        }
    }

    private void put(byte[] b, int off, int len) throws IOException {
        if (len > buf.length - fill) {
            drain();
            if (len > buf.length) {
                out.write(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, buf, fill, len);
        fill += len;
    }

    private void drain() throws IOException {
        if (fill > 0) {
            out.write(buf, 0, fill);
            fill = 0;
        }
    }
}
