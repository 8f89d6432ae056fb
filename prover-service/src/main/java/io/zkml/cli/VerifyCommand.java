package io.zkml.cli;

import io.zkml.bundle.ProofBundle;
import io.zkml.bundle.PublicSignal;
import io.zkml.core.groth16.Proof;
import io.zkml.core.groth16.VerifyingKey;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.JsonAt;
import io.zkml.core.io.JsonText;
import io.zkml.core.snarkjs.ProofJson;
import io.zkml.core.snarkjs.PublicSignalsJson;
import io.zkml.core.snarkjs.VerificationKeyJson;
import io.zkml.prover.groth16.VerificationKeyExport;
import io.zkml.verifier.Groth16;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "verify",
        mixinStandardHelpOptions = true,
        description = {"Checks a Groth16/BN254 proof in snarkjs's JSON format, or a zkml proof bundle (--bundle).",
                "A bundle is valid when its proof verifies and its outputs, inputs and calldata are those its public signals",
                "give; where the verification key describes the signals or the key's provenance (export-vk), the bundle must agree.",
                "Prints 'valid' (exit 0) or 'invalid' (exit 1, for a bundle with the reason); malformed files: a one-line reason (exit 2)."})
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--vk", required = true, paramLabel = "vk.json", description = "verification_key.json (snarkjs)")
    Path vk;

    @Option(names = "--proof", paramLabel = "proof.json", description = "proof.json (snarkjs)")
    Path proof;

    @Option(names = "--public", paramLabel = "public.json", description = "public.json: the public signals")
    Path publicSignals;

    @Option(names = "--bundle", paramLabel = "bundle.json", description = "a proof bundle (zkml prove --bundle), instead of --proof and --public")
    Path bundle;

    @Override
    public Integer call() throws Exception {
        boolean files = proof != null || publicSignals != null;
        if (bundle != null ? files : proof == null || publicSignals == null) {
            throw new ParameterException(spec.commandLine(), "Missing required options: --proof proof.json and --public public.json,"
                    + " or --bundle bundle.json (not both)");
        }
        JsonAt vkJson = JsonText.read(vk);
        VerifyingKey key = VerificationKeyJson.read(vkJson);
        PrintWriter out = spec.commandLine().getOut();
        if (bundle == null) {
            Proof p = ProofJson.readUnchecked(proof);
            List<BigInteger> signals = PublicSignalsJson.read(publicSignals);
            checkCount(key, signals, publicSignals.toString());
            return answer(out, Groth16.verify(key, p, signals), Optional.empty());
        }
        ProofBundle b = ProofBundle.read(JsonText.read(bundle));
        checkCount(key, b.publicSignals(), bundle.toString());
        if (!Groth16.verify(key, b.proof(), b.publicSignals())) {
            return answer(out, false, Optional.of("the proof does not verify"));
        }
        Optional<String> problem = b.inconsistency().map(s -> "the bundle's " + s.substring("its ".length()));
        Optional<JsonAt> described = vkJson.optionalField(ExportVkCommand.SIGNALS_FIELD);
        if (problem.isEmpty() && described.isPresent() && !PublicSignal.readAll(described.get()).equals(b.signals())) {
            problem = Optional.of("the bundle describes its public signals otherwise than the verification key does");
        }
        Optional<JsonAt> provenance = vkJson.optionalField(VerificationKeyExport.PROVENANCE_FIELD);
        if (problem.isEmpty() && provenance.isPresent() && !provenance.get().node().equals(b.provenance())) {
            problem = Optional.of("the bundle states another key provenance than the verification key does");
        }
        PrintWriter err = spec.commandLine().getErr();
        if (problem.isEmpty() && described.isEmpty()) {
            err.println("note: " + vk + " does not describe the public signals (export-vk DIR does): the bundle's description of them is unchecked");
        }
        if (problem.isEmpty() && provenance.isEmpty()) {
            err.println("note: " + vk + " does not record the key's provenance: the bundle's is unchecked");
        }
        if (problem.isEmpty() && b.provenance().hasNonNull("warning")) {
            err.println("warning: " + b.provenance().get("warning").asText());
        }
        return answer(out, problem.isEmpty(), problem);
    }

    private void checkCount(VerifyingKey key, List<BigInteger> signals, String source) {
        if (signals.size() != key.nPublic()) {
            throw FormatException.of(source, "holds " + signals.size() + " public signals; the verifying key "
                    + vk + " takes " + key.nPublic() + " public signal" + (key.nPublic() == 1 ? "" : "s"));
        }
    }

    private static int answer(PrintWriter out, boolean valid, Optional<String> reason) {
        out.println(valid ? "valid" : "invalid" + reason.map(r -> ": " + r).orElse(""));
        return valid ? 0 : ZkmlCommand.EXIT_NEGATIVE;
    }
}
