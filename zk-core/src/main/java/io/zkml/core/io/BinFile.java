package io.zkml.core.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A file in the binary container of circom and snarkjs ({@code .r1cs}, {@code .wtns}, {@code .zkey},
 * {@code .ptau}), opened for random access to its sections.
 *
 * <p>The container, all numbers little-endian:
 * <pre>
 *   magic     4 bytes, ASCII ("r1cs", "wtns", "zkey", "ptau")
 *   version   u32
 *   nSections u32
 *   nSections times:  type u32 | size u64 | payload (size bytes)
 * </pre>
 * Sections may come in any order and the same type may appear more than once (readers of a format decide:
 * {@link #section(int, String)} insists on exactly one). Opening checks the magic, the version, that every
 * section header and payload lies inside the file, and that nothing follows the last section; every failure is
 * a {@link FormatException} naming the offset.
 *
 * <p>The bytes are a {@link MemorySegment}: a file is memory-mapped ({@link #open(Path, String, int)}), so a
 * multi-gigabyte {@code .zkey} is never copied onto the heap and sections may exceed 2 GiB; a byte array
 * works the same way ({@link #of(String, byte[], String, int)}). Views and readers handed out are valid until
 * {@link #close()}, which unmaps the file; models built from a file copy what they keep.
 */
public final class BinFile implements AutoCloseable {

    private static final int FILE_HEADER_BYTES = 12;
    private static final int SECTION_HEADER_BYTES = 12;

    private final String source;
    private final MemorySegment data;
    private final Arena arena;
    private final String magic;
    private final int version;
    private final List<BinSection> sections;
    private final Map<Integer, List<BinSection>> byType;

    private BinFile(String source, MemorySegment data, Arena arena, String magic, int version, List<BinSection> sections) {
        this.source = source;
        this.data = data;
        this.arena = arena;
        this.magic = magic;
        this.version = version;
        this.sections = List.copyOf(sections);
        Map<Integer, List<BinSection>> m = new LinkedHashMap<>();
        for (BinSection s : sections) {
            m.computeIfAbsent(s.type(), k -> new ArrayList<>()).add(s);
        }
        this.byType = m;
    }

    /**
     * Memory-maps a file and hands it to {@code read}, whose result keeps the file open (and closes it when it
     * is closed itself); if reading fails, the file is closed before the exception propagates.
     */
    public static <T> T openAndRead(Path path, String magic, int version, java.util.function.Function<BinFile, T> read)
            throws IOException {
        BinFile f = open(path, magic, version);
        try {
            return read.apply(f);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    /**
     * Memory-maps a file and parses its section table. The source name in messages is the file name.
     *
     * @param magic the expected 4-character magic
     * @param version the one version this reader supports
     * @throws FormatException if the file is not a well-formed container of that magic and version
     * @throws IOException if the file cannot be read
     */
    public static BinFile open(Path path, String magic, int version) throws IOException {
        String source = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                return parse(source, MemorySegment.ofArray(new byte[0]), null, magic, version);
            }
            Arena arena = Arena.ofShared();
            try {
                MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
                return parse(source, seg, arena, magic, version);
            } catch (RuntimeException | IOException e) {
                arena.close();
                throw e;
            }
        }
    }

    /** Parses a container held in a byte array (not copied: do not change it while the file is in use). */
    public static BinFile of(String source, byte[] data, String magic, int version) {
        return parse(source, MemorySegment.ofArray(data), null, magic, version);
    }

    /** Parses a container held in any memory segment, which stays owned by the caller. */
    public static BinFile of(String source, MemorySegment data, String magic, int version) {
        return parse(source, data, null, magic, version);
    }

    private static BinFile parse(String source, MemorySegment data, Arena arena, String magic, int version) {
        Objects.requireNonNull(source, "source must not be null");
        requireMagic(magic);
        MemorySegment ro = data.asReadOnly();
        long fileSize = ro.byteSize();
        if (fileSize < 4) {
            throw FormatException.atOffset(source, 0, "truncated file header (need " + FILE_HEADER_BYTES + " bytes, " + fileSize + " in the file)");
        }
        byte[] m = ro.asSlice(0, 4).toArray(ValueLayout.JAVA_BYTE);
        if (!magic.equals(new String(m, StandardCharsets.ISO_8859_1))) {
            throw FormatException.atOffset(source, 0, "not a ." + magic + " file: magic " + describeMagic(m) + ", expected \"" + magic + "\"");
        }
        if (fileSize < FILE_HEADER_BYTES) {
            throw FormatException.atOffset(source, 4, "truncated file header (need " + FILE_HEADER_BYTES + " bytes, " + fileSize + " in the file)");
        }
        long v = Integer.toUnsignedLong(ro.get(SectionReader.U32, 4));
        if (v != version) {
            throw FormatException.atOffset(source, 4, "unsupported ." + magic + " version " + v + " (this reader supports version " + version + ")");
        }
        long n = Integer.toUnsignedLong(ro.get(SectionReader.U32, 8));
        List<BinSection> sections = new ArrayList<>();
        long pos = FILE_HEADER_BYTES;
        for (long i = 0; i < n; i++) {
            if (fileSize - pos < SECTION_HEADER_BYTES) {
                throw FormatException.atOffset(source, pos, "truncated header of section " + (i + 1) + " of " + n
                        + " (need " + SECTION_HEADER_BYTES + " bytes, " + (fileSize - pos) + " left)");
            }
            int type = ro.get(SectionReader.U32, pos);
            long size = ro.get(SectionReader.U64, pos + 4);
            long payload = pos + SECTION_HEADER_BYTES;
            if (size < 0 || size > fileSize - payload) {
                throw FormatException.atOffset(source, pos + 4, "section " + Integer.toUnsignedString(type) + " (" + (i + 1) + " of " + n
                        + ") declares " + Long.toUnsignedString(size) + " bytes but only " + (fileSize - payload)
                        + " are left in the file");
            }
            sections.add(new BinSection(type, payload, size));
            pos = payload + size;
        }
        if (pos != fileSize) {
            throw FormatException.atOffset(source, pos, (fileSize - pos) + " trailing bytes after the last of the " + n + " sections");
        }
        return new BinFile(source, ro, arena, magic, version, sections);
    }

    private static void requireMagic(String magic) {
        if (magic == null || magic.length() != 4 || !magic.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("magic must be 4 printable ASCII characters: " + magic);
        }
    }

    private static String describeMagic(byte[] m) {
        boolean printable = true;
        for (byte b : m) {
            printable &= b >= 0x20 && b < 0x7f;
        }
        String hex = HexFormat.ofDelimiter(" ").formatHex(m);
        return printable ? "\"" + new String(m, StandardCharsets.ISO_8859_1) + "\" (" + hex + ")" : hex;
    }

    /** The name of the input, for messages. */
    public String source() {
        return source;
    }

    public String magic() {
        return magic;
    }

    public int version() {
        return version;
    }

    /** The file size in bytes. */
    public long size() {
        return data.byteSize();
    }

    /** All sections, in file order. */
    public List<BinSection> sections() {
        return sections;
    }

    /** Whether at least one section has this type. */
    public boolean has(int type) {
        return byType.containsKey(type);
    }

    /** Every section of this type, in file order (empty if none). */
    public List<BinSection> sections(int type) {
        return List.copyOf(byType.getOrDefault(type, List.of()));
    }

    /**
     * The one section of this type.
     *
     * @param name what the section holds, for messages ("header")
     * @throws FormatException if it is missing or appears more than once
     */
    public BinSection section(int type, String name) {
        return optionalSection(type, name).orElseThrow(() -> FormatException.of(source,
                "missing section " + Integer.toUnsignedString(type) + " (" + name + ")"));
    }

    /**
     * The section of this type if there is one.
     *
     * @throws FormatException if it appears more than once
     */
    public Optional<BinSection> optionalSection(int type, String name) {
        List<BinSection> list = byType.get(type);
        if (list == null) {
            return Optional.empty();
        }
        if (list.size() > 1) {
            BinSection second = list.get(1);
            throw FormatException.atOffset(source, second.offset() - SECTION_HEADER_BYTES, "section " + Integer.toUnsignedString(type)
                    + " (" + name + ") appears " + list.size() + " times; it must appear once");
        }
        return Optional.of(list.getFirst());
    }

    /** A cursor at the start of a section. */
    public SectionReader reader(BinSection section) {
        return new SectionReader(source, section.label(), data, section.offset(), section.size());
    }

    /** A cursor at the start of the one section of this type (see {@link #section(int, String)}). */
    public SectionReader reader(int type, String name) {
        return reader(section(type, name));
    }

    /** A read-only view of a section's payload, without copying. */
    public MemorySegment segment(BinSection section) {
        return data.asSlice(section.offset(), section.size());
    }

    /**
     * A copy of a section's payload.
     *
     * @throws FormatException if the section is 2 GiB or larger
     */
    public byte[] bytes(BinSection section) {
        if (section.size() > Integer.MAX_VALUE - 8) {
            throw FormatException.atOffset(source, section.offset(), section.label() + " is too large to copy into an array ("
                    + section.size() + " bytes)");
        }
        return segment(section).toArray(ValueLayout.JAVA_BYTE);
    }

    /** Unmaps a memory-mapped file; views and readers become unusable. Nothing to do for a byte array. */
    @Override
    public void close() {
        if (arena != null && arena.scope().isAlive()) {
            arena.close();
        }
    }
}
