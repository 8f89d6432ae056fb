package io.zkml.cli;

import io.zkml.core.groth16.Proof;
import io.zkml.core.groth16.VerifyingKey;
import io.zkml.core.io.FormatException;
import io.zkml.core.snarkjs.ProofJson;
import io.zkml.core.snarkjs.PublicSignalsJson;
import io.zkml.core.snarkjs.VerificationKeyJson;
import io.zkml.verifier.Groth16;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "verify",
        mixinStandardHelpOptions = true,
        description = {"Checks a Groth16/BN254 proof in snarkjs's JSON format.",
                "Prints 'valid' (exit 0) or 'invalid' (exit 1); malformed files: a one-line reason (exit 2)."})
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--vk", required = true, paramLabel = "vk.json", description = "verification_key.json (snarkjs)")
    Path vk;

    @Option(names = "--proof", required = true, paramLabel = "proof.json", description = "proof.json (snarkjs)")
    Path proof;

    @Option(names = "--public", required = true, paramLabel = "public.json", description = "public.json: the public signals")
    Path publicSignals;

    @Override
    public Integer call() throws Exception {
        VerifyingKey key = VerificationKeyJson.read(vk);
        Proof p = ProofJson.readUnchecked(proof);
        List<BigInteger> signals = PublicSignalsJson.read(publicSignals);
        if (signals.size() != key.nPublic()) {
            throw FormatException.of(publicSignals.toString(), "holds " + signals.size() + " public signals; the verifying key "
                    + vk + " takes " + key.nPublic() + " public signal" + (key.nPublic() == 1 ? "" : "s"));
        }
        boolean valid = Groth16.verify(key, p, signals);
        spec.commandLine().getOut().println(valid ? "valid" : "invalid");
        return valid ? 0 : ZkmlCommand.EXIT_NEGATIVE;
    }
}
