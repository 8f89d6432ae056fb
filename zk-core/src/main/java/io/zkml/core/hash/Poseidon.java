package io.zkml.core.hash;

import io.zkml.core.field.Fr;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * circomlib's Poseidon hash over BN254's F_r, and zkml's rule for inputs longer than 16 elements.
 *
 * <p><b>Up to 16 inputs</b> ({@link #hash} with n = 1..16): exactly circomlib's {@code Poseidon(n)} (and
 * circomlibjs's {@code poseidon(inputs)}): the permutation of width t = n + 1 ({@link PoseidonParameters}) applied
 * to the state {@code [0, x_1, …, x_n]}; the hash is element 0 of the result.
 *
 * <p><b>More than 16 inputs</b> (zkml's chaining rule, fixed here so that circom and Solidity can reproduce it):
 * the n inputs are padded with zeros to a multiple of 16 and cut into k = ⌈n/16⌉ chunks c_1..c_k of 16 elements;
 * then {@code h_0 = n} (the input length, as a field element) and {@code h_j = P_17([h_{j−1}, c_j])[0]}, where
 * P_17 is the width-17 permutation; the hash is h_k. Each step is circomlib's {@code PoseidonEx(16, 1)} with
 * {@code initialState = h_{j−1}} (circomlibjs: {@code poseidon(c_j, h_{j−1}, 1)}). The length in h_0 makes the
 * zero padding unambiguous and keeps long inputs apart from short ones (whose initial state element is 0);
 * as in any Merkle–Damgård chain with the length in the first value, a collision of two inputs gives a collision
 * of the compression {@code (h, c) ↦ P_17([h, c])[0]} (circomlib's {@code PoseidonEx(16, 1)}) or a preimage of
 * a small integer or of 0 under it.
 *
 * <p>A round is: add the round constants, apply x^5 to every element (full rounds) or to element 0 only (partial
 * rounds), multiply by the MDS matrix. This class evaluates the partial rounds in the equivalent cheaper form of
 * the Poseidon paper's appendix B: the round constants of elements 1..t−1 are carried forward through the linear
 * layers into the next full round, and each partial round's MDS matrix is factored into a sparse matrix (first
 * row, first column and the identity: 2t − 1 multiplications instead of t²) times a block-diagonal rest that is
 * passed on to the next round; one dense matrix is left after the last partial round. Instances are immutable
 * and thread-safe; the precomputation is made once per width.
 */
public final class Poseidon {

    /** The most inputs of one permutation (circomlib's limit). */
    public static final int RATE = PoseidonParameters.MAX_WIDTH - 1;

    /** Built on first use; read without a lock afterwards (hashing threads do not contend). */
    private static final AtomicReferenceArray<Poseidon> BY_WIDTH = new AtomicReferenceArray<>(PoseidonParameters.MAX_WIDTH + 1);

    private final PoseidonParameters params;
    private final int t;
    private final int halfFull;
    /** Round constants of the full rounds, t each; the first one after the partial rounds includes the carry. */
    private final Fr[][] fullConstants;
    private final Fr[][] mds;
    /** Per partial round: the constant added to element 0, and the sparse matrix (m00, row w, column v). */
    private final Fr[] partialConstants;
    private final Fr[] sparseM00;
    private final Fr[][] sparseRow;
    private final Fr[][] sparseColumn;
    /** The dense matrix left over after the last partial round. */
    private final Fr[][] afterPartial;

    private Poseidon(PoseidonParameters params) {
        this.params = params;
        this.t = params.width();
        this.halfFull = params.fullRounds() / 2;
        int rp = params.partialRounds();
        this.mds = new Fr[t][];
        for (int i = 0; i < t; i++) {
            mds[i] = params.mds().get(i).toArray(Fr[]::new);
        }

        // constants: the full rounds keep theirs; a partial round keeps element 0 of (its constants + the carry)
        // and passes M·(0, rest) on to the next round
        fullConstants = new Fr[params.fullRounds()][];
        for (int r = 0; r < halfFull; r++) {
            fullConstants[r] = roundConstants(r);
        }
        partialConstants = new Fr[rp];
        Fr[] carry = zeros(t);
        for (int i = 0; i < rp; i++) {
            Fr[] d = add(roundConstants(halfFull + i), carry);
            partialConstants[i] = d[0];
            d[0] = Fr.ZERO;
            carry = multiply(mds, d);
        }
        for (int r = halfFull; r < params.fullRounds(); r++) {
            Fr[] c = roundConstants(r + rp);
            fullConstants[r] = r == halfFull ? add(c, carry) : c;
        }

        // matrices: N_0 = M; N_i = A_i·B_i with A_i = diag(1, N̂_i) and B_i sparse; N_{i+1} = M·A_i
        sparseM00 = new Fr[rp];
        sparseRow = new Fr[rp][];
        sparseColumn = new Fr[rp][];
        Fr[][] n = mds;
        Fr[][] a = null;
        for (int i = 0; i < rp; i++) {
            Fr[][] hat = new Fr[t - 1][t - 1];
            Fr[] column = new Fr[t - 1];
            Fr[] row = new Fr[t - 1];
            for (int k = 1; k < t; k++) {
                column[k - 1] = n[k][0];
                row[k - 1] = n[0][k];
                for (int l = 1; l < t; l++) {
                    hat[k - 1][l - 1] = n[k][l];
                }
            }
            sparseM00[i] = n[0][0];
            sparseRow[i] = row;
            sparseColumn[i] = solve(hat, column); // v̂ = N̂⁻¹·v
            a = new Fr[t][t];
            for (Fr[] r : a) {
                Arrays.fill(r, Fr.ZERO);
            }
            a[0][0] = Fr.ONE;
            for (int k = 1; k < t; k++) {
                System.arraycopy(hat[k - 1], 0, a[k], 1, t - 1);
            }
            n = multiply(mds, a);
        }
        afterPartial = a;
    }

    /** The permutation of width {@code t} (2..17), precomputed on first use. */
    public static Poseidon ofWidth(int width) {
        PoseidonParameters.partialRounds(width); // checks the width
        Poseidon p = BY_WIDTH.get(width);
        if (p == null) {
            synchronized (BY_WIDTH) {
                p = BY_WIDTH.get(width);
                if (p == null) {
                    p = new Poseidon(PoseidonParameters.of(width));
                    BY_WIDTH.set(width, p);
                }
            }
        }
        return p;
    }

    /** The parameters this permutation was built from. */
    public PoseidonParameters parameters() {
        return params;
    }

    /**
     * The Poseidon permutation of a state of {@code t} elements (a new array; the argument is not changed).
     *
     * @throws IllegalArgumentException if the state does not have {@code t} elements
     */
    public Fr[] permute(Fr[] state) {
        if (state.length != t) {
            throw new IllegalArgumentException("Poseidon width " + t + " needs a state of " + t + " elements, got " + state.length);
        }
        Fr[] s = state.clone();
        for (int i = 0; i < t; i++) {
            Objects.requireNonNull(s[i], "state element");
        }
        for (int r = 0; r < halfFull; r++) {
            s = fullRound(s, fullConstants[r]);
        }
        for (int i = 0; i < partialConstants.length; i++) {
            Fr x0 = pow5(s[0].add(partialConstants[i]));
            Fr[] w = sparseRow[i], v = sparseColumn[i];
            Fr y0 = sparseM00[i].mul(x0);
            for (int k = 1; k < t; k++) {
                y0 = y0.add(w[k - 1].mul(s[k]));
                s[k] = s[k].add(v[k - 1].mul(x0));
            }
            s[0] = y0;
        }
        s = multiply(afterPartial, s);
        for (int r = halfFull; r < fullConstants.length; r++) {
            s = fullRound(s, fullConstants[r]);
        }
        return s;
    }

    /**
     * The Poseidon hash of 1 or more field elements: circomlib's {@code Poseidon(n)} for n ≤ 16, the chaining
     * rule of the class comment beyond.
     *
     * @throws IllegalArgumentException for no inputs
     */
    public static Fr hash(List<Fr> inputs) {
        int n = inputs.size();
        if (n == 0) {
            throw new IllegalArgumentException("Poseidon needs at least one input");
        }
        if (n <= RATE) {
            Fr[] state = new Fr[n + 1];
            state[0] = Fr.ZERO;
            for (int i = 0; i < n; i++) {
                state[i + 1] = Objects.requireNonNull(inputs.get(i), "input");
            }
            return ofWidth(n + 1).permute(state)[0];
        }
        Poseidon p = ofWidth(RATE + 1);
        Fr h = Fr.of(n);
        for (int start = 0; start < n; start += RATE) {
            Fr[] state = new Fr[RATE + 1];
            state[0] = h;
            for (int i = 0; i < RATE; i++) {
                state[i + 1] = start + i < n ? Objects.requireNonNull(inputs.get(start + i), "input") : Fr.ZERO;
            }
            h = p.permute(state)[0];
        }
        return h;
    }

    /** {@link #hash(List)} of the arguments. */
    public static Fr hash(Fr... inputs) {
        return hash(Arrays.asList(inputs));
    }

    // ---------------------------------------------------------------- internals

    private Fr[] fullRound(Fr[] s, Fr[] constants) {
        for (int i = 0; i < t; i++) {
            s[i] = pow5(s[i].add(constants[i]));
        }
        return multiply(mds, s);
    }

    private static Fr pow5(Fr x) {
        Fr x2 = x.square();
        return x2.square().mul(x);
    }

    private Fr[] roundConstants(int round) {
        Fr[] c = new Fr[t];
        for (int i = 0; i < t; i++) {
            c[i] = params.roundConstant(round, i);
        }
        return c;
    }

    private static Fr[] zeros(int n) {
        Fr[] z = new Fr[n];
        Arrays.fill(z, Fr.ZERO);
        return z;
    }

    private static Fr[] add(Fr[] a, Fr[] b) {
        Fr[] s = new Fr[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i].add(b[i]);
        }
        return s;
    }

    private static Fr[] multiply(Fr[][] m, Fr[] v) {
        Fr[] out = new Fr[m.length];
        for (int i = 0; i < m.length; i++) {
            Fr acc = Fr.ZERO;
            for (int j = 0; j < v.length; j++) {
                acc = acc.add(m[i][j].mul(v[j]));
            }
            out[i] = acc;
        }
        return out;
    }

    private static Fr[][] multiply(Fr[][] a, Fr[][] b) {
        int n = a.length, m = b[0].length;
        Fr[][] out = new Fr[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                Fr acc = Fr.ZERO;
                for (int k = 0; k < b.length; k++) {
                    acc = acc.add(a[i][k].mul(b[k][j]));
                }
                out[i][j] = acc;
            }
        }
        return out;
    }

    /** Solves {@code m·x = b} by Gauss–Jordan elimination; m is invertible (a Cauchy matrix or a product of such). */
    private static Fr[] solve(Fr[][] m, Fr[] b) {
        int n = b.length;
        Fr[][] a = new Fr[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, a[i], 0, n);
            a[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            while (pivot < n && a[pivot][col].isZero()) {
                pivot++;
            }
            if (pivot == n) {
                throw new ArithmeticException("singular matrix in the Poseidon precomputation");
            }
            Fr[] tmp = a[pivot];
            a[pivot] = a[col];
            a[col] = tmp;
            Fr inv = a[col][col].inverse();
            for (int j = col; j <= n; j++) {
                a[col][j] = a[col][j].mul(inv);
            }
            for (int i = 0; i < n; i++) {
                if (i != col && !a[i][col].isZero()) {
                    Fr f = a[i][col];
                    for (int j = col; j <= n; j++) {
                        a[i][j] = a[i][j].sub(f.mul(a[col][j]));
                    }
                }
            }
        }
        Fr[] x = new Fr[n];
        for (int i = 0; i < n; i++) {
            x[i] = a[i][n];
        }
        return x;
    }
}
