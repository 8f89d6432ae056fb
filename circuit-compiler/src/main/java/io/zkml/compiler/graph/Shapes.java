package io.zkml.compiler.graph;

import java.util.Arrays;

/** Row-major shape arithmetic: sizes, strides and numpy broadcasting. */
public final class Shapes {

    private Shapes() {
    }

    /** The number of elements; 1 for a scalar. */
    public static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31 elements");
            }
        }
        return (int) n;
    }

    /** Row-major strides. */
    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /**
     * The numpy broadcast of two shapes.
     *
     * @throws IllegalArgumentException if they do not broadcast
     */
    public static int[] broadcast(int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * For each element of {@code target} (row-major), the index of the element of a tensor of shape {@code from}
     * that broadcasting maps to it.
     */
    public static int[] broadcastIndex(int[] from, int[] target) {
        int n = target.length;
        int off = n - from.length;
        int[] fromStrides = strides(from);
        int total = size(target);
        int[] out = new int[total];
        int[] idx = new int[n];
        for (int e = 0; e < total; e++) {
            int src = 0;
            for (int d = off; d < n; d++) {
                if (from[d - off] != 1) {
                    src += idx[d] * fromStrides[d - off];
                }
            }
            out[e] = src;
            for (int d = n - 1; d >= 0; d--) {
                if (++idx[d] < target[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return out;
    }
}
