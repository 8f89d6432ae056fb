package io.zkml.core.ptau;

import io.zkml.core.io.BinFileWriter;
import io.zkml.core.io.ByteString;
import io.zkml.core.io.SectionReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The optional parameters that close a contribution record in snarkjs's {@code .ptau} (section 7) and
 * {@code .zkey} (section 10) files:
 * <pre>
 *   paramLength u32, then entries in increasing type order, each a type byte and its value:
 *     1  name              length u8, then that many UTF-8 bytes
 *     2  numIterationsExp  u8 (a beacon hashes its seed 2^numIterationsExp times)
 *     3  beaconHash        length u8, then that many bytes
 * </pre>
 * The entries must be sorted and fill paramLength exactly; any other type is an error (as in snarkjs).
 * The name is kept as bytes so that a record read and written again is the same record.
 */
public final class ContributionParams {

    /** No parameters: paramLength 0. */
    public static final ContributionParams NONE = new ContributionParams(null, null, null);

    private static final int NAME = 1, ITERATIONS = 2, BEACON_HASH = 3;
    /** snarkjs keeps the first 64 characters of a name. */
    private static final int MAX_NAME_CHARS = 64;

    private final ByteString name;
    private final Integer numIterationsExp;
    private final ByteString beaconHash;

    private ContributionParams(ByteString name, Integer numIterationsExp, ByteString beaconHash) {
        this.name = name;
        this.numIterationsExp = numIterationsExp;
        this.beaconHash = beaconHash;
    }

    /** A contribution's name, cut to its first 64 characters as snarkjs does. */
    public static ContributionParams named(String name) {
        return new ContributionParams(encodeName(name), null, null);
    }

    /**
     * A beacon's parameters.
     *
     * @param nameOrNull the contribution name, or null for none
     * @param numIterationsExp in [0, 255]
     * @param beaconHash at most 255 bytes
     */
    public static ContributionParams beacon(String nameOrNull, int numIterationsExp, ByteString beaconHash) {
        if (numIterationsExp < 0 || numIterationsExp > 255) {
            throw new IllegalArgumentException("numIterationsExp must be in [0, 255]: " + numIterationsExp);
        }
        if (beaconHash.size() > 255) {
            throw new IllegalArgumentException("beacon hash must be at most 255 bytes: " + beaconHash.size());
        }
        return new ContributionParams(nameOrNull == null ? null : encodeName(nameOrNull), numIterationsExp, beaconHash);
    }

    private static ByteString encodeName(String name) {
        Objects.requireNonNull(name, "name must not be null");
        String cut = name.length() > MAX_NAME_CHARS ? name.substring(0, MAX_NAME_CHARS) : name;
        return ByteString.of(cut.getBytes(StandardCharsets.UTF_8));
    }

    /** The name, decoded as UTF-8 (malformed bytes become U+FFFD, as snarkjs's TextDecoder does). */
    public Optional<String> name() {
        return Optional.ofNullable(name).map(b -> new String(b.toByteArray(), StandardCharsets.UTF_8));
    }

    /** The name's bytes as stored. */
    public Optional<ByteString> nameBytes() {
        return Optional.ofNullable(name);
    }

    public OptionalInt numIterationsExp() {
        return numIterationsExp == null ? OptionalInt.empty() : OptionalInt.of(numIterationsExp);
    }

    public Optional<ByteString> beaconHash() {
        return Optional.ofNullable(beaconHash);
    }

    /** Bytes that {@link #write} writes: the length field and the entries. */
    public int encodedSize() {
        return 4 + entriesSize();
    }

    private int entriesSize() {
        int n = 0;
        if (name != null) {
            n += 2 + name.size();
        }
        if (numIterationsExp != null) {
            n += 2;
        }
        if (beaconHash != null) {
            n += 2 + beaconHash.size();
        }
        return n;
    }

    /**
     * Reads paramLength and the entries.
     *
     * @param what the record, for messages ("contribution 2")
     * @throws io.zkml.core.io.FormatException for an unknown or out-of-order type, or entries that do not fill
     *     paramLength exactly
     */
    public static ContributionParams read(SectionReader r, String what) {
        r.require(4, what + " (parameter length)");
        long length = r.u32();
        long start = r.position();
        long lengthAt = r.fileOffset() - 4;
        r.require(length, what + " parameters");
        ByteString name = null, beaconHash = null;
        Integer iterations = null;
        int lastType = 0;
        while (r.position() - start < length) {
            long at = r.fileOffset();
            int type = u8(r, start, length, what);
            if (type <= lastType) {
                throw r.errorAt(at, what + ": parameter type " + type + " after type " + lastType + " (parameters must be sorted)");
            }
            lastType = type;
            switch (type) {
                case NAME -> name = ByteString.of(bytes(r, u8(r, start, length, what), start, length, what));
                case ITERATIONS -> iterations = u8(r, start, length, what);
                case BEACON_HASH -> beaconHash = ByteString.of(bytes(r, u8(r, start, length, what), start, length, what));
                default -> throw r.errorAt(at, what + ": unknown parameter type " + type);
            }
        }
        if (r.position() - start != length) {
            throw r.errorAt(lengthAt, what + ": parameters take " + (r.position() - start) + " bytes, not the declared " + length);
        }
        return new ContributionParams(name, iterations, beaconHash);
    }

    private static int u8(SectionReader r, long start, long length, String what) {
        return bytes(r, 1, start, length, what)[0] & 0xFF;
    }

    private static byte[] bytes(SectionReader r, int n, long start, long length, String what) {
        if (r.position() + n - start > length) {
            throw r.error(what + ": a parameter runs past the declared parameter length " + length);
        }
        return r.bytes(n);
    }

    /** Writes paramLength and the entries, in type order. */
    public void write(BinFileWriter w) throws IOException {
        w.u32(entriesSize());
        if (name != null) {
            w.bytes(new byte[] {NAME, (byte) name.size()});
            w.bytes(name.toByteArray());
        }
        if (numIterationsExp != null) {
            w.bytes(new byte[] {ITERATIONS, (byte) (int) numIterationsExp});
        }
        if (beaconHash != null) {
            w.bytes(new byte[] {BEACON_HASH, (byte) beaconHash.size()});
            w.bytes(beaconHash.toByteArray());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContributionParams p && Objects.equals(p.name, name) && Objects.equals(p.numIterationsExp, numIterationsExp)
                && Objects.equals(p.beaconHash, beaconHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, numIterationsExp, beaconHash);
    }

    @Override
    public String toString() {
        return "ContributionParams[" + name().map(n -> "name=" + n).orElse("")
                + (numIterationsExp == null ? "" : " numIterationsExp=" + numIterationsExp)
                + (beaconHash == null ? "" : " beaconHash=" + beaconHash) + "]";
    }
}
