package io.zkml.compiler.quant;

import io.zkml.compiler.graph.Constant;
import io.zkml.compiler.graph.Node;
import io.zkml.compiler.graph.Shapes;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Ops that only move elements: each computes a source index per output element, applied to a computed tensor as
 * a free {@link Gather} step and to a constant directly (constant folding).
 */
final class ShapeOps {

    private ShapeOps() {
    }

    static void register(Map<String, Translator> r) {
        r.put("Reshape", ShapeOps::reshape);
        r.put("Flatten", ShapeOps::flatten);
        r.put("Transpose", ShapeOps::transpose);
        r.put("Squeeze", ShapeOps::squeeze);
        r.put("Unsqueeze", ShapeOps::unsqueeze);
        r.put("Slice", ShapeOps::slice);
        r.put("Pad", ShapeOps::pad);
        r.put("Gather", ShapeOps::gatherOp);
        r.put("Expand", ShapeOps::expand);
        r.put("Concat", ShapeOps::concat);
        r.put("Resize", ShapeOps::resize);
        r.put("Upsample", ShapeOps::resize);
        r.put("Cast", ShapeOps::cast);
    }

    /** Cast to a float type leaves a computed tensor as it is; constants fold (integer types truncate toward 0). */
    private static List<Operand> cast(ProgramBuilder b, Node node, List<Operand> in) {
        Operand x = Ops.required(node, in, 0);
        long to = node.intAttr("to", 1);
        boolean toFloat = to == 1 || to == 10 || to == 11 || to == 16;
        if (x instanceof Operand.Const(Constant c)) {
            double[] v = c.values().clone();
            if (!toFloat) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = to == 9 ? (v[i] != 0 ? 1 : 0) : (v[i] < 0 ? Math.ceil(v[i]) : Math.floor(v[i]));
                }
            }
            return List.of(new Operand.Const(new Constant(c.shape(), v)));
        }
        if (!toFloat) {
            throw node.error("Cast of a computed tensor to " + "data type " + to + " is not supported; only to a float type");
        }
        return List.of(x);
    }

    /**
     * Resize (and Upsample) with mode nearest and constant scales or sizes: a gather. Each output coordinate is
     * mapped back by coordinate_transformation_mode and rounded by nearest_mode.
     */
    private static List<Operand> resize(ProgramBuilder b, Node node, List<Operand> in) {
        Operand x = Ops.required(node, in, 0);
        int[] s = x.shape();
        int rank = s.length;
        String mode = node.stringAttr("mode", "nearest");
        if (!mode.equals("nearest")) {
            throw node.error("Resize mode " + mode + " is not supported; only nearest");
        }
        double[] scales = null;
        long[] sizes = null;
        if (node.opType().equals("Upsample")) {
            scales = node.hasInput(1) ? Ops.constant(node, in, 1).values() : node.floatsAttr("scales");
        } else {
            int scalesInput = node.inputs().size() == 2 ? 1 : 2; // opset 10: (X, scales); later: (X, roi, scales, sizes)
            if (node.hasInput(scalesInput) && Ops.constant(node, in, scalesInput).values().length > 0) {
                scales = Ops.constant(node, in, scalesInput).values();
            }
            if (node.hasInput(3)) {
                sizes = Ops.constant(node, in, 3).longs();
            }
        }
        if (node.intsAttr("axes") != null) {
            throw node.error("the axes attribute of Resize is not supported");
        }
        int[] shape = new int[rank];
        double[] scale = new double[rank];
        for (int d = 0; d < rank; d++) {
            if (sizes != null && sizes.length == rank) {
                shape[d] = (int) sizes[d];
                scale[d] = (double) sizes[d] / s[d];
            } else if (scales != null && scales.length == rank) {
                scale[d] = scales[d];
                shape[d] = (int) Math.floor(s[d] * scales[d]);
            } else {
                throw node.error("Resize needs scales or sizes with one entry per axis");
            }
        }
        String ctm = node.stringAttr("coordinate_transformation_mode", node.opType().equals("Upsample") ? "asymmetric" : "half_pixel");
        String nearest = node.stringAttr("nearest_mode", "round_prefer_floor");
        int[][] src = new int[rank][];
        for (int d = 0; d < rank; d++) {
            src[d] = new int[shape[d]];
            for (int o = 0; o < shape[d]; o++) {
                double xo = switch (ctm) {
                    case "asymmetric" -> o / scale[d];
                    case "half_pixel" -> (o + 0.5) / scale[d] - 0.5;
                    case "pytorch_half_pixel" -> shape[d] > 1 ? (o + 0.5) / scale[d] - 0.5 : 0;
                    case "align_corners" -> shape[d] > 1 ? o * (s[d] - 1) / (double) (shape[d] - 1) : 0;
                    case "tf_half_pixel_for_nn" -> (o + 0.5) / scale[d];
                    default -> throw node.error("coordinate_transformation_mode " + ctm + " is not supported");
                };
                long i = switch (nearest) {
                    case "round_prefer_floor" -> xo == Math.floor(xo) + 0.5 ? (long) Math.floor(xo) : Math.round(xo);
                    case "round_prefer_ceil" -> xo == Math.floor(xo) + 0.5 ? (long) Math.ceil(xo) : Math.round(xo);
                    case "floor" -> (long) Math.floor(xo);
                    case "ceil" -> (long) Math.ceil(xo);
                    default -> throw node.error("nearest_mode " + nearest + " is not supported");
                };
                src[d][o] = (int) Math.max(0, Math.min(s[d] - 1, i));
            }
        }
        int[] strides = Shapes.strides(s);
        return List.of(apply(b, node, x, map(shape, idx -> {
            int at = 0;
            for (int d = 0; d < rank; d++) {
                at += src[d][idx[d]] * strides[d];
            }
            return at;
        }), shape));
    }

    /** For each element of shape (row-major), its multi-index. */
    interface IndexFn {
        int source(int[] idx);
    }

    static int[] map(int[] shape, IndexFn f) {
        int n = Shapes.size(shape);
        int[] out = new int[n];
        int[] idx = new int[shape.length];
        for (int e = 0; e < n; e++) {
            out[e] = f.source(idx);
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return out;
    }

    private static List<Operand> transpose(ProgramBuilder b, Node node, List<Operand> in) {
        Operand x = Ops.required(node, in, 0);
        int[] s = x.shape();
        int rank = s.length;
        long[] perm = node.intsAttr("perm");
        int[] p = new int[rank];
        if (perm == null) {
            for (int i = 0; i < rank; i++) {
                p[i] = rank - 1 - i;
            }
        } else {
            if (perm.length != rank) {
                throw node.error("perm " + Arrays.toString(perm) + " does not match rank " + rank);
            }
            boolean[] seen = new boolean[rank];
            for (int i = 0; i < rank; i++) {
                p[i] = Ops.axis(node, perm[i], rank);
                if (seen[p[i]]) {
                    throw node.error("perm " + Arrays.toString(perm) + " is not a permutation");
                }
                seen[p[i]] = true;
            }
        }
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = s[p[i]];
        }
        int[] st = Shapes.strides(s);
        return List.of(apply(b, node, x, map(shape, idx -> {
            int src = 0;
            for (int i = 0; i < rank; i++) {
                src += idx[i] * st[p[i]];
            }
            return src;
        }), shape));
    }

    private static List<Operand> squeeze(ProgramBuilder b, Node node, List<Operand> in) {
        Operand x = Ops.required(node, in, 0);
        int[] s = x.shape();
        long[] axes = Ops.intsFromAttrOrInput(node, in, "axes", 1);
        boolean[] drop = new boolean[s.length];
        if (axes == null) {
            for (int i = 0; i < s.length; i++) {
                drop[i] = s[i] == 1;
            }
        } else {
            for (long a : axes) {
                int ax = Ops.axis(node, a, s.length);
                if (s[ax] != 1) {
                    throw node.error("cannot squeeze axis " + ax + " of size " + s[ax]);
                }
                drop[ax] = true;
            }
        }
        int[] shape = java.util.stream.IntStream.range(0, s.length).filter(i -> !drop[i]).map(i -> s[i]).toArray();
        return List.of(apply(b, node, x, identity(Shapes.size(s)), shape));
    }

    private static List<Operand> unsqueeze(ProgramBuilder b, Node node, List<Operand> in) {
        Operand x = Ops.required(node, in, 0);
        int[] s = x.shape();
        long[] axes = Ops.intsFromAttrOrInput(node, in, "axes", 1);
        if (axes == null) {
            throw node.error("Unsqueeze needs axes");
        }
        int rank = s.length + axes.length;
        boolean[] added = new boolean[rank];
        for (long a : axes) {
            int ax = Ops.axis(node, a, rank);
            if (added[ax]) {
                throw node.error("axis " + ax + " given twice");
            }
            added[ax] = true;
        }
        int[] shape = new int[rank];
        for (int i = 0, j = 0; i < rank; i++) {
            shape[i] = added[i] ? 1 : s[j++];
        }
        return List.of(apply(b, node, x, identity(Shapes.size(s)), shape));
    }

    private static List<Operand> slice(ProgramBuilder b, Node node, List<Operand> in) {
        Operand x = Ops.required(node, in, 0);
        int[] s = x.shape();
        int rank = s.length;
        long[] starts = Ops.intsFromAttrOrInput(node, in, "starts", 1);
        long[] ends = Ops.intsFromAttrOrInput(node, in, "ends", 2);
        long[] axes = Ops.intsFromAttrOrInput(node, in, "axes", 3);
        long[] steps = node.hasInput(4) ? Ops.constant(node, in, 4).longs() : null;
        if (starts == null || ends == null || starts.length != ends.length) {
            throw node.error("Slice needs starts and ends of equal length");
        }
        int[] begin = new int[rank];
        int[] step = new int[rank];
        int[] shape = s.clone();
        Arrays.fill(step, 1);
        for (int i = 0; i < starts.length; i++) {
            int ax = Ops.axis(node, axes == null ? i : axes[i], rank);
            long st = steps == null ? 1 : steps[i];
            if (st == 0) {
                throw node.error("slice step 0");
            }
            long d = s[ax];
            long lo = clampIndex(starts[i], d, st > 0);
            long hi = clampIndex(ends[i], d, st > 0);
            long count = st > 0 ? Math.max(0, (hi - lo + st - 1) / st) : Math.max(0, (lo - hi + (-st) - 1) / (-st));
            begin[ax] = (int) lo;
            step[ax] = (int) st;
            shape[ax] = (int) count;
        }
        int[] strides = Shapes.strides(s);
        return List.of(apply(b, node, x, map(shape, idx -> {
            int src = 0;
            for (int d = 0; d < rank; d++) {
                src += (begin[d] + idx[d] * step[d]) * strides[d];
            }
            return src;
        }), shape));
    }

    private static long clampIndex(long v, long d, boolean forward) {
        if (v < 0) {
            v += d;
        }
        return forward ? Math.max(0, Math.min(v, d)) : Math.max(-1, Math.min(v, d - 1));
    }

    /** Pad in constant (any value), edge and reflect modes: a gather, plus the constant at padded positions. */
    private static List<Operand> pad(ProgramBuilder b, Node node, List<Operand> in) {
        Operand x = Ops.required(node, in, 0);
        int[] s = x.shape();
        int rank = s.length;
        String mode = node.stringAttr("mode", "constant");
        if (!mode.equals("constant") && !mode.equals("edge") && !mode.equals("reflect")) {
            throw node.error("Pad mode " + mode + " is not supported; constant, edge and reflect are");
        }
        long[] pads = Ops.intsFromAttrOrInput(node, in, "pads", 1);
        double value = node.hasInput(2) ? Ops.constant(node, in, 2).values()[0] : node.floatAttr("value", 0);
        long[] axesL = node.hasInput(3) ? Ops.constant(node, in, 3).longs() : null;
        if (pads == null) {
            throw node.error("Pad needs pads");
        }
        int na = axesL == null ? rank : axesL.length;
        if (pads.length != 2 * na) {
            throw node.error("pads has " + pads.length + " entries for " + na + " axes");
        }
        int[] before = new int[rank];
        int[] shape = s.clone();
        for (int i = 0; i < na; i++) {
            int ax = axesL == null ? i : Ops.axis(node, axesL[i], rank);
            if (pads[i] < 0 || pads[i + na] < 0) {
                throw node.error("negative pads are not supported");
            }
            if (mode.equals("reflect") && (pads[i] >= s[ax] || pads[i + na] >= s[ax])) {
                throw node.error("reflect padding of " + Math.max(pads[i], pads[i + na]) + " needs more than " + s[ax] + " elements on axis " + ax);
            }
            before[ax] = (int) pads[i];
            shape[ax] = (int) (s[ax] + pads[i] + pads[i + na]);
        }
        int[] strides = Shapes.strides(s);
        int[] source = map(shape, idx -> {
            int src = 0;
            for (int d = 0; d < rank; d++) {
                int j = idx[d] - before[d];
                if (j < 0 || j >= s[d]) {
                    switch (mode) {
                        case "edge" -> j = j < 0 ? 0 : s[d] - 1;
                        case "reflect" -> j = j < 0 ? -j : 2 * (s[d] - 1) - j;
                        default -> {
                            return -1;
                        }
                    }
                }
                src += j * strides[d];
            }
            return src;
        });
        Operand padded = apply(b, node, x, source, shape);
        if (value == 0 || !mode.equals("constant")) {
            return List.of(padded);
        }
        return switch (padded) {
            case Operand.Const(Constant c) -> {
                double[] v = c.values().clone();
                for (int i = 0; i < v.length; i++) {
                    if (source[i] < 0) {
                        v[i] = value;
                    }
                }
                yield List.of(new Operand.Const(new Constant(shape, v)));
            }
            case Operand.Var(QValue v) -> {
                long q = Fixed.quantize(value, v.scale(), node);
                long[] constant = new long[v.size()];
                for (int i = 0; i < constant.length; i++) {
                    constant[i] = source[i] < 0 ? q : 0;
                }
                yield List.of(new Operand.Var(b.affine(node, List.of(v), new int[][] {identity(v.size())}, new long[] {1}, constant, shape, v.scale())));
            }
        };
    }

    private static List<Operand> gatherOp(ProgramBuilder b, Node node, List<Operand> in) {
        if (Ops.required(node, in, 1) instanceof Operand.Var) {
            return VariableGather.gather(b, node, in);
        }
        Operand x = Ops.required(node, in, 0);
        Constant ic = Ops.constant(node, in, 1);
        long[] indices = ic.longs();
        int[] s = x.shape();
        int ax = Ops.axis(node, node.intAttr("axis", 0), s.length);
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < -s[ax] || indices[i] >= s[ax]) {
                throw node.error("index " + indices[i] + " is out of range for axis " + ax + " of size " + s[ax]);
            }
            if (indices[i] < 0) {
                indices[i] += s[ax];
            }
        }
        int[] is = ic.shape();
        int[] shape = new int[s.length - 1 + is.length];
        System.arraycopy(s, 0, shape, 0, ax);
        System.arraycopy(is, 0, shape, ax, is.length);
        System.arraycopy(s, ax + 1, shape, ax + is.length, s.length - ax - 1);
        int[] strides = Shapes.strides(s);
        int[] istrides = Shapes.strides(is);
        return List.of(apply(b, node, x, map(shape, idx -> {
            int src = 0;
            for (int d = 0; d < ax; d++) {
                src += idx[d] * strides[d];
            }
            int flat = 0;
            for (int d = 0; d < is.length; d++) {
                flat += idx[ax + d] * istrides[d];
            }
            src += (int) indices[flat] * strides[ax];
            for (int d = ax + 1; d < s.length; d++) {
                src += idx[d - 1 + is.length] * strides[d];
            }
            return src;
        }), shape));
    }

    private static List<Operand> expand(ProgramBuilder b, Node node, List<Operand> in) {
        Operand x = Ops.required(node, in, 0);
        long[] spec = Ops.constant(node, in, 1).longs();
        int[] target = new int[spec.length];
        for (int i = 0; i < spec.length; i++) {
            target[i] = (int) spec[i];
        }
        int[] shape;
        try {
            shape = Shapes.broadcast(x.shape(), target);
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
        return List.of(apply(b, node, x, Shapes.broadcastIndex(x.shape(), shape), shape));
    }

    /** Concatenation: a free linear step over all computed inputs (scales aligned up), constants folded in. */
    private static List<Operand> concat(ProgramBuilder b, Node node, List<Operand> in) {
        int rank = Ops.required(node, in, 0).shape().length;
        int ax = Ops.axis(node, node.intAttr("axis", 0), rank);
        int[] shape = Ops.required(node, in, 0).shape().clone();
        shape[ax] = 0;
        int scale = -1;
        boolean allConst = true;
        for (int i = 0; i < in.size(); i++) {
            Operand o = Ops.required(node, in, i);
            int[] s = o.shape();
            if (s.length != rank) {
                throw node.error("input " + i + " has rank " + s.length + ", not " + rank);
            }
            for (int d = 0; d < rank; d++) {
                if (d != ax && s[d] != shape[d]) {
                    throw node.error("input " + i + " " + Ops.shape(s) + " does not match the others off axis " + ax);
                }
            }
            shape[ax] += s[ax];
            if (o instanceof Operand.Var(QValue v)) {
                scale = Math.max(scale, v.scale());
                allConst = false;
            }
        }
        int n = Shapes.size(shape);
        int outer = 1;
        for (int d = 0; d < ax; d++) {
            outer *= shape[d];
        }
        int innerOut = n / Math.max(outer, 1);
        if (allConst) {
            double[] v = new double[n];
            int off = 0;
            for (Operand o : in) {
                Constant c = ((Operand.Const) o).c();
                int inner = c.values().length / Math.max(outer, 1);
                for (int r = 0; r < outer; r++) {
                    System.arraycopy(c.values(), r * inner, v, r * innerOut + off, inner);
                }
                off += inner;
            }
            return List.of(new Operand.Const(new Constant(shape, v)));
        }
        List<QValue> vars = new java.util.ArrayList<>();
        for (Operand o : in) {
            if (o instanceof Operand.Var(QValue v)) {
                vars.add(v);
            }
        }
        Rows rows = new Rows(n);
        int[] base = new int[in.size()];
        int[] innerOf = new int[in.size()];
        int cat = 0;
        for (int i = 0; i < in.size(); i++) {
            innerOf[i] = Shapes.size(in.get(i).shape()) / Math.max(outer, 1);
            if (in.get(i) instanceof Operand.Var(QValue v)) {
                base[i] = cat;
                cat += v.size();
            }
        }
        for (int r = 0; r < outer; r++) {
            for (int i = 0; i < in.size(); i++) {
                for (int j = 0; j < innerOf[i]; j++) {
                    switch (in.get(i)) {
                        case Operand.Var(QValue v) -> {
                            rows.term(base[i] + r * innerOf[i] + j, 1L << (scale - v.scale()));
                            rows.endRow(0);
                        }
                        case Operand.Const(Constant c) -> rows.endRow(Fixed.quantize(c.values()[r * innerOf[i] + j], scale, node));
                    }
                }
            }
        }
        return List.of(new Operand.Var(b.linear(node, vars, shape, scale, rows.rowStart(), rows.col(), rows.coef(), rows.constant())));
    }

    /** Applies a source map to either kind of operand. */
    static Operand apply(ProgramBuilder b, Node node, Operand x, int[] source, int[] shape) {
        return switch (x) {
            case Operand.Var(QValue v) -> new Operand.Var(b.gather(node, v, source, shape));
            case Operand.Const(Constant c) -> {
                double[] out = new double[source.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = source[i] < 0 ? 0 : c.values()[source[i]];
                }
                yield new Operand.Const(new Constant(shape, out));
            }
        };
    }

    static int[] identity(int n) {
        int[] s = new int[n];
        Arrays.setAll(s, i -> i);
        return s;
    }

    private static List<Operand> reshape(ProgramBuilder b, Node node, List<Operand> in) {
        Operand x = Ops.required(node, in, 0);
        long[] spec = Ops.intsFromAttrOrInput(node, in, "shape", 1);
        if (spec == null) {
            throw node.error("Reshape needs a shape (input 1, or attribute shape before opset 5)");
        }
        boolean allowZero = node.intAttr("allowzero", 0) != 0;
        int n = Shapes.size(x.shape());
        int[] shape = new int[spec.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < spec.length; i++) {
            long d = spec[i];
            if (d == 0 && !allowZero) {
                if (i >= x.shape().length) {
                    throw node.error("shape entry " + i + " is 0 (copy) but the input has rank " + x.shape().length);
                }
                d = x.shape()[i];
            }
            if (d == -1) {
                if (infer >= 0) {
                    throw node.error("shape " + Arrays.toString(spec) + " has more than one −1");
                }
                infer = i;
                continue;
            }
            if (d < 0) {
                throw node.error("shape " + Arrays.toString(spec) + " has a negative entry");
            }
            shape[i] = (int) d;
            known *= d;
        }
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                throw node.error("cannot reshape " + Ops.shape(x.shape()) + " into " + Arrays.toString(spec));
            }
            shape[infer] = (int) (n / known);
        } else if (known != n) {
            throw node.error("cannot reshape " + Ops.shape(x.shape()) + " (" + n + " elements) into " + Arrays.toString(spec));
        }
        return List.of(apply(b, node, x, identity(n), shape));
    }

    private static List<Operand> flatten(ProgramBuilder b, Node node, List<Operand> in) {
        Operand x = Ops.required(node, in, 0);
        int rank = x.shape().length;
        long axis = node.intAttr("axis", 1);
        int a = axis == rank ? rank : Ops.axis(node, axis, rank);
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= x.shape()[i];
        }
        int n = Shapes.size(x.shape());
        return List.of(apply(b, node, x, identity(n), new int[] {outer, outer == 0 ? 0 : n / outer}));
    }
}
