package io.zkml.cli;

import io.zkml.core.encoding.EvmAbi;
import io.zkml.core.groth16.Proof;
import io.zkml.core.snarkjs.ProofJson;
import io.zkml.core.snarkjs.PublicSignalsJson;
import io.zkml.verifier.evm.Calldata;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import io.zkml.core.io.JsonText;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "calldata",
        mixinStandardHelpOptions = true,
        description = {"Prints the arguments of the Solidity verifier's verifyProof(a, b, c, pubSignals),",
                "as 'snarkjs zkey export soliditycalldata' does; with --hex, the whole transaction input instead."})
final class CalldataCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--proof", required = true, paramLabel = "proof.json", description = "proof.json (snarkjs)")
    Path proof;

    @Option(names = "--public", required = true, paramLabel = "public.json", description = "public.json: the public signals")
    Path publicSignals;

    @Option(names = "--hex", description = "print the ABI-encoded call (function selector and arguments) as one 0x… string")
    boolean hex;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        Proof p = ProofJson.read(proof);
        List<BigInteger> signals = PublicSignalsJson.read(publicSignals);
        if (json.enabled) {
            var o = JsonOption.object();
            if (hex) {
                o.put("calldata", Calldata.hex(p, signals));
            } else {
                // soliditycalldata is a, b, c, pubSignals as comma-separated JSON arrays
                var args = JsonText.parse("calldata", "[" + EvmAbi.soliditycalldata(p, signals) + "]").node();
                String[] names = {"a", "b", "c", "pubSignals"};
                for (int i = 0; i < names.length; i++) {
                    o.set(names[i], args.get(i));
                }
            }
            JsonOption.print(spec, o);
        } else {
            spec.commandLine().getOut().println(hex ? Calldata.hex(p, signals) : EvmAbi.soliditycalldata(p, signals));
        }
        return 0;
    }
}
