package io.zkml.prover.ceremony;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.encoding.G1Points;
import io.zkml.core.encoding.G2Points;
import io.zkml.core.encoding.PointArray;
import io.zkml.core.field.Fr;
import io.zkml.core.io.ByteString;
import io.zkml.core.ptau.Ptau;
import io.zkml.core.ptau.PtauContribution;
import io.zkml.core.ptau.PtauPublicKey;
import io.zkml.prover.backend.JavaBackend;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * zkml's {@code ptau verify}, with the meaning of {@code snarkjs powersoftau verify}: every contribution's
 * public key proves knowledge of its τ, α, β against the challenge it answered, and its [τ]₁, [τ]₂, [α]₁, [β]₁,
 * [β]₂ follow the previous ones by those secrets; a beacon's key is the one its hash gives. The last
 * contribution is checked against the file's sections: consecutive points of each section differ by the same
 * τ (a random linear combination Σ rᵢ·Pᵢ against Σ rᵢ·Pᵢ₊₁, paired with [1]₂ and [τ]₂), the first points are the
 * generator, [τ] and the recorded [α]₁, [β]₁, [β]₂, and its next-challenge hash is the hash of its response and
 * the sections. If the file is prepared, each Lagrange basis must evaluate like the powers:
 * Σ rⱼ·[τʲ] = Σ r̂ᵢ·[Lᵢ(τ)] with r̂ the transform of random r. Random scalars are 64 bits from a CSPRNG. A file
 * with no contribution fails, as in snarkjs (its τ is 1).
 *
 * @param mismatch the first problem, or empty if the file checks out
 * @param contributions the contributions, oldest first, with their response hashes (what contributors publish)
 */
public record PtauVerifier(Optional<String> mismatch, List<Checked> contributions) {

    public PtauVerifier {
        Objects.requireNonNull(mismatch, "mismatch must not be null");
        contributions = List.copyOf(contributions);
    }

    /** A contribution and its response hash. */
    public record Checked(int number, PtauContribution record, ByteString responseHash) {
    }

    public boolean ok() {
        return mismatch.isEmpty();
    }

    /** The state a contribution builds on: the initial accumulator or the previous record. */
    private record Previous(G1 tauG1, G2 tauG2, G1 alphaG1, G1 betaG1, G2 betaG2, byte[] nextChallenge) {
        static Previous initial(int ceremonyPower) {
            return new Previous(G1.GENERATOR, G2.GENERATOR, G1.GENERATOR, G1.GENERATOR, G2.GENERATOR,
                    PowersOfTau.firstChallengeHash(ceremonyPower));
        }

        static Previous of(PtauContribution c) {
            return new Previous(c.tauG1(), c.tauG2(), c.alphaG1(), c.betaG1(), c.betaG2(), c.nextChallenge().toByteArray());
        }
    }

    public static PtauVerifier verify(Ptau ptau) {
        List<PtauContribution> cs = ptau.contributions();
        List<Checked> checked = new ArrayList<>();
        if (cs.isEmpty()) {
            return new PtauVerifier(Optional.of(ptau.source() + " has no contribution (its tau is 1): it cannot be used"), checked);
        }
        Previous prev = Previous.initial(ptau.ceremonyPower());
        for (int i = 0; i < cs.size(); i++) {
            PtauContribution c = cs.get(i);
            Optional<String> problem = contribution(c, prev).map(p -> "contribution #" + (checked.size() + 1)
                    + c.params().name().map(n -> " (" + n + ")").orElse("") + ": " + p);
            if (problem.isPresent()) {
                return new PtauVerifier(problem, checked);
            }
            checked.add(new Checked(i + 1, c, ByteString.of(PowersOfTau.responseHash(c))));
            prev = Previous.of(c);
        }
        Optional<String> sections = sections(ptau, cs.getLast());
        if (sections.isEmpty() && ptau.isPrepared()) {
            sections = lagrange(ptau);
        }
        return new PtauVerifier(sections, checked);
    }

    private static Optional<String> contribution(PtauContribution c, Previous prev) {
        PtauPublicKey k = c.key();
        byte[] challenge = prev.nextChallenge();
        if (c.isBeacon()) {
            if (c.params().beaconHash().isEmpty() || c.params().numIterationsExp().isEmpty()) {
                return Optional.of("a beacon without its hash or iteration count");
            }
            PowersOfTau.Key expected = PowersOfTau.Key.draw(SnarkjsRandom.beacon(c.params().beaconHash().get().toByteArray(),
                    c.params().numIterationsExp().getAsInt()), challenge);
            if (!expected.publicKey().equals(k)) {
                return Optional.of("the beacon's key is not the one its hash and iteration count give");
            }
        }
        G2 tauSp = PowersOfTau.g2sp(0, challenge, k.tauG1S(), k.tauG1Sx());
        G2 alphaSp = PowersOfTau.g2sp(1, challenge, k.alphaG1S(), k.alphaG1Sx());
        G2 betaSp = PowersOfTau.g2sp(2, challenge, k.betaG1S(), k.betaG1Sx());
        if (!sameRatio(k.tauG1S(), k.tauG1Sx(), tauSp, k.tauG2Spx())) {
            return Optional.of("its key does not prove knowledge of tau");
        }
        if (!sameRatio(k.alphaG1S(), k.alphaG1Sx(), alphaSp, k.alphaG2Spx())) {
            return Optional.of("its key does not prove knowledge of alpha");
        }
        if (!sameRatio(k.betaG1S(), k.betaG1Sx(), betaSp, k.betaG2Spx())) {
            return Optional.of("its key does not prove knowledge of beta");
        }
        if (!sameRatio(prev.tauG1(), c.tauG1(), tauSp, k.tauG2Spx())) {
            return Optional.of("[tau]1 does not follow the previous contribution");
        }
        if (!sameRatio(k.tauG1S(), k.tauG1Sx(), prev.tauG2(), c.tauG2())) {
            return Optional.of("[tau]2 does not follow the previous contribution");
        }
        if (!sameRatio(prev.alphaG1(), c.alphaG1(), alphaSp, k.alphaG2Spx())) {
            return Optional.of("[alpha]1 does not follow the previous contribution");
        }
        if (!sameRatio(prev.betaG1(), c.betaG1(), betaSp, k.betaG2Spx())) {
            return Optional.of("[beta]1 does not follow the previous contribution");
        }
        if (!sameRatio(k.betaG1S(), k.betaG1Sx(), prev.betaG2(), c.betaG2())) {
            return Optional.of("[beta]2 does not follow the previous contribution");
        }
        return Optional.empty();
    }

    private static Optional<String> sections(Ptau ptau, PtauContribution last) {
        SecureRandom random = new SecureRandom();
        try (JavaBackend backend = new JavaBackend()) {
            G1[] tau1 = consecutiveG1(backend, random, ptau.tauG1());
            if (!sameRatio(tau1[0], tau1[1], G2.GENERATOR, last.tauG2())) {
                return Optional.of("section 2 (tauG1): the points are not consecutive powers of the last contribution's tau");
            }
            if (!ptau.tauG1().get(0).equals(G1.GENERATOR) || !ptau.tauG1().get(1).equals(last.tauG1())) {
                return Optional.of("section 2 (tauG1): the first points are not [1]1 and the last contribution's [tau]1");
            }
            G2[] tau2 = consecutiveG2(backend, random, ptau.tauG2());
            if (!sameRatio(G1.GENERATOR, last.tauG1(), tau2[0], tau2[1])) {
                return Optional.of("section 3 (tauG2): the points are not consecutive powers of the last contribution's tau");
            }
            if (!ptau.tauG2().get(0).equals(G2.GENERATOR) || !ptau.tauG2().get(1).equals(last.tauG2())) {
                return Optional.of("section 3 (tauG2): the first points are not [1]2 and the last contribution's [tau]2");
            }
            G1[] alpha = consecutiveG1(backend, random, ptau.alphaTauG1());
            if (!sameRatio(alpha[0], alpha[1], G2.GENERATOR, last.tauG2()) || !ptau.alphaTauG1().get(0).equals(last.alphaG1())) {
                return Optional.of("section 4 (alphaTauG1) does not hold alpha times the powers of the last contribution's tau");
            }
            G1[] beta = consecutiveG1(backend, random, ptau.betaTauG1());
            if (!sameRatio(beta[0], beta[1], G2.GENERATOR, last.tauG2()) || !ptau.betaTauG1().get(0).equals(last.betaG1())) {
                return Optional.of("section 5 (betaTauG1) does not hold beta times the powers of the last contribution's tau");
            }
            if (!ptau.betaG2().equals(last.betaG2())) {
                return Optional.of("section 6 (betaG2) is not the last contribution's [beta]2");
            }
        }
        if (ptau.power() == ptau.ceremonyPower()) {
            TranscriptHash next = new TranscriptHash().bytes(PowersOfTau.responseHash(last));
            for (PointArray<?> s : List.of(ptau.tauG1(), ptau.tauG2(), ptau.alphaTauG1(), ptau.betaTauG1(), ptau.betaG2Points())) {
                PowersOfTau.hashUncompressed(next, s);
            }
            if (!ByteString.of(next.digest()).equals(last.nextChallenge())) {
                return Optional.of("the sections do not hash to the last contribution's next challenge");
            }
        }
        return Optional.empty();
    }

    /** [Σ rᵢ·Pᵢ, Σ rᵢ·Pᵢ₊₁] over the section, for random 64-bit rᵢ. */
    private static G1[] consecutiveG1(JavaBackend backend, SecureRandom random, G1Points s) {
        int n = Math.toIntExact(s.size()) - 1;
        if (n < 1) {
            return new G1[] {G1.GENERATOR, G1.GENERATOR};
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment r = randomScalars(arena, random, n);
            long b = G1Points.BYTES;
            return new G1[] {backend.msmG1(s.segment().asSlice(0, n * b), r, n), backend.msmG1(s.segment().asSlice(b, n * b), r, n)};
        }
    }

    private static G2[] consecutiveG2(JavaBackend backend, SecureRandom random, G2Points s) {
        int n = Math.toIntExact(s.size()) - 1;
        if (n < 1) {
            return new G2[] {G2.GENERATOR, G2.GENERATOR};
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment r = randomScalars(arena, random, n);
            long b = G2Points.BYTES;
            return new G2[] {backend.msmG2(s.segment().asSlice(0, n * b), r, n), backend.msmG2(s.segment().asSlice(b, n * b), r, n)};
        }
    }

    private static MemorySegment randomScalars(Arena arena, SecureRandom random, int n) {
        MemorySegment r = arena.allocate(32L * n);
        for (int i = 0; i < n; i++) {
            r.set(LE, 32L * i, random.nextLong());
        }
        return r;
    }

    private static final ValueLayout.OfLong LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Each Lagrange basis against the powers it was computed from. */
    private static Optional<String> lagrange(Ptau ptau) {
        SecureRandom random = new SecureRandom();
        int power = ptau.power();
        try (JavaBackend backend = new JavaBackend()) {
            for (int k = 0; k <= power + 1; k++) {
                if (!lagrangeLevel(backend, random, k, power, ptau.tauG1(), ptau.lagrangeTauG1(k))) {
                    return Optional.of("section 12 (tauG1 in Lagrange bases): the basis of size 2^" + k + " does not match the powers");
                }
            }
            for (int k = 0; k <= power; k++) {
                if (!lagrangeLevel(backend, random, k, power, ptau.tauG2(), ptau.lagrangeTauG2(k))) {
                    return Optional.of("section 13 (tauG2 in Lagrange bases): the basis of size 2^" + k + " does not match the powers");
                }
                if (!lagrangeLevel(backend, random, k, power, ptau.alphaTauG1(), ptau.lagrangeAlphaTauG1(k))) {
                    return Optional.of("section 14 (alphaTauG1 in Lagrange bases): the basis of size 2^" + k + " does not match the powers");
                }
                if (!lagrangeLevel(backend, random, k, power, ptau.betaTauG1(), ptau.lagrangeBetaTauG1(k))) {
                    return Optional.of("section 15 (betaTauG1 in Lagrange bases): the basis of size 2^" + k + " does not match the powers");
                }
            }
        }
        return Optional.empty();
    }

    /** Σ rⱼ·powersⱼ = Σ r̂ᵢ·basisᵢ, where the powers past the section's end count as zero. */
    private static boolean lagrangeLevel(JavaBackend backend, SecureRandom random, int k, int power, PointArray<?> powers, PointArray<?> basis) {
        int m = 1 << k;
        int used = (int) Math.min(m, powers.size());
        Fr[] r = new Fr[m];
        for (int i = 0; i < m; i++) {
            r[i] = i < used ? Fr.of(random.nextLong() >>> 1) : Fr.ZERO;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mont = arena.allocate(32L * m);
            for (int i = 0; i < m; i++) {
                for (int l = 0; l < 4; l++) {
                    mont.set(LE, 32L * i + 8 * l, r[i].montgomeryLimb(l));
                }
            }
            backend.ntt(mont, k);
            MemorySegment plain = arena.allocate(32L * m);
            MemorySegment rs = arena.allocate(32L * m);
            for (int i = 0; i < m; i++) {
                Fr t = Fr.fromMontgomeryLimbs(mont.get(LE, 32L * i), mont.get(LE, 32L * i + 8), mont.get(LE, 32L * i + 16), mont.get(LE, 32L * i + 24));
                for (int l = 0; l < 4; l++) {
                    plain.set(LE, 32L * i + 8 * l, t.canonicalLimb(l));
                    rs.set(LE, 32L * i + 8 * l, r[i].canonicalLimb(l));
                }
            }
            int bytes = powers.pointBytes();
            MemorySegment p = powers.segment().asSlice(0, (long) used * bytes);
            if (powers instanceof G1Points) {
                return backend.msmG1(p, rs, used).equals(backend.msmG1(basis.segment(), plain, m));
            }
            return backend.msmG2(p, rs, used).equals(backend.msmG2(basis.segment(), plain, m));
        }
    }

    static boolean sameRatio(G1 a, G1 b, G2 c, G2 d) {
        return Phase2Verifier.sameRatio(a, b, c, d);
    }

    /** A report in the spirit of snarkjs's: every contribution with its response and next-challenge hashes. */
    public String report() {
        StringBuilder s = new StringBuilder();
        for (Checked c : contributions.reversed()) {
            s.append("-----------------------------------------------------\n");
            s.append("Contribution #").append(c.number()).append(": ").append(c.record().params().name().orElse("")).append('\n');
            s.append("Next Challenge:\n").append(TranscriptHash.format(c.record().nextChallenge().toByteArray())).append('\n');
            s.append("Response Hash:\n").append(TranscriptHash.format(c.responseHash().toByteArray())).append('\n');
            if (c.record().isBeacon()) {
                c.record().params().beaconHash().ifPresent(h -> s.append("Beacon generator: ").append(h.toHex()).append('\n'));
                c.record().params().numIterationsExp().ifPresent(e -> s.append("Beacon iterations Exp: ").append(e).append('\n'));
            }
        }
        s.append("-----------------------------------------------------\n");
        s.append(mismatch.map(m -> "INVALID: " + m).orElse("Powers of Tau Ok!"));
        return s.toString();
    }
}
