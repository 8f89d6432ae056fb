package io.zkml.core.hash;

import io.zkml.core.field.Fr;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The parameters of circomlib's Poseidon permutation over BN254's F_r for one width t = 2..17 (1 to 16 inputs):
 * S-box x^5, R_F = 8 full rounds, R_P partial rounds (56 to 68, by width), (R_F + R_P)·t round constants and a
 * t×t Cauchy MDS matrix.
 *
 * <p>Generated as the Poseidon authors' reference script ({@code generate_parameters_grain.sage}, invoked as
 * {@code 1 0 254 t 8 R_P r}) generates them, which is where circomlib's constants come from: a {@link GrainLfsr}
 * seeded with (prime field, x^α, n = 254, t, R_F, R_P) yields first the round constants, each a 254-bit integer
 * taken most significant bit first and drawn again until it is below r, then 2t more 254-bit integers reduced
 * mod r, x_0..x_{t−1} and y_0..y_{t−1}, and {@code M[i][j] = 1/(x_i + y_j)}. (The script draws again if those
 * 2t values are not distinct or some x_i + y_j is zero, and also if its subspace-trail tests reject the
 * matrix; we redraw in the first two cases and do not rerun those tests: for every width circomlib uses the
 * first matrix drawn, which the cross-check against circomlibjs confirms.)
 *
 * <p>The round numbers are circomlib's: the paper's recommendation for 128-bit security with x^5 over a
 * 254-bit field (its {@code calc_round_numbers.py}), R_P rounded up to a multiple of t.
 *
 * @param width            t, the state size: number of inputs + 1
 * @param fullRounds       R_F (half before, half after the partial rounds)
 * @param partialRounds    R_P
 * @param roundConstants   (R_F + R_P)·t constants, round by round, element i of round k at {@code k·t + i}
 * @param mds              the MDS matrix, row by row: the linear layer computes {@code s'_i = Σ_j M[i][j]·s_j}
 */
public record PoseidonParameters(int width, int fullRounds, int partialRounds, List<Fr> roundConstants, List<List<Fr>> mds) {

    /** The smallest width (one input). */
    public static final int MIN_WIDTH = 2;
    /** The largest width circomlib supports (16 inputs). */
    public static final int MAX_WIDTH = 17;
    /** R_F for every width. */
    public static final int FULL_ROUNDS = 8;

    /** R_P by width, from t = 2 to t = 17 (circomlib's {@code N_ROUNDS_P}). */
    private static final int[] PARTIAL_ROUNDS = {56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68};

    private static final int FIELD_BITS = 254;
    private static final PoseidonParameters[] CACHE = new PoseidonParameters[MAX_WIDTH + 1];

    public PoseidonParameters {
        checkWidth(width);
        roundConstants = List.copyOf(roundConstants);
        mds = mds.stream().map(List::copyOf).toList();
        if (roundConstants.size() != (fullRounds + partialRounds) * width) {
            throw new IllegalArgumentException("expected " + (fullRounds + partialRounds) * width + " round constants, got " + roundConstants.size());
        }
        if (mds.size() != width || mds.stream().anyMatch(row -> row.size() != width)) {
            throw new IllegalArgumentException("the MDS matrix must be " + width + "×" + width);
        }
    }

    /** R_P for width t (circomlib's table). */
    public static int partialRounds(int width) {
        checkWidth(width);
        return PARTIAL_ROUNDS[width - MIN_WIDTH];
    }

    /** The parameters of width {@code t}, generated on first use and then kept. */
    public static PoseidonParameters of(int width) {
        checkWidth(width);
        synchronized (CACHE) {
            if (CACHE[width] == null) {
                CACHE[width] = generate(width);
            }
            return CACHE[width];
        }
    }

    /** Generates the parameters of width {@code t} from the Grain LFSR (see the class comment). */
    static PoseidonParameters generate(int width) {
        int rp = partialRounds(width);
        GrainLfsr grain = new GrainLfsr(1, 0, FIELD_BITS, width, FULL_ROUNDS, rp);
        Fr[] constants = new Fr[(FULL_ROUNDS + rp) * width];
        for (int i = 0; i < constants.length; i++) {
            constants[i] = Fr.of(grain.nextBelow(Fr.MODULUS, FIELD_BITS));
        }
        return new PoseidonParameters(width, FULL_ROUNDS, rp, Arrays.asList(constants), cauchyMatrix(grain, width));
    }

    private static List<List<Fr>> cauchyMatrix(GrainLfsr grain, int t) {
        while (true) {
            Fr[] xy = new Fr[2 * t];
            Set<Fr> distinct = new HashSet<>();
            do {
                distinct.clear();
                for (int i = 0; i < 2 * t; i++) {
                    xy[i] = Fr.of(grain.nextBits(FIELD_BITS)); // reduced mod r, no rejection
                    distinct.add(xy[i]);
                }
            } while (distinct.size() != 2 * t);
            Fr[][] m = new Fr[t][t];
            boolean ok = true;
            for (int i = 0; i < t && ok; i++) {
                for (int j = 0; j < t && ok; j++) {
                    Fr sum = xy[i].add(xy[t + j]);
                    ok = !sum.isZero();
                    m[i][j] = ok ? sum.inverse() : null;
                }
            }
            if (ok) {
                return Arrays.stream(m).map(Arrays::asList).toList();
            }
        }
    }

    private static void checkWidth(int width) {
        if (width < MIN_WIDTH || width > MAX_WIDTH) {
            throw new IllegalArgumentException("Poseidon width must be in [" + MIN_WIDTH + ", " + MAX_WIDTH
                    + "] (1 to 16 inputs), got " + width);
        }
    }

    /** The round constant for element {@code i} in round {@code round}. */
    public Fr roundConstant(int round, int i) {
        return roundConstants.get(round * width + i);
    }
}
