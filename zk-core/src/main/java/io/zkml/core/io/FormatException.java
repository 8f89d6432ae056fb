package io.zkml.core.io;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A file or message that is not what its format says it must be: the one error that every reader in zkml
 * throws for bad input, whatever the format.
 *
 * <p>It carries the name of the source (a file name, {@code "proof.json"}, {@code "calldata"}), where in it
 * the problem is (a byte offset for binary formats, a JSON path such as {@code $.pi_b[1][0]} for JSON, or
 * nothing when the problem is the whole input), and what was wrong. The message reads
 * {@code source: location: detail}, for example
 * {@code square_chain.r1cs: offset 0x40: truncated constraint 3 (need 36 bytes, 12 left)} or
 * {@code vk.json: $.vk_alpha_1[0]: not a decimal integer: "12a"}.
 */
public final class FormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final String location;
    private final long offset;
    private final String detail;

    private FormatException(String source, String location, long offset, String detail, Throwable cause) {
        super(message(source, location, detail), cause);
        this.source = Objects.requireNonNull(source, "source must not be null");
        this.location = location;
        this.offset = offset;
        this.detail = Objects.requireNonNull(detail, "detail must not be null");
    }

    private static String message(String source, String location, String detail) {
        return location == null ? source + ": " + detail : source + ": " + location + ": " + detail;
    }

    /** A problem with the input as a whole (no offset or path applies). */
    public static FormatException of(String source, String detail) {
        return new FormatException(source, null, -1, detail, null);
    }

    /** A problem at a byte offset of a binary input; the location reads {@code offset 0x…}. */
    public static FormatException atOffset(String source, long offset, String detail) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        return new FormatException(source, "offset 0x" + Long.toHexString(offset), offset, detail, null);
    }

    /** A problem at a JSON path such as {@code $.IC[2][1]}, or at any other textual location. */
    public static FormatException at(String source, String location, String detail) {
        return new FormatException(source, Objects.requireNonNull(location, "location must not be null"), -1, detail, null);
    }

    /** The same, with the exception that revealed the problem. */
    public static FormatException at(String source, String location, String detail, Throwable cause) {
        return new FormatException(source, Objects.requireNonNull(location, "location must not be null"), -1, detail, cause);
    }

    /** The file name or other name of the input. */
    public String source() {
        return source;
    }

    /** Where in the input: {@code offset 0x40}, {@code $.pi_a[0]}, {@code line 3, column 7}; empty for the input as a whole. */
    public Optional<String> location() {
        return Optional.ofNullable(location);
    }

    /** The byte offset, for binary inputs. */
    public OptionalLong offset() {
        return offset < 0 ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    /** What was wrong, without source and location. */
    public String detail() {
        return detail;
    }
}
