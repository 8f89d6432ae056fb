package io.zkml.prover.ceremony;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.encoding.G1Points;
import io.zkml.core.encoding.G2Points;
import io.zkml.core.encoding.PointArray;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fr;
import io.zkml.core.io.ByteString;
import io.zkml.core.ptau.ContributionParams;
import io.zkml.core.ptau.Ptau;
import io.zkml.core.ptau.PtauContribution;
import io.zkml.core.ptau.PtauPublicKey;
import io.zkml.prover.backend.GroupBatch;
import io.zkml.prover.backend.NativeGroupFft;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Phase 1, the powers of tau, as snarkjs runs it ({@code powersoftau new}, {@code contribute}, {@code beacon}),
 * so that snarkjs and zkml continue and verify each other's files.
 *
 * <p>A contribution draws τ, α, β from a {@link ChaCha} stream ({@link SnarkjsRandom}) and multiplies them in:
 * tauG1ᵢ and tauG2ᵢ by τⁱ, alphaTauG1ᵢ by α·τⁱ, betaTauG1ᵢ by β·τⁱ, betaG2 by β. Its public key has, for each
 * secret x with personalization 0, 1, 2, a point [s]₁ from the stream, [s·x]₁, and [s′·x]₂ where [s′]₂ is hashed
 * to G2 from Blake2b-512(personalization byte ‖ the challenge ‖ [s]₁ ‖ [s·x]₁). The challenge it answers is the
 * previous record's next-challenge hash (the first: {@link #firstChallengeHash}). Its response hash is Blake2b-512
 * of the challenge, the new sections 2 … 6 in compressed form and the public key (uncompressed); the record keeps
 * the hash state before the key ({@link ResumableBlake2b}). Its next challenge is Blake2b-512 of the response
 * hash and the new sections in uncompressed form.
 */
public final class PowersOfTau {

    /** snarkjs hashes the response in chunks of 2^20 bytes of points in memory (16384 G1 or 8192 G2 points). */
    private static final int HASH_CHUNK_BYTES = 1 << 20;

    private PowersOfTau() {
    }

    // ---------------------------------------------------------------- new

    /**
     * A new accumulator: every point the generator, no contribution ({@code snarkjs powersoftau new bn128 power}).
     *
     * @throws IllegalArgumentException unless 1 ≤ power ≤ {@link Ptau#MAX_POWER}
     */
    public static Ptau newAccumulator(int power) {
        checkPower(power);
        int n = 1 << power;
        return Ptau.of(power, power, repeat(G1.GENERATOR, 2 * n - 1), repeat(G2.GENERATOR, n), repeat(G1.GENERATOR, n), repeat(G1.GENERATOR, n),
                repeat(G2.GENERATOR, 1), List.of(), null);
    }

    private static void checkPower(int power) {
        if (power < 1 || power > Ptau.MAX_POWER) {
            throw new IllegalArgumentException("power must be in [1, " + Ptau.MAX_POWER + "]: " + power);
        }
    }

    private static G1Points repeat(G1 p, int n) {
        G1Points one = G1Points.of(List.of(p));
        G1Points.Builder b = new G1Points.Builder("generators", n);
        for (int i = 0; i < n; i++) {
            b.setEncoded(i, one.segment());
        }
        return b.build();
    }

    private static G2Points repeat(G2 p, int n) {
        G2Points one = G2Points.of(List.of(p));
        G2Points.Builder b = new G2Points.Builder("generators", n);
        for (int i = 0; i < n; i++) {
            b.setEncoded(i, one.segment());
        }
        return b.build();
    }

    /** The challenge the first contribution answers: the hash of the empty response and the new accumulator. */
    public static byte[] firstChallengeHash(int power) {
        checkPower(power);
        long n = 1L << power;
        TranscriptHash h = new TranscriptHash().bytes(new TranscriptHash().digest());
        byte[] g1 = TranscriptHash.uncompressed(G1.GENERATOR), g2 = TranscriptHash.uncompressed(G2.GENERATOR);
        repeat(h, g1, 2 * n - 1);
        repeat(h, g2, n);
        repeat(h, g1, n);
        repeat(h, g1, n);
        return h.bytes(g2).digest();
    }

    private static void repeat(TranscriptHash h, byte[] point, long times) {
        int batch = 4096;
        byte[] block = new byte[batch * point.length];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(point, 0, block, i * point.length, point.length);
        }
        for (long done = 0; done < times; done += batch) {
            int k = (int) Math.min(batch, times - done);
            h.bytes(k == batch ? block : java.util.Arrays.copyOf(block, k * point.length));
        }
    }

    // ---------------------------------------------------------------- contributions

    /**
     * A contribution's secrets and public key.
     *
     * @param tau the secrets, in the order drawn
     */
    record Key(Fr tau, Fr alpha, Fr beta, PtauPublicKey publicKey) {

        /** snarkjs's {@code createPTauKey}: three secrets, then for each its [s]₁ and the rest. */
        static Key draw(ChaCha rng, byte[] challenge) {
            Fr tau = SnarkjsRandom.fr(rng), alpha = SnarkjsRandom.fr(rng), beta = SnarkjsRandom.fr(rng);
            G1[] t = part(rng, challenge, 0, tau), a = part(rng, challenge, 1, alpha), b = part(rng, challenge, 2, beta);
            return new Key(tau, alpha, beta, new PtauPublicKey(t[0], t[1], a[0], a[1], b[0], b[1], spx(challenge, 0, t, tau),
                    spx(challenge, 1, a, alpha), spx(challenge, 2, b, beta)));
        }

        private static G1[] part(ChaCha rng, byte[] challenge, int personalization, Fr x) {
            G1 s = SnarkjsRandom.g1(rng);
            return new G1[] {s, s.mul(x).toAffine()};
        }

        private static G2 spx(byte[] challenge, int personalization, G1[] s, Fr x) {
            return g2sp(personalization, challenge, s[0], s[1]).mul(x).toAffine();
        }
    }

    /** snarkjs's {@code getG2sp}: the G2 point a public-key part is bound to. */
    static G2 g2sp(int personalization, byte[] challenge, G1 s, G1 sx) {
        byte[] hash = new TranscriptHash().bytes(new byte[] {(byte) personalization}).bytes(challenge).point(s).point(sx).digest();
        return SnarkjsRandom.hashToG2(hash);
    }

    /**
     * A file after one contribution.
     *
     * @param ptau the new file (sections 1 … 7; prepared sections are dropped, as a contribution invalidates them)
     * @param contribution the record appended to section 7
     * @param responseHash the hash the contributor publishes (snarkjs's "Contribution Response Hash")
     */
    public record Result(Ptau ptau, PtauContribution contribution, ByteString responseHash) {
    }

    /** A person's contribution, its secrets drawn from {@code rng} ({@link SnarkjsRandom#contribution}). */
    public static Result contribute(Ptau ptau, ChaCha rng, String name) {
        return apply(ptau, rng, 0, name == null ? ContributionParams.NONE : ContributionParams.named(name));
    }

    /**
     * A random beacon ({@code snarkjs powersoftau beacon}).
     *
     * @throws IllegalArgumentException unless the exponent is in [{@link Phase2#MIN_BEACON_EXP}, {@link Phase2#MAX_BEACON_EXP}]
     *     and the hash is 1 … 255 bytes
     */
    public static Result beacon(Ptau ptau, byte[] beaconHash, int numIterationsExp, String name) {
        if (numIterationsExp < Phase2.MIN_BEACON_EXP || numIterationsExp > Phase2.MAX_BEACON_EXP) {
            throw new IllegalArgumentException("the beacon's iteration exponent must be in [" + Phase2.MIN_BEACON_EXP + ", "
                    + Phase2.MAX_BEACON_EXP + "] (snarkjs's range): " + numIterationsExp);
        }
        ChaCha rng = SnarkjsRandom.beacon(beaconHash, numIterationsExp);
        return apply(ptau, rng, 1, ContributionParams.beacon(name, numIterationsExp, ByteString.of(beaconHash)));
    }

    /** The challenge the next contribution to this file answers. */
    public static byte[] currentChallenge(Ptau ptau) {
        List<PtauContribution> cs = ptau.contributions();
        return cs.isEmpty() ? firstChallengeHash(ptau.power()) : cs.getLast().nextChallenge().toByteArray();
    }

    private static Result apply(Ptau ptau, ChaCha rng, int type, ContributionParams params) {
        Objects.requireNonNull(ptau, "ptau must not be null");
        if (ptau.power() != ptau.ceremonyPower()) {
            throw new IllegalArgumentException(ptau.source() + " has been reduced (power " + ptau.power() + " of the ceremony's "
                    + ptau.ceremonyPower() + "); contribute to the full file");
        }
        byte[] challenge = currentChallenge(ptau);
        Key key = Key.draw(rng, challenge);
        int n = 1 << ptau.power();

        G1Points tauG1 = applyG1("tauG1", ptau.tauG1(), Fr.ONE, key.tau());
        G2Points tauG2 = applyG2("tauG2", ptau.tauG2(), Fr.ONE, key.tau());
        G1Points alphaTauG1 = applyG1("alphaTauG1", ptau.alphaTauG1(), key.alpha(), key.tau());
        G1Points betaTauG1 = applyG1("betaTauG1", ptau.betaTauG1(), key.beta(), key.tau());
        G2Points betaG2 = applyG2("betaG2", ptau.betaG2Points(), key.beta(), key.tau());

        ResumableBlake2b response = new ResumableBlake2b().update(challenge);
        for (PointArray<?> s : List.of(tauG1, tauG2, alphaTauG1, betaTauG1, betaG2)) {
            hashCompressed(response, s);
        }
        byte[] partial = response.save();
        byte[] responseHash = response.update(publicKeyBytes(key.publicKey())).digest();

        TranscriptHash next = new TranscriptHash().bytes(responseHash);
        for (PointArray<?> s : List.of(tauG1, tauG2, alphaTauG1, betaTauG1, betaG2)) {
            hashUncompressed(next, s);
        }
        PtauContribution c = new PtauContribution(tauG1.get(1), tauG2.get(1), alphaTauG1.get(0), betaTauG1.get(0), betaG2.get(0),
                key.publicKey(), ByteString.of(partial), ByteString.of(next.digest()), type, params);
        List<PtauContribution> all = new ArrayList<>(ptau.contributions());
        all.add(c);
        Ptau out = Ptau.of(ptau.power(), ptau.ceremonyPower(), tauG1, tauG2, alphaTauG1, betaTauG1, betaG2, all, null);
        assert n == tauG2.size();
        return new Result(out, c, ByteString.of(responseHash));
    }

    /** Point i times first·incⁱ. */
    private static G1Points applyG1(String name, G1Points in, Fr first, Fr inc) {
        Fr[] starts = chunkStarts(in.size(), first, inc);
        IntFunction<Fr> k = i -> factor(starts, i, inc);
        return NativeGroupFft.isAvailable() ? NativeGroupFft.mulEach(name, in, k) : GroupBatch.mulEach(name, in, k);
    }

    private static G2Points applyG2(String name, G2Points in, Fr first, Fr inc) {
        Fr[] starts = chunkStarts(in.size(), first, inc);
        IntFunction<Fr> k = i -> factor(starts, i, inc);
        return NativeGroupFft.isAvailable() ? NativeGroupFft.mulEach(name, in, k) : GroupBatch.mulEach(name, in, k);
    }

    private static final int FACTOR_BLOCK = 64;

    /** first·inc^(64·j) for every block j of 64 points, so that any factor is at most 63 multiplications away. */
    private static Fr[] chunkStarts(long n, Fr first, Fr inc) {
        int blocks = (int) ((n + FACTOR_BLOCK - 1) / FACTOR_BLOCK);
        Fr[] starts = new Fr[Math.max(1, blocks)];
        Fr step = inc.pow(java.math.BigInteger.valueOf(FACTOR_BLOCK));
        starts[0] = first;
        for (int j = 1; j < blocks; j++) {
            starts[j] = starts[j - 1].mul(step);
        }
        return starts;
    }

    private static Fr factor(Fr[] starts, int i, Fr inc) {
        Fr f = starts[i / FACTOR_BLOCK];
        for (int k = i % FACTOR_BLOCK; k > 0; k--) {
            f = f.mul(inc);
        }
        return f;
    }

    private static void hashCompressed(ResumableBlake2b h, PointArray<?> s) {
        int size = s.pointBytes() / 2;
        int perChunk = HASH_CHUNK_BYTES / s.pointBytes();
        long n = s.size();
        for (long i = 0; i < n; i += perChunk) {
            int k = (int) Math.min(perChunk, n - i);
            byte[] buf = new byte[k * size];
            for (int j = 0; j < k; j++) {
                Object p = s.get(i + j);
                byte[] c = p instanceof G1 g ? compressed(g) : compressed((G2) p);
                System.arraycopy(c, 0, buf, j * size, size);
            }
            h.update(buf);
        }
    }

    static void hashUncompressed(TranscriptHash h, PointArray<?> s) {
        long n = s.size();
        for (long i = 0; i < n; i++) {
            Object p = s.get(i);
            if (p instanceof G1 g) {
                h.point(g);
            } else {
                h.point((G2) p);
            }
        }
    }

    /** The public key as snarkjs hashes it: six G1 then three G2 points, uncompressed. */
    static byte[] publicKeyBytes(PtauPublicKey k) {
        TranscriptBytes b = new TranscriptBytes();
        for (G1 p : List.of(k.tauG1S(), k.tauG1Sx(), k.alphaG1S(), k.alphaG1Sx(), k.betaG1S(), k.betaG1Sx())) {
            b.add(TranscriptHash.uncompressed(p));
        }
        for (G2 p : List.of(k.tauG2Spx(), k.alphaG2Spx(), k.betaG2Spx())) {
            b.add(TranscriptHash.uncompressed(p));
        }
        return b.bytes();
    }

    private static final class TranscriptBytes {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        void add(byte[] b) {
            out.writeBytes(b);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** The response hash of a recorded contribution: its saved hash state, resumed with its public key. */
    public static byte[] responseHash(PtauContribution c) {
        return ResumableBlake2b.resume(c.partialHash().toByteArray()).update(publicKeyBytes(c.key())).digest();
    }

    /**
     * ffjavascript's compressed encoding: x big-endian (F_p²: c1 ‖ c0), the top bit of the first byte set when y is
     * "negative" ({@link SnarkjsRandom#isNegative}); the point at infinity as zeros with 0x40 in the first byte.
     */
    static byte[] compressed(G1 p) {
        byte[] out = new byte[32];
        if (p.isInfinity()) {
            out[0] = 0x40;
            return out;
        }
        G1 a = p.toAffine();
        System.arraycopy(a.affineX().toBytesBE(), 0, out, 0, 32);
        if (SnarkjsRandom.isNegative(a.affineY())) {
            out[0] |= (byte) 0x80;
        }
        return out;
    }

    static byte[] compressed(G2 p) {
        byte[] out = new byte[64];
        if (p.isInfinity()) {
            out[0] = 0x40;
            return out;
        }
        G2 a = p.toAffine();
        Fp c1 = a.affineX().c1(), c0 = a.affineX().c0();
        System.arraycopy(c1.toBytesBE(), 0, out, 0, 32);
        System.arraycopy(c0.toBytesBE(), 0, out, 32, 32);
        if (SnarkjsRandom.isNegative(a.affineY())) {
            out[0] |= (byte) 0x80;
        }
        return out;
    }
}
