package io.zkml.core.zkey;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.encoding.G1Points;
import io.zkml.core.encoding.G2Points;
import io.zkml.core.encoding.SnarkjsBinary;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fr;
import io.zkml.core.groth16.VerifyingKey;
import io.zkml.core.io.BinFile;
import io.zkml.core.io.BinFileWriter;
import io.zkml.core.io.BinSection;
import io.zkml.core.io.ByteString;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.RawSection;
import io.zkml.core.io.SectionReader;
import io.zkml.core.ptau.ContributionParams;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A snarkjs Groth16 proving key ({@code .zkey}, version 1), read from a memory-mapped file or made in memory,
 * and written back byte for byte.
 * <pre>
 *   container  magic "zkey", version 1 ({@link BinFile}); sections in any order: snarkjs's setup writes
 *              1, 2, 4, 3, 9, 8, 5, 6, 7, 10 ({@link #SETUP_ORDER}), its contribute and beacon 1 … 10
 *   section 1  protocol u32 = 1 (Groth16)
 *   section 2  Groth16 header: n8q u32 = 32, q (32 bytes, plain), n8r u32 = 32, r (32 bytes, plain),
 *              nVars u32, nPublic u32, domainSize u32, [α]₁, [β]₁, [β]₂, [γ]₂, [δ]₁, [δ]₂
 *   section 3  IC: nPublic + 1 G1 points, [(β·uᵢ(τ) + α·vᵢ(τ) + wᵢ(τ))/γ]₁ for the constant and public wires
 *   section 4  the A and B coefficients ({@link Coefficients})
 *   section 5  A: nVars G1 points [uᵢ(τ)]₁
 *   section 6  B1: nVars G1 points [vᵢ(τ)]₁
 *   section 7  B2: nVars G2 points [vᵢ(τ)]₂
 *   section 8  C: nVars − nPublic − 1 G1 points [(β·uᵢ(τ) + α·vᵢ(τ) + wᵢ(τ))/δ]₁ for the private wires
 *   section 9  H: domainSize G1 points [L′ᵢ(τ)/δ]₁, where L′ᵢ is the Lagrange polynomial of the odd point
 *              ω₂ₙ^(2i+1) of the domain of size 2n: the prover evaluates A·B − C on those points (the coset
 *              where Z = xⁿ − 1 is the constant −2), so it never divides by Z
 *   section 10 MPC parameters ({@link MpcParams}): the 64-byte circuit hash, u32 count, the contributions
 *   others     kept verbatim ({@link #otherSections()}), e.g. zkml's {@link Provenance#SECTION}
 * </pre>
 * Points are affine, Montgomery form, little-endian ({@link SnarkjsBinary}); the point sections are exposed as
 * {@link G1Points}/{@link G2Points} views, never copied onto the heap. Reading checks the protocol, both
 * primes, that every section is there once and has exactly the size nVars, nPublic and domainSize give it,
 * every coefficient entry, the header's points (on the curve, G2 in its subgroup), and the contributions;
 * every failure is a {@link FormatException} with the file offset. The bulk points are checked as they are
 * read ({@link G1Points#get}: coordinates below p).
 *
 * <p>A key opened from a file holds the mapping until {@link #close()}.
 */
public final class Zkey implements AutoCloseable {

    public static final String MAGIC = "zkey";
    public static final int VERSION = 1;
    /** snarkjs's protocol number of Groth16 in section 1 (2 is PLONK, 10 FFLONK). */
    public static final int GROTH16 = 1;

    public static final int HEADER = 1, GROTH16_HEADER = 2, IC = 3, COEFFICIENTS = 4, A = 5, B1 = 6, B2 = 7, C = 8, H = 9, MPC_PARAMS = 10;
    /** The order in which {@code snarkjs groth16 setup} writes the sections. */
    public static final List<Integer> SETUP_ORDER = List.of(HEADER, GROTH16_HEADER, COEFFICIENTS, IC, H, C, A, B1, B2, MPC_PARAMS);
    /** Sections 1 … 10 in numeric order, as snarkjs's contribute and beacon write them. */
    public static final List<Integer> NUMERIC_ORDER = List.of(HEADER, GROTH16_HEADER, IC, COEFFICIENTS, A, B1, B2, C, H, MPC_PARAMS);

    /** Bytes of section 2. */
    static final int GROTH16_HEADER_BYTES = 4 + 32 + 4 + 32 + 3 * 4 + 3 * G1Points.BYTES + 3 * G2Points.BYTES;

    private final String source;
    private final BinFile file;
    private final ZkeyHeader header;
    private final G1Points ic, a, b1, c, h;
    private final G2Points b2;
    private final Coefficients coefficients;
    private final MpcParams mpcParams;
    private final List<RawSection> otherSections;
    private final List<Integer> order;

    private Zkey(String source, BinFile file, ZkeyHeader header, G1Points ic, Coefficients coefficients, G1Points a, G1Points b1,
                 G2Points b2, G1Points c, G1Points h, MpcParams mpcParams, List<RawSection> otherSections, List<Integer> order) {
        this.source = source;
        this.file = file;
        this.header = header;
        this.ic = ic;
        this.coefficients = coefficients;
        this.a = a;
        this.b1 = b1;
        this.b2 = b2;
        this.c = c;
        this.h = h;
        this.mpcParams = mpcParams;
        this.otherSections = List.copyOf(otherSections);
        this.order = List.copyOf(order);
    }

    // ---------------------------------------------------------------- reading

    /**
     * Memory-maps and reads a key; {@link #close()} unmaps it.
     *
     * @throws FormatException if it is not a well-formed Groth16 BN254 key
     */
    public static Zkey open(Path path) throws IOException {
        return BinFile.openAndRead(path, MAGIC, VERSION, f -> read(f, true));
    }

    /** Reads a key held in memory (not copied: leave the array alone while the key is in use). */
    public static Zkey read(String source, byte[] bytes) {
        return read(BinFile.of(source, bytes, MAGIC, VERSION), false);
    }

    /** Reads an opened container, which stays the caller's to close. */
    public static Zkey read(BinFile f) {
        return read(f, false);
    }

    private static Zkey read(BinFile f, boolean owns) {
        String src = f.source();
        SectionReader p = f.reader(HEADER, "protocol");
        p.require(4, "protocol");
        long protocolAt = p.fileOffset();
        long protocol = p.u32();
        if (protocol != GROTH16) {
            throw p.errorAt(protocolAt, "protocol " + protocol + describeProtocol(protocol) + ": zkml reads Groth16 keys (protocol 1) only");
        }
        p.expectEnd("the protocol");

        SectionReader r = f.reader(GROTH16_HEADER, "Groth16 header");
        SnarkjsBinary.readModulus(r, Fp.MODULUS, "base field q");
        SnarkjsBinary.readModulus(r, Fr.MODULUS, "scalar field r");
        long countsAt = r.fileOffset();
        r.require(12, "nVars, nPublic and domainSize");
        int nVars = r.u32AsInt("nVars");
        int nPublic = r.u32AsInt("nPublic");
        int domainSize = r.u32AsInt("domainSize");
        if (nVars < (long) nPublic + 1) {
            throw r.errorAt(countsAt, "nVars = " + nVars + " cannot hold the constant wire and nPublic = " + nPublic + " public signals");
        }
        if (domainSize < 1 || Integer.bitCount(domainSize) != 1) {
            throw r.errorAt(countsAt + 8, "domainSize " + domainSize + " is not a power of two");
        }
        G1 alpha = SnarkjsBinary.readG1Checked(r);
        G1 beta1 = SnarkjsBinary.readG1Checked(r);
        G2 beta2 = SnarkjsBinary.readG2Checked(r);
        G2 gamma2 = SnarkjsBinary.readG2Checked(r);
        G1 delta1 = SnarkjsBinary.readG1Checked(r);
        G2 delta2 = SnarkjsBinary.readG2Checked(r);
        r.expectEnd("the Groth16 header");
        ZkeyHeader header = new ZkeyHeader(nVars, nPublic, domainSize, alpha, beta1, beta2, gamma2, delta1, delta2);

        G1Points ic = g1(f, IC, "IC", nPublic + 1L, "nPublic + 1 = " + (nPublic + 1));
        BinSection cs = f.section(COEFFICIENTS, "coefficients");
        Coefficients coefficients = Coefficients.view(src, f.segment(cs), cs.offset());
        coefficients.check(nVars, domainSize);
        G1Points a = g1(f, A, "A", nVars, "nVars = " + nVars);
        G1Points b1 = g1(f, B1, "B1", nVars, "nVars = " + nVars);
        BinSection b2s = f.section(B2, "B2");
        requireSize(f, b2s, "B2", (long) nVars * G2Points.BYTES, nVars + " G2 points (nVars = " + nVars + ")");
        G2Points b2 = G2Points.view(src, f.segment(b2s), b2s.offset());
        long nPrivate = (long) nVars - nPublic - 1;
        G1Points c = g1(f, C, "C", nPrivate, "nVars − nPublic − 1 = " + nPrivate);
        G1Points h = g1(f, H, "H", domainSize, "domainSize = " + domainSize);
        MpcParams mpc = readMpcParams(f.reader(MPC_PARAMS, "MPC parameters"));

        List<RawSection> others = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (BinSection s : f.sections()) {
            if (s.type() < HEADER || s.type() > MPC_PARAMS) {
                if (!seen.add(s.type())) {
                    throw FormatException.atOffset(src, s.offset() - 12, "section " + Integer.toUnsignedString(s.type()) + " appears twice");
                }
                others.add(new RawSection(s.type(), f.bytes(s)));
            }
            order.add(s.type());
        }
        return new Zkey(src, owns ? f : null, header, ic, coefficients, a, b1, b2, c, h, mpc, others, order);
    }

    private static String describeProtocol(long protocol) {
        return protocol == 2 ? " (PLONK)" : protocol == 10 ? " (FFLONK)" : "";
    }

    private static G1Points g1(BinFile f, int type, String name, long count, String because) {
        BinSection s = f.section(type, name);
        requireSize(f, s, name, count * G1Points.BYTES, count + " G1 points (" + because + ")");
        return G1Points.view(f.source(), f.segment(s), s.offset());
    }

    private static void requireSize(BinFile f, BinSection s, String name, long expected, String what) {
        if (s.size() != expected) {
            throw FormatException.atOffset(f.source(), s.offset(), "section " + s.type() + " (" + name + ") holds " + s.size()
                    + " bytes but must hold " + what + ", " + expected + " bytes");
        }
    }

    private static MpcParams readMpcParams(SectionReader r) {
        r.require(64 + 4, "circuit hash and contribution count");
        ByteString csHash = ByteString.of(r.bytes(64));
        long n = r.u32();
        List<ZkeyContribution> cs = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            String what = "contribution " + (i + 1) + " of " + n;
            r.require(ZkeyContribution.FIXED_BYTES, what);
            G1 deltaAfter = SnarkjsBinary.readG1Checked(r);
            G1 s = SnarkjsBinary.readG1Checked(r);
            G1 sx = SnarkjsBinary.readG1Checked(r);
            G2 spx = SnarkjsBinary.readG2Checked(r);
            ByteString transcript = ByteString.of(r.bytes(64));
            long typeAt = r.fileOffset();
            long type = r.u32();
            if (type > 1) {
                throw r.errorAt(typeAt, what + ": type " + type + " (0 for a contribution, 1 for a beacon)");
            }
            cs.add(new ZkeyContribution(deltaAfter, s, sx, spx, transcript, (int) type, ContributionParams.read(r, what)));
        }
        r.expectEnd("the " + n + " contributions");
        return new MpcParams(csHash, cs);
    }

    // ---------------------------------------------------------------- building

    /** Starts a key in memory from its header; every section must be given before {@link Builder#build()}. */
    public static Builder builder(ZkeyHeader header) {
        return new Builder(header);
    }

    /** Assembles a key from its sections, with the same checks as reading (as IllegalArgumentException). */
    public static final class Builder {
        private final ZkeyHeader header;
        private G1Points ic, a, b1, c, h;
        private G2Points b2;
        private Coefficients coefficients;
        private MpcParams mpcParams;
        private final List<RawSection> others = new ArrayList<>();
        private List<Integer> order = SETUP_ORDER;
        private String source = "memory";

        private Builder(ZkeyHeader header) {
            this.header = Objects.requireNonNull(header, "header must not be null");
        }

        public Builder ic(G1Points v) { ic = v; return this; }
        public Builder coefficients(Coefficients v) { coefficients = v; return this; }
        public Builder a(G1Points v) { a = v; return this; }
        public Builder b1(G1Points v) { b1 = v; return this; }
        public Builder b2(G2Points v) { b2 = v; return this; }
        public Builder c(G1Points v) { c = v; return this; }
        public Builder h(G1Points v) { h = v; return this; }
        public Builder mpcParams(MpcParams v) { mpcParams = v; return this; }

        /** The name in messages about the key. */
        public Builder source(String v) { source = Objects.requireNonNull(v); return this; }

        /**
         * Adds a section of a type other than 1 … 10, written after the others unless {@link #order} places it.
         */
        public Builder otherSection(RawSection s) {
            if (s.type() >= HEADER && s.type() <= MPC_PARAMS) {
                throw new IllegalArgumentException("section " + s.type() + " is part of the key, not an extra section");
            }
            if (others.stream().anyMatch(o -> o.type() == s.type())) {
                throw new IllegalArgumentException("section " + s.type() + " added twice");
            }
            others.add(s);
            return this;
        }

        /** The order of the sections on disk: every type exactly once (default {@link #SETUP_ORDER}, then the extra sections). */
        public Builder order(List<Integer> v) { order = List.copyOf(v); return this; }

        public Zkey build() {
            Objects.requireNonNull(ic, "IC (section 3) missing");
            Objects.requireNonNull(coefficients, "coefficients (section 4) missing");
            Objects.requireNonNull(a, "A (section 5) missing");
            Objects.requireNonNull(b1, "B1 (section 6) missing");
            Objects.requireNonNull(b2, "B2 (section 7) missing");
            Objects.requireNonNull(c, "C (section 8) missing");
            Objects.requireNonNull(h, "H (section 9) missing");
            Objects.requireNonNull(mpcParams, "MPC parameters (section 10) missing");
            int nVars = header.nVars(), nPublic = header.nPublic();
            requireCount("IC", ic.size(), nPublic + 1L);
            requireCount("A", a.size(), nVars);
            requireCount("B1", b1.size(), nVars);
            requireCount("B2", b2.size(), nVars);
            requireCount("C", c.size(), (long) nVars - nPublic - 1);
            requireCount("H", h.size(), header.domainSize());
            try {
                coefficients.check(nVars, header.domainSize());
            } catch (FormatException e) {
                throw new IllegalArgumentException(e.detail(), e);
            }
            List<Integer> o = new ArrayList<>(order);
            for (RawSection s : others) {
                if (!o.contains(s.type())) {
                    o.add(s.type());
                }
            }
            Set<Integer> expected = new HashSet<>(NUMERIC_ORDER);
            others.forEach(s -> expected.add(s.type()));
            if (o.size() != expected.size() || !expected.equals(new HashSet<>(o))) {
                throw new IllegalArgumentException("section order " + o + " must name each of " + expected + " once");
            }
            return new Zkey(source, null, header, ic, coefficients, a, b1, b2, c, h, mpcParams, others, o);
        }

        private static void requireCount(String name, long actual, long expected) {
            if (actual != expected) {
                throw new IllegalArgumentException(name + " has " + actual + " points but the header needs " + expected);
            }
        }
    }

    /** The same key with other MPC parameters (after a contribution, say). */
    public Zkey withMpcParams(MpcParams mpc) {
        return new Zkey(source, null, header, ic, coefficients, a, b1, b2, c, h, Objects.requireNonNull(mpc), otherSections, order);
    }

    // ---------------------------------------------------------------- the key

    /** The name of the file the key was read from, for messages. */
    public String source() {
        return source;
    }

    public ZkeyHeader header() {
        return header;
    }

    /** The number of wires, the constant wire 0 included. */
    public int nVars() {
        return header.nVars();
    }

    /** The number of public signals (wire 0 not counted). */
    public int nPublic() {
        return header.nPublic();
    }

    /** The size of the evaluation domain, a power of two. */
    public int domainSize() {
        return header.domainSize();
    }

    public G1 alphaG1() {
        return header.alphaG1();
    }

    public G1 betaG1() {
        return header.betaG1();
    }

    public G2 betaG2() {
        return header.betaG2();
    }

    public G2 gammaG2() {
        return header.gammaG2();
    }

    public G1 deltaG1() {
        return header.deltaG1();
    }

    public G2 deltaG2() {
        return header.deltaG2();
    }

    /** Section 3: nPublic + 1 points. */
    public G1Points ic() {
        return ic;
    }

    /** Section 4. */
    public Coefficients coefficients() {
        return coefficients;
    }

    /** Section 5: nVars points. */
    public G1Points a() {
        return a;
    }

    /** Section 6: nVars points. */
    public G1Points b1() {
        return b1;
    }

    /** Section 7: nVars points. */
    public G2Points b2() {
        return b2;
    }

    /** Section 8: nVars − nPublic − 1 points, for wires nPublic + 1 … nVars − 1. */
    public G1Points c() {
        return c;
    }

    /** Section 9: domainSize points. */
    public G1Points h() {
        return h;
    }

    /** Section 10. */
    public MpcParams mpcParams() {
        return mpcParams;
    }

    /** Sections of other types than 1 … 10, in file order. */
    public List<RawSection> otherSections() {
        return otherSections;
    }

    /** The section types in the order they are written. */
    public List<Integer> sectionOrder() {
        return order;
    }

    /** Whether the key was made from local secrets or from a powers-of-tau file, and its contributions. */
    public Provenance provenance() {
        return Provenance.of(this);
    }

    /**
     * The verifying key: α, β, γ, δ and IC (what {@code snarkjs zkey export verificationkey} exports).
     *
     * @throws FormatException if an IC point is not on the curve
     */
    public VerifyingKey verifyingKey() {
        List<G1> points = new ArrayList<>();
        for (long i = 0; i < ic.size(); i++) {
            points.add(ic.getChecked(i));
        }
        return new VerifyingKey(header.alphaG1(), header.betaG2(), header.gammaG2(), header.deltaG2(), points);
    }

    // ---------------------------------------------------------------- writing

    /** The file size that {@link #write} produces. */
    public long fileSize() {
        long n = 12;
        for (int type : order) {
            n += 12 + sectionSize(type);
        }
        return n;
    }

    private long sectionSize(int type) {
        return switch (type) {
            case HEADER -> 4;
            case GROTH16_HEADER -> GROTH16_HEADER_BYTES;
            case IC -> ic.segment().byteSize();
            case COEFFICIENTS -> coefficients.segment().byteSize();
            case A -> a.segment().byteSize();
            case B1 -> b1.segment().byteSize();
            case B2 -> b2.segment().byteSize();
            case C -> c.segment().byteSize();
            case H -> h.segment().byteSize();
            case MPC_PARAMS -> mpcParams.encodedSize();
            default -> other(type).size();
        };
    }

    private RawSection other(int type) {
        return otherSections.stream().filter(s -> s.type() == type).findFirst()
                .orElseThrow(() -> new IllegalStateException("no section " + type));
    }

    /** Writes the key in snarkjs's format, sections in {@link #sectionOrder()}. The stream stays open. */
    public void write(OutputStream out) throws IOException {
        BinFileWriter w = new BinFileWriter(out, MAGIC, VERSION, order.size());
        for (int type : order) {
            switch (type) {
                case HEADER -> {
                    w.beginSection(HEADER, 4);
                    w.u32(GROTH16);
                    w.endSection();
                }
                case GROTH16_HEADER -> writeGroth16Header(w);
                case IC -> w.section(IC, ic.segment());
                case COEFFICIENTS -> w.section(COEFFICIENTS, coefficients.segment());
                case A -> w.section(A, a.segment());
                case B1 -> w.section(B1, b1.segment());
                case B2 -> w.section(B2, b2.segment());
                case C -> w.section(C, c.segment());
                case H -> w.section(H, h.segment());
                case MPC_PARAMS -> writeMpcParams(w);
                default -> w.section(type, other(type).payload());
            }
        }
        w.finish();
    }

    /** Writes the key to a file (replacing it). */
    public void write(Path path) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            write(out);
        }
    }

    private void writeGroth16Header(BinFileWriter w) throws IOException {
        w.beginSection(GROTH16_HEADER, GROTH16_HEADER_BYTES);
        SnarkjsBinary.writeModulus(w, Fp.MODULUS);
        SnarkjsBinary.writeModulus(w, Fr.MODULUS);
        w.u32(header.nVars());
        w.u32(header.nPublic());
        w.u32(header.domainSize());
        SnarkjsBinary.writeG1(w, header.alphaG1());
        SnarkjsBinary.writeG1(w, header.betaG1());
        SnarkjsBinary.writeG2(w, header.betaG2());
        SnarkjsBinary.writeG2(w, header.gammaG2());
        SnarkjsBinary.writeG1(w, header.deltaG1());
        SnarkjsBinary.writeG2(w, header.deltaG2());
        w.endSection();
    }

    private void writeMpcParams(BinFileWriter w) throws IOException {
        w.beginSection(MPC_PARAMS, mpcParams.encodedSize());
        w.bytes(mpcParams.csHash().toByteArray());
        w.u32(mpcParams.contributions().size());
        for (ZkeyContribution k : mpcParams.contributions()) {
            SnarkjsBinary.writeG1(w, k.deltaAfter());
            SnarkjsBinary.writeG1(w, k.deltaG1S());
            SnarkjsBinary.writeG1(w, k.deltaG1Sx());
            SnarkjsBinary.writeG2(w, k.deltaG2Spx());
            w.bytes(k.transcript().toByteArray());
            w.u32(k.type());
            k.params().write(w);
        }
        w.endSection();
    }

    /** Unmaps the file of a key opened with {@link #open}; its point views become unusable. */
    @Override
    public void close() {
        if (file != null) {
            file.close();
        }
    }

    @Override
    public String toString() {
        return "Zkey[" + source + ": nVars " + header.nVars() + ", nPublic " + header.nPublic() + ", domainSize "
                + header.domainSize() + ", " + coefficients.size() + " coefficients, " + mpcParams.contributions().size() + " contributions]";
    }
}
