package io.zkml.cli;

import io.zkml.compiler.Calibration;
import io.zkml.compiler.CompileOptions;
import io.zkml.compiler.Compiler;
import io.zkml.compiler.ParamVisibility;
import io.zkml.compiler.Visibility;
import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.circuit.CircuitFiles;
import io.zkml.compiler.witness.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.io.JsonText;
import picocli.CommandLine.Mixin;
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

    @Option(names = {"--calibration", "--calibrate"}, paramLabel = "samples.(json|arrow)",
            description = {"sample inputs: EZKL's input.json (an array of m times an input's size is m samples; optional output_data)"
                    + " or an Arrow IPC file or stream (one row per sample, one list<float> column per input, optional columns of the float outputs).",
                    "Without --input-range they propose each input's range: the samples' range widened by a quarter of its width on each side.",
                    "Without --input-scale/--param-scale they choose the scales: every s from " + Calibration.MIN_SCALE + " to --scale-cap is tried"
                            + " (input and param scale together); s is feasible when the compiler accepts the model (no value can wrap around the field,"
                            + " every bound below 2^60) and every sample fits. With --tolerance: the smallest s whose worst |quantized - reference| is within it"
                            + " (reference: the samples' float outputs, else the outputs at the finest feasible s). Otherwise, if the samples carry the"
                            + " float model's outputs, the lowest worst |quantized - float| wins, the smallest s within 1%% of it; else the largest feasible s.",
                    "The chosen scales and the errors go to the output and to report.json's calibration object."})
    Path calibration;

    @Option(names = "--scale-cap", defaultValue = "" + Calibration.DEFAULT_CAP, paramLabel = "S",
            description = "the largest scale calibration tries (default ${DEFAULT-VALUE})")
    int scaleCap;

    @Option(names = "--tolerance", paramLabel = "E",
            description = "with samples: the largest acceptable worst |error| on them; the smallest scale within it is taken")
    Double tolerance;

    @Option(names = "--input-scale", paramLabel = "S",
            description = "fractional bits of the inputs (default " + CompileOptions.DEFAULT_SCALE + ", or chosen by calibration)")
    Integer inputScale;

    @Option(names = "--param-scale", paramLabel = "S",
            description = "fractional bits of weights and constant factors (default " + CompileOptions.DEFAULT_SCALE + ", or chosen by calibration)")
    Integer paramScale;

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

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        byte[] bytes = Files.readAllBytes(model);
        List<CompileOptions.InputRange> declared = ranges == null ? List.of() : ranges.stream().map(CompileOptions.InputRange::parse).toList();
        if (calibration == null && tolerance != null) {
            throw new IllegalArgumentException("--tolerance needs samples (--calibrate) to measure the error on");
        }
        if (declared.isEmpty() && calibration == null) {
            throw new IllegalArgumentException("declare the input range (--input-range LO:HI) or give sample inputs (--calibration input.json):"
                    + " the circuit range-checks every input");
        }
        List<Visibility> inVis = visibilities(inputVisibility);
        List<Visibility> outVis = visibilities(outputVisibility);
        int in = inputScale != null ? inputScale : CompileOptions.DEFAULT_SCALE;
        int pa = paramScale != null ? paramScale : CompileOptions.DEFAULT_SCALE;
        CompileOptions opts;
        Calibration.Result cal = null;
        if (calibration != null) {
            Samples samples = Samples.read(calibration, Calibration.signature(bytes));
            cal = Calibration.calibrate(bytes, samples, declared, inputScale, paramScale, inVis, outVis, scaleCap, tolerance);
            opts = cal.options();
            if (!json.enabled) {
                spec.commandLine().getOut().print(cal.summary());
            }
        } else {
            opts = new CompileOptions(in, pa, declared, inVis, outVis);
        }
        ParamVisibility pv = ParamVisibility.parse(paramVisibility);
        if (paramRange != null && pv == ParamVisibility.FIXED) {
            throw new IllegalArgumentException("--param-range applies to committed parameters: add --param-visibility committed");
        }
        opts = opts.withParams(pv, paramRange == null ? null : CompileOptions.InputRange.parse(paramRange));
        Circuit c = Compiler.compile(bytes, opts);
        CircuitFiles.write(c, bytes, dir, cal == null ? null : cal.toJson());
        if (json.enabled) {
            ObjectNode o = JsonOption.object();
            o.put("dir", dir.toString());
            ObjectNode files = o.putObject("files");
            for (String f : List.of("circuit.r1cs", "circuit.json", "report.json", "report.txt", "model.onnx")) {
                if (Files.exists(dir.resolve(f))) {
                    files.put(f, dir.resolve(f).toString());
                }
            }
            o.set("report", JsonText.read(dir.resolve("report.json")).node());
            JsonOption.print(spec, o);
        } else {
            spec.commandLine().getOut().print(CircuitFiles.reportTable(c));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    private static List<Visibility> visibilities(List<String> options) {
        return options.stream().flatMap(o -> Visibility.parseList(o).stream()).toList();
    }
}
