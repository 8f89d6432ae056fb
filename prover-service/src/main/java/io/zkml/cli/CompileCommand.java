package io.zkml.cli;

import io.zkml.compiler.CompileOptions;
import io.zkml.compiler.Compiler;
import io.zkml.compiler.ParamVisibility;
import io.zkml.compiler.Visibility;
import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.circuit.CircuitFiles;
import io.zkml.compiler.witness.IoJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "compile",
        mixinStandardHelpOptions = true,
        description = {"Compiles an ONNX model into a circuit: DIR/circuit.r1cs (circom format), circuit.json, report.json, report.txt and a copy of the model.",
                "Every graph input is range-checked in the circuit against its declared --input-range.",
                "Prints the per-layer report; a model the compiler cannot handle: a one-line reason naming the node (exit 2)."})
final class CompileCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "model.onnx", description = "the model")
    Path model;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "the directory to write")
    Path dir;

    @Option(names = "--input-range", paramLabel = "LO:HI",
            description = "the real range of the input elements; once for all inputs or once per input, in order")
    List<String> ranges;

    @Option(names = "--calibration", paramLabel = "input.json",
            description = "sample inputs (EZKL's input.json form); without --input-range they propose each input's range:"
                    + " the samples' range widened by a quarter of its width on each side")
    Path calibration;

    @Option(names = "--input-scale", defaultValue = "" + CompileOptions.DEFAULT_SCALE, paramLabel = "S",
            description = "fractional bits of the inputs (default ${DEFAULT-VALUE})")
    int inputScale;

    @Option(names = "--param-scale", defaultValue = "" + CompileOptions.DEFAULT_SCALE, paramLabel = "S",
            description = "fractional bits of weights and constant factors (default ${DEFAULT-VALUE})")
    int paramScale;

    @Option(names = "--input-visibility", defaultValue = "private", paramLabel = "public|private|hashed",
            description = "public, private or hashed (a salted Poseidon commitment is the public signal): once for all inputs or once per input, comma-separated (default ${DEFAULT-VALUE})")
    List<String> inputVisibility;

    @Option(names = "--output-visibility", defaultValue = "public", paramLabel = "VIS",
            description = {"what the proof discloses of each output: once for all outputs or once per output, comma-separated (default ${DEFAULT-VALUE}).",
                    "public: every element; private: nothing; hashed: a salted Poseidon commitment; argmax: per row, the index of the largest element along the last axis (the first on ties);",
                    "gt:T, ge:T, lt:T, le:T: one bit per element, [x > T] etc. for the quantized output x = q/2^scale and the decimal T exactly"
                            + " (gt:T is [q > floor(T*2^scale)]);",
                    "public:I,J,...: those flat row-major elements, the rest private. With any of the last three the output itself stays private."})
    List<String> outputVisibility;

    @Option(names = "--param-visibility", defaultValue = "fixed", paramLabel = "fixed|committed",
            description = "fixed (default): the weights are constants of the circuit; committed: the weights and biases of Gemm, Conv,"
                    + " ConvTranspose and MatMul are range-checked private witness with one public Poseidon commitment, so the circuit serves every"
                    + " model of the same architecture whose parameters lie in --param-range")
    String paramVisibility;

    @Option(names = "--param-range", paramLabel = "LO:HI",
            description = "with committed parameters, the real range of every weight and bias, checked in the circuit (default: [-W, W - 2^-S],"
                    + " W the model's largest |parameter| rounded up to a power of two, S the param scale)")
    String paramRange;

    @Override
    public Integer call() throws Exception {
        byte[] bytes = Files.readAllBytes(model);
        List<CompileOptions.InputRange> declared;
        if (ranges != null && !ranges.isEmpty()) {
            declared = ranges.stream().map(CompileOptions.InputRange::parse).toList();
        } else if (calibration != null) {
            declared = IoJson.readInput(calibration).stream().map(CompileOptions.InputRange::covering).toList();
            spec.commandLine().getErr().println("zkml compile: input ranges from " + calibration + ": "
                    + String.join(", ", declared.stream().map(Object::toString).toList()));
        } else {
            throw new IllegalArgumentException("declare the input range (--input-range LO:HI) or give sample inputs (--calibration input.json):"
                    + " the circuit range-checks every input");
        }
        CompileOptions opts = new CompileOptions(inputScale, paramScale, declared,
                visibilities(inputVisibility), visibilities(outputVisibility));
        ParamVisibility pv = ParamVisibility.parse(paramVisibility);
        if (paramRange != null && pv == ParamVisibility.FIXED) {
            throw new IllegalArgumentException("--param-range applies to committed parameters: add --param-visibility committed");
        }
        opts = opts.withParams(pv, paramRange == null ? null : CompileOptions.InputRange.parse(paramRange));
        Circuit c = Compiler.compile(bytes, opts);
        CircuitFiles.write(c, bytes, dir);
        spec.commandLine().getOut().print(CircuitFiles.reportTable(c));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static List<Visibility> visibilities(List<String> options) {
        return options.stream().flatMap(o -> Visibility.parseList(o).stream()).toList();
    }
}
