package io.zkml.cli;

import io.zkml.compiler.Compiler;
import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.witness.IoJson;
import io.zkml.compiler.witness.Samples;
import io.zkml.compiler.witness.WitnessGenerator;
import io.zkml.core.wtns.WtnsWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "witness",
        mixinStandardHelpOptions = true,
        description = {"Computes the witness of a compiled circuit for one input, and the model's (quantized, dequantized) outputs.",
                "Input: EZKL's input.json form {\"input_data\": [[flat row-major], ...]}, one array per graph input,",
                "or an Arrow IPC file or stream: one row per sample, one list<float|double|int> (or fixed_size_list) column per graph input, flat row-major.",
                "Output: {\"outputs\": [[floats, flat]], \"shapes\": [...]}. Input that does not fit (count, size, declared range): exit 2."})
final class WitnessCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "the directory zkml compile wrote")
    Path dir;

    @Option(names = "--input", required = true, paramLabel = "input.(json|arrow)", description = "the input (format told by its first bytes)")
    Path input;

    @Option(names = "--row", paramLabel = "N", description = "the sample to use when the input holds several (counted from 0)")
    Integer row;

    @Option(names = "--witness", required = true, paramLabel = "W.wtns", description = "where to write the witness (circom's .wtns)")
    Path witness;

    @Option(names = "--output", required = true, paramLabel = "output.json", description = "where to write the dequantized outputs")
    Path output;

    @Override
    public Integer call() throws Exception {
        Circuit c = Compiler.load(dir);
        WitnessGenerator.Result r = WitnessGenerator.generate(c, Samples.one(Samples.read(input, Samples.signature(c.program())), row, input));
        WtnsWriter.write(r.witness(), witness);
        IoJson.writeOutput(c, r.outputs(), output);
        return 0;
    }
}
