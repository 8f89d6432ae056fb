package io.zkml.compiler.quant;

import io.zkml.compiler.graph.Node;
import java.util.List;

/**
 * MatMul of two computed tensors (attention's Q·Kᵀ and weights·V): every a[.., i, k]·b[.., k, j] is one product
 * constraint, the sums over k are linear, and each output is rescaled by min(s_a, s_b) as Mul does: m·k·n products
 * per batch plus one rescale per output.
 */
final class VariableMatMul {

    private VariableMatMul() {
    }

    /** The product of a (batch index map ia, m × k) and b (batch index map ib, k × n). */
    static QValue matmul(ProgramBuilder b, Node node, QValue a, QValue c, int[] ia, int[] ib, int m, int k, int n, int[] outShape) {
        int nb = ia.length;
        int total = nb * m * n * k;
        int[] left = new int[total];
        int[] right = new int[total];
        int e = 0;
        for (int t = 0; t < nb; t++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    for (int kk = 0; kk < k; kk++) {
                        left[e] = (ia[t] * m + i) * k + kk;
                        right[e] = (ib[t] * k + kk) * n + j;
                        e++;
                    }
                }
            }
        }
        QValue p = b.product(node, a, c, left, right, new int[] {total});
        Rows rows = new Rows(nb * m * n);
        for (int o = 0; o < nb * m * n; o++) {
            for (int kk = 0; kk < k; kk++) {
                rows.term(o * k + kk, 1);
            }
            rows.endRow(0);
        }
        QValue sum = b.linear(node, List.of(p), outShape, p.scale(), rows.rowStart(), rows.col(), rows.coef(), rows.constant());
        return b.rescale(node, sum, Math.min(a.scale(), c.scale()));
    }
}
