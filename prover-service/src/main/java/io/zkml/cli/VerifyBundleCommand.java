package io.zkml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.bundle.BundleSignature;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.JsonAt;
import io.zkml.core.io.JsonText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "verify-bundle",
        mixinStandardHelpOptions = true,
        description = {"Checks a proof bundle that a zkml service published: the node's Ed25519 signature over it, then everything",
                "zkml verify --bundle checks (the proof, and that its outputs, inputs and calldata are those its public signals give).",
                "BUNDLE is the signed bundle (the \"bundle\" of GET /v1/proofs/{id}, a \"bundle\" server-sent event, a webhook body)",
                "or the whole answer of GET /v1/proofs/{id}. --node-key is the node's public key: 64 hex digits, or a file holding",
                "them or the JSON of GET /v1/node.",
                "Prints 'valid' (exit 0) or 'invalid: reason' (exit 1); malformed files: a one-line reason (exit 2)."})
final class VerifyBundleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "the signed bundle (JSON)")
    Path bundle;

    @Option(names = "--node-key", required = true, paramLabel = "KEY", description = "the node's public key: hex, or a file (hex or GET /v1/node's JSON)")
    String nodeKey;

    @Option(names = "--vk", paramLabel = "vk.json", description = "verification_key.json of the model (GET /v1/models/{id}/verification_key.json)")
    Path vk;

    @Option(names = "--circuit", paramLabel = "DIR", description = "the circuit folder whose key's verification key to use, instead of --vk")
    Path circuit;

    @Option(names = "--json", description = "print {\"valid\": true|false, \"reason\", \"outputs\", \"inputs\", \"provenance\"} instead of valid/invalid")
    boolean json;

    @Override
    public Integer call() throws Exception {
        byte[] key;
        Path keyFile = Path.of(nodeKey);
        try {
            key = nodeKey.matches("[0-9a-fA-F]{64}") ? BundleSignature.parsePublicKey(nodeKey, "--node-key")
                    : BundleSignature.parsePublicKey(Files.readString(keyFile, StandardCharsets.UTF_8), keyFile.toString());
        } catch (java.nio.file.NoSuchFileException e) {
            throw FormatException.of("--node-key", "neither 64 hexadecimal digits nor an existing file: " + nodeKey);
        } catch (IllegalArgumentException e) {
            throw FormatException.of("--node-key", e.getMessage());
        }
        JsonAt root = JsonText.read(bundle);
        JsonNode b = root.node().has("bundle") && !root.node().has("format") ? root.node().get("bundle") : root.node();
        if (!(b instanceof ObjectNode signed)) {
            throw root.error("expected a bundle object");
        }
        Optional<String> problem = BundleSignature.problem(signed, key);
        if (problem.isPresent()) {
            if (json) {
                ObjectNode o = JsonText.NODES.objectNode();
                o.put("valid", false);
                o.put("reason", problem.get());
                spec.commandLine().getOut().println(JsonText.stringify(o));
            } else {
                spec.commandLine().getOut().println("invalid: " + problem.get());
            }
            return ZkmlCommand.EXIT_NEGATIVE;
        }
        spec.commandLine().getErr().println("zkml verify-bundle: signed by node key " + BundleSignature.keyId(key));
        Path file = bundle;
        if (b != root.node()) {
            file = Files.createTempFile("zkml-bundle-", ".json");
            Files.writeString(file, JsonText.stringify(b));
        }
        try {
            VerifyCommand verify = new VerifyCommand();
            verify.spec = spec;
            verify.bundle = file;
            verify.vk = vk;
            verify.circuit = circuit;
            verify.json = json;
            if (vk == null && circuit == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give the model's verification key: --vk vk.json or --circuit DIR");
            }
            return verify.call();
        } finally {
            if (file != bundle) {
                Files.deleteIfExists(file);
            }
        }
    }
}
