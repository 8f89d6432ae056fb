package io.zkml.compiler;

import com.google.protobuf.ByteString;
import io.zkml.compiler.onnx.proto.OnnxProto.AttributeProto;
import io.zkml.compiler.onnx.proto.OnnxProto.GraphProto;
import io.zkml.compiler.onnx.proto.OnnxProto.ModelProto;
import io.zkml.compiler.onnx.proto.OnnxProto.NodeProto;
import io.zkml.compiler.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.zkml.compiler.onnx.proto.OnnxProto.TensorProto;
import io.zkml.compiler.onnx.proto.OnnxProto.TensorShapeProto;
import io.zkml.compiler.onnx.proto.OnnxProto.TypeProto;
import io.zkml.compiler.onnx.proto.OnnxProto.ValueInfoProto;

/** Small ONNX models built in tests with the generated protobuf classes. */
final class Models {

    private Models() {
    }

    static ValueInfoProto floatInput(String name, long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    static ValueInfoProto output(String name) {
        return ValueInfoProto.newBuilder().setName(name).build();
    }

    static TensorProto floats(String name, long[] dims, double... v) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(1);
        for (long d : dims) {
            t.addDims(d);
        }
        for (double x : v) {
            t.addFloatData((float) x);
        }
        return t.build();
    }

    static TensorProto ints(String name, long... v) {
        return TensorProto.newBuilder().setName(name).setDataType(7).addDims(v.length)
                .addAllInt64Data(java.util.Arrays.stream(v).boxed().toList()).build();
    }

    static AttributeProto intsAttr(String name, long... v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS)
                .addAllInts(java.util.Arrays.stream(v).boxed().toList()).build();
    }

    static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    static AttributeProto floatAttr(String name, double v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF((float) v).build();
    }

    static NodeProto node(String op, String name, String[] inputs, String[] outputs, AttributeProto... attrs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name);
        for (String i : inputs) {
            n.addInput(i);
        }
        for (String o : outputs) {
            n.addOutput(o);
        }
        for (AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        return n.build();
    }

    static byte[] model(int opset, GraphProto.Builder g) {
        return ModelProto.newBuilder().setIrVersion(8).addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(g).build().toByteArray();
    }

    static TensorProto float16(String name) {
        return TensorProto.newBuilder().setName(name).setDataType(10).addDims(1).setRawData(ByteString.copyFrom(new byte[2])).build();
    }
}
