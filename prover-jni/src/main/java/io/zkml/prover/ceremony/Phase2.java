package io.zkml.prover.ceremony;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.encoding.G1Points;
import io.zkml.core.field.Fr;
import io.zkml.core.io.ByteString;
import io.zkml.core.ptau.ContributionParams;
import io.zkml.core.zkey.MpcParams;
import io.zkml.core.zkey.Zkey;
import io.zkml.core.zkey.ZkeyContribution;
import io.zkml.core.zkey.ZkeyHeader;
import io.zkml.prover.backend.GroupBatch;
import io.zkml.prover.backend.NativeGroupFft;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Phase-2 contributions to a Groth16 {@code .zkey}, as {@code snarkjs zkey contribute} and {@code zkey beacon}
 * make them, so that each side verifies the other's.
 *
 * <p>A contribution draws a secret d and a point [s]₁ from a {@link ChaCha} stream ({@link SnarkjsRandom}),
 * publishes the proof of knowledge ([s]₁, [s·d]₁, [s′·d]₂) where [s′]₂ is hashed from the transcript
 * ({@link SnarkjsRandom#hashToG2}), and multiplies δ by d and the C (private-wire) and H sections by 1/d. The
 * transcript is Blake2b-512 of the circuit hash, every earlier contribution's public key
 * ({@link #hashPublicKey}), then [s]₁ and [s·d]₁. A beacon is the same with the stream seeded from an iterated
 * public hash, so that anyone can recompute it. The result is written with the sections in numeric order (as
 * snarkjs writes it); sections of other types (zkml's provenance marker) are kept.
 */
public final class Phase2 {

    /** snarkjs accepts beacon iteration exponents 10 … 63 (2^10 to 2^63 SHA-256 applications). */
    public static final int MIN_BEACON_EXP = 10, MAX_BEACON_EXP = 63;

    private Phase2() {
    }

    /**
     * A key after one contribution.
     *
     * @param key the new key (its C and H sections in memory)
     * @param contribution the record appended to section 10
     * @param hash the contribution hash that the participant publishes ({@link #contributionHash})
     */
    public record Result(Zkey key, ZkeyContribution contribution, ByteString hash) {
    }

    /**
     * A person's contribution, its secret drawn from {@code rng} (see {@link SnarkjsRandom#contribution}).
     *
     * @param name the contributor's name, or null
     */
    public static Result contribute(Zkey key, ChaCha rng, String name) {
        return apply(key, rng, 0, name == null ? ContributionParams.NONE : ContributionParams.named(name));
    }

    /**
     * A random beacon: the secret drawn from SHA-256 applied 2^numIterationsExp times to {@code beaconHash}.
     *
     * @throws IllegalArgumentException unless the exponent is in [{@link #MIN_BEACON_EXP}, {@link #MAX_BEACON_EXP}]
     *     and the hash is 1 … 255 bytes
     */
    public static Result beacon(Zkey key, byte[] beaconHash, int numIterationsExp, String name) {
        if (numIterationsExp < MIN_BEACON_EXP || numIterationsExp > MAX_BEACON_EXP) {
            throw new IllegalArgumentException("the beacon's iteration exponent must be in [" + MIN_BEACON_EXP + ", " + MAX_BEACON_EXP
                    + "] (snarkjs's range): " + numIterationsExp);
        }
        ChaCha rng = SnarkjsRandom.beacon(beaconHash, numIterationsExp);
        return apply(key, rng, 1, ContributionParams.beacon(name, numIterationsExp, ByteString.of(beaconHash)));
    }

    /** The secret d and the public key [s]₁, [s·d]₁ that a stream gives, in snarkjs's order of drawing. */
    record Secret(Fr d, G1 s, G1 sd) {
        static Secret draw(ChaCha rng) {
            Fr d = SnarkjsRandom.fr(rng);
            G1 s = SnarkjsRandom.g1(rng);
            return new Secret(d, s, s.mul(d).toAffine());
        }
    }

    /** k·Pᵢ for every point: in libzkml when it loads, else in Java (the same bytes). */
    private static G1Points scale(String name, G1Points in, Fr k) {
        return NativeGroupFft.isAvailable() ? NativeGroupFft.mulEach(name, in, i -> k) : GroupBatch.scale(name, in, k);
    }

    private static Result apply(Zkey key, ChaCha rng, int type, ContributionParams params) {
        Objects.requireNonNull(key, "key must not be null");
        MpcParams mpc = key.mpcParams();
        Secret secret = Secret.draw(rng);
        if (secret.d().isZero()) {
            throw new IllegalStateException("drew the secret 0; draw again");
        }
        TranscriptHash transcriptHash = transcriptBefore(mpc);
        byte[] transcript = transcriptHash.point(secret.s()).point(secret.sd()).digest();
        G2 spd = SnarkjsRandom.hashToG2(transcript).mul(secret.d()).toAffine();

        ZkeyHeader h = key.header();
        G1 delta1 = h.deltaG1().mul(secret.d()).toAffine();
        G2 delta2 = h.deltaG2().mul(secret.d()).toAffine();
        ZkeyHeader header = new ZkeyHeader(h.nVars(), h.nPublic(), h.domainSize(), h.alphaG1(), h.betaG1(), h.betaG2(), h.gammaG2(),
                delta1, delta2);
        ZkeyContribution c = new ZkeyContribution(delta1, secret.s(), secret.sd(), spd, ByteString.of(transcript), type, params);
        List<ZkeyContribution> all = new ArrayList<>(mpc.contributions());
        all.add(c);

        Fr inverse = secret.d().inverse();
        G1Points l = scale("C", key.c(), inverse);
        G1Points hs = scale("H", key.h(), inverse);
        Zkey.Builder b = Zkey.builder(header).source(key.source() + " + contribution").ic(key.ic()).coefficients(key.coefficients())
                .a(key.a()).b1(key.b1()).b2(key.b2()).c(l).h(hs).mpcParams(new MpcParams(mpc.csHash(), all)).order(Zkey.NUMERIC_ORDER);
        key.otherSections().forEach(b::otherSection);
        return new Result(b.build(), c, ByteString.of(contributionHash(c)));
    }

    /** Blake2b-512 of the circuit hash and every contribution's public key, oldest first. */
    static TranscriptHash transcriptBefore(MpcParams mpc) {
        TranscriptHash t = new TranscriptHash().bytes(mpc.csHash().toByteArray());
        for (ZkeyContribution c : mpc.contributions()) {
            hashPublicKey(t, c);
        }
        return t;
    }

    /** snarkjs's {@code hashPubKey}: δ after, [s]₁, [s·d]₁, [s′·d]₂, then the 64-byte transcript. */
    static TranscriptHash hashPublicKey(TranscriptHash t, ZkeyContribution c) {
        return t.point(c.deltaAfter()).point(c.deltaG1S()).point(c.deltaG1Sx()).point(c.deltaG2Spx()).bytes(c.transcript().toByteArray());
    }

    /** The hash a participant publishes and others compare: Blake2b-512 of the contribution's public key. */
    public static byte[] contributionHash(ZkeyContribution c) {
        return hashPublicKey(new TranscriptHash(), c).digest();
    }
}
