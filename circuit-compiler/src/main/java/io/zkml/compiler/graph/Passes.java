package io.zkml.compiler.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Graph rewrites that run before quantization. */
public final class Passes {

    private Passes() {
    }

    /** Every pass, in order. */
    public static Graph all(Graph g) {
        return foldBatchNorm(g);
    }

    /**
     * A BatchNormalization whose input is a Conv or Gemm with constant weights, used by nothing else, becomes part
     * of that node: the weights of output channel m scaled by a[m] (Conv: W[m]; Gemm: column m of B, row m with
     * transB) and b'[m] = a[m]·(b[m] − mean[m]) + β[m], with a = γ/√(var + ε) and b Gemm's β·C (C per channel or
     * scalar; Gemm's beta becomes 1). The circuit then pays one rescale for both.
     */
    public static Graph foldBatchNorm(Graph g) {
        Map<String, Integer> uses = new HashMap<>();
        for (Node n : g.nodes()) {
            for (String in : n.inputs()) {
                uses.merge(in, 1, Integer::sum);
            }
        }
        for (ValueInfo o : g.outputs()) {
            uses.merge(o.name(), 1, Integer::sum);
        }
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < g.nodes().size(); i++) {
            for (String out : g.nodes().get(i).outputs()) {
                producer.put(out, i);
            }
        }
        List<Node> nodes = new ArrayList<>(g.nodes());
        Map<String, Constant> constants = new HashMap<>(g.constants());
        boolean changed = false;
        for (int i = 0; i < nodes.size(); i++) {
            Node bn = nodes.get(i);
            if (bn == null || !bn.opType().equals("BatchNormalization") || bn.inputs().size() < 5 || bn.outputs().size() != 1) {
                continue;
            }
            Integer pi = producer.get(bn.inputs().getFirst());
            if (pi == null || uses.getOrDefault(bn.inputs().getFirst(), 0) != 1) {
                continue;
            }
            Node conv = nodes.get(pi);
            if (conv == null || conv.inputs().size() < 2 || !constants.containsKey(conv.inputs().get(1))) {
                continue;
            }
            boolean gemm = conv.opType().equals("Gemm");
            if (!gemm && !conv.opType().equals("Conv")) {
                continue;
            }
            Constant gamma = constants.get(bn.inputs().get(1));
            Constant beta = constants.get(bn.inputs().get(2));
            Constant mean = constants.get(bn.inputs().get(3));
            Constant var = constants.get(bn.inputs().get(4));
            Constant w = constants.get(conv.inputs().get(1));
            Constant bias = conv.hasInput(2) ? constants.get(conv.inputs().get(2)) : null;
            if (gamma == null || beta == null || mean == null || var == null || (conv.hasInput(2) && bias == null)) {
                continue;
            }
            // Gemm: B is [K, N], or [N, K] with transB; its outputs [M, N] have channel n on axis 1, as BatchNormalization reads them
            boolean tb = gemm && conv.intAttr("transB", 0) != 0;
            if (gemm && w.shape().length != 2) {
                continue;
            }
            int m = gemm ? w.shape()[tb ? 0 : 1] : w.shape()[0];
            if (gamma.values().length != m || beta.values().length != m || mean.values().length != m || var.values().length != m) {
                continue;
            }
            // Gemm's C: absent, a scalar, [N] or [1, N] (one value per channel); a C that varies by row stays unfolded
            double biasFactor = gemm ? conv.floatAttr("beta", 1.0) : 1.0;
            if (bias != null && bias.values().length != 1 && !(bias.values().length == m && (bias.shape().length == 1 || bias.shape()[0] == 1))) {
                continue;
            }
            double eps = bn.floatAttr("epsilon", 1e-5);
            double[] w2 = new double[w.values().length];
            double[] b2 = new double[m];
            int per = w.values().length / m;
            for (int c = 0; c < m; c++) {
                double a = gamma.values()[c] / Math.sqrt(var.values()[c] + eps);
                for (int k = 0; k < per; k++) {
                    // Conv: W[m] is the block c·per..; Gemm: column c of B (row c with transB)
                    int at = !gemm || tb ? c * per + k : k * m + c;
                    w2[at] = a * w.values()[at];
                }
                double b = bias == null ? 0 : biasFactor * bias.values()[bias.values().length == 1 ? 0 : c];
                b2[c] = a * (b - mean.values()[c]) + beta.values()[c];
            }
            String wName = unique(constants, conv.outputs().getFirst() + "#bn_folded_weight");
            String bName = unique(constants, conv.outputs().getFirst() + "#bn_folded_bias");
            constants.put(wName, new Constant(w.shape(), w2));
            constants.put(bName, new Constant(new int[] {m}, b2));
            Map<String, Attribute> attrs = new HashMap<>(conv.attributes());
            if (gemm) {
                attrs.put("beta", new Attribute.FloatValue(1.0));
            }
            nodes.set(pi, new Node(conv.index(), conv.name(), conv.opType(), List.of(conv.inputs().getFirst(), wName, bName), bn.outputs(), attrs));
            nodes.set(i, null);
            changed = true;
        }
        if (!changed) {
            return g;
        }
        return new Graph(g.opset(), g.inputs(), g.outputs(), nodes.stream().filter(n -> n != null).toList(), constants);
    }

    private static String unique(Map<String, Constant> constants, String base) {
        String name = base;
        for (int i = 2; constants.containsKey(name); i++) {
            name = base + i;
        }
        return name;
    }
}
