package io.zkml.compiler;

import io.zkml.compiler.witness.IoJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The ezkl-dev models copied into the test resources (network.onnx, input.json). */
final class Corpus {

    private Corpus() {
    }

    static byte[] model(String name) {
        return resource("/ezkl-dev/" + name + "/network.onnx");
    }

    static List<double[]> input(String name) {
        try {
            return IoJson.parseInput(new com.fasterxml.jackson.databind.ObjectMapper().readTree(resource("/ezkl-dev/" + name + "/input.json")), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] resource(String path) {
        try (InputStream in = Corpus.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A range covering the sample input, at least −1:1, widened to whole numbers. */
    static CompileOptions optionsFor(List<double[]> input) {
        double lo = -1;
        double hi = 1;
        for (double[] a : input) {
            for (double x : a) {
                lo = Math.min(lo, Math.floor(x));
                hi = Math.max(hi, Math.ceil(x));
            }
        }
        return CompileOptions.withRange(lo, hi);
    }
}
