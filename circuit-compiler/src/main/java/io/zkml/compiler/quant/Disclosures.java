package io.zkml.compiler.quant;

import io.zkml.compiler.CompileException;
import io.zkml.compiler.Visibility;
import io.zkml.compiler.graph.Node;
import java.math.BigDecimal;
import java.util.List;

/**
 * What a graph output's public signals hold, built from existing steps so that each has its evaluate, its lowering
 * and its proven bounds:
 * <ul>
 *   <li>argmax: {@link SelectOps#argExtremum} along the last axis, first index on ties (m = max by the ReLU chain,
 *       eᵢ = [xᵢ − m ≥ 0], the first i with eᵢ = 1 selected by a running product);</li>
 *   <li>a threshold T at the output's scale s: one sign decomposition per element, [q − ⌊T·2^s⌋ − 1 ≥ 0] for gt,
 *       [q − ⌈T·2^s⌉ ≥ 0] for ge, [⌈T·2^s⌉ − 1 − q ≥ 0] for lt, [⌊T·2^s⌋ − q ≥ 0] for le (the bound clamped to
 *       the output's proven range widened by one, which changes no bit);</li>
 *   <li>public:I,J,…: a gather of those elements, which costs nothing.</li>
 * </ul>
 */
public final class Disclosures {

    private Disclosures() {
    }

    /**
     * The value that output v discloses under vis: v itself when public, null when private or hashed (the hash
     * layer lowers the commitment).
     *
     * @param node names the steps added (their origin in the report)
     * @throws CompileException if the predicate does not fit the output's shape
     */
    public static QValue disclose(ProgramBuilder b, Node node, QValue v, Visibility vis) {
        return switch (vis) {
            case Visibility.Plain p -> p == Visibility.PUBLIC ? v : null;
            case Visibility.ArgMax a -> argMax(b, node, v);
            case Visibility.Threshold t -> threshold(b, node, v, t);
            case Visibility.Elements e -> elements(b, node, v, e);
        };
    }

    private static QValue argMax(ProgramBuilder b, Node node, QValue v) {
        int[] s = v.shape();
        if (s.length == 0 || s[s.length - 1] == 0) {
            throw node.error("argmax needs an output with a non-empty last axis, the output has shape " + Ops.shape(s));
        }
        int ax = s.length - 1;
        if (s[ax] == 1) {
            // one element per row: the index is 0, a constant
            int rows = v.size();
            return b.affine(node, List.of(), new int[0][], new long[0], new long[rows], SelectOps.dropAxis(s, ax), 0);
        }
        return SelectOps.argExtremum(b, node, v, ax, true, false, SelectOps.dropAxis(s, ax));
    }

    private static QValue threshold(ProgramBuilder b, Node node, QValue v, Visibility.Threshold t) {
        boolean upper = t.op() == Visibility.Comparison.GT || t.op() == Visibility.Comparison.LE;
        BigDecimal bound = upper ? t.scaledFloor(v.scale()) : t.scaledCeiling(v.scale());
        // outside [min − 1, max + 1] the bound decides every bit the same way as the nearest end does
        long k = bound.max(BigDecimal.valueOf(v.min() - 1)).min(BigDecimal.valueOf(v.max() + 1)).longValueExact();
        long[] signAndConstant = switch (t.op()) {
            case GT -> new long[] {1, -k - 1};
            case GE -> new long[] {1, -k};
            case LT -> new long[] {-1, k - 1};
            case LE -> new long[] {-1, k};
        };
        int n = v.size();
        long[] c = new long[n];
        java.util.Arrays.fill(c, signAndConstant[1]);
        QValue d = b.affine(node, List.of(v), new int[][] {ActivationOps.identity(n)}, new long[] {signAndConstant[0]}, c, v.shape(), v.scale());
        return b.nonNegative(node, d);
    }

    private static QValue elements(ProgramBuilder b, Node node, QValue v, Visibility.Elements e) {
        int[] source = e.indices().stream().mapToInt(Integer::intValue).toArray();
        for (int i : source) {
            if (i >= v.size()) {
                throw node.error("element " + i + " is not in the output: it has " + v.size() + " elements (shape " + Ops.shape(v.shape()) + ")");
            }
        }
        return b.gather(node, v, source, new int[] {source.length});
    }
}
