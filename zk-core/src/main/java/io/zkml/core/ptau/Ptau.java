package io.zkml.core.ptau;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.encoding.G1Points;
import io.zkml.core.encoding.G2Points;
import io.zkml.core.encoding.PointArray;
import io.zkml.core.encoding.SnarkjsBinary;
import io.zkml.core.field.Fp;
import io.zkml.core.io.BinFile;
import io.zkml.core.io.BinFileWriter;
import io.zkml.core.io.BinSection;
import io.zkml.core.io.ByteString;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.RawSection;
import io.zkml.core.io.SectionReader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A snarkjs powers-of-tau file ({@code .ptau}, version 1), read memory-mapped and written back byte for
 * byte. With N = 2^power:
 * <pre>
 *   container  magic "ptau", version 1 ({@link BinFile})
 *   section 1  header: n8 u32 = 32, q (32 bytes, plain), power u32, ceremonyPower u32
 *   section 2  tauG1:      2N − 1 G1 points [τⁱ]₁
 *   section 3  tauG2:      N G2 points [τⁱ]₂
 *   section 4  alphaTauG1: N G1 points [α·τⁱ]₁
 *   section 5  betaTauG1:  N G1 points [β·τⁱ]₁
 *   section 6  betaG2:     1 G2 point [β]₂
 *   section 7  contributions: count u32, then the records ({@link PtauContribution})
 *   after {@code snarkjs powersoftau prepare phase2}, the same values in the Lagrange basis of every domain
 *   of size 2^k, [Lᵢ(τ)]: for k = 0, 1, … the 2^k points of size 2^k one after the other (2^k − 1 points in):
 *   section 12 [Lᵢ(τ)]₁ for k = 0 … power + 1 (the last from the 2N − 1 powers and a zero);
 *   section 13 [Lᵢ(τ)]₂, 14 [α·Lᵢ(τ)]₁, 15 [β·Lᵢ(τ)]₁ for k = 0 … power
 *   others     kept verbatim
 * </pre>
 * Points are affine, Montgomery form, little-endian ({@link SnarkjsBinary}). Reading checks the header (BN254's
 * q, power ≤ ceremonyPower), that every section is there once with exactly the size that power gives it (the
 * four prepared sections all or none), and the contributions; each failure is a {@link FormatException} with
 * the offset. Point sections are {@link G1Points}/{@link G2Points} views, read point by point on demand.
 */
public final class Ptau implements AutoCloseable {

    public static final String MAGIC = "ptau";
    public static final int VERSION = 1;

    public static final int HEADER = 1, TAU_G1 = 2, TAU_G2 = 3, ALPHA_TAU_G1 = 4, BETA_TAU_G1 = 5, BETA_G2 = 6, CONTRIBUTIONS = 7;
    public static final int LAGRANGE_TAU_G1 = 12, LAGRANGE_TAU_G2 = 13, LAGRANGE_ALPHA_TAU_G1 = 14, LAGRANGE_BETA_TAU_G1 = 15;
    /** The largest power snarkjs supports: Fr has 2-adicity 28. */
    public static final int MAX_POWER = 28;

    static final int HEADER_BYTES = 4 + 32 + 4 + 4;

    private final String source;
    private final BinFile file;
    private final int power, ceremonyPower;
    private final G1Points tauG1, alphaTauG1, betaTauG1;
    private final G2Points tauG2, betaG2;
    private final List<PtauContribution> contributions;
    private final Lagrange lagrange;
    private final List<RawSection> otherSections;
    private final List<Integer> order;

    /** The four prepared sections. */
    private record Lagrange(G1Points tauG1, G2Points tauG2, G1Points alphaTauG1, G1Points betaTauG1) {
    }

    private Ptau(String source, BinFile file, int power, int ceremonyPower, G1Points tauG1, G2Points tauG2, G1Points alphaTauG1,
                 G1Points betaTauG1, G2Points betaG2, List<PtauContribution> contributions, Lagrange lagrange,
                 List<RawSection> otherSections, List<Integer> order) {
        this.source = source;
        this.file = file;
        this.power = power;
        this.ceremonyPower = ceremonyPower;
        this.tauG1 = tauG1;
        this.tauG2 = tauG2;
        this.alphaTauG1 = alphaTauG1;
        this.betaTauG1 = betaTauG1;
        this.betaG2 = betaG2;
        this.contributions = List.copyOf(contributions);
        this.lagrange = lagrange;
        this.otherSections = List.copyOf(otherSections);
        this.order = List.copyOf(order);
    }

    // ---------------------------------------------------------------- reading

    /** Memory-maps and reads a file; {@link #close()} unmaps it. */
    public static Ptau open(Path path) throws IOException {
        return BinFile.openAndRead(path, MAGIC, VERSION, f -> read(f, true));
    }

    /** Reads a file held in memory (not copied). */
    public static Ptau read(String source, byte[] bytes) {
        return read(BinFile.of(source, bytes, MAGIC, VERSION), false);
    }

    /** Reads an opened container, which stays the caller's to close. */
    public static Ptau read(BinFile f) {
        return read(f, false);
    }

    private static Ptau read(BinFile f, boolean owns) {
        SectionReader h = f.reader(HEADER, "header");
        SnarkjsBinary.readModulus(h, Fp.MODULUS, "base field q");
        long powersAt = h.fileOffset();
        h.require(8, "power and ceremonyPower");
        long power = h.u32();
        long ceremonyPower = h.u32();
        h.expectEnd("the header");
        if (power < 1 || power > MAX_POWER) {
            throw h.errorAt(powersAt, "power " + power + " outside [1, " + MAX_POWER + "]");
        }
        if (ceremonyPower < power || ceremonyPower > MAX_POWER) {
            throw h.errorAt(powersAt + 4, "ceremonyPower " + ceremonyPower + " must be in [power = " + power + ", " + MAX_POWER + "]");
        }
        int p = (int) power;
        long n = 1L << p;
        G1Points tauG1 = g1(f, TAU_G1, "tauG1", 2 * n - 1);
        G2Points tauG2 = g2(f, TAU_G2, "tauG2", n);
        G1Points alphaTauG1 = g1(f, ALPHA_TAU_G1, "alphaTauG1", n);
        G1Points betaTauG1 = g1(f, BETA_TAU_G1, "betaTauG1", n);
        G2Points betaG2 = g2(f, BETA_G2, "betaG2", 1);
        List<PtauContribution> contributions = readContributions(f.reader(CONTRIBUTIONS, "contributions"));

        Lagrange lagrange = null;
        int prepared = 0;
        for (int t = LAGRANGE_TAU_G1; t <= LAGRANGE_BETA_TAU_G1; t++) {
            prepared += f.has(t) ? 1 : 0;
        }
        if (prepared == 4) {
            long n2 = 2 * n;
            lagrange = new Lagrange(g1(f, LAGRANGE_TAU_G1, "tauG1 in Lagrange bases", 2 * n2 - 1), g2(f, LAGRANGE_TAU_G2,
                    "tauG2 in Lagrange bases", n2 - 1), g1(f, LAGRANGE_ALPHA_TAU_G1, "alphaTauG1 in Lagrange bases", n2 - 1),
                    g1(f, LAGRANGE_BETA_TAU_G1, "betaTauG1 in Lagrange bases", n2 - 1));
        } else if (prepared != 0) {
            throw FormatException.of(f.source(), "only " + prepared + " of the 4 prepared sections 12–15 are present");
        }

        List<RawSection> others = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (BinSection s : f.sections()) {
            if (!known(s.type())) {
                if (!seen.add(s.type())) {
                    throw FormatException.atOffset(f.source(), s.offset() - 12, "section " + Integer.toUnsignedString(s.type()) + " appears twice");
                }
                others.add(new RawSection(s.type(), f.bytes(s)));
            }
            order.add(s.type());
        }
        return new Ptau(f.source(), owns ? f : null, p, (int) ceremonyPower, tauG1, tauG2, alphaTauG1, betaTauG1, betaG2,
                contributions, lagrange, others, order);
    }

    private static boolean known(int type) {
        return (type >= HEADER && type <= CONTRIBUTIONS) || (type >= LAGRANGE_TAU_G1 && type <= LAGRANGE_BETA_TAU_G1);
    }

    private static G1Points g1(BinFile f, int type, String name, long count) {
        BinSection s = f.section(type, name);
        requireSize(f, s, name, count, G1Points.BYTES, "G1");
        return G1Points.view(f.source(), f.segment(s), s.offset());
    }

    private static G2Points g2(BinFile f, int type, String name, long count) {
        BinSection s = f.section(type, name);
        requireSize(f, s, name, count, G2Points.BYTES, "G2");
        return G2Points.view(f.source(), f.segment(s), s.offset());
    }

    private static void requireSize(BinFile f, BinSection s, String name, long count, int bytes, String group) {
        if (s.size() != count * bytes) {
            throw FormatException.atOffset(f.source(), s.offset(), "section " + s.type() + " (" + name + ") holds " + s.size()
                    + " bytes but the header's power needs " + count + " " + group + " points, " + count * bytes + " bytes");
        }
    }

    private static List<PtauContribution> readContributions(SectionReader r) {
        r.require(4, "contribution count");
        long n = r.u32();
        List<PtauContribution> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            String what = "contribution " + (i + 1) + " of " + n;
            r.require(PtauContribution.FIXED_BYTES, what);
            G1 tauG1 = SnarkjsBinary.readG1Checked(r);
            G2 tauG2 = SnarkjsBinary.readG2Checked(r);
            G1 alphaG1 = SnarkjsBinary.readG1Checked(r);
            G1 betaG1 = SnarkjsBinary.readG1Checked(r);
            G2 betaG2 = SnarkjsBinary.readG2Checked(r);
            PtauPublicKey key = new PtauPublicKey(SnarkjsBinary.readG1Checked(r), SnarkjsBinary.readG1Checked(r),
                    SnarkjsBinary.readG1Checked(r), SnarkjsBinary.readG1Checked(r), SnarkjsBinary.readG1Checked(r),
                    SnarkjsBinary.readG1Checked(r), SnarkjsBinary.readG2Checked(r), SnarkjsBinary.readG2Checked(r),
                    SnarkjsBinary.readG2Checked(r));
            ByteString partialHash = ByteString.of(r.bytes(216));
            ByteString nextChallenge = ByteString.of(r.bytes(64));
            long typeAt = r.fileOffset();
            long type = r.u32();
            if (type > 1) {
                throw r.errorAt(typeAt, what + ": type " + type + " (0 for a contribution, 1 for a beacon)");
            }
            out.add(new PtauContribution(tauG1, tauG2, alphaG1, betaG1, betaG2, key, partialHash, nextChallenge, (int) type,
                    ContributionParams.read(r, what)));
        }
        r.expectEnd("the " + n + " contributions");
        return out;
    }

    // ---------------------------------------------------------------- the file

    /** The name of the file, for messages. */
    public String source() {
        return source;
    }

    /** log₂ N: the file holds 2N − 1 powers of τ in G1 and N of everything else. */
    public int power() {
        return power;
    }

    /** The power of the ceremony this file was cut from ({@code powersoftau truncate} keeps it). */
    public int ceremonyPower() {
        return ceremonyPower;
    }

    /** Section 2: [τⁱ]₁ for i = 0 … 2N − 2. */
    public G1Points tauG1() {
        return tauG1;
    }

    /** Section 3: [τⁱ]₂ for i = 0 … N − 1. */
    public G2Points tauG2() {
        return tauG2;
    }

    /** Section 4: [α·τⁱ]₁ for i = 0 … N − 1. */
    public G1Points alphaTauG1() {
        return alphaTauG1;
    }

    /** Section 5: [β·τⁱ]₁ for i = 0 … N − 1. */
    public G1Points betaTauG1() {
        return betaTauG1;
    }

    /** Section 6: [β]₂. */
    public G2 betaG2() {
        return betaG2.getChecked(0);
    }

    /** Section 6 as stored. */
    public G2Points betaG2Points() {
        return betaG2;
    }

    /** Section 7, oldest first. */
    public List<PtauContribution> contributions() {
        return contributions;
    }

    /** Whether the Lagrange sections 12–15 are there ({@code snarkjs powersoftau prepare phase2}). */
    public boolean isPrepared() {
        return lagrange != null;
    }

    /**
     * [Lᵢ(τ)]₁ for the domain of size 2^k, i = 0 … 2^k − 1 (a slice of section 12).
     *
     * @param k in [0, power + 1]
     * @throws IllegalStateException if the file is not prepared
     */
    public G1Points lagrangeTauG1(int k) {
        return basis(prepared().tauG1, k, power + 1);
    }

    /** [Lᵢ(τ)]₂ for the domain of size 2^k, k in [0, power] (section 13). */
    public G2Points lagrangeTauG2(int k) {
        return basis(prepared().tauG2, k, power);
    }

    /** [α·Lᵢ(τ)]₁ for the domain of size 2^k, k in [0, power] (section 14). */
    public G1Points lagrangeAlphaTauG1(int k) {
        return basis(prepared().alphaTauG1, k, power);
    }

    /** [β·Lᵢ(τ)]₁ for the domain of size 2^k, k in [0, power] (section 15). */
    public G1Points lagrangeBetaTauG1(int k) {
        return basis(prepared().betaTauG1, k, power);
    }

    /** Sections 12 … 15 whole, if the file is prepared: [tauG1, tauG2, alphaTauG1, betaTauG1]. */
    public Optional<List<PointArray<?>>> lagrangeSections() {
        return Optional.ofNullable(lagrange).map(l -> List.of(l.tauG1, l.tauG2, l.alphaTauG1, l.betaTauG1));
    }

    private Lagrange prepared() {
        if (lagrange == null) {
            throw new IllegalStateException(source + " is not prepared for phase 2 (no sections 12–15): run "
                    + "`snarkjs powersoftau prepare phase2` on it");
        }
        return lagrange;
    }

    @SuppressWarnings("unchecked")
    private static <A extends PointArray<?>> A basis(A section, int k, int maxK) {
        if (k < 0 || k > maxK) {
            throw new IllegalArgumentException("no Lagrange basis of size 2^" + k + " here (k must be in [0, " + maxK + "])");
        }
        long n = 1L << k;
        return (A) section.slice(n - 1, n);
    }

    /** Sections of other types, in file order. */
    public List<RawSection> otherSections() {
        return otherSections;
    }

    /** The section types in the order they are written. */
    public List<Integer> sectionOrder() {
        return order;
    }

    // ---------------------------------------------------------------- building and writing

    /**
     * A powers-of-tau file in memory, for tests and tools that make one; sections in snarkjs's order (1 … 7,
     * then 12 … 15 if prepared).
     *
     * @param lagrangeOrNull sections 12 … 15 as {@link #lagrangeSections()} lists them, or null
     * @throws IllegalArgumentException if a section's size does not fit {@code power}
     */
    public static Ptau of(int power, int ceremonyPower, G1Points tauG1, G2Points tauG2, G1Points alphaTauG1, G1Points betaTauG1,
                          G2Points betaG2, List<PtauContribution> contributions, List<PointArray<?>> lagrangeOrNull) {
        if (power < 1 || power > MAX_POWER || ceremonyPower < power || ceremonyPower > MAX_POWER) {
            throw new IllegalArgumentException("power " + power + " and ceremonyPower " + ceremonyPower + " must satisfy 1 ≤ power ≤ ceremonyPower ≤ " + MAX_POWER);
        }
        long n = 1L << power;
        requireCount("tauG1", tauG1, 2 * n - 1);
        requireCount("tauG2", tauG2, n);
        requireCount("alphaTauG1", alphaTauG1, n);
        requireCount("betaTauG1", betaTauG1, n);
        requireCount("betaG2", betaG2, 1);
        Lagrange l = null;
        List<Integer> order = new ArrayList<>(List.of(HEADER, TAU_G1, TAU_G2, ALPHA_TAU_G1, BETA_TAU_G1, BETA_G2, CONTRIBUTIONS));
        if (lagrangeOrNull != null) {
            if (lagrangeOrNull.size() != 4 || !(lagrangeOrNull.get(0) instanceof G1Points lt1) || !(lagrangeOrNull.get(1) instanceof G2Points lt2)
                    || !(lagrangeOrNull.get(2) instanceof G1Points la) || !(lagrangeOrNull.get(3) instanceof G1Points lb)) {
                throw new IllegalArgumentException("the prepared sections are four: G1, G2, G1, G1");
            }
            requireCount("tauG1 in Lagrange bases", lt1, 4 * n - 1);
            requireCount("tauG2 in Lagrange bases", lt2, 2 * n - 1);
            requireCount("alphaTauG1 in Lagrange bases", la, 2 * n - 1);
            requireCount("betaTauG1 in Lagrange bases", lb, 2 * n - 1);
            l = new Lagrange(lt1, lt2, la, lb);
            order.addAll(List.of(LAGRANGE_TAU_G1, LAGRANGE_TAU_G2, LAGRANGE_ALPHA_TAU_G1, LAGRANGE_BETA_TAU_G1));
        }
        return new Ptau("memory", null, power, ceremonyPower, tauG1, tauG2, alphaTauG1, betaTauG1, betaG2, contributions, l, List.of(), order);
    }

    private static void requireCount(String name, PointArray<?> a, long n) {
        if (a.size() != n) {
            throw new IllegalArgumentException(name + " has " + a.size() + " points; the power needs " + n);
        }
    }

    /** Writes the file in snarkjs's format, sections in {@link #sectionOrder()}. The stream stays open. */
    public void write(OutputStream out) throws IOException {
        BinFileWriter w = new BinFileWriter(out, MAGIC, VERSION, order.size());
        for (int type : order) {
            switch (type) {
                case HEADER -> {
                    w.beginSection(HEADER, HEADER_BYTES);
                    SnarkjsBinary.writeModulus(w, Fp.MODULUS);
                    w.u32(power);
                    w.u32(ceremonyPower);
                    w.endSection();
                }
                case TAU_G1 -> w.section(type, tauG1.segment());
                case TAU_G2 -> w.section(type, tauG2.segment());
                case ALPHA_TAU_G1 -> w.section(type, alphaTauG1.segment());
                case BETA_TAU_G1 -> w.section(type, betaTauG1.segment());
                case BETA_G2 -> w.section(type, betaG2.segment());
                case CONTRIBUTIONS -> writeContributions(w);
                case LAGRANGE_TAU_G1 -> w.section(type, lagrange.tauG1.segment());
                case LAGRANGE_TAU_G2 -> w.section(type, lagrange.tauG2.segment());
                case LAGRANGE_ALPHA_TAU_G1 -> w.section(type, lagrange.alphaTauG1.segment());
                case LAGRANGE_BETA_TAU_G1 -> w.section(type, lagrange.betaTauG1.segment());
                default -> w.section(type, otherSections.stream().filter(s -> s.type() == type).findFirst().orElseThrow().payload());
            }
        }
        w.finish();
    }

    /** Writes the file to a path (replacing it). */
    public void write(Path path) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            write(out);
        }
    }

    private void writeContributions(BinFileWriter w) throws IOException {
        long size = 4;
        for (PtauContribution c : contributions) {
            size += c.encodedSize();
        }
        w.beginSection(CONTRIBUTIONS, size);
        w.u32(contributions.size());
        for (PtauContribution c : contributions) {
            SnarkjsBinary.writeG1(w, c.tauG1());
            SnarkjsBinary.writeG2(w, c.tauG2());
            SnarkjsBinary.writeG1(w, c.alphaG1());
            SnarkjsBinary.writeG1(w, c.betaG1());
            SnarkjsBinary.writeG2(w, c.betaG2());
            PtauPublicKey k = c.key();
            for (G1 p : List.of(k.tauG1S(), k.tauG1Sx(), k.alphaG1S(), k.alphaG1Sx(), k.betaG1S(), k.betaG1Sx())) {
                SnarkjsBinary.writeG1(w, p);
            }
            for (G2 p : List.of(k.tauG2Spx(), k.alphaG2Spx(), k.betaG2Spx())) {
                SnarkjsBinary.writeG2(w, p);
            }
            w.bytes(c.partialHash().toByteArray());
            w.bytes(c.nextChallenge().toByteArray());
            w.u32(c.type());
            c.params().write(w);
        }
        w.endSection();
    }

    /** Unmaps a file opened with {@link #open}. */
    @Override
    public void close() {
        if (file != null) {
            file.close();
        }
    }

    @Override
    public String toString() {
        return "Ptau[" + source + ": power " + power + " (ceremony " + ceremonyPower + "), " + contributions.size() + " contributions"
                + (isPrepared() ? ", prepared" : "") + "]";
    }
}
