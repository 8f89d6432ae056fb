package io.zkml.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.circuit.CircuitFiles;
import org.junit.jupiter.api.Test;

/** circuit.json records the clamp and zero-denominator policies; report.json carries each spline's measured error. */
class PolicyReportTest {

    private static Circuit compile(String name) {
        return Compiler.compile(Corpus.model(name), Corpus.optionsFor(Corpus.input(name)));
    }

    @Test
    void sqrtAndDivisionPoliciesAreInCircuitJson() {
        JsonNode sqrt = CircuitFiles.circuitJson(compile("1l_sqrt"), "x");
        assertThat(sqrt.path("policies")).hasSize(1);
        assertThat(sqrt.path("policies").get(0).path("policy").asText()).isEqualTo("Sqrt: inputs below 0 are taken as 0");
        JsonNode div = CircuitFiles.circuitJson(compile("1l_eltwise_div"), "x");
        assertThat(div.path("policies").get(0).path("policy").asText()).startsWith("Div: a zero denominator");
        // a model without such ops has no policies entry
        assertThat(CircuitFiles.circuitJson(compile("1l_sigmoid"), "x").has("policies")).isFalse();
    }

    @Test
    void reportCarriesTheSplineErrorBound() {
        JsonNode report = CircuitFiles.reportJson(compile("1l_sigmoid"));
        JsonNode spline = null;
        for (JsonNode layer : report.path("layers")) {
            if (layer.path("step").asText().equals("Spline")) {
                spline = layer;
            }
        }
        assertThat(spline).isNotNull();
        // the sigmoid's worst error over its input range: above the output rounding, within 1.5 quanta of 2^-8
        assertThat(spline.path("errorBound").asDouble()).isBetween(0.5 / 256, 1.5 / 256);
    }
}
