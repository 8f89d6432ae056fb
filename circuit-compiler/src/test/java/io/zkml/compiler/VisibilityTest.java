package io.zkml.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.circuit.CircuitFiles;
import io.zkml.compiler.onnx.proto.OnnxProto.GraphProto;
import io.zkml.compiler.witness.WitnessGenerator;
import io.zkml.core.field.Fr;
import io.zkml.core.r1cs.WireLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Visibility per input and output, and circom's public-signal order: public outputs, then public inputs. */
class VisibilityTest {

    private static byte[] twoInTwoOut() {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(Models.floatInput("x", 1, 2)).addInput(Models.floatInput("y", 1, 2))
                .addOutput(Models.output("s")).addOutput(Models.output("r"))
                .addNode(Models.node("Add", "add", new String[] {"x", "y"}, new String[] {"s"}))
                .addNode(Models.node("Relu", "relu", new String[] {"s"}, new String[] {"r"}));
        return Models.model(13, g);
    }

    @Test
    void publicSignalsAreThePublicOutputsThenThePublicInputs() {
        CompileOptions o = CompileOptions.withRange(-1, 1).withVisibility(List.of(Visibility.PUBLIC, Visibility.PRIVATE),
                List.of(Visibility.PRIVATE, Visibility.PUBLIC));
        Circuit c = Compiler.compile(twoInTwoOut(), o);
        WireLayout l = c.r1cs().wires();
        assertThat(l.nPubOut()).isEqualTo(2);
        assertThat(l.nPubIn()).isEqualTo(2);
        assertThat(l.nPrvIn()).isEqualTo(2);
        double[] x = {0.5, -0.75};
        double[] y = {-0.25, 0.5};
        WitnessGenerator.Result r = WitnessGenerator.generate(c, List.of(x, y));
        List<Fr> pub = c.r1cs().publicSignals(r.witness());
        // r = relu(x + y) = [0.25, 0], then x itself, at scale 8
        assertThat(pub).containsExactly(Fr.of(64), Fr.of(0), Fr.of(128), Fr.of(-192));
        assertThat(r.outputs()[0]).containsExactly(0.25, -0.25);
        JsonNode json = CircuitFiles.circuitJson(c, "sha");
        assertThat(json.path("publicSignals").toString())
                .isEqualTo("[{\"kind\":\"output\",\"tensor\":\"r\",\"firstSignal\":1,\"count\":2,\"visibility\":\"public\"},"
                        + "{\"kind\":\"input\",\"tensor\":\"x\",\"firstSignal\":3,\"count\":2,\"visibility\":\"public\"}]");
        assertThat(json.path("inputs").get(1).path("visibility").asText()).isEqualTo("private");
    }

    @Test
    void defaultsArePrivateInputsAndPublicOutputs() {
        Circuit c = Compiler.compile(twoInTwoOut(), CompileOptions.withRange(-1, 1));
        assertThat(c.r1cs().wires().nPubOut()).isEqualTo(4);
        assertThat(c.r1cs().wires().nPubIn()).isZero();
        assertThat(c.r1cs().wires().nPrvIn()).isEqualTo(4);
    }

    @Test
    void aVisibilityListOfTheWrongLengthIsRefused() {
        CompileOptions o = CompileOptions.withRange(-1, 1).withVisibility(List.of(Visibility.PUBLIC, Visibility.PRIVATE, Visibility.PUBLIC),
                List.of(Visibility.PUBLIC));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Compiler.compile(twoInTwoOut(), o)))
                .isInstanceOf(CompileException.class).hasMessageContaining("--input-visibility is given 3 times for 2 tensors");
    }
}
