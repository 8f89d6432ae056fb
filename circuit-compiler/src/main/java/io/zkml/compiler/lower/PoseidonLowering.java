package io.zkml.compiler.lower;

import io.zkml.core.field.Fr;
import io.zkml.core.hash.Commitment;
import io.zkml.core.hash.Poseidon;
import io.zkml.core.hash.PoseidonParameters;
import java.util.ArrayList;
import java.util.List;

/**
 * The Poseidon hash as constraints, on the field part of a {@link CircuitBuilder}: the same function as zk-core's
 * {@link Poseidon#hash} (circomlib's parameters up to 16 inputs, zkml's chaining rule beyond) and so the same
 * commitments as {@link Commitment#commit}, which the tests use as the oracle.
 *
 * <p>A permutation of width t runs R_F = 8 full and R_P partial rounds (circomlib's table); each round adds its
 * round constants, applies x^5 to every element (full) or to element 0 (partial), and multiplies by the MDS
 * matrix. Only the S-boxes cost constraints: x² = x·x, x⁴ = x²·x², x⁵ = x⁴·x, three constraints and three field
 * wires each, where x is the element's linear combination (never materialized for the S-box). An S-box of a
 * constant (element 0 of the first round when the capacity element is the constant 0 or the chain's length) is
 * computed, not constrained. The linear layers stay linear combinations, never materialized: after a full round
 * each element has t terms, and in the partial rounds each gains one term per round, so no combination exceeds
 * t + R_P ≤ 85 terms (and the hash passed along a chain has t). An input combination of more than
 * {@value #MAX_TERMS} terms is materialized first (one linear constraint), since each is read three times. After
 * the last round only element 0 is formed.
 *
 * <p>Cost of one permutation of width t: exactly 3·(8t + R_P) constraints and field wires, less 3 when element 0
 * enters as a constant (every single hash and the first link of a chain): 213 for t = 2, 240 for t = 3, 609 for
 * t = 17. A commitment to n values (n + 1 elements with the salt) adds one linear constraint for its wire.
 */
public final class PoseidonLowering {

    /** The most terms an input's combination may have before it is materialized. */
    public static final int MAX_TERMS = 64;

    private PoseidonLowering() {
    }

    /**
     * A salted commitment {@code Poseidon(salt, values…)} as a fresh field wire, constrained to equal the hash
     * (one linear constraint beyond the hash's): the in-circuit twin of {@link Commitment#commit}. The integer
     * values enter as field elements, negative x as r − |x| (as the witness embeds them); order matters (the
     * callers hash tensors in row-major order).
     *
     * <p>The caller owns the salt wire: create it with {@link CircuitBuilder#fieldWire()}, make it a private input
     * of the circuit and set its value in the witness step (it has no solver here). The caller also decides where
     * the returned wire goes in the final wire order (a public signal, normally).
     *
     * @param saltWire a field wire holding the salt
     * @param values   one or more integer combinations (graph tensor elements, weight wires)
     * @return the commitment's field wire
     */
    public static int commit(CircuitBuilder b, int saltWire, List<Lin> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a commitment needs at least one value");
        }
        List<FLin> preimage = new ArrayList<>(values.size() + 1);
        preimage.add(FLin.wire(saltWire));
        for (Lin v : values) {
            preimage.add(FLin.of(v));
        }
        FLin h = hash(b, preimage);
        int w = b.fieldWire();
        b.fieldSolver(v -> v[w] = h.eval(v));
        b.enforceZero(new FLin.Builder().add(h, Fr.ONE).add(w, Fr.ONE.neg()).build());
        return w;
    }

    /**
     * {@link Poseidon#hash} of one or more field combinations, as a combination (not materialized).
     *
     * @throws IllegalArgumentException for no inputs
     */
    public static FLin hash(CircuitBuilder b, List<FLin> inputs) {
        int n = inputs.size();
        if (n == 0) {
            throw new IllegalArgumentException("Poseidon needs at least one input");
        }
        List<FLin> in = new ArrayList<>(n);
        for (FLin x : inputs) {
            in.add(x.size() > MAX_TERMS ? FLin.wire(b.materialize(x)) : x);
        }
        int rate = Poseidon.RATE;
        if (n <= rate) {
            FLin[] state = new FLin[n + 1];
            state[0] = FLin.ZERO;
            for (int i = 0; i < n; i++) {
                state[i + 1] = in.get(i);
            }
            return permute(b, state, true)[0];
        }
        FLin h = FLin.constant(Fr.of(n));
        for (int start = 0; start < n; start += rate) {
            FLin[] state = new FLin[rate + 1];
            state[0] = h;
            for (int i = 0; i < rate; i++) {
                state[i + 1] = start + i < n ? in.get(start + i) : FLin.ZERO;
            }
            h = permute(b, state, true)[0];
        }
        return h;
    }

    /**
     * The Poseidon permutation of width state.length (2..17) as combinations.
     *
     * @param firstOnly form only element 0 of the result (the hash); the others are then null
     */
    public static FLin[] permute(CircuitBuilder b, FLin[] state, boolean firstOnly) {
        int t = state.length;
        PoseidonParameters p = PoseidonParameters.of(t);
        int half = p.fullRounds() / 2;
        int rounds = p.fullRounds() + p.partialRounds();
        Fr[][] m = new Fr[t][];
        for (int i = 0; i < t; i++) {
            m[i] = p.mds().get(i).toArray(Fr[]::new);
        }
        FLin[] s = state.clone();
        for (int r = 0; r < half; r++) {
            s = fullRound(b, p, m, s, r, false);
        }
        s = partialRounds(b, s);
        for (int r = half + p.partialRounds(); r < rounds; r++) {
            s = fullRound(b, p, m, s, r, firstOnly && r == rounds - 1);
        }
        return s;
    }

    private static FLin[] fullRound(CircuitBuilder b, PoseidonParameters p, Fr[][] m, FLin[] s, int r, boolean firstOnly) {
        int t = s.length;
        FLin[] x = new FLin[t];
        for (int i = 0; i < t; i++) {
            x[i] = sbox(b, s[i].plus(p.roundConstant(r, i)));
        }
        FLin[] next = new FLin[t];
        for (int i = 0; i < (firstOnly ? 1 : t); i++) {
            FLin.Builder acc = new FLin.Builder();
            for (int j = 0; j < t; j++) {
                acc.add(x[j], m[i][j]);
            }
            next[i] = acc.build();
        }
        return next;
    }

    /**
     * The partial rounds: each S-box input and the final state are combinations of the incoming state, the
     * earlier partial rounds' x⁵ and 1, with coefficients that depend on the width only ({@link PartialPlan}).
     */
    private static FLin[] partialRounds(CircuitBuilder b, FLin[] s) {
        int t = s.length;
        PartialPlan plan = PartialPlan.of(t);
        int rp = plan.sboxIn.length;
        FLin[] x5 = new FLin[rp];
        for (int r = 0; r < rp; r++) {
            x5[r] = sbox(b, combine(plan.sboxIn[r], s, x5, r));
        }
        FLin[] out = new FLin[t];
        for (int i = 0; i < t; i++) {
            out[i] = combine(plan.out[i], s, x5, rp);
        }
        return out;
    }

    private static FLin combine(Fr[] coef, FLin[] s, FLin[] x5, int rounds) {
        int t = s.length;
        FLin.Builder acc = new FLin.Builder();
        for (int k = 0; k < t; k++) {
            acc.add(s[k], coef[k]);
        }
        for (int j = 0; j < rounds; j++) {
            acc.add(x5[j], coef[t + j]);
        }
        return acc.addConstant(coef[coef.length - 1]).build();
    }

    /**
     * The linear algebra of the partial rounds of one width, over the symbols (e_0..e_{t−1}, y_1..y_{R_P}, 1): e the
     * state entering the partial rounds, y_r the x⁵ of round r. Row r of {@code sboxIn} is round r's S-box input,
     * {@code out} the state after the last partial round. Computed once per width.
     */
    private record PartialPlan(Fr[][] sboxIn, Fr[][] out) {

        private static final java.util.concurrent.atomic.AtomicReferenceArray<PartialPlan> BY_WIDTH =
                new java.util.concurrent.atomic.AtomicReferenceArray<>(PoseidonParameters.MAX_WIDTH + 1);

        static PartialPlan of(int t) {
            PartialPlan plan = BY_WIDTH.get(t);
            if (plan == null) {
                plan = compute(PoseidonParameters.of(t));
                BY_WIDTH.compareAndSet(t, null, plan);
            }
            return plan;
        }

        private static PartialPlan compute(PoseidonParameters p) {
            int t = p.width();
            int rp = p.partialRounds();
            int first = p.fullRounds() / 2;
            int symbols = t + rp + 1;
            int one = symbols - 1;
            Fr[][] state = new Fr[t][symbols];
            for (int i = 0; i < t; i++) {
                java.util.Arrays.fill(state[i], Fr.ZERO);
                state[i][i] = Fr.ONE;
            }
            Fr[][] sboxIn = new Fr[rp][];
            for (int r = 0; r < rp; r++) {
                for (int i = 0; i < t; i++) {
                    state[i][one] = state[i][one].add(p.roundConstant(first + r, i));
                }
                sboxIn[r] = state[0].clone();
                java.util.Arrays.fill(state[0], Fr.ZERO);
                state[0][t + r] = Fr.ONE;
                Fr[][] next = new Fr[t][symbols];
                for (int i = 0; i < t; i++) {
                    java.util.Arrays.fill(next[i], Fr.ZERO);
                    for (int j = 0; j < t; j++) {
                        Fr mij = p.mds().get(i).get(j);
                        for (int k = 0; k < symbols; k++) {
                            if (!state[j][k].isZero()) {
                                next[i][k] = next[i][k].add(mij.mul(state[j][k]));
                            }
                        }
                    }
                }
                state = next;
            }
            return new PartialPlan(sboxIn, state);
        }
    }

    /** x^5: three constraints and wires, or the constant's fifth power. */
    private static FLin sbox(CircuitBuilder b, FLin x) {
        if (x.isConstant()) {
            return FLin.constant(pow5(x.constant()));
        }
        int x2 = b.fieldWire();
        int x4 = b.fieldWire();
        int x5 = b.fieldWire();
        b.fieldSolver(v -> {
            Fr xv = x.eval(v);
            v[x2] = xv.square();
            v[x4] = v[x2].square();
            v[x5] = v[x4].mul(xv);
        });
        b.enforce(x, x, FLin.wire(x2));
        b.enforce(FLin.wire(x2), FLin.wire(x2), FLin.wire(x4));
        b.enforce(FLin.wire(x4), x, FLin.wire(x5));
        return FLin.wire(x5);
    }

    private static Fr pow5(Fr x) {
        return x.square().square().mul(x);
    }
}
