package io.zkml.prover.ceremony;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.encoding.G1Points;
import io.zkml.core.io.ByteString;
import io.zkml.core.ptau.Ptau;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.zkey.Provenance;
import io.zkml.core.zkey.Zkey;
import io.zkml.core.zkey.ZkeyContribution;
import io.zkml.prover.backend.JavaBackend;
import io.zkml.prover.groth16.Setup;
import io.zkml.prover.groth16.ZkeyCheck;
import io.zkml.verifier.pairing.Pairing;
import io.zkml.verifier.pairing.PreparedG2;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * zkml's {@code zkey verify}: whether a key is the initial key of a circuit and a powers-of-tau file followed by a
 * valid chain of phase-2 contributions (snarkjs's or zkml's), with the meaning of {@code snarkjs zkey verify}.
 *
 * <p>Every contribution must have the transcript that the circuit hash and the earlier public keys give; its
 * proof of knowledge must hold (e(s, s′·d) = e(s·d, s′) with s′ hashed from the transcript); its δ must be the
 * previous δ times the same d (e(δ_prev, s′·d) = e(δ_after, s′)); a beacon's secret must be the one its hash and
 * iteration count give. Then the key is compared with the initial key derived again ({@link Setup#fromPtau}):
 * every part that contributions leave alone must be identical ({@link ZkeyCheck#fixedPartsMismatch}), δ₁ must be
 * the last contribution's, δ₂ must match δ₁, and the C and H sections must be the initial ones divided by the
 * same δ: e(Σ rᵢ·Cᵢ, δ₂) = e(Σ rᵢ·C⁰ᵢ, δ⁰₂) for fresh random 128-bit rᵢ (a wrong point passes with
 * probability about 2^−128). A key without contributions is compared point by point ({@link ZkeyCheck}).
 *
 * @param mismatch the first problem found, or empty if the key checks out
 * @param circuitHash the key's circuit hash (section 10)
 * @param contributions the contributions checked, oldest first (up to the first bad one)
 */
public record Phase2Verifier(Optional<String> mismatch, ByteString circuitHash, List<Contribution> contributions) {

    public Phase2Verifier {
        Objects.requireNonNull(mismatch, "mismatch must not be null");
        Objects.requireNonNull(circuitHash, "circuitHash must not be null");
        contributions = List.copyOf(contributions);
    }

    /**
     * One verified contribution.
     *
     * @param number its position, from 1
     * @param record the record in section 10
     * @param hash the contribution hash that its participant published ({@link Phase2#contributionHash})
     */
    public record Contribution(int number, ZkeyContribution record, ByteString hash) {
    }

    public boolean ok() {
        return mismatch.isEmpty();
    }

    /**
     * Checks {@code key} against the circuit and the ptau.
     *
     * @throws IllegalArgumentException if no key can be derived from them (ptau not prepared or too small)
     */
    public static Phase2Verifier verify(R1cs r1cs, Ptau ptau, Zkey key) {
        ByteString csHash = key.mpcParams().csHash();
        if (key.provenance() instanceof Provenance.Development) {
            return new Phase2Verifier(Optional.of(key.source() + " is a development key (made from local secrets), not derived from "
                    + ptau.source()), csHash, List.of());
        }
        Zkey initial = Setup.fromPtau(r1cs, ptau);
        List<Contribution> checked = new ArrayList<>();
        Optional<String> problem = chain(key, initial.deltaG1(), checked);
        if (problem.isEmpty()) {
            problem = key.mpcParams().contributions().isEmpty() ? ZkeyCheck.against(key, initial).mismatch() : againstInitial(key, initial);
        }
        return new Phase2Verifier(problem, csHash, checked);
    }

    private static Optional<String> chain(Zkey key, G1 initialDelta, List<Contribution> checked) {
        TranscriptHash accumulated = new TranscriptHash().bytes(key.mpcParams().csHash().toByteArray());
        G1 delta = initialDelta;
        List<ZkeyContribution> cs = key.mpcParams().contributions();
        for (int i = 0; i < cs.size(); i++) {
            ZkeyContribution c = cs.get(i);
            String what = "contribution " + (i + 1) + c.params().name().map(n -> " (" + n + ")").orElse("");
            if (c.deltaG1S().isInfinity() || c.deltaG1Sx().isInfinity() || c.deltaG2Spx().isInfinity() || c.deltaAfter().isInfinity()) {
                return Optional.of(what + ": a point of its public key is the point at infinity");
            }
            byte[] transcript = accumulated.copy().point(c.deltaG1S()).point(c.deltaG1Sx()).digest();
            if (!ByteString.of(transcript).equals(c.transcript())) {
                return Optional.of(what + ": its transcript hash is not the hash of the circuit hash, the earlier contributions and its key");
            }
            G2 sp = SnarkjsRandom.hashToG2(transcript);
            if (!sameRatio(c.deltaG1S(), c.deltaG1Sx(), sp, c.deltaG2Spx())) {
                return Optional.of(what + ": the proof of knowledge fails ([s]1, [s*d]1 and [s'*d]2 do not share the secret)");
            }
            if (!sameRatio(delta, c.deltaAfter(), sp, c.deltaG2Spx())) {
                return Optional.of(what + ": delta after it is not delta before it times the contributed secret");
            }
            if (c.isBeacon()) {
                if (c.params().beaconHash().isEmpty() || c.params().numIterationsExp().isEmpty()) {
                    return Optional.of(what + ": a beacon without its hash or iteration count");
                }
                Phase2.Secret expected = Phase2.Secret.draw(SnarkjsRandom.beacon(c.params().beaconHash().get().toByteArray(),
                        c.params().numIterationsExp().getAsInt()));
                if (!expected.s().equals(c.deltaG1S()) || !expected.sd().equals(c.deltaG1Sx())) {
                    return Optional.of(what + ": the beacon's key is not the one its hash and iteration count give");
                }
            }
            Phase2.hashPublicKey(accumulated, c);
            checked.add(new Contribution(i + 1, c, ByteString.of(Phase2.contributionHash(c))));
            delta = c.deltaAfter();
        }
        return Optional.empty();
    }

    private static Optional<String> againstInitial(Zkey key, Zkey initial) {
        Optional<String> fixed = ZkeyCheck.fixedPartsMismatch(key, initial);
        if (fixed.isPresent()) {
            return fixed;
        }
        G1 lastDelta = key.mpcParams().contributions().getLast().deltaAfter();
        if (!key.deltaG1().equals(lastDelta)) {
            return Optional.of("delta1 (section 2) is not the last contribution's delta");
        }
        if (!sameRatio(initial.deltaG1(), key.deltaG1(), initial.deltaG2(), key.deltaG2())) {
            return Optional.of("delta2 (section 2) does not match delta1");
        }
        try (JavaBackend backend = new JavaBackend()) {
            SecureRandom random = new SecureRandom();
            if (!sectionFollowsDelta(backend, random, key.c(), initial.c(), key.deltaG2(), initial.deltaG2())) {
                return Optional.of("section 8 (C) is not the initial key's divided by delta");
            }
            if (!sectionFollowsDelta(backend, random, key.h(), initial.h(), key.deltaG2(), initial.deltaG2())) {
                return Optional.of("section 9 (H) is not the initial key's divided by delta");
            }
        }
        return Optional.empty();
    }

    /** e(Σ rᵢ·Pᵢ, δ) = e(Σ rᵢ·P⁰ᵢ, δ⁰) for random 128-bit rᵢ. */
    private static boolean sectionFollowsDelta(JavaBackend backend, SecureRandom random, G1Points points, G1Points initial, G2 delta,
                                               G2 initialDelta) {
        int n = Math.toIntExact(points.size());
        if (n != initial.size()) {
            return false;
        }
        if (n == 0) {
            return true;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment scalars = arena.allocate(32L * n);
            byte[] r = new byte[16];
            for (int i = 0; i < n; i++) {
                random.nextBytes(r);
                MemorySegment.copy(MemorySegment.ofArray(r), 0, scalars, 32L * i, 16);
            }
            G1 sum = backend.msmG1(points.segment(), scalars, n);
            G1 sum0 = backend.msmG1(initial.segment(), scalars, n);
            return Pairing.productIsOne(List.of(sum, sum0.neg()), List.of(PreparedG2.forSingleUse(delta), PreparedG2.forSingleUse(initialDelta)));
        }
    }

    /** e(a, d) = e(b, c): b/a and d/c are the same multiple. None of the points may be infinity. */
    static boolean sameRatio(G1 a, G1 b, G2 c, G2 d) {
        if (a.isInfinity() || b.isInfinity() || c.isInfinity() || d.isInfinity()) {
            return false;
        }
        return Pairing.productIsOne(List.of(a, b.neg()), List.of(PreparedG2.forSingleUse(d), PreparedG2.forSingleUse(c)));
    }

    /** snarkjs's report: the circuit hash, then each contribution's hash (newest first), then the verdict. */
    public String report() {
        StringBuilder s = new StringBuilder("Circuit Hash: \n").append(TranscriptHash.format(circuitHash.toByteArray())).append('\n');
        for (Contribution c : contributions.reversed()) {
            s.append("-------------------------\n");
            s.append("contribution #").append(c.number()).append(' ').append(c.record().params().name().orElse("")).append(":\n");
            s.append(TranscriptHash.format(c.hash().toByteArray())).append('\n');
            if (c.record().isBeacon()) {
                c.record().params().beaconHash().ifPresent(h -> s.append("Beacon generator: ").append(h.toHex()).append('\n'));
                c.record().params().numIterationsExp().ifPresent(e -> s.append("Beacon iterations Exp: ").append(e).append('\n'));
            }
        }
        s.append("-------------------------\n");
        s.append(mismatch.map(m -> "INVALID: " + m).orElse("ZKey Ok!"));
        return s.toString();
    }
}
