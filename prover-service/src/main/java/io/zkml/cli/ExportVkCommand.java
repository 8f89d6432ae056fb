package io.zkml.cli;

import io.zkml.core.zkey.Provenance;
import io.zkml.core.zkey.Zkey;
import io.zkml.prover.groth16.VerificationKeyExport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export-vk",
        mixinStandardHelpOptions = true,
        description = {"Writes the verification key of a proving key: snarkjs's verification_key.json",
                "('snarkjs zkey export verificationkey'), plus the key's provenance in \"zkml_provenance\"."})
final class ExportVkCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--zkey", required = true, paramLabel = "C.zkey", description = "the proving key")
    Path zkey;

    @Option(names = {"-o", "--output"}, paramLabel = "vk.json", description = "output file (default: standard output)")
    Path output;

    @Override
    public Integer call() throws Exception {
        String json;
        Provenance provenance;
        try (Zkey key = Zkey.open(zkey)) {
            json = VerificationKeyExport.json(key);
            provenance = key.provenance();
        }
        if (output == null) {
            spec.commandLine().getOut().println(json);
        } else {
            AtomicFile.writeString(output, json);
            spec.commandLine().getErr().println("wrote " + output);
        }
        if (provenance.isDevelopment()) {
            SetupCommand.warn(spec.commandLine().getErr());
        } else if (provenance.isForgeable()) {
            spec.commandLine().getErr().println("warning: " + provenance.summary());
        }
        return 0;
    }
}
