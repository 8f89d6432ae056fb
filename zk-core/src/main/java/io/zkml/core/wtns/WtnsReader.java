package io.zkml.core.wtns;

import io.zkml.core.encoding.SnarkjsBinary;
import io.zkml.core.field.Fr;
import io.zkml.core.io.BinFile;
import io.zkml.core.io.BinSection;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.SectionReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads circom's {@code .wtns} witness files, version 2 (what circom's witness generators and snarkjs write):
 * <pre>
 *   container  magic "wtns", version 2 ({@link BinFile})
 *   section 1  header: n8 (u32) = 32, prime (n8 bytes, plain) = BN254's r, nWitness (u32)
 *   section 2  nWitness values, each n8 bytes, plain little-endian ({@link SnarkjsBinary})
 * </pre>
 * Both sections must appear exactly once and have exactly these sizes; every value must be below r. Sections
 * of other types are ignored.
 */
public final class WtnsReader {

    public static final String MAGIC = "wtns";
    public static final int VERSION = 2;
    static final int HEADER = 1;
    static final int VALUES = 2;

    private WtnsReader() {
    }

    /** Reads a file (memory-mapped while reading). */
    public static Witness read(Path path) throws IOException {
        try (BinFile f = BinFile.open(path, MAGIC, VERSION)) {
            return read(f);
        }
    }

    /** Reads a file held in memory; {@code source} names it in messages. */
    public static Witness read(String source, byte[] bytes) {
        return read(BinFile.of(source, bytes, MAGIC, VERSION));
    }

    /** Reads an opened container. */
    public static Witness read(BinFile f) {
        SectionReader h = f.reader(HEADER, "header");
        SnarkjsBinary.readModulus(h, Fr.MODULUS, "scalar field r");
        h.require(4, "witness count");
        int n = h.u32AsInt("witness count");
        h.expectEnd("the header");

        BinSection s = f.section(VALUES, "witness values");
        long expected = (long) n * SnarkjsBinary.FIELD_BYTES;
        if (s.size() != expected) {
            throw FormatException.atOffset(f.source(), s.offset(), "section 2 (witness values) holds " + s.size()
                    + " bytes but the header's " + n + " values need " + expected);
        }
        if (expected > Integer.MAX_VALUE - 8) {
            throw FormatException.atOffset(f.source(), s.offset(), "section 2 (witness values): " + n + " values are more than one array holds ("
                    + (Integer.MAX_VALUE - 8) / SnarkjsBinary.FIELD_BYTES + " at most)");
        }
        // the values stay in the file's encoding (the provers take it as it is); each is checked to lie below r
        byte[] values = f.reader(s).bytes((int) expected);
        int bad = Witness.firstNonCanonical(values);
        if (bad >= 0) {
            SectionReader r = f.reader(s);
            r.skip((long) bad * SnarkjsBinary.FIELD_BYTES);
            SnarkjsBinary.readFr(r); // throws, with the value and its offset
        }
        return Witness.ofBytesLE(values);
    }
}
