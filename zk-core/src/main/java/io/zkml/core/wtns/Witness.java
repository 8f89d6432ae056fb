package io.zkml.core.wtns;

import io.zkml.core.field.Fr;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An assignment of an Fr value to every wire of a circuit, indexed by wire (the order is circom's, see
 * {@link io.zkml.core.r1cs.WireLayout}): {@code get(0)} is the constant 1. Immutable.
 *
 * <p>A witness read from a {@code .wtns} file keeps the file's encoding (32-byte little-endian canonical values,
 * already checked to lie below r) and makes {@link Fr} objects only when asked for them: a prover hands the
 * bytes to its backend as they are ({@link #toBytesLE}), without a conversion into and out of Montgomery form
 * per wire.
 */
public final class Witness {

    /** The values as 32-byte little-endian canonical integers, wire 0 first; null until asked for when built from Fr values. */
    private volatile byte[] bytesLE;
    /** The values as field elements; null until asked for when read from bytes. */
    private volatile Fr[] values;
    private final int size;

    private Witness(Fr[] values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new NullPointerException("witness value " + i + " is null");
            }
        }
        this.values = values;
        this.size = values.length;
    }

    private Witness(byte[] bytesLE) {
        this.bytesLE = bytesLE;
        this.size = bytesLE.length / Fr.BYTES;
    }

    public static Witness of(List<Fr> values) {
        return new Witness(values.toArray(Fr[]::new));
    }

    public static Witness of(Fr... values) {
        return new Witness(values.clone());
    }

    /**
     * A witness over 32-byte little-endian canonical values, as a {@code .wtns} file holds them (the array is
     * kept, not copied).
     *
     * @throws IllegalArgumentException if the length is not a multiple of 32 or a value is not below r (naming its wire)
     */
    static Witness ofBytesLE(byte[] bytesLE) {
        if (bytesLE.length % Fr.BYTES != 0) {
            throw new IllegalArgumentException("witness bytes: " + bytesLE.length + " is not a multiple of " + Fr.BYTES);
        }
        int bad = firstNonCanonical(bytesLE);
        if (bad >= 0) {
            throw new IllegalArgumentException("witness value " + bad + " is not below the scalar-field modulus r");
        }
        return new Witness(bytesLE);
    }

    /** The index of the first 32-byte little-endian value that is not below r, or -1. */
    static int firstNonCanonical(byte[] bytesLE) {
        for (int i = 0, n = bytesLE.length / Fr.BYTES; i < n; i++) {
            int at = i * Fr.BYTES;
            if (!Fr.isCanonicalLimbs(longLE(bytesLE, at), longLE(bytesLE, at + 8), longLE(bytesLE, at + 16), longLE(bytesLE, at + 24))) {
                return i;
            }
        }
        return -1;
    }

    private static long longLE(byte[] b, int at) {
        long v = 0;
        for (int k = 7; k >= 0; k--) {
            v = (v << 8) | (b[at + k] & 0xFF);
        }
        return v;
    }

    /** The number of wires. */
    public int size() {
        return size;
    }

    /** The value of wire {@code i}. */
    public Fr get(int i) {
        Fr[] v = values;
        if (v != null) {
            return v[i];
        }
        Objects.checkIndex(i, size);
        return Fr.fromBytesLE(bytesLE, i * Fr.BYTES);
    }

    /** All values, wire 0 first (an unmodifiable view). */
    public List<Fr> values() {
        return Collections.unmodifiableList(Arrays.asList(elements()));
    }

    /**
     * All values as 32-byte little-endian canonical integers, wire 0 first (a fresh array: {@link #size()} · 32
     * bytes), the encoding of a {@code .wtns} file's values and of the provers' witness input.
     */
    public byte[] toBytesLE() {
        byte[] b = bytesLE;
        if (b == null) {
            Fr[] v = values;
            b = new byte[Math.multiplyExact(v.length, Fr.BYTES)];
            for (int i = 0; i < v.length; i++) {
                System.arraycopy(v[i].toBytesLE(), 0, b, i * Fr.BYTES, Fr.BYTES);
            }
            bytesLE = b;
        }
        return b.clone();
    }

    private Fr[] elements() {
        Fr[] v = values;
        if (v == null) {
            byte[] b = bytesLE;
            v = new Fr[size];
            for (int i = 0; i < size; i++) {
                v[i] = Fr.fromBytesLE(b, i * Fr.BYTES);
            }
            values = v;
        }
        return v;
    }

    /** A copy with wire {@code i} set to {@code value} (for tests that tamper with a witness). */
    public Witness with(int i, Fr value) {
        Objects.checkIndex(i, size);
        Fr[] copy = elements().clone();
        copy[i] = Objects.requireNonNull(value, "value must not be null");
        return new Witness(copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Witness w && Arrays.equals(w.elements(), elements());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(elements());
    }

    @Override
    public String toString() {
        int shown = Math.min(size, 4);
        StringBuilder head = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            head.append(i == 0 ? "" : ", ").append(get(i));
        }
        return "Witness[" + size + " wires: " + head + (size > shown ? ", …]" : "]");
    }
}
