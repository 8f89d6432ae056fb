package io.zkml.compiler.quant;

import io.zkml.compiler.graph.Constant;
import io.zkml.compiler.graph.Node;
import java.util.List;
import java.util.Map;

/**
 * Unary non-linear ops as {@link SplineFit} gadgets: the transcendentals (Sigmoid, Tanh, Exp, Log, Erf, GELU in
 * both forms, Softplus, Mish), the piecewise ones (HardSigmoid, HardSwish, ELU, SELU, CELU, Softsign) and the
 * ones with a clamp policy (Log, Pow with a fractional or negative constant exponent). Pow
 * with a small positive integer exponent is exact: repeated products, each rescaled. Reciprocal is the exact
 * rounded division 1 / x of {@link DivisionOps}; Sqrt (and Pow with exponent 1/2) the exact integer square root.
 */
final class SmoothOps {

    private SmoothOps() {
    }

    static void register(Map<String, Translator> r) {
        unary(r, "Sigmoid", n -> UnaryFunction.tails("Sigmoid", UnaryFunction::sigmoid, 0, 0));
        unary(r, "HardSigmoid", n -> {
            double a = n.floatAttr("alpha", 0.2);
            double c = n.floatAttr("beta", 0.5);
            return UnaryFunction.tails("HardSigmoid", x -> Math.max(0, Math.min(1, a * x + c)), 0, 0);
        });
        unary(r, "Tanh", n -> UnaryFunction.tails("Tanh", Math::tanh, 0, 0));
        r.put("Exp", (b, node, in) -> List.of(new Operand.Var(exp(b, node, Ops.var(node, in, 0)))));
        unary(r, "Erf", n -> UnaryFunction.tails("Erf", UnaryFunction::erf, 0, 0));
        unary(r, "Gelu", SmoothOps::gelu);
        unary(r, "Softplus", n -> UnaryFunction.tails("Softplus", UnaryFunction::softplus, 0, 1));
        unary(r, "Softsign", n -> UnaryFunction.tails("Softsign", x -> x / (1 + Math.abs(x)), 0, 0));
        unary(r, "HardSwish", n -> UnaryFunction.tails("HardSwish", x -> x * Math.max(0, Math.min(1, x / 6 + 0.5)), 0, 1));
        unary(r, "Mish", n -> UnaryFunction.tails("Mish", x -> x * Math.tanh(UnaryFunction.softplus(x)), 0, 1));
        unary(r, "Elu", n -> {
            double a = n.floatAttr("alpha", 1);
            return UnaryFunction.tails("Elu", x -> x > 0 ? x : a * Math.expm1(x), 0, 1);
        });
        unary(r, "Selu", n -> {
            double a = n.floatAttr("alpha", 1.67326319217681884765625);
            double g = n.floatAttr("gamma", 1.05070102214813232421875);
            return UnaryFunction.tails("Selu", x -> g * (x > 0 ? x : a * Math.expm1(x)), 0, g);
        });
        unary(r, "Celu", n -> {
            double a = n.floatAttr("alpha", 1);
            return UnaryFunction.tails("Celu", x -> Math.max(0, x) + Math.min(0, a * Math.expm1(x / a)), 0, 1);
        });
        r.put("Sqrt", (b, node, in) -> List.of(new Operand.Var(sqrt(b, node, Ops.var(node, in, 0)))));
        r.put("Reciprocal", (b, node, in) -> List.of(new Operand.Var(
                DivisionOps.divide(b, node, new Operand.Const(new Constant(new int[0], new double[] {1})), Ops.var(node, in, 0)))));
        r.put("Log", (b, node, in) -> List.of(new Operand.Var(log(b, node, Ops.var(node, in, 0)))));
        r.put("Pow", SmoothOps::pow);
    }

    private interface FunctionOf {
        UnaryFunction of(Node node);
    }

    private static void unary(Map<String, Translator> r, String op, FunctionOf fn) {
        r.put(op, (b, node, in) -> List.of(new Operand.Var(SplineFit.apply(b, node, Ops.var(node, in, 0), fn.of(node)))));
    }

    private static UnaryFunction gelu(Node node) {
        String approx = node.stringAttr("approximate", "none");
        return switch (approx) {
            case "none" -> UnaryFunction.tails("Gelu", x -> 0.5 * x * (1 + UnaryFunction.erf(x / Math.sqrt(2))), 0, 1);
            case "tanh" -> UnaryFunction.tails("Gelu", x -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))), 0, 1);
            default -> throw node.error("approximate must be 'none' or 'tanh', is '" + approx + "'");
        };
    }

    /** The policy of Sqrt (and Pow with exponent 1/2) in circuit.json's words. */
    static final String SQRT_POLICY = ": inputs below 0 are taken as 0";

    /**
     * √x exactly rounded: max(x, 0)·2^(s+2) (scale 2s + 2) has the exact integer square root ⌊2√x·2^s⌋ at scale
     * s + 1 ({@link SquareRoot}), rescaled by 1 to s. Inputs below 0 are taken as 0 (the declared policy, a ReLU).
     */
    static QValue sqrt(ProgramBuilder b, Node node, QValue x) {
        QValue pos = b.relu(node, x);
        int s = x.scale();
        QValue up = b.upscale(node, pos, s + 2);
        QValue root = NormOps.squareRoot(b, node, up, s + 1, x.min() < 0 ? node.opType() + SQRT_POLICY : "");
        return b.rescale(node, root, 1);
    }

    /**
     * ln x by range decomposition: u = max(x, one quantum) as an integer, u = m·2^(j−(n−1)) with m in [2^(n−1), 2^n)
     * ({@link LeadingOne}), ln x = ln(m·2^−(n−1)) + j·ln 2 − s·ln 2; the first term a spline on [1, 2), where ln is
     * smooth, the others linear at 6 extra bits, then one rounding to s. Inputs below one quantum are taken as one
     * quantum (the declared policy).
     */
    static QValue log(ProgramBuilder b, Node node, QValue x) {
        Decomposed d = decompose(b, node, x, "Log: inputs below epsilon = 2^-" + x.scale() + " (one quantum of the input scale) are taken as epsilon");
        int s = x.scale();
        int size = x.size();
        int[] id = ActivationOps.identity(size);
        QValue lnMant = SplineFit.apply(b, node, d.mantissa(), new UnaryFunction("Log", Math::log, Double.NaN, Double.NaN, UnaryFunction.Clamp.NONE));
        int t = Math.max(d.bits() - 1, s) + 6;
        long ln2 = Math.round(Math.log(2) * Math.scalb(1.0, t));
        long[] c = new long[size];
        java.util.Arrays.fill(c, -Math.round(s * Math.log(2) * Math.scalb(1.0, t)));
        QValue total = b.affine(node, List.of(lnMant, d.exponent()), new int[][] {id, id}, new long[] {1L << (t - (d.bits() - 1)), ln2}, c, x.shape(), t);
        return b.rescale(node, total, t - s);
    }

    /**
     * e^x by range decomposition: x is clamped below at −(s + 2)·ln 2 (e^x under a quarter quantum there), z =
     * x·log₂e at 16 extra bits, K = ⌊z⌋ (a rescale of z − ½) and the remainder R = z − K in [0, 1); 2^R is a spline
     * on R rounded to s + 4 bits and 2^K a one-hot {@link Lookup} of K's few values; one product and one rounding.
     */
    static QValue exp(ProgramBuilder b, Node node, QValue x) {
        int s = x.scale();
        int size = x.size();
        int[] id = ActivationOps.identity(size);
        long floor = (long) Math.floor(-(s + 2) * Math.log(2) * Math.scalb(1.0, s));
        QValue xc = x;
        if (x.min() < floor) {
            long[] minus = new long[size];
            java.util.Arrays.fill(minus, -floor);
            long[] plus = new long[size];
            java.util.Arrays.fill(plus, floor);
            QValue over = b.relu(node, b.affine(node, List.of(x), new int[][] {id}, new long[] {1}, minus, x.shape(), s));
            xc = b.affine(node, List.of(over), new int[][] {id}, new long[] {1}, plus, x.shape(), s);
        }
        // log₂e at 16 bits: its rounding moves e^x by under 6e−6 relative per unit of x
        int q = 16;
        int f = s + q;
        long log2e = Math.round(Math.scalb(1 / Math.log(2), q));
        QValue z = b.affine(node, List.of(xc), new int[][] {id}, new long[] {log2e}, new long[size], x.shape(), f);
        long[] half = new long[size];
        java.util.Arrays.fill(half, -(1L << (f - 1)));
        QValue k = b.rescale(node, b.affine(node, List.of(z), new int[][] {id}, new long[] {1}, half, x.shape(), f), f);
        // R = z − K·2^f is the remainder of that floor division: in [0, 2^f) by the rescale's own constraints
        Rows rows = new Rows(size);
        for (int e = 0; e < size; e++) {
            rows.term(e, 1);
            rows.term(size + e, -(1L << f));
            rows.endRow(0);
        }
        long[] rlo = new long[size];
        long[] rhi = new long[size];
        java.util.Arrays.fill(rhi, (1L << f) - 1);
        QValue rem = b.value(x.shape(), f, rlo, rhi);
        b.ops().add(new Linear(new int[] {z.id(), k.id()}, rem, node.describe(), new int[] {size, size}, rows.rowStart(), rows.col(), rows.coef(),
                rows.constant()));
        // R rounded to s + 4 fractional bits (the spline's domain [0, 1] has 2^(s+4) + 1 points), 2^R on it
        QValue r4 = b.rescale(node, rem, q - 4);
        QValue a = SplineFit.apply(b, node, r4, new UnaryFunction("Exp", v -> Math.pow(2, v), Double.NaN, Double.NaN, UnaryFunction.Clamp.NONE));
        long kmin = k.min();
        long kmax = k.max();
        int extra = (int) Math.max(4, 4 - kmin);
        if (kmax + extra - 4 > 58) {
            throw node.error("Exp of inputs up to " + Math.scalb((double) x.max(), -s) + " exceeds the 2^60 bound at scale 2^" + s
                    + "; narrow the input range");
        }
        int bits = Bounds.unsignedBits(kmax - kmin);
        long[][] table = new long[1][1 << bits];
        for (long v = kmin; v <= kmax; v++) {
            table[0][(int) (v - kmin)] = 1L << (v + extra - 4);
        }
        long[] shift = new long[size];
        java.util.Arrays.fill(shift, -kmin);
        QValue u = b.affine(node, List.of(k), new int[][] {id}, new long[] {1}, shift, x.shape(), 0);
        long[] flo = new long[size];
        long[] fhi = new long[size];
        java.util.Arrays.fill(flo, table[0][0]);
        java.util.Arrays.fill(fhi, table[0][(int) (kmax - kmin)]);
        QValue factor = b.value(x.shape(), extra - 4, flo, fhi);
        b.ops().add(new Lookup(new int[] {u.id()}, factor, node.describe(), bits, table));
        return b.rescale(node, b.product(node, a, factor, id, id, x.shape()), extra);
    }

    /**
     * x = M·2^(j − s) with M in [1, 2): the mantissa M at scale bits − 1, the exponent j, and [j = i] for every i.
     *
     * @param leads one value per i, holding [j = i] per element
     */
    record Decomposed(QValue mantissa, QValue exponent, List<QValue> leads, int bits) {
    }

    /** x clamped to at least one quantum (with the given policy text for circuit.json), then split by its leading one. */
    static Decomposed decompose(ProgramBuilder b, Node node, QValue x, String policyIfClamped) {
        int s = x.scale();
        int size = x.size();
        int[] id = ActivationOps.identity(size);
        QValue u = x;
        if (x.min() < 1) {
            long[] minusOne = new long[size];
            java.util.Arrays.fill(minusOne, -1);
            long[] one = new long[size];
            java.util.Arrays.fill(one, 1);
            QValue over = b.relu(node, b.affine(node, List.of(x), new int[][] {id}, new long[] {1}, minusOne, x.shape(), s));
            u = b.affine(node, List.of(over), new int[][] {id}, new long[] {1}, one, x.shape(), s);
        }
        int n = Math.max(1, Bounds.unsignedBits(u.max()));
        long[] lo = new long[(2 + n) * size];
        long[] hi = new long[(2 + n) * size];
        java.util.Arrays.fill(lo, 0, size, 1L << (n - 1));
        java.util.Arrays.fill(hi, 0, size, (1L << n) - 1);
        java.util.Arrays.fill(hi, size, 2 * size, n - 1);
        java.util.Arrays.fill(hi, 2 * size, (2 + n) * size, 1);
        QValue split = b.value(new int[] {(2 + n) * size}, 0, lo, hi);
        String policy = x.min() < 1 ? policyIfClamped : "";
        b.ops().add(new LeadingOne(new int[] {u.id()}, split, node.describe(), n, policy));
        List<QValue> parts = new java.util.ArrayList<>();
        for (int k = 0; k < 2 + n; k++) {
            int[] range = new int[size];
            for (int e = 0; e < size; e++) {
                range[e] = k * size + e;
            }
            parts.add(b.gather(node, split, range, x.shape()));
        }
        // m at scale n − 1 is the mantissa in [1, 2)
        QValue mant = b.affine(node, List.of(parts.get(0)), new int[][] {id}, new long[] {1}, new long[size], x.shape(), n - 1);
        return new Decomposed(mant, parts.get(1), parts.subList(2, 2 + n), n);
    }

    /**
     * x^p for any constant p by range decomposition: M^p as a spline on [1, 2) (at scale bits − 1), times
     * 2^(p(j − s)) = Σᵢ [j = i]·2^(p(i − s)) (linear in the indicators, at 4 bits beyond the output scale), one
     * product and one rounding; for p > 0 the result is multiplied by [x ≥ one quantum] so that 0^p = 0.
     */
    static QValue powDecomposed(ProgramBuilder b, Node node, QValue x, double p) {
        Decomposed d = decompose(b, node, x, p > 0 ? "Pow: inputs below 2^-" + x.scale() + " (one quantum of the input scale) give 0"
                : "Pow: inputs below epsilon = 2^-" + x.scale() + " (one quantum of the input scale) are taken as epsilon");
        int s = x.scale();
        int size = x.size();
        int[] id = ActivationOps.identity(size);
        QValue a = SplineFit.apply(b, node, d.mantissa(), new UnaryFunction("Pow", v -> Math.pow(v, p), Double.NaN, Double.NaN, UnaryFunction.Clamp.NONE));
        int ta = d.bits() - 1;
        int extra = ta + 4;
        List<QValue> ins = d.leads();
        int[][] idx = new int[ins.size()][];
        long[] g = new long[ins.size()];
        for (int i = 0; i < ins.size(); i++) {
            idx[i] = id;
            g[i] = Math.round(Math.scalb(Math.pow(2, p * (i - s)), s + extra - ta));
        }
        // A·G is y at scale s + extra
        QValue factor = b.affine(node, ins, idx, g, new long[size], x.shape(), s + extra - ta);
        QValue y = b.rescale(node, b.product(node, a, factor, id, id, x.shape()), extra);
        if (p > 0 && x.min() < 1) {
            long[] minusOne = new long[size];
            java.util.Arrays.fill(minusOne, -1);
            QValue positive = b.nonNegative(node, b.affine(node, List.of(x), new int[][] {id}, new long[] {1}, minusOne, x.shape(), s));
            y = b.product(node, y, positive, id, id, x.shape());
        }
        return y;
    }

    /** x^p for a constant scalar p: products for p in 1..4, otherwise a spline (clamped at 0, or at ε for p < 0). */
    private static List<Operand> pow(ProgramBuilder b, Node node, List<Operand> in) {
        QValue x = Ops.var(node, in, 0);
        Constant c = Ops.constant(node, in, 1);
        if (c.values().length != 1) {
            throw node.error("the exponent must be a scalar constant, has shape " + Ops.shape(c.shape()));
        }
        double p = c.values()[0];
        if (p == 0.5) {
            return List.of(new Operand.Var(sqrt(b, node, x)));
        }
        if (p == Math.rint(p) && p >= 1 && p <= 4) {
            int[] id = ActivationOps.identity(x.size());
            QValue acc = x;
            for (int i = 1; i < (int) p; i++) {
                acc = b.rescale(node, b.product(node, acc, x, id, id, x.shape()), x.scale());
            }
            return List.of(new Operand.Var(acc));
        }
        if (p == Math.rint(p) && p > 0) {
            return List.of(new Operand.Var(SplineFit.apply(b, node, x,
                    new UnaryFunction("Pow", v -> Math.pow(v, p), Double.NaN, Double.NaN, UnaryFunction.Clamp.NONE))));
        }
        return List.of(new Operand.Var(powDecomposed(b, node, x, p)));
    }
}
