package io.zkml.cli;

import io.zkml.compiler.Compiler;
import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.witness.IoJson;
import io.zkml.compiler.witness.WitnessGenerator;
import io.zkml.core.wtns.WtnsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "witness",
        mixinStandardHelpOptions = true,
        description = {"Computes the witness of a compiled circuit for one input, and the model's (quantized, dequantized) outputs.",
                "Input: EZKL's input.json form {\"input_data\": [[flat row-major], ...]}, one array per graph input.",
                "Output: {\"outputs\": [[floats, flat]], \"shapes\": [...], \"disclosed\": [{\"tensor\", \"visibility\", \"values\"}]}: every output as the prover",
                "sees it, and what each output's public signals disclose (argmax indices and threshold bits as integers).",
                "Input that does not fit (count, size, declared range): exit 2.",
                "A circuit with committed parameters takes another model's weights with --params (checked: same architecture, weights in range)."})
final class WitnessCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "the directory zkml compile wrote")
    Path dir;

    @Option(names = "--input", required = true, paramLabel = "input.json", description = "the input")
    Path input;

    @Option(names = "--witness", required = true, paramLabel = "W.wtns", description = "where to write the witness (circom's .wtns)")
    Path witness;

    @Option(names = "--output", required = true, paramLabel = "output.json", description = "where to write the dequantized outputs")
    Path output;

    @Option(names = "--params", paramLabel = "model.onnx",
            description = "with committed parameters: take the weights of this model (the same architecture, its parameters in the circuit's range;"
                    + " else exit 2) instead of those of the compiled model")
    Path params;

    @Override
    public Integer call() throws Exception {
        Circuit c = Compiler.load(dir);
        long[][] p = params == null ? c.program().params() == null ? new long[0][] : c.program().params().ownValues()
                : Compiler.paramsOf(c, Files.readAllBytes(params));
        WitnessGenerator.Result r = WitnessGenerator.generate(c, IoJson.readInput(input), p);
        WtnsWriter.write(r.witness(), witness);
        IoJson.writeOutput(c, r, output);
        return 0;
    }
}
