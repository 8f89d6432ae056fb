package io.zkml.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.onnx.proto.OnnxProto.GraphProto;
import io.zkml.compiler.witness.WitnessGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading models: clear errors for bad ones, both spellings of moved attributes, BatchNorm folding. */
class ReaderTest {

    private static String error(byte[] model) {
        Throwable t = catchThrowable(() -> Compiler.compile(model, CompileOptions.withRange(-1, 1)));
        assertThat(t).isInstanceOf(CompileException.class);
        return t.getMessage();
    }

    private static GraphProto.Builder reluGraph() {
        return GraphProto.newBuilder().addInput(Models.floatInput("x", 1, 4)).addOutput(Models.output("y"))
                .addNode(Models.node("Relu", "r", new String[] {"x"}, new String[] {"y"}));
    }

    @Test
    void malformedProtobufIsNamed() {
        assertThat(error(new byte[] {0x0a, (byte) 0xff, 0x01})).startsWith("not an ONNX model");
        assertThat(error(new byte[0])).contains("no graph");
    }

    @Test
    void opsetOutsideTheSupportedRangeIsRefused() {
        assertThat(error(Models.model(8, reluGraph()))).contains("opset 8").contains("9 to 25");
        assertThat(error(Models.model(26, reluGraph()))).contains("opset 26");
    }

    @Test
    void missingInitializerNamesTheNodeAndInput() {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(Models.floatInput("x", 1, 4)).addOutput(Models.output("y"))
                .addNode(Models.node("Relu", "first", new String[] {"x"}, new String[] {"h"}))
                .addNode(Models.node("Gemm", "fc", new String[] {"h", "W", "B"}, new String[] {"y"}));
        assertThat(error(Models.model(13, g))).isEqualTo("node 1 'fc' (Gemm): input 1 'W' is neither a graph input, an initializer nor the output of an earlier node");
    }

    @Test
    void unsupportedDataTypeIsNamed() {
        GraphProto.Builder g = reluGraph().addInitializer(Models.float16("h"));
        assertThat(error(Models.model(13, g))).contains("initializer 0 'h'").contains("FLOAT16 is not supported");
    }

    @Test
    void unknownOpListsTheSupportedOnes() {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(Models.floatInput("x", 1, 4)).addOutput(Models.output("y"))
                .addNode(Models.node("Hardmax", "s", new String[] {"x"}, new String[] {"y"}));
        assertThat(error(Models.model(13, g))).startsWith("node 0 's' (Hardmax): unsupported operator Hardmax; supported: Abs, Add,").contains("Relu");
    }

    @Test
    void axesAsAttributeAndAsInputGiveTheSameCircuit() {
        // opset 11: Unsqueeze/Squeeze axes and ReduceSum axes are attributes; opset 13: inputs (ReduceSum keeps them as inputs from 13)
        GraphProto.Builder old = GraphProto.newBuilder().addInput(Models.floatInput("x", 1, 4)).addOutput(Models.output("y"))
                .addNode(Models.node("Unsqueeze", "u", new String[] {"x"}, new String[] {"a"}, Models.intsAttr("axes", 0)))
                .addNode(Models.node("Squeeze", "s", new String[] {"a"}, new String[] {"b"}, Models.intsAttr("axes", 0)))
                .addNode(Models.node("ReduceSum", "r", new String[] {"b"}, new String[] {"y"}, Models.intsAttr("axes", 1)));
        GraphProto.Builder neu = GraphProto.newBuilder().addInput(Models.floatInput("x", 1, 4)).addOutput(Models.output("y"))
                .addInitializer(Models.ints("zero", 0)).addInitializer(Models.ints("one", 1))
                .addNode(Models.node("Unsqueeze", "u", new String[] {"x", "zero"}, new String[] {"a"}))
                .addNode(Models.node("Squeeze", "s", new String[] {"a", "zero"}, new String[] {"b"}))
                .addNode(Models.node("ReduceSum", "r", new String[] {"b", "one"}, new String[] {"y"}));
        Circuit c11 = Compiler.compile(Models.model(11, old), CompileOptions.withRange(-1, 1));
        Circuit c13 = Compiler.compile(Models.model(13, neu), CompileOptions.withRange(-1, 1));
        assertThat(c13.r1cs()).isEqualTo(c11.r1cs());
        WitnessGenerator.Result r = WitnessGenerator.generate(c13, List.of(new double[] {0.5, -0.25, 0.125, 1}));
        assertThat(r.outputs()[0]).containsExactly(1.375);
    }

    @Test
    void padModesMatchOnnxRuntime() throws Exception {
        double[] x = {0.5, -0.25, 0.75, 1.0, -0.5, 0.125};
        for (String mode : new String[] {"constant", "edge", "reflect"}) {
            GraphProto.Builder g = GraphProto.newBuilder().addInput(Models.floatInput("x", 1, 2, 3)).addOutput(Models.output("y"))
                    .addInitializer(Models.ints("pads", 0, 1, 2, 0, 1, 1)).addInitializer(Models.floats("v", new long[0], 0.375))
                    .addNode(Models.node("Pad", "pad", new String[] {"x", "pads", "v"}, new String[] {"y"},
                            io.zkml.compiler.onnx.proto.OnnxProto.AttributeProto.newBuilder().setName("mode")
                                    .setType(io.zkml.compiler.onnx.proto.OnnxProto.AttributeProto.AttributeType.STRING)
                                    .setS(com.google.protobuf.ByteString.copyFromUtf8(mode)).build()));
            byte[] model = Models.model(13, g);
            float[] expected = OrtOracle.run(model, List.of(x), List.of(new int[] {1, 2, 3})).getFirst();
            Circuit c = Compiler.compile(model, CompileOptions.withRange(-1, 1));
            double[] got = WitnessGenerator.generate(c, List.of(x)).outputs()[0];
            assertThat(got).as(mode).hasSize(expected.length);
            for (int i = 0; i < got.length; i++) {
                assertThat(got[i]).as("%s element %d", mode, i).isEqualTo(expected[i], org.assertj.core.data.Offset.offset(1e-9));
            }
        }
    }

    @Test
    void batchNormAfterConvIsFoldedIntoIt() throws Exception {
        double[] w = {0.5, -0.25, 0.75, 1.0, -0.5, 0.25, 0.125, 0.5};
        GraphProto.Builder g = GraphProto.newBuilder().addInput(Models.floatInput("x", 1, 1, 3, 3)).addOutput(Models.output("y"))
                .addInitializer(Models.floats("W", new long[] {2, 1, 2, 2}, w))
                .addInitializer(Models.floats("B", new long[] {2}, 0.1, -0.2))
                .addInitializer(Models.floats("gamma", new long[] {2}, 1.5, 0.5))
                .addInitializer(Models.floats("beta", new long[] {2}, 0.25, -0.125))
                .addInitializer(Models.floats("mean", new long[] {2}, 0.1, 0.3))
                .addInitializer(Models.floats("var", new long[] {2}, 0.8, 1.2))
                .addNode(Models.node("Conv", "conv", new String[] {"x", "W", "B"}, new String[] {"c"}))
                .addNode(Models.node("BatchNormalization", "bn", new String[] {"c", "gamma", "beta", "mean", "var"}, new String[] {"y"},
                        Models.floatAttr("epsilon", 1e-5)));
        byte[] model = Models.model(13, g);
        Circuit c = Compiler.compile(model, CompileOptions.withRange(-1, 1));
        assertThat(c.layers()).noneMatch(l -> l.origin().contains("BatchNormalization"));
        assertThat(c.layers().stream().filter(l -> l.step().equals("Rescale")).count()).isEqualTo(1);
        double[] x = {0.5, -0.5, 0.25, 1, 0, -1, 0.75, -0.25, 0.125};
        float[] expected = OrtOracle.run(model, List.of(x), List.of(new int[] {1, 1, 3, 3})).getFirst();
        double[] got = WitnessGenerator.generate(c, List.of(x)).outputs()[0];
        assertThat(got).hasSize(expected.length);
        for (int i = 0; i < got.length; i++) {
            assertThat(got[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(0.03));
        }
    }

    /**
     * Gemm then BatchNormalization over its N = 2 channels, against ONNX Runtime: folded for every transA/transB,
     * alpha, beta and a C that is absent, scalar, [N] or [1, N]; a C of shape [M, N] (varying by row) stays
     * unfolded and is still computed right.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"0,0,none,1,1", "0,1,vector,1,1", "1,0,scalar,0.5,2", "1,1,row,2,-0.5", "0,1,matrix,1,0.5"})
    void batchNormAfterGemmIsFoldedIntoIt(int transA, int transB, String biasKind, double alpha, double beta) throws Exception {
        // A is [M, K] = [2, 3] (stored [3, 2] with transA); B is [K, N] = [3, 2] (stored [2, 3] with transB)
        double[] b = transB == 0 ? new double[] {0.5, -0.25, 0.75, 1.0, -0.5, 0.25} : new double[] {0.5, 0.75, -0.5, -0.25, 1.0, 0.25};
        GraphProto.Builder g = GraphProto.newBuilder().addInput(Models.floatInput("x", transA == 0 ? 2 : 3, transA == 0 ? 3 : 2))
                .addOutput(Models.output("y"))
                .addInitializer(Models.floats("B", transB == 0 ? new long[] {3, 2} : new long[] {2, 3}, b))
                .addInitializer(Models.floats("gamma", new long[] {2}, 1.5, 0.5))
                .addInitializer(Models.floats("beta", new long[] {2}, 0.25, -0.125))
                .addInitializer(Models.floats("mean", new long[] {2}, 0.1, 0.3))
                .addInitializer(Models.floats("var", new long[] {2}, 0.8, 1.2));
        List<String> gemmIn = new java.util.ArrayList<>(List.of("x", "B"));
        switch (biasKind) {
            case "vector" -> g.addInitializer(Models.floats("C", new long[] {2}, 0.1, -0.2));
            case "scalar" -> g.addInitializer(Models.floats("C", new long[] {}, 0.3));
            case "row" -> g.addInitializer(Models.floats("C", new long[] {1, 2}, -0.1, 0.2));
            case "matrix" -> g.addInitializer(Models.floats("C", new long[] {2, 2}, 0.1, -0.2, 0.3, 0.4));
            default -> { }
        }
        if (!biasKind.equals("none")) {
            gemmIn.add("C");
        }
        g.addNode(Models.node("Gemm", "fc", gemmIn.toArray(String[]::new), new String[] {"h"}, Models.intAttr("transA", transA),
                        Models.intAttr("transB", transB), Models.floatAttr("alpha", alpha), Models.floatAttr("beta", beta)))
                .addNode(Models.node("BatchNormalization", "bn", new String[] {"h", "gamma", "beta", "mean", "var"}, new String[] {"y"},
                        Models.floatAttr("epsilon", 1e-5)));
        byte[] model = Models.model(13, g);
        Circuit c = Compiler.compile(model, CompileOptions.withRange(-1, 1));
        boolean folds = !biasKind.equals("matrix");
        assertThat(c.layers().stream().anyMatch(l -> l.origin().contains("BatchNormalization"))).as("BatchNormalization left").isEqualTo(!folds);
        if (folds) {
            assertThat(c.layers().stream().filter(l -> l.step().equals("Rescale")).count()).isEqualTo(1);
        }
        double[] x = {0.5, -0.5, 0.25, 1, 0, -0.75};
        int[] shape = transA == 0 ? new int[] {2, 3} : new int[] {3, 2};
        float[] expected = OrtOracle.run(model, List.of(x), List.of(shape)).getFirst();
        double[] got = WitnessGenerator.generate(c, List.of(x)).outputs()[0];
        assertThat(got).hasSize(expected.length);
        for (int i = 0; i < got.length; i++) {
            assertThat(got[i]).as("element %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(0.03));
        }
        ConformanceTest.everyInRangeInputProves(c);
    }
}
