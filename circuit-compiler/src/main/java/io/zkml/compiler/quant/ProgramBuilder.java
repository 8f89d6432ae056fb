package io.zkml.compiler.quant;

import io.zkml.compiler.CompileOptions.InputRange;
import io.zkml.compiler.ParamVisibility;
import io.zkml.compiler.graph.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds a {@link QProgram}'s values and steps, proving each new value's bounds from its inputs' as it goes.
 */
public final class ProgramBuilder {

    private final List<QValue> values = new ArrayList<>();
    private final List<QOp> ops = new ArrayList<>();
    private final int paramScale;
    private final ParamVisibility paramVisibility;
    private final InputRange paramRange;
    private final List<QProgram.Param> params = new ArrayList<>();
    private final List<long[]> seenParams = new ArrayList<>();
    private final List<Integer> seenScales = new ArrayList<>();

    /** A builder with fixed parameters. */
    public ProgramBuilder(int paramScale) {
        this(paramScale, ParamVisibility.FIXED, null);
    }

    /**
     * A builder whose linear layers' parameters are fixed or committed.
     *
     * @param paramRange the declared range of committed parameters (required for committed, ignored for fixed)
     */
    public ProgramBuilder(int paramScale, ParamVisibility paramVisibility, InputRange paramRange) {
        this.paramScale = paramScale;
        this.paramVisibility = paramVisibility;
        this.paramRange = paramRange;
        if (paramVisibility == ParamVisibility.COMMITTED && paramRange == null) {
            throw new IllegalArgumentException("committed parameters need a declared range");
        }
    }

    /** The committed parameter tensors created so far, in order (none with fixed parameters). */
    public List<QProgram.Param> params() {
        return params;
    }

    /**
     * Every linear layer's parameter tensor quantized so far, fixed or committed, with {@link #seenScales()}: what
     * the default parameter range is derived from.
     */
    List<long[]> seenParams() {
        return seenParams;
    }

    List<Integer> seenScales() {
        return seenScales;
    }

    private int opset = Integer.MAX_VALUE;

    /** The model's default-domain opset, for ops whose meaning changed between versions (unset: the newest). */
    public int opset() {
        return opset;
    }

    public void setOpset(int opset) {
        this.opset = opset;
    }

    /** The scale of weights and constant factors. */
    public int paramScale() {
        return paramScale;
    }

    public List<QValue> values() {
        return values;
    }

    public List<QOp> ops() {
        return ops;
    }

    /** A new value with the given bounds. */
    public QValue value(int[] shape, int scale, long[] lo, long[] hi) {
        QValue v = new QValue(values.size(), shape.clone(), scale, lo, hi);
        values.add(v);
        return v;
    }

    /**
     * A linear step (see {@link Linear}); bounds are summed term by term, so every partial sum is bounded too.
     */
    public QValue linear(Node node, List<QValue> ins, int[] shape, int scale, int[] rowStart, int[] col, long[] coef, long[] constant) {
        int[] sizes = ins.stream().mapToInt(QValue::size).toArray();
        long[] catLo = new long[Arrays.stream(sizes).sum()];
        long[] catHi = new long[catLo.length];
        int off = 0;
        for (QValue v : ins) {
            System.arraycopy(v.lo(), 0, catLo, off, v.size());
            System.arraycopy(v.hi(), 0, catHi, off, v.size());
            off += v.size();
        }
        int n = constant.length;
        long[] lo = new long[n];
        long[] hi = new long[n];
        String what = node.describe();
        for (int i = 0; i < n; i++) {
            long l = Bounds.check(constant[i], what);
            long h = l;
            long abs = Math.abs(l);
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                long c = coef[k];
                long a = c > 0 ? catLo[col[k]] : catHi[col[k]];
                long b = c > 0 ? catHi[col[k]] : catLo[col[k]];
                l = Bounds.mulAdd(c, a, l, what);
                h = Bounds.mulAdd(c, b, h, what);
                abs = Bounds.mulAdd(Math.abs(c), Math.max(Math.abs(a), Math.abs(b)), abs, what);
            }
            lo[i] = l;
            hi[i] = h;
        }
        QValue out = value(shape, scale, lo, hi);
        ops.add(new Linear(ins.stream().mapToInt(QValue::id).toArray(), out, what, sizes, rowStart, col, coef, constant));
        return out;
    }

    /**
     * A linear layer's output at scale {@code scale} = x.scale + paramScale (not yet rescaled): per row the terms
     * x[col]·w[weight] and the bias element. With fixed parameters a {@link Linear} step whose coefficients are
     * the weights (zero weights dropped) and whose constants are the biases; with committed parameters the
     * weights and the bias become parameter values (range-checked witness, bounds from the declared range) and
     * the step a {@link ParamLinear}.
     *
     * @param w the quantized weights (scale paramScale), in the ONNX layout of wShape
     * @param bias the quantized bias (scale {@code scale}) in the layout of biasShape, or null
     */
    QValue weighted(Node node, QValue x, int[] shape, int scale, WeightedRows rows, long[] w, int[] wShape, long[] bias, int[] biasShape) {
        seenParams.add(w);
        seenScales.add(paramScale);
        if (bias != null) {
            seenParams.add(bias);
            seenScales.add(scale);
        }
        int[] col = rows.col();
        int[] weight = rows.weight();
        int[] rowStart = rows.rowStart();
        int n = rows.rows();
        if (paramVisibility == ParamVisibility.FIXED) {
            Rows r = new Rows(n);
            for (int i = 0; i < n; i++) {
                for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                    r.term(col[k], w[weight[k]]);
                }
                r.endRow(bias == null ? 0 : bias[rows.bias()[i]]);
            }
            return linear(node, List.of(x), shape, scale, r.rowStart(), r.col(), r.coef(), r.constant());
        }
        QValue wv = param(node, "weight", wShape, paramScale, w);
        QValue bv = bias == null ? null : param(node, "bias", biasShape, scale, bias);
        String what = node.describe();
        long[] lo = new long[n];
        long[] hi = new long[n];
        for (int i = 0; i < n; i++) {
            long l = bv == null ? 0 : bv.lo()[rows.bias()[i]];
            long h = bv == null ? 0 : bv.hi()[rows.bias()[i]];
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                long[] p = Bounds.productRange(x.lo()[col[k]], x.hi()[col[k]], wv.lo()[weight[k]], wv.hi()[weight[k]], what);
                l = Bounds.mulAdd(1, p[0], l, what);
                h = Bounds.mulAdd(1, p[1], h, what);
            }
            lo[i] = l;
            hi[i] = h;
        }
        QValue out = value(shape, scale, lo, hi);
        int[] ins = bv == null ? new int[] {x.id(), wv.id()} : new int[] {x.id(), wv.id(), bv.id()};
        ops.add(new ParamLinear(ins, out, what, rowStart, col, weight, bv == null ? null : rows.bias()));
        return out;
    }

    /** A committed parameter tensor: a value with the declared range's bounds at this scale; q must lie in it. */
    private QValue param(Node node, String role, int[] shape, int scale, long[] q) {
        String what = node.describe();
        long qlo = Bounds.check((long) Math.rint(Math.scalb(paramRange.lo(), scale)), what);
        long qhi = Bounds.check((long) Math.rint(Math.scalb(paramRange.hi(), scale)), what);
        for (int i = 0; i < q.length; i++) {
            if (q[i] < qlo || q[i] > qhi) {
                throw node.error(role + " element " + i + " = " + Math.scalb((double) q[i], -scale) + " (" + q[i] + " at scale 2^-" + scale
                        + ") is outside the declared parameter range " + paramRange + " (--param-range)");
            }
        }
        long[] lo = new long[q.length];
        long[] hi = new long[q.length];
        Arrays.fill(lo, qlo);
        Arrays.fill(hi, qhi);
        QValue v = value(shape, scale, lo, hi);
        params.add(new QProgram.Param(what, role, v, qlo, qhi, q.clone()));
        return v;
    }

    /**
     * out[e] = constant[e] + Σₖ factor[k]·ins[k][index[k][e]]: the element-wise linear step that composite gadgets
     * are built from (all inputs at the given scale, which the caller has aligned).
     */
    public QValue affine(Node node, List<QValue> ins, int[][] index, long[] factor, long[] constant, int[] shape, int scale) {
        int n = constant.length;
        Rows rows = new Rows(n);
        for (int e = 0; e < n; e++) {
            int base = 0;
            for (int k = 0; k < ins.size(); k++) {
                rows.term(base + index[k][e], factor[k]);
                base += ins.get(k).size();
            }
            rows.endRow(constant[e]);
        }
        return linear(node, ins, shape, scale, rows.rowStart(), rows.col(), rows.coef(), rows.constant());
    }

    /** x·2^by (the same real number at a finer scale); x itself when by is 0. */
    public QValue upscale(Node node, QValue x, int by) {
        if (by == 0) {
            return x;
        }
        int[] id = new int[x.size()];
        java.util.Arrays.setAll(id, i -> i);
        return affine(node, List.of(x), new int[][] {id}, new long[] {1L << by}, new long[x.size()], x.shape(), x.scale() + by);
    }

    /** max(x, y) = y + relu(x − y), element-wise on equal shapes and scales (index maps broadcast). */
    public QValue max(Node node, QValue x, int[] ix, QValue y, int[] iy, int[] shape) {
        QValue d = affine(node, List.of(x, y), new int[][] {ix, iy}, new long[] {1, -1}, new long[ix.length], shape, x.scale());
        QValue r = relu(node, d);
        int[] id = new int[ix.length];
        java.util.Arrays.setAll(id, i -> i);
        return affine(node, List.of(y, r), new int[][] {iy, id}, new long[] {1, 1}, new long[ix.length], shape, x.scale());
    }

    /** x rounded to scale x.scale − shift; x itself when shift is 0. */
    public QValue rescale(Node node, QValue x, int shift) {
        if (shift == 0) {
            return x;
        }
        long[] lo = new long[x.size()];
        long[] hi = new long[x.size()];
        for (int i = 0; i < lo.length; i++) {
            lo[i] = Rescale.apply(x.lo()[i], shift);
            hi[i] = Rescale.apply(x.hi()[i], shift);
        }
        QValue out = value(x.shape(), x.scale() - shift, lo, hi);
        int bits = Bounds.signedBits(out.min(), out.max());
        if (shift + bits > 61) {
            throw node.error("a rescale by 2^" + shift + " of values up to 2^" + (bits - 1) + " needs more than 61 bits; use smaller scales");
        }
        ops.add(new Rescale(new int[] {x.id()}, out, node.describe(), shift, bits));
        return out;
    }

    /** x / d rounded to nearest, at x's scale: a {@link Rescale} when d is a power of two, else a {@link DivRound}. */
    public QValue divRound(Node node, QValue x, long d) {
        if (d < 1) {
            throw node.error("division by " + d);
        }
        if (Long.bitCount(d) == 1) {
            QValue r = rescale(node, x, Long.numberOfTrailingZeros(d));
            if (r == x) {
                return x;
            }
            // rescale lowered the scale; restore the meaning "same scale, divided by d"
            return retag(r, x.scale());
        }
        long[] lo = new long[x.size()];
        long[] hi = new long[x.size()];
        for (int i = 0; i < lo.length; i++) {
            lo[i] = DivRound.apply(x.lo()[i], d);
            hi[i] = DivRound.apply(x.hi()[i], d);
        }
        QValue out = value(x.shape(), x.scale(), lo, hi);
        int bits = Bounds.signedBits(out.min(), out.max());
        if (Bounds.unsignedBits(d) + bits > 61) {
            throw node.error("a division by " + d + " of values up to 2^" + (bits - 1) + " needs more than 61 bits; use smaller scales");
        }
        ops.add(new DivRound(new int[] {x.id()}, out, node.describe(), d, bits));
        return out;
    }

    /** The last value created, given another scale (its op's output is replaced accordingly). */
    private QValue retag(QValue r, int scale) {
        QValue t = new QValue(r.id(), r.shape(), scale, r.lo(), r.hi());
        values.set(r.id(), t);
        QOp last = ops.getLast();
        if (last instanceof Rescale rs && rs.output().id() == r.id()) {
            ops.set(ops.size() - 1, new Rescale(rs.inputs(), t, rs.origin(), rs.shift(), rs.bits()));
        }
        return t;
    }

    /** [x ≥ 0] as 0 or 1 at scale 0. */
    public QValue nonNegative(Node node, QValue x) {
        long[] lo = new long[x.size()];
        long[] hi = new long[x.size()];
        for (int i = 0; i < lo.length; i++) {
            lo[i] = x.lo()[i] >= 0 ? 1 : 0;
            hi[i] = x.hi()[i] >= 0 ? 1 : 0;
        }
        QValue out = value(x.shape(), 0, lo, hi);
        ops.add(new NonNegative(new int[] {x.id()}, out, node.describe()));
        return out;
    }

    /** max(x, 0); x itself when x is never negative. */
    public QValue relu(Node node, QValue x) {
        if (x.min() >= 0) {
            return x;
        }
        long[] lo = new long[x.size()];
        long[] hi = new long[x.size()];
        for (int i = 0; i < lo.length; i++) {
            lo[i] = Math.max(0, x.lo()[i]);
            hi[i] = Math.max(0, x.hi()[i]);
        }
        QValue out = value(x.shape(), x.scale(), lo, hi);
        ops.add(new Relu(new int[] {x.id()}, out, node.describe()));
        return out;
    }

    /** out[e] = a[left[e]]·b[right[e]] at scale a.scale + b.scale; bounds from the corner products (0 included for squares). */
    public QValue product(Node node, QValue a, QValue b, int[] left, int[] right, int[] shape) {
        long[] lo = new long[left.length];
        long[] hi = new long[left.length];
        String what = node.describe();
        for (int e = 0; e < lo.length; e++) {
            long[] p = Bounds.productRange(a.lo()[left[e]], a.hi()[left[e]], b.lo()[right[e]], b.hi()[right[e]], what);
            lo[e] = p[0];
            hi[e] = p[1];
            if (a.id() == b.id() && left[e] == right[e]) {
                lo[e] = Math.max(lo[e], 0);
            }
        }
        QValue out = value(shape, a.scale() + b.scale(), lo, hi);
        ops.add(new Product(new int[] {a.id(), b.id()}, out, what, left, right));
        return out;
    }

    /** out[i] = x[source[i]] (0 where source[i] = −1), of the given shape. Costs nothing in the circuit. */
    public QValue gather(Node node, QValue x, int[] source, int[] shape) {
        long[] lo = new long[source.length];
        long[] hi = new long[source.length];
        for (int i = 0; i < lo.length; i++) {
            int s = source[i];
            lo[i] = s < 0 ? 0 : x.lo()[s];
            hi[i] = s < 0 ? 0 : x.hi()[s];
        }
        QValue out = value(shape, x.scale(), lo, hi);
        ops.add(new Gather(new int[] {x.id()}, out, node.describe(), source));
        return out;
    }
}
