package io.zkml.core.r1cs;

import io.zkml.core.encoding.SnarkjsBinary;
import io.zkml.core.field.Fr;
import io.zkml.core.io.BinFileWriter;
import io.zkml.core.io.RawSection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code .r1cs} version 1 files (format in {@link R1csReader}) in circom's section order: constraints (2),
 * header (1), wire-to-label map (3), then the kept sections in their order. A file that circom wrote comes out
 * byte for byte as it went in.
 */
public final class R1csWriter {

    private static final int HEADER_BYTES = 4 + SnarkjsBinary.FIELD_BYTES + 4 * 4 + 8 + 4;

    private R1csWriter() {
    }

    public static void write(R1cs r1cs, OutputStream out) throws IOException {
        BinFileWriter w = new BinFileWriter(out, R1csReader.MAGIC, R1csReader.VERSION, 3 + r1cs.otherSections().size());

        w.beginSection(R1csReader.CONSTRAINTS, constraintBytes(r1cs));
        for (Constraint c : r1cs.constraints()) {
            writeCombination(w, c.a());
            writeCombination(w, c.b());
            writeCombination(w, c.c());
        }
        w.endSection();

        WireLayout l = r1cs.wires();
        w.beginSection(R1csReader.HEADER, HEADER_BYTES);
        SnarkjsBinary.writeModulus(w, Fr.MODULUS);
        w.u32(l.nWires());
        w.u32(l.nPubOut());
        w.u32(l.nPubIn());
        w.u32(l.nPrvIn());
        w.u64(r1cs.nLabels());
        w.u32(r1cs.nConstraints());
        w.endSection();

        w.beginSection(R1csReader.WIRE_TO_LABEL, 8L * l.nWires());
        for (int i = 0; i < l.nWires(); i++) {
            w.u64(r1cs.labelOf(i));
        }
        w.endSection();

        for (RawSection s : r1cs.otherSections()) {
            w.section(s.type(), s.payload());
        }
        w.finish();
    }

    public static void write(R1cs r1cs, Path path) throws IOException {
        try (OutputStream out = Files.newOutputStream(path)) {
            write(r1cs, out);
        }
    }

    public static byte[] toBytes(R1cs r1cs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(r1cs, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static long constraintBytes(R1cs r1cs) {
        long n = 0;
        for (Constraint c : r1cs.constraints()) {
            n += 3 * 4 + (long) R1csReader.TERM_BYTES * (c.a().size() + c.b().size() + c.c().size());
        }
        return n;
    }

    private static void writeCombination(BinFileWriter w, LinearCombination lc) throws IOException {
        w.u32(lc.size());
        for (int i = 0; i < lc.size(); i++) {
            w.u32(lc.wire(i));
            SnarkjsBinary.writeFr(w, lc.coefficient(i));
        }
    }
}
