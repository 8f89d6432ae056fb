package io.zkml.compiler;

import io.zkml.compiler.onnx.proto.OnnxProto.GraphProto;
import io.zkml.compiler.onnx.proto.OnnxProto.ModelProto;
import io.zkml.compiler.onnx.proto.OnnxProto.TensorProto;
import io.zkml.compiler.onnx.proto.OnnxProto.ValueInfoProto;
import io.zkml.compiler.graph.Constant;
import java.util.ArrayList;
import java.util.List;

/**
 * One ONNX backend node test ({@code onnx-node/<name>}: model.onnx, test_data_set_0/input_N.pb and output_N.pb):
 * input 0 stays the circuit's input; the other inputs (weights, shapes, second operands) are fixed in the circuit
 * by moving them into initializers, as a model owner's weights would be.
 */
record OnnxNodeCase(String name, byte[] model, double[] input, Constant expected) {

    static OnnxNodeCase load(String name) throws Exception {
        String dir = "/onnx-node/" + name;
        ModelProto m = ModelProto.parseFrom(Corpus.resource(dir + "/model.onnx"));
        GraphProto g = m.getGraph();
        GraphProto.Builder gb = g.toBuilder().clearInput();
        List<ValueInfoProto> inputs = new ArrayList<>(g.getInputList());
        gb.addInput(inputs.getFirst());
        for (int i = 1; i < inputs.size(); i++) {
            TensorProto t = TensorProto.parseFrom(Corpus.resource(dir + "/test_data_set_0/input_" + i + ".pb"));
            gb.addInitializer(t.toBuilder().setName(inputs.get(i).getName()));
        }
        byte[] model = m.toBuilder().setGraph(gb).build().toByteArray();
        TensorProto in = TensorProto.parseFrom(Corpus.resource(dir + "/test_data_set_0/input_0.pb"));
        TensorProto out = TensorProto.parseFrom(Corpus.resource(dir + "/test_data_set_0/output_0.pb"));
        return new OnnxNodeCase(name, model, io.zkml.compiler.onnx.Tensors.decode(in, "input_0").values(),
                io.zkml.compiler.onnx.Tensors.decode(out, "output_0"));
    }

    /** A declared range covering the sample input: whole numbers, at least −1:1. */
    CompileOptions options() {
        double lo = -1;
        double hi = 1;
        for (double x : input) {
            lo = Math.min(lo, Math.floor(x));
            hi = Math.max(hi, Math.ceil(x));
        }
        return CompileOptions.withRange(lo, hi);
    }
}
