package io.zkml.compiler.graph;

/**
 * A node attribute, in the one form its ONNX type gives it.
 */
public sealed interface Attribute {

    record FloatValue(double value) implements Attribute {
    }

    record IntValue(long value) implements Attribute {
    }

    record StringValue(String value) implements Attribute {
    }

    record TensorValue(Constant value) implements Attribute {
    }

    record Floats(double[] values) implements Attribute {
    }

    record Ints(long[] values) implements Attribute {
    }

    /** An attribute type the compiler does not read (graphs, strings lists, sparse tensors, type protos). */
    record Other(String type) implements Attribute {
    }
}
