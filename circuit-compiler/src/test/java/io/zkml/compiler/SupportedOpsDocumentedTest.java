package io.zkml.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zkml.compiler.quant.Ops;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's "Compiling ONNX models" section names every op the compiler supports. */
class SupportedOpsDocumentedTest {

    @Test
    void everySupportedOpIsInTheReadme() throws Exception {
        Path readme = Path.of("").toAbsolutePath().getParent().resolve("README.md");
        assumeTrue(Files.isRegularFile(readme), "skipped: no " + readme);
        String text = Files.readString(readme);
        int from = text.indexOf("### Compiling ONNX models");
        assertThat(from).as("the README's section on compiling").isNotNegative();
        int to = text.indexOf("\n### ", from + 1);
        String section = text.substring(from, to < 0 ? text.length() : to).replace("ReduceMax/Mean/Min/Sum", "ReduceMax ReduceMean ReduceMin ReduceSum");
        List<String> missing = Ops.supported().stream().filter(op -> !Pattern.compile("\\b" + op + "\\b").matcher(section).find()).toList();
        assertThat(missing).as("ops the compiler supports but the README does not name").isEmpty();
        assertThat(Ops.supported()).contains("Gemm", "Conv", "Sigmoid", "Tanh");
    }
}
