package io.zkml.core.r1cs;

import io.zkml.core.encoding.SnarkjsBinary;
import io.zkml.core.field.Fr;
import io.zkml.core.io.BinFile;
import io.zkml.core.io.BinSection;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.RawSection;
import io.zkml.core.io.SectionReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads circom's {@code .r1cs} files, version 1 (iden3's r1csfile format):
 * <pre>
 *   container  magic "r1cs", version 1 ({@link BinFile}); sections in any order, circom writes 2, 1, 3
 *   section 1  header: n8 (u32) = 32, prime (n8 bytes, plain) = BN254's r, nWires (u32), nPubOut (u32),
 *              nPubIn (u32), nPrvIn (u32), nLabels (u64), mConstraints (u32)
 *   section 2  mConstraints constraints, each three linear combinations A, B, C; a combination is
 *              nTerms (u32), then per term: wire (u32), coefficient (n8 bytes, plain Fr)
 *   section 3  the wire-to-label map: nWires labels, u64 each
 *   4, 5, …    custom gates (PLONK only) and anything else: kept verbatim in {@link R1cs#otherSections()}
 * </pre>
 * Sections 1, 2 and 3 must each appear exactly once and be exactly as long as their contents; wires must be
 * below nWires and coefficients below r. Every violation is a {@link FormatException} with the file offset.
 */
public final class R1csReader {

    public static final String MAGIC = "r1cs";
    public static final int VERSION = 1;
    static final int HEADER = 1;
    static final int CONSTRAINTS = 2;
    static final int WIRE_TO_LABEL = 3;
    /** Bytes of one term: wire (4) and coefficient (32). */
    static final int TERM_BYTES = 4 + SnarkjsBinary.FIELD_BYTES;

    private R1csReader() {
    }

    /** Reads a file (memory-mapped while reading). */
    public static R1cs read(Path path) throws IOException {
        try (BinFile f = BinFile.open(path, MAGIC, VERSION)) {
            return read(f);
        }
    }

    /** Reads a file held in memory; {@code source} names it in messages. */
    public static R1cs read(String source, byte[] bytes) {
        return read(BinFile.of(source, bytes, MAGIC, VERSION));
    }

    /** Reads an opened container. */
    public static R1cs read(BinFile f) {
        SectionReader h = f.reader(HEADER, "header");
        SnarkjsBinary.readModulus(h, Fr.MODULUS, "scalar field r");
        long countsAt = h.fileOffset();
        h.require(4 * 4 + 8 + 4, "header counts");
        int nWires = h.u32AsInt("nWires");
        int nPubOut = h.u32AsInt("nPubOut");
        int nPubIn = h.u32AsInt("nPubIn");
        int nPrvIn = h.u32AsInt("nPrvIn");
        long nLabels = h.u64("nLabels");
        int m = h.u32AsInt("mConstraints");
        h.expectEnd("the header");
        WireLayout layout;
        try {
            layout = new WireLayout(nWires, nPubOut, nPubIn, nPrvIn);
        } catch (IllegalArgumentException e) {
            throw h.errorAt(countsAt, e.getMessage());
        }

        SectionReader c = f.reader(CONSTRAINTS, "constraints");
        // every constraint takes at least 12 bytes: do not trust m for the allocation
        List<Constraint> constraints = new ArrayList<>((int) Math.min(m, c.remaining() / 12));
        for (int i = 0; i < m; i++) {
            LinearCombination a = readCombination(c, i, "A", nWires);
            LinearCombination b = readCombination(c, i, "B", nWires);
            LinearCombination cc = readCombination(c, i, "C", nWires);
            constraints.add(new Constraint(a, b, cc));
        }
        c.expectEnd("the " + m + " constraints that the header declares");

        BinSection mapSection = f.section(WIRE_TO_LABEL, "wire-to-label map");
        if (mapSection.size() != 8L * nWires) {
            throw FormatException.atOffset(f.source(), mapSection.offset(), "section 3 (wire-to-label map) holds "
                    + mapSection.size() + " bytes but the header's " + nWires + " wires need " + 8L * nWires);
        }
        SectionReader mr = f.reader(mapSection);
        long[] map = new long[nWires];
        for (int i = 0; i < nWires; i++) {
            map[i] = mr.u64("label of wire " + i);
        }

        List<RawSection> others = new ArrayList<>();
        for (BinSection s : f.sections()) {
            if (s.type() < HEADER || s.type() > WIRE_TO_LABEL) {
                others.add(new RawSection(s.type(), f.bytes(s)));
            }
        }
        return new R1cs(layout, nLabels, constraints, map, others);
    }

    private static LinearCombination readCombination(SectionReader r, int constraint, String part, int nWires) {
        r.require(4, "constraint " + constraint + " (term count of " + part + ")");
        long countAt = r.fileOffset();
        long n = r.u32();
        if (n * TERM_BYTES > r.remaining()) {
            throw r.errorAt(countAt, "truncated constraint " + constraint + ": " + part + " has " + n + " terms (need "
                    + n * TERM_BYTES + " bytes, " + r.remaining() + " left in section 2)");
        }
        int[] wires = new int[(int) n];
        Fr[] coefficients = new Fr[(int) n];
        for (int t = 0; t < n; t++) {
            long wireAt = r.fileOffset();
            long wire = r.u32();
            if (wire >= nWires) {
                throw r.errorAt(wireAt, "constraint " + constraint + ", " + part + " term " + t + ": wire " + wire
                        + " out of range (the header declares " + nWires + " wires)");
            }
            wires[t] = (int) wire;
            coefficients[t] = SnarkjsBinary.readFr(r);
        }
        return LinearCombination.of(wires, coefficients);
    }
}
