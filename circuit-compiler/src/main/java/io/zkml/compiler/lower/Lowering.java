package io.zkml.compiler.lower;

import io.zkml.compiler.Visibility;
import io.zkml.compiler.quant.Bounds;
import io.zkml.compiler.quant.DivRound;
import io.zkml.compiler.quant.Gather;
import io.zkml.compiler.quant.LeadingOne;
import io.zkml.compiler.quant.Linear;
import io.zkml.compiler.quant.Lookup;
import io.zkml.compiler.quant.NonNegative;
import io.zkml.compiler.quant.ParamLinear;
import io.zkml.compiler.quant.Product;
import io.zkml.compiler.quant.QOp;
import io.zkml.compiler.quant.QProgram;
import io.zkml.compiler.quant.QValue;
import io.zkml.compiler.quant.Relu;
import io.zkml.compiler.quant.Rescale;
import io.zkml.compiler.quant.Select;
import io.zkml.compiler.quant.Quotient;
import io.zkml.compiler.quant.Spline;
import io.zkml.compiler.quant.SquareRoot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lowers a {@link QProgram} to constraints over builder wires. Per step:
 * <ul>
 *   <li>graph input x in [lo, hi]: x − lo and hi − x each decomposed into k bits (2k + 2 constraints), or one
 *       decomposition when hi − lo + 1 = 2^k;</li>
 *   <li>Linear: no constraint; each output is a combination of its inputs' wires (an input that is not a single
 *       wire and is read by several terms is first materialized by one linear constraint);</li>
 *   <li>committed parameter p in [lo, hi]: a private input wire, range-checked like a graph input;</li>
 *   <li>ParamLinear: one product constraint x·w = t per term, the sum of the terms and the bias linear (an input
 *       of several wires read by several terms materialized first, as for Linear);</li>
 *   <li>Rescale by s to a b-bit quotient: s + b boolean wires and one linear constraint
 *       x + 2^(s−1) = 2^s·(Σ cᵢ2^i − 2^(b−1)) + Σ rᵢ2^i; q is a combination of its bits;</li>
 *   <li>DivRound by a constant d: x + ⌊d/2⌋ = q·d + rem, rem and d − 1 − rem in k bits each, q in b bits;</li>
 *   <li>ReLU: y = c_{b−1}·q, one constraint, when its input is a rescale's quotient; otherwise its input is
 *       decomposed first (b + 1 constraints);</li>
 *   <li>Product of two computed tensors: one constraint per element;</li>
 *   <li>NonNegative ([x ≥ 0]): the quotient's top bit when x is a rescale's quotient, else b + 1 constraints;</li>
 *   <li>Gather: nothing;</li>
 *   <li>graph output: a wire per element (a copy, one linear constraint, where the value is not a single wire);
 *       what the output discloses (itself when public, a predicate's or selected elements' values otherwise) gets
 *       wires of its own, which the circuit places first as its public signals.</li>
 * </ul>
 * So rescale + ReLU after a linear layer costs s + b + 2 constraints per element.
 */
public final class Lowering {

    /**
     * The result: the builder, where the graph inputs and outputs live, the commitments to hashed tensors
     * (hashed inputs in input order, then hashed outputs in output order), the committed parameters' wires (one
     * array per parameter tensor, none for fixed parameters) and their commitment (null for fixed parameters).
     *
     * @param disclosedWires per output, the wires of its public signals (its own wires when public, those of the
     *     predicate or selected elements it discloses, none when private or hashed)
     */
    public record Lowered(CircuitBuilder builder, List<int[]> inputWires, List<int[]> outputWires, List<int[]> disclosedWires, List<LayerStats> layers,
            List<Hashed> hashed, List<int[]> paramWires, ParamsCommitment params) {
    }

    /**
     * The commitment {@code Poseidon(salt, every committed parameter in program order)}
     * ({@link PoseidonLowering#commit}; {@code io.zkml.compiler.circuit.ParamCommitment} computes the same value).
     *
     * @param saltWire       the salt's field wire, a private input set by the witness step
     * @param commitmentWire the commitment's field wire, a public signal (the last public output)
     */
    public record ParamsCommitment(int saltWire, int commitmentWire) {
    }

    /**
     * The commitment {@code Poseidon(salt, tensor's elements in row-major order)} to a hashed graph input or
     * output ({@link PoseidonLowering#commit}).
     *
     * @param input          whether the tensor is a graph input (else an output)
     * @param tensor         its index among the graph inputs or outputs
     * @param saltWire       the salt's field wire, a private input set by the witness step
     * @param commitmentWire the commitment's field wire, a public signal
     */
    public record Hashed(boolean input, int tensor, int saltWire, int commitmentWire) {
    }

    private final CircuitBuilder b = new CircuitBuilder();
    private final List<LayerStats> layers = new ArrayList<>();
    private final Sym[][] syms;

    private Lowering(QProgram p) {
        syms = new Sym[p.values().size()][];
    }

    /** The constraints of a program. */
    public static Lowered lower(QProgram p) {
        return new Lowering(p).run(p);
    }

    private Lowered run(QProgram p) {
        List<int[]> inputWires = new ArrayList<>();
        for (QProgram.Input in : p.inputs()) {
            inputWires.add(freshWires(in.value().size()));
        }
        for (int k = 0; k < p.inputs().size(); k++) {
            QProgram.Input in = p.inputs().get(k);
            int c0 = b.nConstraints();
            int w0 = b.nWires();
            int[] wires = inputWires.get(k);
            int bits = rangeChecked(wires, in.qlo(), in.qhi(), in.value().id());
            layers.add(new LayerStats("input '" + in.name() + "'", "Input", b.nConstraints() - c0, b.nWires() - w0 + wires.length, bits, in.value().scale(),
                    Math.scalb(0.5, -in.value().scale())));
        }
        List<int[]> paramWires = params(p);
        for (QOp op : p.ops()) {
            int c0 = b.nConstraints();
            int w0 = b.nWires();
            int bits = 0;
            switch (op) {
                case Linear l -> syms[l.output().id()] = linear(l);
                case ParamLinear l -> syms[l.output().id()] = paramLinear(l);
                case Rescale r -> {
                    syms[r.output().id()] = rescale(syms[r.inputs()[0]], r.shift(), r.bits());
                    bits = r.shift() + r.bits();
                }
                case DivRound d -> {
                    syms[d.output().id()] = divRound(syms[d.inputs()[0]], d.divisor(), d.bits());
                    bits = 2 * Bounds.unsignedBits(d.divisor() - 1) + d.bits();
                }
                case Relu r -> {
                    QValue x = p.values().get(r.inputs()[0]);
                    bits = Bounds.signedBits(x.min(), x.max());
                    syms[r.output().id()] = relu(syms[r.inputs()[0]], x);
                }
                case NonNegative nn -> {
                    QValue x = p.values().get(nn.inputs()[0]);
                    bits = Bounds.signedBits(x.min(), x.max());
                    syms[nn.output().id()] = nonNegative(syms[nn.inputs()[0]], x);
                }
                case Gather g -> syms[g.output().id()] = gather(syms[g.inputs()[0]], g.source());
                case Product m -> syms[m.output().id()] = product(syms[m.inputs()[0]], syms[m.inputs()[1]], m.left(), m.right());
                case Quotient qt -> {
                    syms[qt.output().id()] = QuotientLowering.lower(b, syms[qt.inputs()[0]], syms[qt.inputs()[1]], qt);
                    bits = 2 * qt.rBits() + qt.qBits();
                }
                case LeadingOne lo -> {
                    syms[lo.output().id()] = LeadingOneLowering.lower(b, syms[lo.inputs()[0]], lo);
                    bits = lo.bits();
                }
                case Select sl -> {
                    syms[sl.output().id()] = select(syms[sl.inputs()[0]], syms[sl.inputs()[1]], sl);
                    bits = sl.bits();
                }
                case Lookup lk -> {
                    syms[lk.output().id()] = lookup(syms[lk.inputs()[0]], lk);
                    bits = lk.bits();
                }
                case SquareRoot sq -> {
                    syms[sq.output().id()] = SquareRootLowering.lower(b, syms[sq.inputs()[0]], sq);
                    bits = sq.rBits() + 2 * sq.aBits();
                }
                case Spline sp -> {
                    syms[sp.output().id()] = SplineLowering.lower(b, syms[sp.inputs()[0]], sp);
                    bits = sp.segmentBits() + sp.offsetBits();
                }
            }
            double err = op instanceof Rescale || op instanceof DivRound || op instanceof Quotient ? Math.scalb(0.5, -op.output().scale())
                    : op instanceof Spline sp ? sp.errorBound() : 0;
            layers.add(new LayerStats(op.origin(), op.getClass().getSimpleName(), b.nConstraints() - c0, b.nWires() - w0, bits, op.output().scale(), err));
        }
        List<int[]> outputWires = new ArrayList<>();
        List<int[]> disclosedWires = new ArrayList<>();
        Set<Integer> claimed = new HashSet<>();
        int firstInternal = inputWires.stream().mapToInt(a -> a.length).sum() + 1;
        for (QProgram.Output out : p.outputs()) {
            int c0 = b.nConstraints();
            int w0 = b.nWires();
            boolean isPublic = out.visibility() == Visibility.PUBLIC;
            int[] wires = outputWires(syms[out.value().id()], isPublic, firstInternal, claimed);
            outputWires.add(wires);
            disclosedWires.add(isPublic ? wires : out.disclosed() == null ? new int[0] : outputWires(syms[out.disclosed().id()], true, firstInternal, claimed));
            layers.add(new LayerStats("output '" + out.name() + "'", "Output", b.nConstraints() - c0, b.nWires() - w0, 0, out.value().scale(), 0));
        }
        List<Hashed> hashed = new ArrayList<>();
        for (int k = 0; k < p.inputs().size(); k++) {
            if (p.inputs().get(k).visibility() == Visibility.HASHED) {
                hashed.add(commit(true, k, "input '" + p.inputs().get(k).name() + "'", inputWires.get(k), p.inputs().get(k).value().scale()));
            }
        }
        for (int k = 0; k < p.outputs().size(); k++) {
            if (p.outputs().get(k).visibility() == Visibility.HASHED) {
                hashed.add(commit(false, k, "output '" + p.outputs().get(k).name() + "'", outputWires.get(k), p.outputs().get(k).value().scale()));
            }
        }
        ParamsCommitment pc = null;
        if (!paramWires.isEmpty()) {
            int[] sc = commitment("the parameters", paramWires.stream().flatMapToInt(java.util.Arrays::stream).toArray(), 0);
            pc = new ParamsCommitment(sc[0], sc[1]);
        }
        return new Lowered(b, inputWires, outputWires, disclosedWires, layers, hashed, paramWires, pc);
    }

    /** A salt wire and the commitment to the elements' wires. */
    private Hashed commit(boolean input, int tensor, String what, int[] wires, int scale) {
        int[] sc = commitment(what, wires, scale);
        return new Hashed(input, tensor, sc[0], sc[1]);
    }

    /** A fresh salt wire and the commitment Poseidon(salt, wires…): {salt wire, commitment wire}. */
    private int[] commitment(String what, int[] wires, int scale) {
        int c0 = b.nConstraints();
        int w0 = b.nWires();
        int salt = b.fieldWire();
        List<Lin> values = new ArrayList<>(wires.length);
        for (int w : wires) {
            values.add(Lin.wire(w));
        }
        int commitment = PoseidonLowering.commit(b, salt, values);
        layers.add(new LayerStats("commitment to " + what, "Poseidon", b.nConstraints() - c0, b.nWires() - w0, 0, scale, 0));
        return new int[] {salt, commitment};
    }

    /**
     * A wire per element: a public signal gets a wire of its own (a single internal wire that no other public
     * signal holds, or a copy), a private output any single wire (or a copy of a combination).
     */
    private int[] outputWires(Sym[] s, boolean isPublic, int firstInternal, Set<Integer> claimed) {
        int[] wires = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            Lin l = s[i].lin();
            boolean reusable = l.isSingleWire() && (!isPublic || l.wires()[0] >= firstInternal && claimed.add(l.wires()[0]));
            if (reusable) {
                wires[i] = l.wires()[0];
            } else {
                int w = b.wire();
                b.solver(v -> v[w] = l.eval(v));
                b.enforceZero(new Lin.Builder().add(l, 1).add(w, -1).build());
                wires[i] = w;
                claimed.add(w);
            }
        }
        return wires;
    }

    /**
     * The committed parameters: one private input wire per element (allocated after the graph inputs), each
     * range-checked against the declared range at its tensor's scale.
     */
    private List<int[]> params(QProgram p) {
        if (p.params() == null) {
            return List.of();
        }
        List<int[]> out = new ArrayList<>();
        for (QProgram.Param t : p.params().tensors()) {
            out.add(freshWires(t.values().length));
        }
        for (int k = 0; k < out.size(); k++) {
            QProgram.Param t = p.params().tensors().get(k);
            int c0 = b.nConstraints();
            int w0 = b.nWires();
            int[] wires = out.get(k);
            int bits = rangeChecked(wires, t.qlo(), t.qhi(), t.value().id());
            layers.add(new LayerStats(t.origin() + " " + t.role(), "Param", b.nConstraints() - c0, b.nWires() - w0 + wires.length, bits, t.value().scale(), 0));
        }
        return out;
    }

    /**
     * One product constraint per term (activation · weight wire), the sum and the bias linear. An activation that
     * is a combination of several wires and is read by several terms is materialized once; a constant activation
     * makes its term linear in the weight.
     */
    private Sym[] paramLinear(ParamLinear l) {
        Sym[] x = syms[l.inputs()[0]];
        Sym[] w = syms[l.inputs()[1]];
        Sym[] bias = l.bias() == null ? null : syms[l.inputs()[2]];
        int[] uses = new int[x.length];
        for (int c : l.col()) {
            uses[c]++;
        }
        Lin[] xl = new Lin[x.length];
        int n = l.rowStart().length - 1;
        Sym[] out = new Sym[n];
        for (int i = 0; i < n; i++) {
            Lin.Builder sum = new Lin.Builder();
            if (bias != null) {
                sum.add(bias[l.bias()[i]].lin(), 1);
            }
            for (int k = l.rowStart()[i]; k < l.rowStart()[i + 1]; k++) {
                int c = l.col()[k];
                if (xl[c] == null) {
                    Lin v = x[c].lin();
                    xl[c] = v.wires().length > 1 && uses[c] > 1 ? Lin.wire(b.materialize(v)) : v;
                }
                Lin a = xl[c];
                Lin wk = w[l.weight()[k]].lin();
                if (a.wires().length == 0) {
                    sum.add(wk, a.constant());
                    continue;
                }
                int p = b.wire();
                b.solver(v -> v[p] = a.eval(v) * wk.eval(v));
                b.enforce(a, wk, Lin.wire(p));
                sum.add(p, 1);
            }
            out[i] = Sym.of(sum.build());
        }
        return out;
    }

    /** n consecutive fresh wires. */
    private int[] freshWires(int n) {
        int first = b.wires(n);
        int[] wires = new int[n];
        for (int i = 0; i < n; i++) {
            wires[i] = first + i;
        }
        return wires;
    }

    /** Each wire range-checked in [lo, hi] and made the value of program value {@code id}; returns the bit width. */
    private int rangeChecked(int[] wires, long lo, long hi, int id) {
        Sym[] s = new Sym[wires.length];
        int bits = 0;
        for (int i = 0; i < wires.length; i++) {
            bits = rangeCheck(wires[i], lo, hi);
            s[i] = Sym.of(Lin.wire(wires[i]));
        }
        syms[id] = s;
        return bits;
    }

    /** lo ≤ x ≤ hi by bits; returns the bit width. */
    private int rangeCheck(int x, long lo, long hi) {
        long span = hi - lo;
        int k = Bounds.unsignedBits(span);
        if (k == 0) {
            // a one-value range: x = lo
            b.enforceZero(new Lin.Builder().add(x, 1).addConstant(-lo).build());
            return 0;
        }
        int first = b.bits(k, v -> v[x] - lo);
        Lin.Builder eq = new Lin.Builder().add(x, 1).addConstant(-lo);
        for (int i = 0; i < k; i++) {
            eq.add(first + i, -(1L << i));
        }
        b.enforceZero(eq.build());
        if (span != (1L << k) - 1) {
            int top = b.bits(k, v -> hi - v[x]);
            Lin.Builder upper = new Lin.Builder().add(x, -1).addConstant(hi);
            for (int i = 0; i < k; i++) {
                upper.add(top + i, -(1L << i));
            }
            b.enforceZero(upper.build());
        }
        return k;
    }

    private Sym[] linear(Linear l) {
        int total = 0;
        for (int s : l.inputSizes()) {
            total += s;
        }
        Sym[] cat = new Sym[total];
        int off = 0;
        for (int k = 0; k < l.inputs().length; k++) {
            Sym[] in = syms[l.inputs()[k]];
            System.arraycopy(in, 0, cat, off, in.length);
            off += in.length;
        }
        // an input read by one term is expanded in place; one read by several is materialized once
        int[] uses = new int[total];
        for (int c : l.col()) {
            uses[c]++;
        }
        int[] catWire = new int[total];
        java.util.Arrays.fill(catWire, -1);
        int n = l.constant().length;
        Sym[] out = new Sym[n];
        int[] rowStart = l.rowStart();
        for (int i = 0; i < n; i++) {
            Lin.Builder lb = new Lin.Builder().addConstant(l.constant()[i]);
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                int c = l.col()[k];
                Lin x = cat[c].lin();
                if (x.isSingleWire()) {
                    lb.add(x.wires()[0], l.coef()[k]);
                    continue;
                }
                if (uses[c] == 1 && catWire[c] < 0 && fitsProduct(x, l.coef()[k])) {
                    lb.add(x, l.coef()[k]);
                    continue;
                }
                if (catWire[c] < 0) {
                    catWire[c] = b.materialize(x);
                }
                lb.add(catWire[c], l.coef()[k]);
            }
            out[i] = Sym.of(lb.build());
        }
        return out;
    }

    /** Whether f·x keeps every coefficient and the constant below 2^62. */
    private static boolean fitsProduct(Lin x, long f) {
        long limit = 1L << 62;
        long af = Math.abs(f);
        if (Math.abs(x.constant()) > limit / Math.max(af, 1)) {
            return false;
        }
        for (long c : x.coefs()) {
            if (Math.abs(c) > limit / Math.max(af, 1)) {
                return false;
            }
        }
        return true;
    }

    private Sym[] rescale(Sym[] in, int s, int bits) {
        Sym[] out = new Sym[in.length];
        for (int i = 0; i < in.length; i++) {
            Lin x = in[i].lin();
            long half = 1L << (s - 1);
            long offset = 1L << (bits - 1);
            int r = b.bits(s, v -> Math.floorMod(x.eval(v) + half, 1L << s));
            int c = b.bits(bits, v -> Rescale.apply(x.eval(v), s) + offset);
            Lin.Builder eq = new Lin.Builder().add(x, 1).addConstant(half + (offset << s));
            Lin.Builder q = new Lin.Builder().addConstant(-offset);
            for (int k = 0; k < s; k++) {
                eq.add(r + k, -(1L << k));
            }
            for (int k = 0; k < bits; k++) {
                eq.add(c + k, -(1L << (s + k)));
                q.add(c + k, 1L << k);
            }
            b.enforceZero(eq.build());
            out[i] = new Sym(q.build(), c + bits - 1);
        }
        return out;
    }

    private Sym[] divRound(Sym[] in, long d, int bits) {
        Sym[] out = new Sym[in.length];
        int k = Bounds.unsignedBits(d - 1);
        for (int i = 0; i < in.length; i++) {
            Lin x = in[i].lin();
            long half = d / 2;
            long offset = 1L << (bits - 1);
            int r = b.bits(k, v -> Math.floorMod(x.eval(v) + half, d));
            int t = b.bits(k, v -> d - 1 - Math.floorMod(x.eval(v) + half, d));
            int c = b.bits(bits, v -> DivRound.apply(x.eval(v), d) + offset);
            Lin.Builder eq = new Lin.Builder().add(x, 1).addConstant(half + offset * d);
            Lin.Builder rest = new Lin.Builder().addConstant(d - 1);
            Lin.Builder q = new Lin.Builder().addConstant(-offset);
            for (int j = 0; j < k; j++) {
                eq.add(r + j, -(1L << j));
                rest.add(r + j, -(1L << j)).add(t + j, -(1L << j));
            }
            for (int j = 0; j < bits; j++) {
                eq.add(c + j, -d * (1L << j));
                q.add(c + j, 1L << j);
            }
            b.enforceZero(eq.build());
            b.enforceZero(rest.build());
            out[i] = new Sym(q.build(), c + bits - 1);
        }
        return out;
    }

    private Sym[] relu(Sym[] in, QValue x) {
        Sym[] out = new Sym[in.length];
        for (int i = 0; i < in.length; i++) {
            long lo = x.lo()[i];
            long hi = x.hi()[i];
            Lin l = in[i].lin();
            if (lo >= 0) {
                out[i] = Sym.of(l);
                continue;
            }
            if (hi <= 0) {
                out[i] = Sym.of(Lin.ZERO);
                continue;
            }
            int s = nonNegativeBit(in[i], lo, hi);
            int y = b.wire();
            b.solver(v -> v[y] = v[s] == 1 ? l.eval(v) : 0);
            b.enforce(Lin.wire(s), l, Lin.wire(y));
            out[i] = Sym.of(Lin.wire(y));
        }
        return out;
    }

    /** Per index: its bits tied to it, the one-hot selector, each output Σ_j e_j·row_j (one product per reachable row). */
    private Sym[] select(Sym[] in, Sym[] data, Select sl) {
        int cols = sl.cols();
        Sym[] out = new Sym[in.length * cols];
        for (int e = 0; e < in.length; e++) {
            List<Lin> select = selectorOf(in[e].lin(), sl.bits());
            for (int c = 0; c < cols; c++) {
                Lin.Builder v = new Lin.Builder();
                for (int j = 0; j < select.size(); j++) {
                    if (sl.rows()[j] < 0) {
                        continue;
                    }
                    Lin ej = select.get(j);
                    Lin d = data[sl.rows()[j] * cols + c].lin();
                    int p = b.wire();
                    b.solver(w -> w[p] = ej.eval(w) * d.eval(w));
                    b.enforce(ej, d, Lin.wire(p));
                    v.add(p, 1);
                }
                out[e * cols + c] = Sym.of(v.build());
            }
        }
        return out;
    }

    /** u's bits tied to it and their one-hot selector. */
    private List<Lin> selectorOf(Lin u, int bits) {
        int first = b.bits(bits, u::eval);
        Lin.Builder tie = new Lin.Builder().add(u, 1);
        for (int j = 0; j < bits; j++) {
            tie.add(first + j, -(1L << j));
        }
        Lin t = tie.build();
        if (t.wires().length > 0 || t.constant() != 0) {
            b.enforceZero(t);
        }
        return SplineLowering.selector(b, first, bits);
    }

    /** Per index: its bits tied to it, the one-hot selector, each column linear in the selector. */
    private Sym[] lookup(Sym[] in, Lookup lk) {
        int cols = lk.table().length;
        Sym[] out = new Sym[in.length * cols];
        for (int e = 0; e < in.length; e++) {
            List<Lin> select = selectorOf(in[e].lin(), lk.bits());
            for (int c = 0; c < cols; c++) {
                Lin.Builder v = new Lin.Builder();
                for (int j = 0; j < select.size(); j++) {
                    v.add(select.get(j), lk.table()[c][j]);
                }
                out[e * cols + c] = Sym.of(v.build());
            }
        }
        return out;
    }

    private Sym[] product(Sym[] a, Sym[] c, int[] left, int[] right) {
        Sym[] out = new Sym[left.length];
        for (int e = 0; e < out.length; e++) {
            Lin x = a[left[e]].lin();
            Lin y = c[right[e]].lin();
            int z = b.wire();
            b.solver(v -> v[z] = x.eval(v) * y.eval(v));
            b.enforce(x, y, Lin.wire(z));
            out[e] = Sym.of(Lin.wire(z));
        }
        return out;
    }

    /** The wire that is 1 iff the value is ≥ 0: the value's own bit when it has one, else the top bit of a decomposition. */
    private int nonNegativeBit(Sym x, long lo, long hi) {
        if (x.nonNegativeBit() >= 0) {
            return x.nonNegativeBit();
        }
        Lin l = x.lin();
        int bits = Bounds.signedBits(lo, hi);
        long offset = 1L << (bits - 1);
        int first = b.bits(bits, v -> l.eval(v) + offset);
        Lin.Builder eq = new Lin.Builder().add(l, 1).addConstant(offset);
        for (int k = 0; k < bits; k++) {
            eq.add(first + k, -(1L << k));
        }
        b.enforceZero(eq.build());
        return first + bits - 1;
    }

    private Sym[] nonNegative(Sym[] in, QValue x) {
        Sym[] out = new Sym[in.length];
        for (int i = 0; i < in.length; i++) {
            long lo = x.lo()[i];
            long hi = x.hi()[i];
            if (lo >= 0) {
                out[i] = Sym.of(Lin.constant(1));
            } else if (hi < 0) {
                out[i] = Sym.of(Lin.ZERO);
            } else {
                out[i] = Sym.of(Lin.wire(nonNegativeBit(in[i], lo, hi)));
            }
        }
        return out;
    }

    private static Sym[] gather(Sym[] in, int[] source) {
        Sym[] out = new Sym[source.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = source[i] < 0 ? Sym.of(Lin.ZERO) : in[source[i]];
        }
        return out;
    }
}
