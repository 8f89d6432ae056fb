package io.zkml.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Recomputes the accuracy part of each committed {@code models/<name>/report.json} (the quantized circuit against
 * ONNX Runtime on the whole held-out split) and checks it is the committed one; the proving times in the
 * reports are measurements, not recomputed.
 */
class ExampleModelsTest {

    static final List<String> MODELS = ExampleModel.NAMES;

    @ParameterizedTest
    @FieldSource("MODELS")
    void reportHoldsOnTheWholeHeldOutSplit(String name) throws Exception {
        ExampleModel m = ExampleModel.load(name);
        ExampleModel.Evaluation e = m.evaluate();
        JsonNode report = new ObjectMapper().readTree(m.dir().resolve("report.json").toFile());
        ObjectNode now = e.toJson(m);
        for (Map.Entry<String, JsonNode> field : now.properties()) {
            if (field.getKey().equals("float_oracle")) {
                continue;
            }
            JsonNode committed = report.get(field.getKey());
            assertThat(committed).as(name + "/report.json has " + field.getKey()).isNotNull();
            if (field.getValue().isFloatingPointNumber()) {
                // ONNX Runtime's float32 kernels may round differently on another CPU: the errors agree to 1e-5
                assertThat(field.getValue().asDouble()).as(name + " " + field.getKey())
                        .isCloseTo(committed.asDouble(), within(1e-5 * Math.max(1, Math.abs(committed.asDouble()))));
            } else {
                assertThat(field.getValue()).as(name + " " + field.getKey()).isEqualTo(committed);
            }
        }
        if (m.classifier()) {
            assertThat(e.agree()).as(name + ": argmax agreement").isGreaterThanOrEqualTo(report.get("argmax_agreement").asInt());
            assertThat(e.floatCorrect()).as(name + ": the float model's held-out accuracy in meta.json")
                    .isEqualTo(m.meta().path("float_model").path("heldout_correct").asInt());
        } else {
            assertThat(e.floatMae()).as(name + ": the float model's held-out MAE in meta.json")
                    .isCloseTo(m.meta().path("float_model").path("heldout_mae").asDouble(), within(1e-3));
        }
    }

    @ParameterizedTest
    @FieldSource("MODELS")
    void heldOutFloatOutputsAreTheModelsAndTheSampleIsTheFirstPatient(String name) throws Exception {
        ExampleModel m = ExampleModel.load(name);
        JsonNode heldout = new ObjectMapper().readTree(m.dir().resolve("heldout.json").toFile());
        JsonNode stored = heldout.get("output_data").get(0);
        int[] shape = new ObjectMapper().convertValue(m.meta().path("input").path("shape"), int[].class);
        List<float[]> ort = OrtOracle.runEach(m.model(), m.samples(), shape);
        int per = ort.getFirst().length;
        assertThat(stored.size()).isEqualTo(per * m.samples().size());
        for (int s = 0; s < ort.size(); s++) {
            for (int j = 0; j < per; j++) {
                assertThat((double) ort.get(s)[j]).as(name + " sample " + s + " output " + j)
                        .isCloseTo(stored.get(s * per + j).asDouble(), within(1e-4 * Math.max(1, Math.abs(ort.get(s)[j]))));
            }
        }
        List<double[]> first = io.zkml.compiler.witness.IoJson.readInput(m.dir().resolve("input.json"));
        assertThat(first).hasSize(1);
        assertThat(first.getFirst()).containsExactly(m.samples().getFirst());
        assertThat(Files.exists(m.dir().resolve("model.onnx"))).isTrue();
    }
}
