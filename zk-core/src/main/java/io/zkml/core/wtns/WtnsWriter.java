package io.zkml.core.wtns;

import io.zkml.core.encoding.SnarkjsBinary;
import io.zkml.core.field.Fr;
import io.zkml.core.io.BinFileWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@code .wtns} version 2 files as snarkjs does (format in {@link WtnsReader}): header section, then values. */
public final class WtnsWriter {

    private static final int HEADER_BYTES = 4 + SnarkjsBinary.FIELD_BYTES + 4;

    private WtnsWriter() {
    }

    public static void write(Witness w, OutputStream out) throws IOException {
        BinFileWriter bw = new BinFileWriter(out, WtnsReader.MAGIC, WtnsReader.VERSION, 2);
        bw.beginSection(WtnsReader.HEADER, HEADER_BYTES);
        SnarkjsBinary.writeModulus(bw, Fr.MODULUS);
        bw.u32(w.size());
        bw.endSection();
        bw.beginSection(WtnsReader.VALUES, (long) w.size() * SnarkjsBinary.FIELD_BYTES);
        for (Fr v : w.values()) {
            SnarkjsBinary.writeFr(bw, v);
        }
        bw.endSection();
        bw.finish();
    }

    public static void write(Witness w, Path path) throws IOException {
        try (OutputStream out = Files.newOutputStream(path)) {
            write(w, out);
        }
    }

    public static byte[] toBytes(Witness w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER_BYTES + 36 + w.size() * SnarkjsBinary.FIELD_BYTES);
        try {
            write(w, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
