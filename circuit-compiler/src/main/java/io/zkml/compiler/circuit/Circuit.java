package io.zkml.compiler.circuit;

import io.zkml.compiler.CompileOptions;
import io.zkml.compiler.Visibility;
import io.zkml.compiler.lower.CircuitBuilder;
import io.zkml.compiler.lower.FLin;
import io.zkml.compiler.lower.LayerStats;
import io.zkml.compiler.lower.Lin;
import io.zkml.compiler.lower.Lowering;
import io.zkml.compiler.quant.QProgram;
import io.zkml.core.field.Fr;
import io.zkml.core.r1cs.Constraint;
import io.zkml.core.r1cs.LinearCombination;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.r1cs.WireLayout;
import io.zkml.core.wtns.Witness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * A compiled model: the quantized program, its R1CS in circom's wire order (constant, public outputs, public
 * inputs, private inputs, the rest: {@link #assemble}), and the solvers that compute a witness.
 */
public final class Circuit {

    private final QProgram program;
    private final CompileOptions options;
    private final String modelSha256;
    private final Lowering.Lowered lowered;
    private final int[] finalOf;
    private final WireLayout layout;
    private R1cs r1cs;

    private Circuit(QProgram program, CompileOptions options, String modelSha256, Lowering.Lowered lowered, int[] finalOf, WireLayout layout) {
        this.program = program;
        this.options = options;
        this.modelSha256 = modelSha256;
        this.lowered = lowered;
        this.finalOf = finalOf;
        this.layout = layout;
    }

    /**
     * Orders the wires as circom does: the constant; public outputs (per graph output in order: its elements if
     * public, its commitment if hashed); public inputs (likewise per graph input); private inputs (per graph input
     * in order, the elements of each private or hashed input, a hashed input's salt after its elements; then the
     * salts of the hashed outputs in order; then the committed parameters, tensor by tensor, and their salt); the
     * rest in creation order. The committed parameters' commitment is the last public output.
     */
    public static Circuit assemble(QProgram program, CompileOptions options, String modelSha256, Lowering.Lowered lowered) {
        CircuitBuilder b = lowered.builder();
        int n = b.nWires();
        int[] finalOf = new int[n];
        Arrays.fill(finalOf, -1);
        finalOf[0] = 0;
        Map<Integer, Lowering.Hashed> hashedIn = new HashMap<>();
        Map<Integer, Lowering.Hashed> hashedOut = new HashMap<>();
        for (Lowering.Hashed h : lowered.hashed()) {
            (h.input() ? hashedIn : hashedOut).put(h.tensor(), h);
        }
        int[] next = {1};
        IntConsumer place = w -> finalOf[w] = next[0]++;
        for (int k = 0; k < program.outputs().size(); k++) {
            Visibility v = program.outputs().get(k).visibility();
            if (v == Visibility.HASHED) {
                place.accept(hashedOut.get(k).commitmentWire());
            } else {
                // what the output discloses: its elements when public, a predicate's values, some elements, or none
                Arrays.stream(lowered.disclosedWires().get(k)).forEach(place);
            }
        }
        if (lowered.params() != null) {
            place.accept(lowered.params().commitmentWire());
        }
        int nPubOut = next[0] - 1;
        for (int k = 0; k < program.inputs().size(); k++) {
            Visibility v = program.inputs().get(k).visibility();
            if (v == Visibility.PUBLIC) {
                Arrays.stream(lowered.inputWires().get(k)).forEach(place);
            } else if (v == Visibility.HASHED) {
                place.accept(hashedIn.get(k).commitmentWire());
            }
        }
        int nPubIn = next[0] - 1 - nPubOut;
        for (int k = 0; k < program.inputs().size(); k++) {
            Visibility v = program.inputs().get(k).visibility();
            if (v == Visibility.PRIVATE || v == Visibility.HASHED) {
                Arrays.stream(lowered.inputWires().get(k)).forEach(place);
            }
            if (v == Visibility.HASHED) {
                place.accept(hashedIn.get(k).saltWire());
            }
        }
        for (int k = 0; k < program.outputs().size(); k++) {
            if (program.outputs().get(k).visibility() == Visibility.HASHED) {
                place.accept(hashedOut.get(k).saltWire());
            }
        }
        for (int[] wires : lowered.paramWires()) {
            Arrays.stream(wires).forEach(place);
        }
        if (lowered.params() != null) {
            place.accept(lowered.params().saltWire());
        }
        int nPrvIn = next[0] - 1 - nPubOut - nPubIn;
        for (int w = 1; w < n; w++) {
            if (finalOf[w] < 0) {
                place.accept(w);
            }
        }
        return new Circuit(program, options, modelSha256, lowered, finalOf, new WireLayout(n, nPubOut, nPubIn, nPrvIn));
    }

    /** The R1CS (built on first use: the witness path does without it). */
    public synchronized R1cs r1cs() {
        if (r1cs == null) {
            CircuitBuilder b = lowered.builder();
            Map<Long, Fr> frCache = new HashMap<>();
            List<Constraint> constraints = new ArrayList<>(b.nConstraints());
            for (CircuitBuilder.Rc rc : b.constraints()) {
                constraints.add(new Constraint(lc(rc.a(), finalOf, frCache), lc(rc.b(), finalOf, frCache), lc(rc.c(), finalOf, frCache)));
            }
            for (CircuitBuilder.FieldRc rc : b.fieldConstraints()) {
                constraints.add(new Constraint(lc(rc.a(), finalOf), lc(rc.b(), finalOf), lc(rc.c(), finalOf)));
            }
            r1cs = R1cs.of(layout, constraints);
        }
        return r1cs;
    }

    /**
     * SHA-256 over the wire layout, the wire order and every constraint's coefficients (the integer ones, then,
     * if any, the field constraints' canonical limbs): the same for the same circuit, computed without building the R1CS (so {@code zkml witness} can check that it recompiled the
     * circuit that circuit.r1cs holds).
     */
    public String fingerprint() {
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 16);
        Consumer<Long> put = v -> {
            if (buf.remaining() < 8) {
                sha.update(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putLong(v);
        };
        put.accept((long) layout.nWires());
        put.accept((long) layout.nPubOut());
        put.accept((long) layout.nPubIn());
        put.accept((long) layout.nPrvIn());
        for (int f : finalOf) {
            put.accept((long) f);
        }
        for (CircuitBuilder.Rc rc : lowered.builder().constraints()) {
            for (Lin l : new Lin[] {rc.a(), rc.b(), rc.c()}) {
                put.accept((long) l.wires().length);
                put.accept(l.constant());
                for (int i = 0; i < l.wires().length; i++) {
                    put.accept((long) l.wires()[i]);
                    put.accept(l.coefs()[i]);
                }
            }
        }
        List<CircuitBuilder.FieldRc> fcs = lowered.builder().fieldConstraints();
        if (!fcs.isEmpty()) {
            put.accept((long) fcs.size());
            Consumer<Fr> putFr = x -> {
                for (int i = 0; i < 4; i++) {
                    put.accept(x.canonicalLimb(i));
                }
            };
            for (CircuitBuilder.FieldRc rc : fcs) {
                for (FLin l : new FLin[] {rc.a(), rc.b(), rc.c()}) {
                    put.accept((long) l.wires().length);
                    putFr.accept(l.constant());
                    for (int i = 0; i < l.wires().length; i++) {
                        put.accept((long) l.wires()[i]);
                        putFr.accept(l.coefs()[i]);
                    }
                }
            }
        }
        sha.update(buf.array(), 0, buf.position());
        return java.util.HexFormat.of().formatHex(sha.digest());
    }


    private static LinearCombination lc(FLin l, int[] finalOf) {
        int m = l.wires().length + (l.constant().isZero() ? 0 : 1);
        int[] wires = new int[m];
        Fr[] coefs = new Fr[m];
        int k = 0;
        if (!l.constant().isZero()) {
            coefs[k] = l.constant();
            wires[k++] = 0;
        }
        for (int i = 0; i < l.wires().length; i++) {
            coefs[k] = l.coefs()[i];
            wires[k++] = finalOf[l.wires()[i]];
        }
        return sorted(wires, coefs);
    }

    private static LinearCombination lc(Lin l, int[] finalOf, Map<Long, Fr> cache) {
        int m = l.wires().length + (l.constant() != 0 ? 1 : 0);
        if (m == 0) {
            return LinearCombination.ZERO;
        }
        Fr[] byIndex = new Fr[m];
        int[] wires = new int[m];
        int k = 0;
        if (l.constant() != 0) {
            wires[k] = 0;
            byIndex[k] = cache.computeIfAbsent(l.constant(), Fr::of);
            k++;
        }
        for (int i = 0; i < l.wires().length; i++) {
            wires[k] = finalOf[l.wires()[i]];
            byIndex[k] = cache.computeIfAbsent(l.coefs()[i], Fr::of);
            k++;
        }
        return sorted(wires, byIndex);
    }

    private static LinearCombination sorted(int[] wires, Fr[] byIndex) {
        int m = wires.length;
        if (m == 0) {
            return LinearCombination.ZERO;
        }
        boolean sorted = true;
        for (int i = 1; i < m && sorted; i++) {
            sorted = wires[i - 1] < wires[i];
        }
        if (sorted) {
            return LinearCombination.of(wires, byIndex);
        }
        // circom writes each combination sorted by wire
        long[] packed = new long[m];
        for (int i = 0; i < m; i++) {
            packed[i] = ((long) wires[i] << 32) | i;
        }
        Arrays.sort(packed);
        int[] w = new int[m];
        Fr[] c = new Fr[m];
        for (int i = 0; i < m; i++) {
            int idx = (int) (packed[i] & 0xffffffffL);
            w[i] = wires[idx];
            c[i] = byIndex[idx];
        }
        return LinearCombination.of(w, c);
    }

    public QProgram program() {
        return program;
    }

    public CompileOptions options() {
        return options;
    }

    public String modelSha256() {
        return modelSha256;
    }

    /** The number of constraints. */
    public int nConstraints() {
        return lowered.builder().nConstraints();
    }

    /** The wire layout (circom's order). */
    public WireLayout layout() {
        return layout;
    }

    public List<LayerStats> layers() {
        return lowered.layers();
    }

    /** The final wire of builder wire w. */
    public int finalWire(int builderWire) {
        return finalOf[builderWire];
    }

    /** The final wires of output k's elements. */
    public int[] outputWires(int k) {
        return Arrays.stream(lowered.outputWires().get(k)).map(w -> finalOf[w]).toArray();
    }

    /** The final wires of output k's public signals (its elements when public; none when private). */
    public int[] disclosedWires(int k) {
        return Arrays.stream(lowered.disclosedWires().get(k)).map(w -> finalOf[w]).toArray();
    }

    /** The commitments to hashed tensors: hashed inputs in input order, then hashed outputs in output order. */
    public List<Lowering.Hashed> hashed() {
        return lowered.hashed();
    }

    /** The final wires of input k's elements. */
    public int[] inputWires(int k) {
        return Arrays.stream(lowered.inputWires().get(k)).map(w -> finalOf[w]).toArray();
    }

    /** The final wires of committed parameter tensor k's elements. */
    public int[] paramWires(int k) {
        return Arrays.stream(lowered.paramWires().get(k)).map(w -> finalOf[w]).toArray();
    }

    /**
     * Runs every solver on quantized inputs (already checked against their ranges), with the compiled model's own
     * committed parameters.
     *
     * @return the wire values in builder order, as integers
     */
    public long[] solve(long[][] quantizedInputs) {
        return solve(quantizedInputs, program.params() == null ? new long[0][] : program.params().ownValues());
    }

    /**
     * Runs every solver on quantized inputs and quantized committed parameters (one array per parameter tensor;
     * none for fixed parameters), both already checked against their ranges.
     *
     * @return the wire values in builder order, as integers
     */
    public long[] solve(long[][] quantizedInputs, long[][] paramValues) {
        long[] v = new long[lowered.builder().nWires()];
        v[0] = 1;
        for (int k = 0; k < quantizedInputs.length; k++) {
            int[] wires = lowered.inputWires().get(k);
            for (int i = 0; i < wires.length; i++) {
                v[wires[i]] = quantizedInputs[k][i];
            }
        }
        if (paramValues.length != lowered.paramWires().size()) {
            throw new IllegalArgumentException("the circuit has " + lowered.paramWires().size() + " parameter tensors, " + paramValues.length + " were given");
        }
        for (int k = 0; k < paramValues.length; k++) {
            int[] wires = lowered.paramWires().get(k);
            if (paramValues[k].length != wires.length) {
                throw new IllegalArgumentException("parameter tensor " + k + " has " + wires.length + " elements, " + paramValues[k].length + " were given");
            }
            for (int i = 0; i < wires.length; i++) {
                v[wires[i]] = paramValues[k][i];
            }
        }
        for (CircuitBuilder.Solver s : lowered.builder().solvers()) {
            s.solve(v);
        }
        return v;
    }

    /**
     * The field part of the witness: every wire of {@code solved} embedded in F_r (negative x as r − |x|), the
     * salts set, and the field solvers run (Poseidon). Without hashed tensors this is just the embedding.
     *
     * @param solved the integer part ({@link #solve})
     * @param salts  one salt per entry of {@link #hashed()}, in that order
     * @return every wire's value, in builder order
     */
    public Fr[] solveField(long[] solved, List<Fr> salts) {
        return solveField(solved, salts, Fr.ZERO);
    }

    /**
     * {@link #solveField(long[], List)} with the salt of the committed parameters' commitment (ignored when the
     * parameters are fixed).
     */
    public Fr[] solveField(long[] solved, List<Fr> salts, Fr paramsSalt) {
        if (salts.size() != lowered.hashed().size()) {
            throw new IllegalArgumentException("the circuit has " + lowered.hashed().size() + " hashed tensors, " + salts.size() + " salts were given");
        }
        Fr[] v = new Fr[solved.length];
        Map<Long, Fr> cache = new HashMap<>();
        for (int w = 0; w < solved.length; w++) {
            long x = solved[w];
            v[w] = x >= -1024 && x <= 1024 ? cache.computeIfAbsent(x, Fr::of) : Fr.of(x);
        }
        for (int i = 0; i < salts.size(); i++) {
            v[lowered.hashed().get(i).saltWire()] = java.util.Objects.requireNonNull(salts.get(i), "salt");
        }
        if (lowered.params() != null) {
            v[lowered.params().saltWire()] = java.util.Objects.requireNonNull(paramsSalt, "paramsSalt");
        }
        for (CircuitBuilder.FieldSolver s : lowered.builder().fieldSolvers()) {
            s.solve(v);
        }
        return v;
    }

    /**
     * The committed parameters' commitment (builder wires of its salt and value), or null when the parameters are
     * fixed.
     */
    public Lowering.ParamsCommitment paramsCommitment() {
        return lowered.params();
    }

    /**
     * The index of the first constraint that the values violate (the integer constraints over the integers on
     * {@code solved}, then the field constraints modulo r on {@code values}), or −1 if none.
     *
     * @param solved the integer part ({@link #solve})
     * @param values the field part ({@link #solveField}) of the same witness
     */
    public int firstViolated(long[] solved, Fr[] values) {
        int bad = firstViolated(solved);
        if (bad >= 0) {
            return bad;
        }
        List<CircuitBuilder.FieldRc> fcs = lowered.builder().fieldConstraints();
        int offset = lowered.builder().constraints().size();
        for (int i = 0; i < fcs.size(); i++) {
            CircuitBuilder.FieldRc rc = fcs.get(i);
            Fr c = rc.c().eval(values);
            boolean linear = rc.a().isConstant() && rc.a().constant().isZero() || rc.b().isConstant() && rc.b().constant().isZero();
            if (!(linear ? c.isZero() : rc.a().eval(values).mul(rc.b().eval(values)).equals(c))) {
                return offset + i;
            }
        }
        return -1;
    }

    /**
     * The index of the first integer constraint that solved values violate, checked over the integers (stronger
     * than modulo r), or −1 if none.
     */
    public int firstViolated(long[] solved) {
        List<CircuitBuilder.Rc> cs = lowered.builder().constraints();
        for (int i = 0; i < cs.size(); i++) {
            CircuitBuilder.Rc rc = cs.get(i);
            if (!holds(rc, solved)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean holds(CircuitBuilder.Rc rc, long[] v) {
        try {
            long c = exact(rc.c(), v);
            if (rc.a().wires().length == 0 && rc.a().constant() == 0 || rc.b().wires().length == 0 && rc.b().constant() == 0) {
                return c == 0;
            }
            return Math.multiplyExact(exact(rc.a(), v), exact(rc.b(), v)) == c;
        } catch (ArithmeticException e) {
            return big(rc.a(), v).multiply(big(rc.b(), v)).equals(big(rc.c(), v));
        }
    }

    private static long exact(Lin l, long[] v) {
        long acc = l.constant();
        for (int i = 0; i < l.wires().length; i++) {
            acc = Math.addExact(acc, Math.multiplyExact(l.coefs()[i], v[l.wires()[i]]));
        }
        return acc;
    }

    private static java.math.BigInteger big(Lin l, long[] v) {
        java.math.BigInteger acc = java.math.BigInteger.valueOf(l.constant());
        for (int i = 0; i < l.wires().length; i++) {
            acc = acc.add(java.math.BigInteger.valueOf(l.coefs()[i]).multiply(java.math.BigInteger.valueOf(v[l.wires()[i]])));
        }
        return acc;
    }

    /** The quantized output k from solved values. */
    public long[] output(long[] solved, int k) {
        return Arrays.stream(lowered.outputWires().get(k)).mapToLong(w -> solved[w]).toArray();
    }

    /** Output k's public signals (its elements, a predicate's values, or some elements) from solved values. */
    public long[] disclosed(long[] solved, int k) {
        return Arrays.stream(lowered.disclosedWires().get(k)).mapToLong(w -> solved[w]).toArray();
    }

    /**
     * The witness (final wire order, field elements; negative integers as r − |x|) of solved values, for a circuit
     * without hashed tensors.
     *
     * @throws IllegalStateException if the circuit has hashed tensors (their salts are needed: {@link #solveField})
     */
    public Witness witness(long[] solved) {
        if (!lowered.hashed().isEmpty()) {
            throw new IllegalStateException("the circuit has hashed tensors: compute the field part with their salts (solveField)");
        }
        return witness(solveField(solved, List.of()));
    }

    /** The witness (final wire order) of every wire's field value in builder order ({@link #solveField}). */
    public Witness witness(Fr[] values) {
        Fr[] out = new Fr[values.length];
        for (int w = 0; w < values.length; w++) {
            out[finalOf[w]] = values[w];
        }
        return Witness.of(out);
    }
}
