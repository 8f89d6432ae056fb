package io.zkml.compiler;

import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.witness.WitnessGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorpusSurveyTest {

    @Test
    void survey() throws Exception {
        for (Path d : Files.list(Path.of("src/test/resources/ezkl-dev")).sorted().toList()) {
            String name = d.getFileName().toString();
            try {
                List<double[]> in = Corpus.input(name);
                long t0 = System.nanoTime();
                Circuit c = Compiler.compile(Corpus.model(name), Corpus.optionsFor(in));
                long t1 = System.nanoTime();
                WitnessGenerator.Result r = WitnessGenerator.generate(c, in);
                long t2 = System.nanoTime();
                System.out.printf("OK   %-24s %8d constraints %8d wires compile %5d ms witness %5d ms out %s%n", name, c.r1cs().nConstraints(), c.r1cs().nWires(),
                        (t1 - t0) / 1000000, (t2 - t1) / 1000000, java.util.Arrays.toString(java.util.Arrays.copyOf(r.outputs()[0], Math.min(4, r.outputs()[0].length))));
            } catch (Exception e) {
                System.out.printf("FAIL %-24s %s%n", name, e.getMessage());
            }
        }
    }
}
