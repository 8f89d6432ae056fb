package io.zkml.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.bundle.CircuitFolder;
import io.zkml.bundle.PublicSignal;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.JsonText;
import io.zkml.core.zkey.Provenance;
import io.zkml.core.zkey.Zkey;
import io.zkml.prover.groth16.VerificationKeyExport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "export-vk",
        mixinStandardHelpOptions = true,
        description = {"Writes the verification key of a proving key: snarkjs's verification_key.json",
                "('snarkjs zkey export verificationkey'), plus the key's provenance in \"zkml_provenance\".",
                "With a circuit folder (DIR, or --circuit DIR), also \"zkml_public_signals\": what each public signal is",
                "(tensor, kind, element, visibility, scale). snarkjs ignores both fields."})
final class ExportVkCommand implements Callable<Integer> {

    /** The field that describes the public signals. */
    static final String SIGNALS_FIELD = "zkml_public_signals";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
            description = "a circuit folder: its key (recorded in circuit.json, else DIR/circuit.zkey) and its public signals")
    Path dir;

    @Option(names = "--zkey", paramLabel = "C.zkey", description = "the proving key")
    Path zkey;

    @Option(names = "--circuit", paramLabel = "DIR", description = "the circuit folder whose public signals to describe")
    Path circuit;

    @Option(names = {"-o", "--output"}, paramLabel = "vk.json", description = "output file (default: standard output)")
    Path output;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        if (dir != null && circuit != null) {
            throw new IllegalArgumentException("give the circuit folder once: DIR or --circuit DIR");
        }
        Path folderDir = dir != null ? dir : circuit;
        CircuitFolder folder = folderDir == null ? null : CircuitFolder.read(folderDir);
        if (zkey == null) {
            if (folder == null) {
                throw new IllegalArgumentException("give the key: --zkey C.zkey, or a circuit folder DIR");
            }
            zkey = folder.keyPath();
        }
        ObjectNode vk;
        Provenance provenance;
        try (Zkey key = Zkey.open(zkey)) {
            vk = VerificationKeyExport.toJson(key);
            provenance = key.provenance();
            if (folder != null) {
                vk.set(SIGNALS_FIELD, PublicSignal.toJson(signals(folder, key)));
            }
        }
        String text = JsonText.stringify(vk);
        if (output == null) {
            spec.commandLine().getOut().println(text);
        } else {
            AtomicFile.writeString(output, text);
            spec.commandLine().getErr().println("wrote " + output);
            if (json.enabled) {
                JsonOption.print(spec, JsonOption.object().put("vk", output.toString()).put("zkey", zkey.toString())
                        .put("publicSignals", vk.path("nPublic").asInt()).set("provenance", provenance.toJson()));
            }
        }
        if (provenance.isDevelopment()) {
            SetupCommand.warn(spec.commandLine().getErr());
        } else if (provenance.isForgeable()) {
            spec.commandLine().getErr().println("warning: " + provenance.summary());
        }
        return 0;
    }

    /** The folder's public signals, which must be as many as the key's. */
    static List<PublicSignal> signals(CircuitFolder folder, Zkey key) {
        List<PublicSignal> signals = folder.publicSignals();
        if (signals.size() != key.nPublic() || folder.nWires() != key.nVars()) {
            throw FormatException.of(key.source(), "is not a key of the circuit in " + folder.dir() + ": it has " + key.nPublic()
                    + " public signals and " + key.nVars() + " wires, the circuit " + signals.size() + " and " + folder.nWires());
        }
        return signals;
    }
}
