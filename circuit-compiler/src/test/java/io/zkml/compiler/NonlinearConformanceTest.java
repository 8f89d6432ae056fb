package io.zkml.compiler;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ezkl-dev corpus models made of the non-linear ops, under the same checks as {@link ConformanceTest}: the
 * witness satisfies the R1CS and equals the reference evaluation, every wire is determined, the outputs are
 * within 0.01 + 2% of ONNX Runtime's largest output magnitude, and the circuit size matches the golden CSV.
 */
class NonlinearConformanceTest {

    @ParameterizedTest
    @ValueSource(strings = {"1l_sigmoid", "1l_tanh", "1l_erf", "1l_elu", "celu", "1l_gelu_noappx", "1l_gelu_tanh_appx", "1l_sqrt", "1l_powf", "1l_eltwise_div", "1l_softmax", "1l_lppool",
        "2l_relu_sigmoid_small"})
    void matchesOnnxRuntime(String name) throws Exception {
        new ConformanceTest().matchesOnnxRuntime(name);
    }

    /** 1l_instance_norm's sample inputs are below 0.07: at 2^−8 their quantization alone moves (x − μ)/σ by 0.05. */
    @org.junit.jupiter.api.Test
    void instanceNormAtAFinerInputScale() throws Exception {
        ConformanceTest.check("1l_instance_norm", Corpus.optionsFor(Corpus.input("1l_instance_norm")).withScales(12, 8));
    }
}
