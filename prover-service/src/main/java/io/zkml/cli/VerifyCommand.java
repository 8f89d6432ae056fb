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
import java.nio.file.Files;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.bundle.CircuitFolder;
import io.zkml.bundle.KeyRecord;
import io.zkml.core.zkey.Zkey;
import picocli.CommandLine.Parameters;
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
                "zkml verify BUNDLE/ checks the bundle folder of zkml prove DIR --input … -o BUNDLE/ (its bundle.json) with --vk vk.json,",
                "or with the verification key of a circuit folder's key (--circuit DIR; by default the folder BUNDLE/output.json names),",
                "which must be the key the bundle names (zkeyHash).",
                "Prints 'valid' (exit 0) or 'invalid' (exit 1, for a bundle with the reason); malformed files: a one-line reason (exit 2)."})
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "BUNDLE", description = "a bundle folder (zkml prove -o BUNDLE/) or bundle.json, as --bundle")
    Path bundleArg;

    @Option(names = "--vk", paramLabel = "vk.json", description = "verification_key.json (snarkjs)")
    Path vk;

    @Option(names = "--circuit", paramLabel = "DIR", description = "for a bundle: the circuit folder whose key's verification key to use, instead of --vk")
    Path circuit;

    @Option(names = "--json", description = "print {\"valid\": true|false, \"reason\", \"outputs\", \"inputs\", \"provenance\"} instead of valid/invalid")
    boolean json;

    @Option(names = "--proof", paramLabel = "proof.json", description = "proof.json (snarkjs)")
    Path proof;

    @Option(names = "--public", paramLabel = "public.json", description = "public.json: the public signals")
    Path publicSignals;

    @Option(names = "--bundle", paramLabel = "bundle.json", description = "a proof bundle (zkml prove --bundle), instead of --proof and --public")
    Path bundle;

    @Override
    public Integer call() throws Exception {
        if (bundleArg != null) {
            if (bundle != null) {
                throw new ParameterException(spec.commandLine(), "give the bundle once: BUNDLE or --bundle bundle.json");
            }
            bundle = Files.isDirectory(bundleArg) ? bundleArg.resolve(ProveCommand.BUNDLE) : bundleArg;
        }
        boolean files = proof != null || publicSignals != null;
        if (bundle != null ? files : proof == null || publicSignals == null) {
            throw new ParameterException(spec.commandLine(), "Missing required options: --proof proof.json and --public public.json,"
                    + " or a bundle: BUNDLE/ or --bundle bundle.json (not both)");
        }
        if (vk != null && circuit != null) {
            throw new ParameterException(spec.commandLine(), "give the verification key once: --vk vk.json or --circuit DIR");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (bundle == null) {
            if (vk == null) {
                throw new ParameterException(spec.commandLine(), "Missing required option: --vk vk.json");
            }
            VerifyingKey key = VerificationKeyJson.read(JsonText.read(vk));
            Proof p = ProofJson.readUnchecked(proof);
            List<BigInteger> signals = PublicSignalsJson.read(publicSignals);
            checkCount(key, signals, publicSignals.toString(), vk.toString());
            return answer(out, Groth16.verify(key, p, signals), Optional.empty(), null);
        }
        ProofBundle b = ProofBundle.read(JsonText.read(bundle));
        JsonAt vkJson;
        String vkName;
        if (vk != null) {
            vkJson = JsonText.read(vk);
            vkName = vk.toString();
        } else {
            Path dir = circuit != null ? circuit : recordedCircuit(bundle);
            CircuitFolder folder = CircuitFolder.read(dir);
            Path zkey = folder.keyPath();
            String hash = KeyRecord.sha256(zkey);
            if (!hash.equals(b.zkeyHash())) {
                return answer(out, false, Optional.of("the bundle names another proving key (zkeyHash " + b.zkeyHash() + ") than " + zkey
                        + " (" + hash + ")"), b);
            }
            try (Zkey key = Zkey.open(zkey)) {
                ObjectNode node = VerificationKeyExport.toJson(key);
                node.set(ExportVkCommand.SIGNALS_FIELD, PublicSignal.toJson(ExportVkCommand.signals(folder, key)));
                vkName = "the verification key of " + zkey;
                vkJson = JsonText.parse(vkName, JsonText.stringify(node));
            }
            spec.commandLine().getErr().println("zkml verify: with " + vkName);
        }
        VerifyingKey key = VerificationKeyJson.read(vkJson);
        checkCount(key, b.publicSignals(), bundle.toString(), vkName);
        if (!Groth16.verify(key, b.proof(), b.publicSignals())) {
            return answer(out, false, Optional.of("the proof does not verify"), b);
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
            err.println("note: " + vkName + " does not describe the public signals (export-vk DIR does): the bundle's description of them is unchecked");
        }
        if (problem.isEmpty() && provenance.isEmpty()) {
            err.println("note: " + vkName + " does not record the key's provenance: the bundle's is unchecked");
        }
        if (problem.isEmpty() && b.provenance().hasNonNull("warning")) {
            err.println("warning: " + b.provenance().get("warning").asText());
        }
        return answer(out, problem.isEmpty(), problem, b);
    }

    /** The circuit folder that a bundle folder's output.json names (zkml prove -o writes it). */
    private Path recordedCircuit(Path bundleJson) throws java.io.IOException {
        Path output = bundleJson.toAbsolutePath().resolveSibling(ProveCommand.OUTPUT);
        if (!Files.exists(output)) {
            throw new ParameterException(spec.commandLine(), "give the verification key: --vk vk.json or --circuit DIR (" + output
                    + ", which would name the circuit folder, does not exist)");
        }
        Optional<JsonAt> named = JsonText.read(output).optionalField("circuit");
        Path dir = named.map(n -> Path.of(n.text())).orElse(null);
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "give the verification key: --vk vk.json or --circuit DIR (" + output
                    + (dir == null ? " names no circuit folder)" : " names the circuit folder " + dir + ", which is not here)"));
        }
        return dir;
    }

    private static void checkCount(VerifyingKey key, List<BigInteger> signals, String source, String vkName) {
        if (signals.size() != key.nPublic()) {
            throw FormatException.of(source, "holds " + signals.size() + " public signals; the verifying key "
                    + vkName + " takes " + key.nPublic() + " public signal" + (key.nPublic() == 1 ? "" : "s"));
        }
    }

    private int answer(PrintWriter out, boolean valid, Optional<String> reason, ProofBundle b) {
        if (json) {
            ObjectNode o = JsonText.NODES.objectNode();
            o.put("valid", valid);
            reason.ifPresent(r -> o.put("reason", r));
            if (b != null && valid) {
                o.set("outputs", b.outputs());
                o.set("inputs", b.inputs());
                o.set("provenance", b.provenance());
            }
            out.println(JsonText.stringify(o));
        } else {
            out.println(valid ? "valid" : "invalid" + reason.map(r -> ": " + r).orElse(""));
        }
        return valid ? 0 : ZkmlCommand.EXIT_NEGATIVE;
    }
}
