package io.zkml.compiler.quant;

import io.zkml.compiler.graph.Constant;

/** What a node input is during quantization: a constant (folded) or a value the circuit computes. */
public sealed interface Operand {

    int[] shape();

    /** A constant tensor, still real-valued. */
    record Const(Constant c) implements Operand {
        @Override
        public int[] shape() {
            return c.shape();
        }
    }

    /** A quantized value of the program. */
    record Var(QValue v) implements Operand {
        @Override
        public int[] shape() {
            return v.shape();
        }
    }
}
