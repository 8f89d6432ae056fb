package io.zkml.prover.ceremony;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import io.zkml.core.field.Fr;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * snarkjs's ceremony randomness, reproduced exactly so that snarkjs and zkml verify each other's beacons and
 * hash to the same G2 points (ffjavascript's {@code fromRng} of its fields and curves, snarkjs's
 * {@code getRandomRng} and {@code rngFromBeaconParams}):
 * <ul>
 *   <li>a field element: four {@link ChaCha#nextU64()} values as the limbs of v (the first lowest), v cut to
 *       254 bits, drawn again until v is below the modulus; v is then taken as the element's <em>Montgomery</em>
 *       form (so the element is v·2^−256), because ffjavascript returns its raw bytes as an element;
 *   <li>an F_p² element: c0, then c1;
 *   <li>a curve point: x drawn, then one {@link ChaCha#nextBool()} ("greatest"), until x³ + b is a square; y is
 *       the root that is "negative" exactly when greatest is set (negative: the canonical value is above
 *       (p − 1)/2; in F_p², that of c1, or of c0 where c1 = 0); a G2 point is then multiplied by the cofactor of
 *       the twist, 2p − r;
 *   <li>a contribution's stream: ChaCha seeded from Blake2b-512(64 fresh random bytes ‖ the UTF-8 entropy text);
 *   <li>a beacon's stream: ChaCha seeded from SHA-256 applied 2^e times to the beacon hash.
 * </ul>
 */
public final class SnarkjsRandom {

    /** The cofactor of BN254's G2 (ffjavascript's {@code cofactorG2}). */
    static final BigInteger G2_COFACTOR = new BigInteger("30644e72e131a029b85045b68181585e06ceecda572a2489345f2299c0f9fa8d", 16);

    private static final Fp G1_B = Fp.of(3);
    private static final int BITS = 254; // both moduli
    private static final long TOP_MASK = (1L << (BITS - 192)) - 1;

    private SnarkjsRandom() {
    }

    /** An element of F_r as ffjavascript's {@code Fr.fromRng}. */
    public static Fr fr(ChaCha rng) {
        while (true) {
            long[] v = limbs(rng);
            if (Fr.isCanonical(toBigInteger(v))) {
                return Fr.fromMontgomeryLimbs(v[0], v[1], v[2], v[3]);
            }
        }
    }

    /** An element of F_p as ffjavascript's {@code F1.fromRng}. */
    public static Fp fp(ChaCha rng) {
        while (true) {
            long[] v = limbs(rng);
            if (Fp.isCanonical(toBigInteger(v))) {
                return Fp.fromMontgomeryLimbs(v[0], v[1], v[2], v[3]);
            }
        }
    }

    private static long[] limbs(ChaCha rng) {
        long[] v = new long[4];
        for (int i = 0; i < 4; i++) {
            v[i] = rng.nextU64();
        }
        v[3] &= TOP_MASK;
        return v;
    }

    private static BigInteger toBigInteger(long[] v) {
        BigInteger r = BigInteger.ZERO;
        for (int i = 3; i >= 0; i--) {
            r = r.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(v[i])));
        }
        return r;
    }

    /** A point of G1 as ffjavascript's {@code G1.fromRng} (affine). */
    public static G1 g1(ChaCha rng) {
        while (true) {
            Fp x = fp(rng);
            boolean greatest = rng.nextBool();
            Fp y = x.square().mul(x).add(G1_B).sqrt();
            if (y != null) {
                return G1.affine(x, isNegative(y) == greatest ? y : y.neg());
            }
        }
    }

    /** A point of G2 as ffjavascript's {@code G2.fromRng}: a point of the twist times its cofactor. */
    public static G2 g2(ChaCha rng) {
        while (true) {
            Fp2 x = new Fp2(fp(rng), fp(rng));
            boolean greatest = rng.nextBool();
            Fp2 y = x.square().mul(x).add(G2.B).sqrt();
            if (y != null) {
                return G2.affine(x, isNegative(y) == greatest ? y : y.neg()).mul(G2_COFACTOR).toAffine();
            }
        }
    }

    private static final BigInteger HALF_P = Fp.MODULUS.subtract(BigInteger.ONE).shiftRight(1);

    static boolean isNegative(Fp a) {
        return a.toBigInteger().compareTo(HALF_P) > 0;
    }

    static boolean isNegative(Fp2 a) {
        return a.c1().isZero() ? isNegative(a.c0()) : isNegative(a.c1());
    }

    /**
     * snarkjs's {@code hashToG2}: the G2 point drawn from the stream seeded with the first 32 bytes of a hash (the
     * point a contribution's proof of knowledge is bound to).
     */
    public static G2 hashToG2(byte[] hash) {
        return g2(ChaCha.fromHash(hash));
    }

    /** A contribution's stream: fresh randomness from {@code random} mixed with the contributor's entropy text. */
    public static ChaCha contribution(SecureRandom random, String entropy) {
        byte[] fresh = new byte[64];
        random.nextBytes(fresh);
        Blake2bDigest d = new Blake2bDigest(512);
        d.update(fresh, 0, fresh.length);
        byte[] text = entropy.getBytes(StandardCharsets.UTF_8);
        d.update(text, 0, text.length);
        byte[] hash = new byte[64];
        d.doFinal(hash, 0);
        return ChaCha.fromHash(hash);
    }

    /**
     * A beacon's stream: SHA-256 applied 2^numIterationsExp times to the beacon hash seeds it.
     *
     * @throws IllegalArgumentException unless 0 ≤ numIterationsExp ≤ 63 and the hash is 1 … 255 bytes
     */
    public static ChaCha beacon(byte[] beaconHash, int numIterationsExp) {
        if (numIterationsExp < 0 || numIterationsExp > 63) {
            throw new IllegalArgumentException("the beacon's iteration exponent must be in [0, 63]: " + numIterationsExp);
        }
        if (beaconHash.length == 0 || beaconHash.length > 255) {
            throw new IllegalArgumentException("the beacon hash must be 1 to 255 bytes: " + beaconHash.length);
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
        byte[] h = beaconHash;
        long n = 1L << numIterationsExp; // 2^63 wraps to Long.MIN_VALUE: counted as unsigned below
        for (long i = 0; Long.compareUnsigned(i, n) < 0; i++) {
            h = sha.digest(h);
        }
        return ChaCha.fromHash(h);
    }
}
