package io.zkml.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.witness.WitnessGenerator;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ONNX backend node tests of the supported ops (copied into the test resources): each compiles, its witness
 * satisfies the R1CS, its dequantized output is within 0.01 + 2% of the expected output's largest magnitude, and
 * every wire is determined by the inputs.
 * The few cases the compiler refuses are listed in {@link #REFUSED} with their reason, and must keep being refused
 * with a clear error (not a crash).
 */
class OnnxNodeTest {

    /** Cases outside what the compiler supports, each refused with a CompileException. */
    static final Set<String> REFUSED = Set.of(
            // ceil_mode = 1 (and, for the first, dilations in AveragePool)
            "test_averagepool_2d_dilations", "test_averagepool_2d_ceil", "test_averagepool_2d_ceil_last_window_starts_on_pad", "test_maxpool_2d_ceil",
            "test_maxpool_2d_ceil_output_size_reduce_by_one",
            // the Indices output of MaxPool
            "test_maxpool_with_argmax_2d_precomputed_pads", "test_maxpool_with_argmax_2d_precomputed_strides",
            // softmax spelled out as ReduceMax, Sub, Exp on inputs up to 10^4: plain intervals bound x − max(x) by 10^4, and
            // Exp of that exceeds 2^60 (the Softmax op itself is a composite that proves x − max(x) ≤ 0 and passes)
            "test_softmax_large_number_expanded", "test_softmax_large_number_expanded_ver18");

    static Stream<String> cases() throws IOException, URISyntaxException {
        Path root = Path.of(OnnxNodeTest.class.getResource("/onnx-node").toURI());
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesTheExpectedOutput(String name) throws Exception {
        OnnxNodeCase c = OnnxNodeCase.load(name);
        if (REFUSED.contains(name)) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Compiler.compile(c.model(), c.options())))
                    .as(name).isInstanceOf(CompileException.class);
            return;
        }
        Circuit circuit = Compiler.compile(c.model(), c.options());
        WitnessGenerator.Result r = WitnessGenerator.generate(circuit, List.of(c.input()));
        double[] expected = c.expected().values();
        double max = 0;
        for (double v : expected) {
            max = Math.max(max, Math.abs(v));
        }
        double tol = 0.01 + 0.02 * max;
        assertThat(r.outputs()[0]).as(name).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(r.outputs()[0][i]).as("%s element %d (expected %s ± %s)", name, i, expected[i], tol).isCloseTo(expected[i], Offset.offset(tol));
        }
        assertThat(circuit.program().outputs().getFirst().value().shape()).as(name + " shape").isEqualTo(c.expected().shape());
        Determinism.Result d = Determinism.check(circuit.r1cs());
        assertThat(d.undetermined()).as("%s: wire %s is not determined by the inputs", name, d.firstUndetermined()).isZero();
    }
}
