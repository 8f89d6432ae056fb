package io.zkml.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.core.testing.SnarkjsFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinFileTest {

    /** A container built by hand: magic, version, then (type, payload) pairs. */
    static byte[] container(String magic, int version, int declaredSections, Object... typeAndPayload) {
        ByteBuffer b = ByteBuffer.allocate(1 << 12).order(ByteOrder.LITTLE_ENDIAN);
        b.put(magic.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(version).putInt(declaredSections);
        for (int i = 0; i < typeAndPayload.length; i += 2) {
            byte[] payload = (byte[]) typeAndPayload[i + 1];
            b.putInt((Integer) typeAndPayload[i]).putLong(payload.length).put(payload);
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    @Test
    void readsTheSectionTablesOfTheFixtures() {
        BinFile r1cs = BinFile.of("square_chain.r1cs", SnarkjsFixtures.bytes("square_chain.r1cs"), "r1cs", 1);
        // circom writes the constraints before the header
        assertThat(r1cs.sections()).containsExactly(new BinSection(2, 24, 1560), new BinSection(1, 1596, 64), new BinSection(3, 1672, 104));
        assertThat(r1cs.has(3)).isTrue();
        assertThat(r1cs.has(4)).isFalse();
        assertThat(r1cs.section(1, "header").size()).isEqualTo(64);

        BinFile ptau = BinFile.of("pot8_final.ptau", SnarkjsFixtures.bytes("pot8_final.ptau"), "ptau", 1);
        assertThat(ptau.sections()).extracting(BinSection::type).containsExactly(1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15);
        BinFile zkey = BinFile.of("five_public.zkey", SnarkjsFixtures.bytes("five_public.zkey"), "zkey", 1);
        assertThat(zkey.sections()).hasSize(10);
    }

    @Test
    void memoryMappedFileReadsLikeTheBytes(@TempDir Path dir) throws IOException {
        Path p = SnarkjsFixtures.path("pot8_beacon.ptau");
        byte[] bytes = SnarkjsFixtures.bytes("pot8_beacon.ptau");
        try (BinFile mapped = BinFile.open(p, "ptau", 1)) {
            BinFile heap = BinFile.of("x", bytes, "ptau", 1);
            assertThat(mapped.source()).isEqualTo("pot8_beacon.ptau");
            assertThat(mapped.sections()).isEqualTo(heap.sections());
            for (BinSection s : mapped.sections()) {
                assertThat(mapped.bytes(s)).isEqualTo(heap.bytes(s));
            }
            SectionReader r = mapped.reader(1, "header");
            assertThat(r.u32()).isEqualTo(32); // n8 of the base field
        }
        Path empty = Files.write(dir.resolve("empty.wtns"), new byte[0]);
        assertThatThrownBy(() -> BinFile.open(empty, "wtns", 2)).isInstanceOf(FormatException.class)
                .hasMessage("empty.wtns: offset 0x0: truncated file header (need 12 bytes, 0 in the file)");
    }

    @Test
    void everyTruncationOfAContainerIsAFormatException() {
        for (String name : List.of("square_chain.zkey", "pot8_beacon.ptau", "pot8_final.ptau")) {
            MemorySegment whole = MemorySegment.ofArray(SnarkjsFixtures.bytes(name));
            String magic = name.substring(name.indexOf('.') + 1);
            for (long len = 0; len < whole.byteSize(); len++) {
                try {
                    BinFile.of(name, whole.asSlice(0, len), magic, 1);
                    throw new AssertionError(name + " cut to " + len + " bytes was accepted");
                } catch (FormatException e) {
                    assertThat(e.offset()).isPresent();
                }
            }
        }
    }

    @Test
    void wrongMagicSaysWhatItFound() {
        byte[] wtns = SnarkjsFixtures.bytes("square_chain.wtns");
        assertThatThrownBy(() -> BinFile.of("square_chain.wtns", wtns, "r1cs", 1))
                .isInstanceOf(FormatException.class)
                .hasMessage("square_chain.wtns: offset 0x0: not a .r1cs file: magic \"wtns\" (77 74 6e 73), expected \"r1cs\"");
        byte[] binary = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0, 0, 0, 0, 0};
        assertThatThrownBy(() -> BinFile.of("x.r1cs", binary, "r1cs", 1)).hasMessageContaining("magic 89 50 4e 47");
    }

    @Test
    void unsupportedVersion() {
        byte[] b = container("wtns", 3, 0);
        assertThatThrownBy(() -> BinFile.of("w.wtns", b, "wtns", 2)).isInstanceOf(FormatException.class)
                .hasMessage("w.wtns: offset 0x4: unsupported .wtns version 3 (this reader supports version 2)");
    }

    @Test
    void sectionRunningPastTheEnd() {
        byte[] b = container("r1cs", 1, 1, 1, new byte[10]);
        byte[] cut = Arrays.copyOf(b, b.length - 3);
        assertThatThrownBy(() -> BinFile.of("c.r1cs", cut, "r1cs", 1)).isInstanceOf(FormatException.class)
                .hasMessage("c.r1cs: offset 0x10: section 1 (1 of 1) declares 10 bytes but only 7 are left in the file");
        // a size of 2^63 or more is caught the same way
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(16, -1L);
        assertThatThrownBy(() -> BinFile.of("c.r1cs", b, "r1cs", 1)).hasMessageContaining("declares 18446744073709551615 bytes");
    }

    @Test
    void missingSectionHeaderAndTrailingBytes() {
        byte[] b = container("r1cs", 1, 2, 1, new byte[4]);
        assertThatThrownBy(() -> BinFile.of("c.r1cs", b, "r1cs", 1))
                .hasMessage("c.r1cs: offset 0x1c: truncated header of section 2 of 2 (need 12 bytes, 0 left)");
        byte[] trailing = Arrays.copyOf(container("r1cs", 1, 1, 1, new byte[4]), 28 + 5);
        assertThatThrownBy(() -> BinFile.of("c.r1cs", trailing, "r1cs", 1))
                .hasMessage("c.r1cs: offset 0x1c: 5 trailing bytes after the last of the 1 sections");
    }

    @Test
    void duplicateAndMissingSections() {
        BinFile f = BinFile.of("d.r1cs", container("r1cs", 1, 2, 1, new byte[4], 1, new byte[2]), "r1cs", 1);
        assertThat(f.sections(1)).hasSize(2);
        assertThatThrownBy(() -> f.section(1, "header")).isInstanceOf(FormatException.class)
                .hasMessage("d.r1cs: offset 0x1c: section 1 (header) appears 2 times; it must appear once");
        assertThatThrownBy(() -> f.section(3, "wire-to-label map")).isInstanceOf(FormatException.class)
                .hasMessage("d.r1cs: missing section 3 (wire-to-label map)");
        assertThat(f.optionalSection(3, "map")).isEmpty();
    }

    @Test
    void sectionReaderReportsTruncationByName() {
        BinFile f = BinFile.of("s.r1cs", container("r1cs", 1, 1, 2, new byte[] {5, 0, 0, 0, 1, 2}), "r1cs", 1);
        SectionReader r = f.reader(2, "constraints");
        assertThat(r.u32()).isEqualTo(5);
        assertThat(r.fileOffset()).isEqualTo(28);
        assertThatThrownBy(() -> r.require(36, "constraint 3")).isInstanceOf(FormatException.class)
                .hasMessage("s.r1cs: offset 0x1c: truncated constraint 3 (need 36 bytes, 2 left in section 2)");
        assertThatThrownBy(r::u32).hasMessage("s.r1cs: offset 0x1c: truncated section 2 (need 4 bytes, 2 left in section 2)");
        assertThatThrownBy(() -> r.expectEnd("the constraints")).hasMessage("s.r1cs: offset 0x1c: 2 bytes left over in section 2 after the constraints");
        assertThat(r.bytes(2)).containsExactly(1, 2);
        r.expectEnd("everything");
    }

    @Test
    void sectionReaderRangeChecks() {
        SectionReader r = SectionReader.over("n", new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0, 0, 0, 0, (byte) 0x80});
        assertThatThrownBy(() -> r.u32AsInt("nWires")).hasMessage("n: offset 0x0: nWires 4294967295 is too large (at most 2147483647)");
        assertThatThrownBy(() -> r.u64("nLabels")).hasMessageContaining("nLabels 9223372036854775808 is too large");
    }

    @Test
    void writerReproducesEveryFixtureContainer() throws IOException {
        for (String name : List.of("square_chain.r1cs", "five_public.wtns", "square_chain.zkey", "pot8_final.ptau")) {
            byte[] original = SnarkjsFixtures.bytes(name);
            String magic = name.substring(name.indexOf('.') + 1);
            BinFile f = BinFile.of(name, original, magic, magic.equals("wtns") ? 2 : 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinFileWriter w = new BinFileWriter(out, f.magic(), f.version(), f.sections().size());
            for (BinSection s : f.sections()) {
                w.section(s.type(), f.segment(s));
            }
            w.finish();
            assertThat(out.toByteArray()).as(name).isEqualTo(original);
        }
    }

    @Test
    void writerChecksDeclaredSizesAndCounts() throws IOException {
        BinFileWriter w = new BinFileWriter(new ByteArrayOutputStream(), "test", 1, 1);
        assertThatThrownBy(() -> w.u32(1)).isInstanceOf(IllegalStateException.class).hasMessage("no section is open");
        w.beginSection(7, 6);
        w.u32(1);
        assertThatThrownBy(() -> w.u64(1)).isInstanceOf(IllegalStateException.class)
                .hasMessage("section declared 6 bytes; writing 8 more after 4 would exceed it");
        assertThatThrownBy(w::endSection).hasMessage("section declared 6 bytes but 4 were written");
        w.bytes(new byte[2]);
        w.endSection();
        assertThatThrownBy(() -> w.beginSection(8, 0)).hasMessage("all 1 declared sections are already written");
        w.finish();
        assertThatThrownBy(() -> w.u32(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> w.u32(-1)).isInstanceOf(IllegalArgumentException.class).hasMessage("value out of range for u32: -1");
        assertThatThrownBy(() -> new BinFileWriter(new ByteArrayOutputStream(), "toolong", 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
