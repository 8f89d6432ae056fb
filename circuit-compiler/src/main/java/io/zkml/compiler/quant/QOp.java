package io.zkml.compiler.quant;

/**
 * One step of a quantized program, in exact integer semantics. The closed set of what a circuit computes; the
 * lowering gives each its constraints.
 */
public sealed interface QOp permits Linear, ParamLinear, Rescale, DivRound, Relu, NonNegative, Gather, Product, Spline, Quotient, SquareRoot, Lookup, LeadingOne, Select {

    /** The values read, by id. */
    int[] inputs();

    /** The value written. */
    QValue output();

    /** The ONNX node this step comes from ("node 3 'fc1' (Gemm)"). */
    String origin();

    /**
     * The output for the given input values (one array per input, in {@link #inputs()} order): the reference
     * semantics that the circuit's witness must reproduce.
     */
    long[] evaluate(long[][] in);
}
