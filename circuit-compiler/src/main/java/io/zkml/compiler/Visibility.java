package io.zkml.compiler;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the proof discloses of a graph input or output. Every tensor is either a public signal ({@link #PUBLIC}),
 * only in the private witness ({@link #PRIVATE}), or committed to by a salted hash ({@link #HASHED}). An output
 * may instead disclose a public function of itself while its value stays private: {@link ArgMax the index of its
 * largest element per row}, {@link Threshold one bit per element} comparing it with a constant, or {@link Elements
 * some of its elements}. The three plain kinds are singletons, compared with {@code ==}.
 *
 * <p>Text form (the {@code --input-visibility}/{@code --output-visibility} grammar, also in circuit.json):
 * {@code public}, {@code private}, {@code hashed}, {@code argmax}, {@code gt:T}, {@code ge:T}, {@code lt:T},
 * {@code le:T} (T a decimal number), {@code public:I,J,…} (flat row-major element indices).
 */
public sealed interface Visibility permits Visibility.Plain, Visibility.ArgMax, Visibility.Threshold, Visibility.Elements {

    /** The tensor is a public signal. */
    Visibility PUBLIC = Plain.PUBLIC;
    /** The tensor stays in the private witness; the proof says nothing of it. */
    Visibility PRIVATE = Plain.PRIVATE;
    /**
     * A salted Poseidon commitment to the tensor, {@code Poseidon(salt, elements…)}, is its one public signal; the
     * elements and the salt stay private ({@link io.zkml.compiler.lower.PoseidonLowering}).
     */
    Visibility HASHED = Plain.HASHED;

    /** Whether an input may have this visibility (predicates and element selections are for outputs only). */
    default boolean appliesToInputs() {
        return this instanceof Plain;
    }

    /** The plain kinds. */
    enum Plain implements Visibility {
        PUBLIC, PRIVATE, HASHED;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Per row (all axes but the last), the index along the last axis of the largest element; the first such index
     * on ties: index i is disclosed iff xᵢ > xⱼ for every j &lt; i and xᵢ ≥ xⱼ for every j > i.
     */
    record ArgMax() implements Visibility {
        @Override
        public String toString() {
            return "argmax";
        }
    }

    /** The comparisons of a {@link Threshold}. */
    enum Comparison {
        GT, GE, LT, LE;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One bit per element: [x op T] for the quantized output q at scale s read as the real q·2^−s, with T exactly
     * the decimal given. So gt:T publishes [q > ⌊T·2^s⌋], ge:T [q ≥ ⌈T·2^s⌉], lt:T [q &lt; ⌈T·2^s⌉] and
     * le:T [q ≤ ⌊T·2^s⌋].
     *
     * @param threshold T, |T| ≤ 10^15
     */
    record Threshold(Comparison op, BigDecimal threshold) implements Visibility {

        private static final BigDecimal LIMIT = BigDecimal.TEN.pow(15);

        public Threshold {
            threshold = threshold.stripTrailingZeros();
            if (threshold.abs().compareTo(LIMIT) > 0 || threshold.precision() > 40) {
                throw new IllegalArgumentException("a threshold must lie within ±10^15 with at most 40 significant digits, got " + threshold);
            }
            if (threshold.scale() < 0) {
                threshold = threshold.setScale(0, RoundingMode.UNNECESSARY);
            }
        }

        /** ⌊T·2^s⌋. */
        public BigDecimal scaledFloor(int scale) {
            return scaled(scale).setScale(0, RoundingMode.FLOOR);
        }

        /** ⌈T·2^s⌉. */
        public BigDecimal scaledCeiling(int scale) {
            return scaled(scale).setScale(0, RoundingMode.CEILING);
        }

        private BigDecimal scaled(int scale) {
            return threshold.multiply(new BigDecimal(java.math.BigInteger.ONE.shiftLeft(scale)));
        }

        /** The bit for a real value. */
        public boolean test(double x) {
            int c = new BigDecimal(x).compareTo(threshold);
            return switch (op) {
                case GT -> c > 0;
                case GE -> c >= 0;
                case LT -> c < 0;
                case LE -> c <= 0;
            };
        }

        @Override
        public String toString() {
            return op + ":" + threshold.toPlainString();
        }
    }

    /**
     * The listed elements (flat row-major indices, ascending, distinct) are public signals; the rest stay private.
     */
    record Elements(List<Integer> indices) implements Visibility {
        public Elements {
            indices = List.copyOf(indices);
            if (indices.isEmpty()) {
                throw new IllegalArgumentException("public:I,J,... needs at least one element index");
            }
            for (int i = 0; i < indices.size(); i++) {
                if (indices.get(i) < 0 || i > 0 && indices.get(i) <= indices.get(i - 1)) {
                    throw new IllegalArgumentException("element indices must be distinct, non-negative and ascending, got " + indices);
                }
            }
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("public:");
            for (int i = 0; i < indices.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(indices.get(i));
            }
            return sb.toString();
        }
    }

    /** The grammar, for help texts and error messages. */
    String GRAMMAR = "public, private, hashed, argmax, gt:T, ge:T, lt:T, le:T or public:I,J,...";

    /** One visibility in its text form (see the class comment). */
    static Visibility parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        int colon = s.indexOf(':');
        String head = colon < 0 ? s : s.substring(0, colon);
        String arg = colon < 0 ? null : s.substring(colon + 1);
        if (arg == null) {
            return switch (head) {
                case "public" -> PUBLIC;
                case "private" -> PRIVATE;
                case "hashed" -> HASHED;
                case "argmax" -> new ArgMax();
                case "gt", "ge", "lt", "le" -> throw new IllegalArgumentException("visibility '" + text + "' needs a threshold: " + head + ":T");
                default -> throw new IllegalArgumentException("visibility is " + GRAMMAR + ", got '" + text + "'");
            };
        }
        return switch (head) {
            case "gt", "ge", "lt", "le" -> {
                BigDecimal t;
                try {
                    t = new BigDecimal(arg.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("visibility '" + text + "': the threshold must be a decimal number", e);
                }
                yield new Threshold(Comparison.valueOf(head.toUpperCase(Locale.ROOT)), t);
            }
            case "public" -> {
                List<Integer> idx = new ArrayList<>();
                for (String part : arg.split(",", -1)) {
                    try {
                        idx.add(Integer.parseInt(part.strip()));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("visibility '" + text + "': public:I,J,... takes element indices (integers), got '" + part + "'", e);
                    }
                }
                int[] sorted = idx.stream().mapToInt(Integer::intValue).sorted().toArray();
                for (int i = 1; i < sorted.length; i++) {
                    if (sorted[i] == sorted[i - 1]) {
                        throw new IllegalArgumentException("visibility '" + text + "': element " + sorted[i] + " is listed twice");
                    }
                }
                if (sorted.length > 0 && sorted[0] < 0) {
                    throw new IllegalArgumentException("visibility '" + text + "': element indices are non-negative");
                }
                yield new Elements(Arrays.stream(sorted).boxed().toList());
            }
            default -> throw new IllegalArgumentException("visibility is " + GRAMMAR + ", got '" + text + "'");
        };
    }

    /**
     * A comma-separated list of visibilities, one per tensor; the indices of {@code public:I,J,…} continue over
     * the commas ("public:0,3,argmax" is two entries: public:0,3 and argmax).
     */
    static List<Visibility> parseList(String text) {
        List<String> items = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            boolean index = !p.isEmpty() && p.chars().allMatch(Character::isDigit);
            if (index && !items.isEmpty() && items.getLast().toLowerCase(Locale.ROOT).startsWith("public:")) {
                items.set(items.size() - 1, items.getLast() + "," + p);
            } else {
                items.add(p);
            }
        }
        return items.stream().map(Visibility::parse).toList();
    }
}
