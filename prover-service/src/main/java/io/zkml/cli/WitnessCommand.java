package io.zkml.cli;

import io.zkml.compiler.CompileException;
import io.zkml.compiler.Compiler;
import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.witness.IoJson;
import io.zkml.compiler.witness.Samples;
import io.zkml.compiler.witness.WitnessGenerator;
import io.zkml.core.field.Fr;
import io.zkml.core.hash.Commitment;
import io.zkml.core.wtns.WtnsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "witness",
        mixinStandardHelpOptions = true,
        description = {"Computes the witness of a compiled circuit for one input, and the model's (quantized, dequantized) outputs.",
                "Input: EZKL's input.json form {\"input_data\": [[flat row-major], ...]}, one array per graph input,",
                "or an Arrow IPC file or stream: one row per sample, one list<float|double|int> (or fixed_size_list) column per graph input, flat row-major.",
                "For hashed inputs also their salts: --salts (the file of zkml commit --circuit) and/or, in input.json, {\"salts\": {\"<input>\": \"0x…\"}};"
                        + " hashed outputs take {\"output_salts\": {\"<output>\": \"0x…\"}} or get a fresh salt.",
                "Output: {\"outputs\": [[floats, flat]], \"shapes\": [...], \"disclosed\": [{\"tensor\", \"visibility\", \"values\"}]}: every output as the prover",
                "sees it, and what each output's public signals disclose (argmax indices and threshold bits as integers); with the commitments",
                "and the output salts of hashed tensors (then readable by the owner only).",
                "Input that does not fit (count, size, declared range, a missing or malformed salt): exit 2.",
                "A circuit with committed parameters takes another model's weights with --params (checked: same architecture, weights in"
                        + " range; else exit 2); output.json then carries params_commitment, the public signal."})
final class WitnessCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the directory zkml compile wrote")
    Path dir;

    @Option(names = "--input", required = true, paramLabel = "input.(json|arrow)", description = "the input (format told by its first bytes)")
    Path input;

    @Option(names = "--salts", paramLabel = "commitments.json",
            description = "the salts of the hashed inputs, as zkml commit --circuit wrote them (each commitment is checked against the input)")
    Path salts;

    @Option(names = "--row", paramLabel = "N", description = "the sample to use when the input holds several (counted from 0)")
    Integer row;

    @Option(names = "--witness", required = true, paramLabel = "W.wtns", description = "where to write the witness (circom's .wtns)")
    Path witness;

    @Option(names = "--output", required = true, paramLabel = "output.json", description = "where to write the dequantized outputs")
    Path output;

    @Option(names = "--params", paramLabel = "model.onnx",
            description = "with committed parameters: take the weights of this model (the same architecture, its parameters in the circuit's range)"
                    + " instead of those of the compiled model")
    Path params;

    @Option(names = "--params-salt", paramLabel = "HEX", description = "with committed parameters: the salt of their commitment (default 0)")
    String paramsSalt;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        Circuit c = Compiler.load(dir);
        if (c.program().params() == null && (params != null || paramsSalt != null)) {
            throw new CompileException("--params and --params-salt need a circuit compiled with --param-visibility committed");
        }
        long[][] p = params != null ? Compiler.paramsOf(c, Files.readAllBytes(params))
                : c.program().params() == null ? new long[0][] : c.program().params().ownValues();
        Fr pSalt = paramsSalt == null ? Fr.ZERO : IoJson.parseSalt(paramsSalt, "--params-salt");
        List<double[]> data = Samples.one(Samples.read(input, Samples.signature(c.program())), row, input);
        // salts travel in input.json; an Arrow input takes them from --salts
        WitnessGenerator.Salts given = Samples.isJson(input) ? IoJson.parseSalts(IoJson.read(input), input.toString()) : WitnessGenerator.Salts.NONE;
        Map<String, Commitment> committed = salts == null ? Map.of() : CommitCommand.readCircuitCommitments(salts);
        Map<String, Fr> inputSalts = new HashMap<>(given.inputs());
        committed.forEach((name, k) -> {
            Fr other = inputSalts.putIfAbsent(name, k.salt());
            if (other != null && !other.equals(k.salt())) {
                throw new CompileException("input '" + name + "' has one salt in " + input + " and another in " + salts);
            }
        });
        WitnessGenerator.Result r = WitnessGenerator.generate(c, data, new WitnessGenerator.Salts(inputSalts, given.outputs()), null, p, pSalt);
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
        var outputJson = IoJson.outputJson(c, r);
        String text = IoJson.text(outputJson);
        if (secret) {
            AtomicFile.writePrivateString(output, text);
        } else {
            AtomicFile.writeString(output, text);
        }
        if (json.enabled) {
            // what output.json holds but the output salts, which stay in the (owner-only) file
            com.fasterxml.jackson.databind.node.ObjectNode o = JsonOption.object();
            o.put("witness", witness.toString()).put("output", output.toString()).put("wires", r.witness().size());
            o.setAll(outputJson);
            o.remove("output_salts");
            JsonOption.print(spec, o);
        }
        return 0;
    }
}
