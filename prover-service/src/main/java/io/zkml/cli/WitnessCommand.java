package io.zkml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml.compiler.CompileException;
import io.zkml.compiler.Compiler;
import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.witness.IoJson;
import io.zkml.compiler.witness.WitnessGenerator;
import io.zkml.core.field.Fr;
import io.zkml.core.hash.Commitment;
import io.zkml.core.wtns.WtnsWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "witness",
        mixinStandardHelpOptions = true,
        description = {"Computes the witness of a compiled circuit for one input, and the model's (quantized, dequantized) outputs.",
                "Input: EZKL's input.json form {\"input_data\": [[flat row-major], ...]}, one array per graph input; for hashed inputs also"
                        + " their salts: --salts (the file of zkml commit --circuit) and/or {\"salts\": {\"<input>\": \"0x…\"}};"
                        + " hashed outputs take {\"output_salts\": {\"<output>\": \"0x…\"}} or get a fresh salt.",
                "Output: {\"outputs\": [[floats, flat]], \"shapes\": [...], \"disclosed\": [{\"tensor\", \"visibility\", \"values\"}]}: every output as the prover",
                "sees it, and what each output's public signals disclose (argmax indices and threshold bits as integers); with the commitments",
                "and the output salts of hashed tensors (then readable by the owner only).",
                "Input that does not fit (count, size, declared range, a missing or malformed salt): exit 2."})
final class WitnessCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the directory zkml compile wrote")
    Path dir;

    @Option(names = "--input", required = true, paramLabel = "input.json", description = "the input")
    Path input;

    @Option(names = "--salts", paramLabel = "commitments.json",
            description = "the salts of the hashed inputs, as zkml commit --circuit wrote them (each commitment is checked against the input)")
    Path salts;

    @Option(names = "--witness", required = true, paramLabel = "W.wtns", description = "where to write the witness (circom's .wtns)")
    Path witness;

    @Option(names = "--output", required = true, paramLabel = "output.json", description = "where to write the dequantized outputs")
    Path output;

    @Override
    public Integer call() throws Exception {
        Circuit c = Compiler.load(dir);
        JsonNode root = IoJson.read(input);
        List<double[]> data = IoJson.parseInput(root, input.toString());
        WitnessGenerator.Salts given = IoJson.parseSalts(root, input.toString());
        Map<String, Commitment> committed = salts == null ? Map.of() : CommitCommand.readCircuitCommitments(salts);
        Map<String, Fr> inputSalts = new HashMap<>(given.inputs());
        committed.forEach((name, k) -> {
            Fr other = inputSalts.putIfAbsent(name, k.salt());
            if (other != null && !other.equals(k.salt())) {
                throw new CompileException("input '" + name + "' has one salt in " + input + " and another in " + salts);
            }
        });
        WitnessGenerator.Result r = WitnessGenerator.generate(c, data, new WitnessGenerator.Salts(inputSalts, given.outputs()), null);
        boolean secret = false;
        for (WitnessGenerator.Committed k : r.commitments()) {
            Commitment expected = k.input() ? committed.get(k.tensor()) : null;
            if (expected != null && !expected.value().equals(k.commitment().value())) {
                throw new CompileException("input '" + k.tensor() + "': " + input + " does not open the commitment in " + salts + " ("
                        + expected.value() + "): another record, or a commitment made for another circuit?");
            }
            if (!k.input()) {
                secret = true;
                if (!given.outputs().containsKey(k.tensor())) {
                    spec.commandLine().getErr().println("output '" + k.tensor() + "': fresh salt " + IoJson.saltHex(k.commitment().salt())
                            + " (in " + output + ")");
                }
            }
        }
        WtnsWriter.write(r.witness(), witness);
        String text = IoJson.text(IoJson.outputJson(c, r));
        if (secret) {
            AtomicFile.writePrivateString(output, text);
        } else {
            AtomicFile.writeString(output, text);
        }
        return 0;
    }
}
