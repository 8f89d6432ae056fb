package io.zkml.prover.groth16;

import io.zkml.core.curve.CurvePoint;
import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.encoding.G1Points;
import io.zkml.core.encoding.G2Points;
import io.zkml.core.encoding.PointArray;
import io.zkml.core.field.FieldElement;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import io.zkml.core.field.Fr;
import io.zkml.core.io.ByteString;
import io.zkml.core.ptau.Ptau;
import io.zkml.core.r1cs.Constraint;
import io.zkml.core.r1cs.LinearCombination;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.zkey.Coefficients;
import io.zkml.core.zkey.MpcParams;
import io.zkml.core.zkey.Provenance;
import io.zkml.core.zkey.Zkey;
import io.zkml.core.zkey.ZkeyHeader;
import io.zkml.prover.backend.ProgressListener;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Groth16 setup: the proving key ({@code .zkey}) of a circuit.
 *
 * <ul>
 *   <li>{@link #fromPtau}: the initial key exactly as {@code snarkjs groth16 setup} derives it from a prepared
 *       powers-of-tau file, byte for byte: [uᵢ(τ)]₁, [vᵢ(τ)]₁,₂ and [β·uᵢ + α·vᵢ + wᵢ]₁ as sums of the ptau's
 *       Lagrange points weighted by the R1CS coefficients, γ = δ = the generators, H copied from the odd points
 *       of the Lagrange basis of the doubled domain, and snarkjs's Blake2b circuit hash. Such a key needs a
 *       phase-2 contribution before it protects anything (δ = γ lets anyone forge public inputs).
 *   <li>{@link #development}: a key from secrets τ, α, β, γ, δ drawn here, in the same layout and H
 *       convention, computed with fixed-base multiplication of the generators. Whoever ran it could forge
 *       proofs: the key is marked as a development key ({@link Provenance.Development}) and every tool that
 *       shows it says so.
 * </ul>
 *
 * Both use the domain of size n = 2^k with k = ⌊log₂(nConstraints + nPublic)⌋ + 1, as snarkjs does; rows
 * nConstraints … nConstraints + nPublic of A hold 1·w_s for the constant and public wires s.
 */
public final class Setup {

    /** What the command line prints, loudly, for a development key. */
    public static final String DEVELOPMENT_WARNING = "DEVELOPMENT KEY: its secrets (tau, alpha, beta, gamma, delta) were drawn on this "
            + "machine. Anyone who could read this process's memory can forge proofs that this key accepts. Use it for tests and "
            + "demos only; for anything that others must trust, use --ptau with a public ceremony file and add phase-2 contributions.";

    /** Points per task of the parallel loops (each task converts its points to affine form with one inversion). */
    private static final int CHUNK = 512;
    /** snarkjs hashes the H points (τ^(i+n) − τ^i) in chunks of this many (and so hashes n of them from 2^15 on). */
    private static final int HASH_CHUNK = 1 << 14;

    private Setup() {
    }

    /** The sizes snarkjs derives from an R1CS. */
    record Shape(int nVars, int nPublic, int nConstraints, int power) {
        static Shape of(R1cs r1cs) {
            int m = r1cs.nConstraints() + r1cs.nPublic();
            int log2 = m == 0 ? 0 : 31 - Integer.numberOfLeadingZeros(m);
            int power = log2 + 1;
            if (power > Domain.MAX_LOG_SIZE - 1) {
                throw new IllegalArgumentException("circuit too big: " + r1cs.nConstraints() + " constraints and " + r1cs.nPublic()
                        + " public signals need a domain of 2^" + power + " (BN254 supports up to 2^" + (Domain.MAX_LOG_SIZE - 1) + " here)");
            }
            return new Shape(r1cs.nWires(), r1cs.nPublic(), r1cs.nConstraints(), power);
        }

        int domainSize() {
            return 1 << power;
        }
    }

    // ---------------------------------------------------------------- from a powers-of-tau file

    /**
     * The initial key of {@code r1cs} from a prepared powers-of-tau file, byte-identical to what
     * {@code snarkjs groth16 setup r1cs ptau} writes.
     *
     * @throws IllegalArgumentException if the ptau is not prepared, or too small for the circuit
     */
    public static Zkey fromPtau(R1cs r1cs, Ptau ptau) {
        return fromPtau(r1cs, ptau, ProgressListener.NONE);
    }

    /**
     * {@link #fromPtau(R1cs, Ptau)}, telling {@code progress} which point section is being computed
     * ({@code "IC"}, {@code "C"}, {@code "A"}, {@code "B1"}, {@code "B2"}, then {@code "hash"} and {@code "done"})
     * and the fraction of the points done.
     */
    public static Zkey fromPtau(R1cs r1cs, Ptau ptau, ProgressListener progress) {
        Shape shape = Shape.of(r1cs);
        int k = shape.power();
        int n = shape.domainSize();
        if (!ptau.isPrepared()) {
            throw new IllegalArgumentException(ptau.source() + " is not prepared for phase 2 (no Lagrange sections): run "
                    + "`snarkjs powersoftau prepare phase2` on it");
        }
        if (k > ptau.power()) {
            throw new IllegalArgumentException("circuit too big for " + ptau.source() + ": " + shape.nConstraints() + " constraints and "
                    + shape.nPublic() + " public signals need a domain of 2^" + k + " but the file has power " + ptau.power());
        }
        if (n >= 2 * HASH_CHUNK && k == ptau.power()) {
            // snarkjs then hashes τ^(2n−1) − τ^(n−1) with a τ^(2n−1) read past the end of the ptau's tauG1 section
            throw new IllegalArgumentException("a domain of 2^" + k + " fills " + ptau.source() + " (power " + ptau.power()
                    + "), where snarkjs's circuit hash reads past the tauG1 section; use a powers-of-tau file of power " + (k + 1)
                    + " or more");
        }
        int nPublic = shape.nPublic(), nVars = shape.nVars(), nC = shape.nConstraints();
        G1Points tau1 = ptau.lagrangeTauG1(k);
        G2Points tau2 = ptau.lagrangeTauG2(k);
        G1Points alphaTau1 = ptau.lagrangeAlphaTauG1(k);
        G1Points betaTau1 = ptau.lagrangeBetaTauG1(k);
        ByWire a = ByWire.of(r1cs, Constraint::a);
        ByWire b = ByWire.of(r1cs, Constraint::b);
        ByWire c = ByWire.of(r1cs, Constraint::c);

        // [β·uᵢ(τ) + α·vᵢ(τ) + wᵢ(τ)]₁, for IC (public wires) and C (private wires); γ = δ = 1
        IntFunction<G1> abc = s -> {
            TermSum<Fp, G1> sum = terms(terms(terms(new TermSum<>(G1.INFINITY), a, s, betaTau1), b, s, alphaTau1), c, s, tau1);
            return (s <= nPublic ? sum.add(betaTau1.get(nC + s)) : sum).result();
        };
        // IC, C, A and B1 are G1 points, B2 costs about three times as much; the hash about as much as one G1 section
        Tracker track = new Tracker(progress, 3L * nVars + G2_COST * nVars + n);
        G1Points ic = g1Points("IC", nPublic + 1, abc, track);
        G1Points cPoints = g1Points("C", nVars - nPublic - 1, i -> abc.apply(nPublic + 1 + i), track);
        G1Points aPoints = g1Points("A", nVars, s -> {
            TermSum<Fp, G1> sum = terms(new TermSum<>(G1.INFINITY), a, s, tau1);
            return (s <= nPublic ? sum.add(tau1.get(nC + s)) : sum).result();
        }, track);
        G1Points b1Points = g1Points("B1", nVars, s -> terms(new TermSum<>(G1.INFINITY), b, s, tau1).result(), track);
        G2Points b2Points = g2Points("B2", nVars, s -> terms(new TermSum<>(G2.INFINITY), b, s, tau2).result(), track);
        track.stage("hash");

        // H: the odd points of the Lagrange basis of the domain of size 2n
        G1Points doubled = ptau.lagrangeTauG1(k + 1);
        G1Points.Builder hb = new G1Points.Builder("H", n);
        for (int i = 0; i < n; i++) {
            hb.setEncoded(i, doubled.slice(2L * i + 1, 1).segment());
        }
        G1Points h = hb.build();

        G1 alpha1 = ptau.alphaTauG1().getChecked(0);
        G1 beta1 = ptau.betaTauG1().getChecked(0);
        G2 beta2 = ptau.betaG2();
        ZkeyHeader header = new ZkeyHeader(nVars, nPublic, n, alpha1, beta1, beta2, G2.GENERATOR, G1.GENERATOR, G2.GENERATOR);

        CircuitHash hash = new CircuitHash()
                .points(ptau.alphaTauG1().slice(0, 1)).points(ptau.betaTauG1().slice(0, 1)).points(ptau.betaG2Points())
                .point(G2.GENERATOR).point(G1.GENERATOR).point(G2.GENERATOR)
                .u32(nPublic + 1).points(ic);
        hashHPoints(hash, ptau.tauG1(), n);
        hash.u32(cPoints.size()).points(cPoints)
                .u32(nVars).points(aPoints)
                .u32(nVars).points(b1Points)
                .u32(nVars).points(b2Points);

        track.add("hash", n);
        Zkey key = Zkey.builder(header).ic(ic).coefficients(coefficients(r1cs, shape)).a(aPoints).b1(b1Points).b2(b2Points)
                .c(cPoints).h(h).mpcParams(MpcParams.initial(ByteString.of(hash.digest()))).order(Zkey.SETUP_ORDER).build();
        track.done();
        return key;
    }

    /**
     * snarkjs's hash of the H points as they would be in the power basis, [τ^(i+n) − τ^i]₁: the count n − 1,
     * then the points, taken in chunks of 2^14 of min(n − 1, 2^14) points each (so n points from n = 2^15 on).
     */
    private static void hashHPoints(CircuitHash hash, G1Points tauG1, int n) {
        hash.u32(n - 1);
        long count = 0;
        for (long i = 0; i < n - 1; i += HASH_CHUNK) {
            count += Math.min(n - 1, HASH_CHUNK);
        }
        hash.points(g1Points("H hash", (int) count, i -> tauG1.get(i + n).sub(tauG1.get(i))));
    }

    /** Adds the terms of wire {@code s} in matrix {@code m}: coefficient · base[row]. */
    private static <F extends FieldElement<F>, P extends CurvePoint<F, P>> TermSum<F, P> terms(TermSum<F, P> sum, ByWire m, int s,
            PointArray<P> bases) {
        for (int t = m.from(s), end = m.from(s + 1); t < end; t++) {
            sum.add(bases.get(m.row(t)), m.coefficient(t));
        }
        return sum;
    }

    /** Section 4: per constraint the A then the B terms in {@code .r1cs} order, then 1·w_s in row nConstraints + s. */
    static Coefficients coefficients(R1cs r1cs, Shape shape) {
        long count = shape.nPublic() + 1L;
        for (Constraint con : r1cs.constraints()) {
            count += con.a().size() + con.b().size();
        }
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many coefficients for a .zkey: " + count);
        }
        Coefficients.Builder cb = new Coefficients.Builder((int) count);
        for (int row = 0; row < shape.nConstraints(); row++) {
            Constraint con = r1cs.constraint(row);
            for (int m = 0; m < 2; m++) {
                LinearCombination lc = m == 0 ? con.a() : con.b();
                for (int t = 0; t < lc.size(); t++) {
                    cb.add(m, row, lc.wire(t), lc.coefficient(t));
                }
            }
        }
        for (int s = 0; s <= shape.nPublic(); s++) {
            cb.add(Coefficients.MATRIX_A, shape.nConstraints() + s, s, Fr.ONE);
        }
        return cb.build();
    }

    // ---------------------------------------------------------------- development keys

    /** {@link #development(R1cs, SecureRandom, Clock)} stamped with the current time. */
    public static Zkey development(R1cs r1cs, SecureRandom random) {
        return development(r1cs, random, Clock.systemUTC());
    }

    /**
     * A development key: fresh random τ, α, β, γ, δ, the same layout and H convention as {@link #fromPtau}
     * (so snarkjs and rapidsnark prove with it), marked as a development key in its {@code .zkey} (an extra
     * section and its circuit hash, see {@link Provenance}). γ is random too, unlike snarkjs's initial key, as
     * in the Groth16 paper. The secrets exist only in this call's memory.
     *
     * <p>The returned key's {@code provenance().isDevelopment()} is true; show {@link #DEVELOPMENT_WARNING}.
     */
    public static Zkey development(R1cs r1cs, SecureRandom random, Clock clock) {
        return development(r1cs, random, clock, ProgressListener.NONE);
    }

    /**
     * {@link #development(R1cs, SecureRandom, Clock)}, telling {@code progress} which point section is being
     * computed ({@code "IC"}, {@code "C"}, {@code "A"}, {@code "B1"}, {@code "B2"}, {@code "H"}, then
     * {@code "done"}) and the fraction of the points done.
     */
    public static Zkey development(R1cs r1cs, SecureRandom random, Clock clock, ProgressListener progress) {
        Shape shape = Shape.of(r1cs);
        int k = shape.power(), n = shape.domainSize();
        int nPublic = shape.nPublic(), nVars = shape.nVars(), nC = shape.nConstraints();

        Fr tau, alpha = nonZero(random), beta = nonZero(random), gamma = nonZero(random), delta = nonZero(random);
        Fr[] lagrange, doubled;
        while (true) {
            tau = nonZero(random);
            try {
                lagrange = Domain.lagrangeAt(tau, k);
                doubled = Domain.lagrangeAt(tau, k + 1);
                break;
            } catch (IllegalArgumentException inDomain) {
                // τ is a 2n-th root of unity: draw again (probability about 2n/r)
            }
        }

        // uᵢ(τ), vᵢ(τ), wᵢ(τ) per wire
        Fr[] u = zeros(nVars), v = zeros(nVars), w = zeros(nVars);
        for (int row = 0; row < nC; row++) {
            Constraint con = r1cs.constraint(row);
            accumulate(u, con.a(), lagrange[row]);
            accumulate(v, con.b(), lagrange[row]);
            accumulate(w, con.c(), lagrange[row]);
        }
        for (int s = 0; s <= nPublic; s++) {
            u[s] = u[s].add(lagrange[nC + s]);
        }
        Fr gammaInverse = gamma.inverse(), deltaInverse = delta.inverse();
        Fr a0 = alpha, b0 = beta;
        IntFunction<Fr> abc = s -> b0.mul(u[s]).add(a0.mul(v[s])).add(w[s]);

        FixedBase<Fp, G1> g1 = FixedBase.of(G1.GENERATOR);
        FixedBase<Fp2, G2> g2 = FixedBase.of(G2.GENERATOR);
        Fr[] hScalars = new Fr[n];
        for (int i = 0; i < n; i++) {
            hScalars[i] = doubled[2 * i + 1].mul(deltaInverse);
        }
        Tracker track = new Tracker(progress, 3L * nVars + G2_COST * nVars + n);
        G1Points ic = fixedBase("IC", g1, nPublic + 1, s -> abc.apply(s).mul(gammaInverse), track);
        G1Points cPoints = fixedBase("C", g1, nVars - nPublic - 1, i -> abc.apply(nPublic + 1 + i).mul(deltaInverse), track);
        G1Points aPoints = fixedBase("A", g1, nVars, s -> u[s], track);
        G1Points b1Points = fixedBase("B1", g1, nVars, s -> v[s], track);
        G2Points b2Points = fixedBaseG2("B2", g2, nVars, s -> v[s], track);
        G1Points h = fixedBase("H", g1, n, i -> hScalars[i], track);

        ZkeyHeader header = new ZkeyHeader(nVars, nPublic, n, g1.mul(alpha).toAffine(), g1.mul(beta).toAffine(), g2.mul(beta).toAffine(),
                g2.mul(gamma).toAffine(), g1.mul(delta).toAffine(), g2.mul(delta).toAffine());

        // the circuit hash of a development key: a recognisable prefix, then a fingerprint of the key
        byte[] fingerprint = new CircuitHash()
                .point(header.alphaG1()).point(header.betaG1()).point(header.betaG2()).point(header.gammaG2())
                .point(header.deltaG1()).point(header.deltaG2())
                .u32(nPublic + 1).points(ic).u32(n).points(h).u32(cPoints.size()).points(cPoints)
                .u32(nVars).points(aPoints).u32(nVars).points(b1Points).u32(nVars).points(b2Points).digest();
        byte[] csHash = new byte[64];
        byte[] prefix = Provenance.DEVELOPMENT_HASH_PREFIX.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(prefix, 0, csHash, 0, 32);
        System.arraycopy(fingerprint, 0, csHash, 32, 32);

        Zkey key = Zkey.builder(header).ic(ic).coefficients(coefficients(r1cs, shape)).a(aPoints).b1(b1Points).b2(b2Points)
                .c(cPoints).h(h).mpcParams(MpcParams.initial(ByteString.of(csHash)))
                .otherSection(Provenance.developmentSection(tool(), clock.instant())).order(Zkey.SETUP_ORDER).build();
        track.done();
        return key;
    }

    private static String tool() {
        String v = Setup.class.getPackage().getImplementationVersion();
        return v == null ? "zkml" : "zkml " + v;
    }

    private static Fr nonZero(SecureRandom random) {
        while (true) {
            Fr x = Fr.of(new BigInteger(Fr.MODULUS.bitLength() + 128, random));
            if (!x.isZero()) {
                return x;
            }
        }
    }

    private static Fr[] zeros(int n) {
        Fr[] a = new Fr[n];
        java.util.Arrays.fill(a, Fr.ZERO);
        return a;
    }

    private static void accumulate(Fr[] acc, LinearCombination lc, Fr basis) {
        for (int t = 0; t < lc.size(); t++) {
            acc[lc.wire(t)] = acc[lc.wire(t)].add(lc.coefficient(t).mul(basis));
        }
    }

    // ---------------------------------------------------------------- parallel point computation

    /** Work units of a G2 point, a G1 point's being one. */
    private static final long G2_COST = 3;

    /**
     * Counts the points computed across the parallel chunks and tells the listener the fraction done; a section's
     * name is its stage.
     */
    private static final class Tracker {

        static final Tracker NONE = new Tracker(ProgressListener.NONE, 1);

        private final ProgressListener listener;
        private final long total;
        private final AtomicLong done = new AtomicLong();

        Tracker(ProgressListener listener, long total) {
            this.listener = listener;
            this.total = Math.max(1, total);
        }

        void add(String stage, long units) {
            if (listener != ProgressListener.NONE) {
                listener.progress(stage, Math.min(1.0, (double) done.addAndGet(units) / total));
            }
        }

        void stage(String stage) {
            add(stage, 0);
        }

        void done() {
            if (listener != ProgressListener.NONE) {
                listener.progress("done", 1.0);
            }
        }
    }

    /** Points f(0) … f(count − 1), computed in parallel chunks, each chunk made affine with one inversion. */
    static G1Points g1Points(String name, int count, IntFunction<G1> f) {
        return g1Points(name, count, f, Tracker.NONE);
    }

    private static G1Points g1Points(String name, int count, IntFunction<G1> f, Tracker track) {
        G1Points.Builder out = new G1Points.Builder(name, count);
        chunks(name, count, 1, track, (from, to) -> {
            List<G1> pts = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                pts.add(f.apply(i));
            }
            List<G1> affine = CurvePoint.batchToAffine(pts);
            for (int i = from; i < to; i++) {
                out.set(i, affine.get(i - from));
            }
        });
        return out.build();
    }

    private static G2Points g2Points(String name, int count, IntFunction<G2> f, Tracker track) {
        G2Points.Builder out = new G2Points.Builder(name, count);
        chunks(name, count, G2_COST, track, (from, to) -> {
            List<G2> pts = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                pts.add(f.apply(i));
            }
            List<G2> affine = CurvePoint.batchToAffine(pts);
            for (int i = from; i < to; i++) {
                out.set(i, affine.get(i - from));
            }
        });
        return out.build();
    }

    /** [f(0)]₁ … [f(count − 1)]₁ by batched fixed-base multiplication, in parallel chunks. */
    static G1Points fixedBase(String name, FixedBase<Fp, G1> table, int count, IntFunction<Fr> f) {
        return fixedBase(name, table, count, f, Tracker.NONE);
    }

    private static G1Points fixedBase(String name, FixedBase<Fp, G1> table, int count, IntFunction<Fr> f, Tracker track) {
        G1Points.Builder out = new G1Points.Builder(name, count);
        chunks(name, count, 1, track, (from, to) -> {
            Fr[] k = new Fr[to - from];
            for (int i = from; i < to; i++) {
                k[i - from] = f.apply(i);
            }
            List<G1> points = table.mulAll(k);
            for (int i = from; i < to; i++) {
                out.set(i, points.get(i - from));
            }
        });
        return out.build();
    }

    /** [f(0)]₂ … [f(count − 1)]₂, the same way. */
    static G2Points fixedBaseG2(String name, FixedBase<Fp2, G2> table, int count, IntFunction<Fr> f) {
        return fixedBaseG2(name, table, count, f, Tracker.NONE);
    }

    private static G2Points fixedBaseG2(String name, FixedBase<Fp2, G2> table, int count, IntFunction<Fr> f, Tracker track) {
        G2Points.Builder out = new G2Points.Builder(name, count);
        chunks(name, count, G2_COST, track, (from, to) -> {
            Fr[] k = new Fr[to - from];
            for (int i = from; i < to; i++) {
                k[i - from] = f.apply(i);
            }
            List<G2> points = table.mulAll(k);
            for (int i = from; i < to; i++) {
                out.set(i, points.get(i - from));
            }
        });
        return out.build();
    }

    private interface Range {
        void run(int from, int to);
    }

    private static void chunks(String stage, int count, long cost, Tracker track, Range body) {
        int nChunks = (count + CHUNK - 1) / CHUNK;
        track.stage(stage);
        IntStream.range(0, nChunks).parallel().forEach(ch -> {
            int from = ch * CHUNK, to = Math.min(count, (ch + 1) * CHUNK);
            body.run(from, to);
            track.add(stage, cost * (to - from));
        });
    }
}
