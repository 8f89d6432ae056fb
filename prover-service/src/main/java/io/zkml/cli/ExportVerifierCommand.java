package io.zkml.cli;

import io.zkml.core.groth16.VerifyingKey;
import io.zkml.core.snarkjs.VerificationKeyJson;
import io.zkml.verifier.Groth16;
import io.zkml.verifier.solidity.SolidityVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export-verifier",
        mixinStandardHelpOptions = true,
        description = {"Writes a Solidity Groth16 verifier (contract Groth16Verifier) for a verification key,",
                "with snarkjs's ABI: verifyProof(uint[2] a, uint[2][2] b, uint[2] c, uint[N] pubSignals) returns (bool)."})
final class ExportVerifierCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--vk", required = true, paramLabel = "vk.json", description = "verification_key.json (snarkjs)")
    Path vk;

    @Option(names = {"-o", "--output"}, paramLabel = "Verifier.sol", description = "output file (default: standard output)")
    Path output;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        VerifyingKey key = VerificationKeyJson.read(vk);
        Groth16.prepare(key); // checks every point of the key before a contract is made from it
        String source = SolidityVerifier.generate(key);
        if (output == null && json.enabled) {
            JsonOption.print(spec, JsonOption.object().put("vk", vk.toString()).put("publicSignals", key.nPublic()).put("source", source));
        } else if (output == null) {
            spec.commandLine().getOut().print(source);
        } else {
            // write next to the target and move into place, so a failure never leaves half a file
            Path dir = output.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(dir, ".Verifier", ".sol.tmp");
            try {
                Files.writeString(tmp, source, StandardCharsets.UTF_8);
                Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            spec.commandLine().getErr().println("wrote " + output + " (" + key.nPublic() + " public signals)");
            if (json.enabled) {
                JsonOption.print(spec, JsonOption.object().put("verifier", output.toString()).put("vk", vk.toString())
                        .put("publicSignals", key.nPublic()).put("function", "verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[" + key.nPublic() + "])"));
            }
        }
        return 0;
    }
}
