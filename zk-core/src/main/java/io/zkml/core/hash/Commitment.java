package io.zkml.core.hash;

import io.zkml.core.field.Fr;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A salted Poseidon commitment to a vector of field elements: {@code commitment = Poseidon(salt, v_1, …, v_n)},
 * with {@link Poseidon#hash} (circomlib's Poseidon for n + 1 ≤ 16 elements, zkml's chaining rule beyond).
 *
 * <p>The salt is what makes the commitment hiding: without it, anyone can hash each candidate input (a patient
 * record has few plausible values per field) and compare. A fresh salt is {@value #SALT_BYTES} bytes from a
 * CSPRNG, read as a big-endian integer (below 2^248 &lt; r, so every salt is a canonical field element). Values
 * are field elements; signed fixed-point integers are embedded as {@code r − |x|} for negative x
 * ({@link #embed}).
 *
 * @param salt       the secret salt; whoever holds it and the values can open the commitment
 * @param value      the commitment itself, the public field element
 */
public record Commitment(Fr salt, Fr value) {

    /** Bytes of a fresh salt: 248 bits, below r. */
    public static final int SALT_BYTES = 31;

    public Commitment {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(value, "value");
    }

    /** A fresh salt of {@value #SALT_BYTES} random bytes. */
    public static Fr randomSalt(SecureRandom random) {
        byte[] bytes = new byte[SALT_BYTES];
        random.nextBytes(bytes);
        return Fr.of(new BigInteger(1, bytes));
    }

    /** Commits to {@code values} with a fresh salt from {@code random}. */
    public static Commitment commit(SecureRandom random, List<Fr> values) {
        return commit(randomSalt(random), values);
    }

    /**
     * Commits to {@code values} with the given salt.
     *
     * @throws IllegalArgumentException for no values
     */
    public static Commitment commit(Fr salt, List<Fr> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a commitment needs at least one value");
        }
        List<Fr> preimage = new ArrayList<>(values.size() + 1);
        preimage.add(Objects.requireNonNull(salt, "salt"));
        preimage.addAll(values);
        return new Commitment(salt, Poseidon.hash(preimage));
    }

    /** Whether this commitment opens to {@code values} (with its salt). */
    public boolean opensTo(List<Fr> values) {
        return !values.isEmpty() && commit(salt, values).value.equals(value);
    }

    /**
     * The field element of a signed integer: x for x ≥ 0, r − |x| for x &lt; 0.
     *
     * @throws IllegalArgumentException if |x| ≥ (r − 1)/2, where the embedding would no longer be one-to-one
     */
    public static Fr embed(BigInteger x) {
        if (x.abs().compareTo(HALF) >= 0) {
            throw new IllegalArgumentException("integer too large for a signed field element (|x| must be below (r − 1)/2): " + x);
        }
        return Fr.of(x);
    }

    private static final BigInteger HALF = Fr.MODULUS.subtract(BigInteger.ONE).shiftRight(1);
}
