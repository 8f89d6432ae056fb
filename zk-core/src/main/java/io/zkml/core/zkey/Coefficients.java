package io.zkml.core.zkey;

import io.zkml.core.field.Fr;
import io.zkml.core.io.FormatException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Section 4 of a Groth16 {@code .zkey}: the non-zero entries of the A and B matrices of the QAP, which the
 * prover multiplies by the witness to get A·w and B·w on the domain (C·w is A·w ∘ B·w, so C is not stored).
 * <pre>
 *   count u32, then count entries of 44 bytes:
 *     matrix u32 (0 = A, 1 = B) | constraint u32 | signal u32 | value: 32 bytes, little-endian
 * </pre>
 * The stored value of a coefficient c is c·R² mod r (R = 2²⁵⁶), i.e. the Montgomery form of c·R: snarkjs
 * writes it so that one Montgomery multiplication by a plain witness value w gives the Montgomery form of c·w.
 * {@link #value(int)} undoes it. snarkjs writes, constraint by constraint, the A entries then the B entries in
 * {@code .r1cs} order, and last one A entry of value 1 for each public signal s (wire 0 included) in row
 * nConstraints + s, which makes the public inputs linearly independent.
 *
 * <p>A view over a segment (the mapped file, or memory a builder filled): entries are decoded on access.
 */
public final class Coefficients {

    /** Bytes of one entry. */
    public static final int ENTRY_BYTES = 12 + 32;
    /** The matrix number of A. */
    public static final int MATRIX_A = 0;
    /** The matrix number of B. */
    public static final int MATRIX_B = 1;

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** R mod r and R⁻¹ mod r as field elements: the stored value is the Montgomery form of c·R. */
    private static final Fr R_MOD_R = Fr.of(BigInteger.ONE.shiftLeft(256));
    private static final Fr R_INVERSE = R_MOD_R.inverse();

    private final String source;
    private final MemorySegment section;
    private final long fileOffset;
    private final int count;

    private Coefficients(String source, MemorySegment section, long fileOffset, int count) {
        this.source = source;
        this.section = section.asReadOnly();
        this.fileOffset = fileOffset;
        this.count = count;
    }

    /**
     * A view of a whole section 4 payload: the count and the entries.
     *
     * @param fileOffset the payload's offset in the file, for messages
     * @throws FormatException if the payload is not 4 + count·44 bytes
     */
    public static Coefficients view(String source, MemorySegment section, long fileOffset) {
        if (section.byteSize() < 4) {
            throw FormatException.atOffset(source, fileOffset, "truncated section 4 (coefficients): need 4 bytes for the count, "
                    + section.byteSize() + " in the section");
        }
        long n = Integer.toUnsignedLong(section.get(U32, 0));
        if (n > Integer.MAX_VALUE) {
            throw FormatException.atOffset(source, fileOffset, "section 4 (coefficients) declares " + n + " entries (at most "
                    + Integer.MAX_VALUE + ")");
        }
        if (section.byteSize() != 4 + n * ENTRY_BYTES) {
            throw FormatException.atOffset(source, fileOffset, "section 4 (coefficients) declares " + n + " entries ("
                    + (4 + n * ENTRY_BYTES) + " bytes) but holds " + section.byteSize() + " bytes");
        }
        return new Coefficients(source, section, fileOffset, (int) n);
    }

    /** The number of entries. */
    public int size() {
        return count;
    }

    /** The whole section payload, count included, read-only. */
    public MemorySegment segment() {
        return section;
    }

    /** The entries without the count: {@code size() × 44} bytes in the layout of the class comment. */
    public MemorySegment entries() {
        return section.asSlice(4);
    }

    /** {@link #MATRIX_A} or {@link #MATRIX_B} (as stored: {@link #check} rejects anything else). */
    public int matrix(int i) {
        return section.get(U32, at(i));
    }

    /** The constraint (row of the domain) of entry {@code i}. */
    public int constraint(int i) {
        return section.get(U32, at(i) + 4);
    }

    /** The signal (wire) of entry {@code i}. */
    public int signal(int i) {
        return section.get(U32, at(i) + 8);
    }

    /**
     * The coefficient c of entry {@code i} (the stored c·R² turned back into c).
     *
     * @throws FormatException if the stored value is not below r
     */
    public Fr value(int i) {
        long at = at(i) + 12;
        try {
            return Fr.fromMontgomeryLimbs(section.get(U64, at), section.get(U64, at + 8), section.get(U64, at + 16), section.get(U64, at + 24))
                    .mul(R_INVERSE);
        } catch (IllegalArgumentException e) {
            throw FormatException.atOffset(source, fileOffset + at, "coefficient " + i + ": stored value is not below r");
        }
    }

    private long at(int i) {
        Objects.checkIndex(i, count);
        return 4 + (long) i * ENTRY_BYTES;
    }

    /**
     * Checks every entry: matrix 0 or 1, constraint below {@code domainSize}, signal below {@code nVars}, value
     * below r.
     *
     * @throws FormatException naming the first bad entry and its offset
     */
    public void check(int nVars, int domainSize) {
        // read as plain ints a chunk at a time: a short command runs this loop before the JIT compiles it, and
        // array reads cost the interpreter far less than segment accesses (entries checked one by one only to name
        // the bad one)
        final int ints = ENTRY_BYTES / 4, chunkEntries = 4096;
        int[] chunk = new int[Math.min(count, chunkEntries) * ints];
        for (int first = 0; first < count; first += chunkEntries) {
            int n = Math.min(chunkEntries, count - first);
            MemorySegment.copy(section, U32, 4 + (long) first * ENTRY_BYTES, chunk, 0, n * ints);
            for (int k = 0, o = 0; k < n; k++, o += ints) {
                int m = chunk[o];
                if (m != MATRIX_A && m != MATRIX_B || Integer.toUnsignedLong(chunk[o + 1]) >= domainSize
                        || Integer.toUnsignedLong(chunk[o + 2]) >= nVars
                        || !Fr.isCanonicalLimbs(limb(chunk, o + 3), limb(chunk, o + 5), limb(chunk, o + 7), limb(chunk, o + 9))) {
                    checkEntry(first + k, nVars, domainSize);
                    throw new IllegalStateException("coefficient " + (first + k) + " failed the fast check only");
                }
            }
        }
    }

    private static long limb(int[] ints, int at) {
        return Integer.toUnsignedLong(ints[at]) | (long) ints[at + 1] << 32;
    }

    /** Checks one entry; throws naming what is wrong with it. */
    private void checkEntry(int i, int nVars, int domainSize) {
        long at = at(i);
        int m = matrix(i);
        if (m != MATRIX_A && m != MATRIX_B) {
            throw FormatException.atOffset(source, fileOffset + at, "coefficient " + i + ": matrix " + Integer.toUnsignedString(m)
                    + " (must be 0 for A or 1 for B)");
        }
        long c = Integer.toUnsignedLong(constraint(i));
        if (c >= domainSize) {
            throw FormatException.atOffset(source, fileOffset + at + 4, "coefficient " + i + ": constraint " + c
                    + " outside the domain of size " + domainSize);
        }
        long s = Integer.toUnsignedLong(signal(i));
        if (s >= nVars) {
            throw FormatException.atOffset(source, fileOffset + at + 8, "coefficient " + i + ": signal " + s
                    + " out of range (nVars = " + nVars + ")");
        }
        value(i);
    }

    @Override
    public String toString() {
        return "Coefficients[" + count + " entries]";
    }

    /** Fills a fresh section entry by entry, in order. */
    public static final class Builder {
        private final MemorySegment data;
        private final int capacity;
        private int n;

        /** @param count the exact number of entries that will be added */
        public Builder(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative: " + count);
            }
            this.capacity = count;
            this.data = Arena.ofAuto().allocate(4 + (long) count * ENTRY_BYTES, 8);
            data.set(U32, 0, count);
        }

        /** Appends an entry with coefficient {@code value} (stored as value·R² mod r). */
        public Builder add(int matrix, int constraint, int signal, Fr value) {
            if (matrix != MATRIX_A && matrix != MATRIX_B) {
                throw new IllegalArgumentException("matrix must be 0 (A) or 1 (B): " + matrix);
            }
            if (n == capacity) {
                throw new IllegalStateException("all " + capacity + " entries are already added");
            }
            long at = 4 + (long) n * ENTRY_BYTES;
            data.set(U32, at, matrix);
            data.set(U32, at + 4, constraint);
            data.set(U32, at + 8, signal);
            Fr stored = value.mul(R_MOD_R);
            for (int k = 0; k < 4; k++) {
                data.set(U64, at + 12 + 8L * k, stored.montgomeryLimb(k));
            }
            n++;
            return this;
        }

        /** The section; every declared entry must have been added. */
        public Coefficients build() {
            if (n != capacity) {
                throw new IllegalStateException(capacity + " entries declared but " + n + " added");
            }
            return new Coefficients("memory", data, 0, capacity);
        }
    }
}
