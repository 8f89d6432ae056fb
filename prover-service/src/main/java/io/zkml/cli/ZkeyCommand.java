package io.zkml.cli;

import io.zkml.core.ptau.Ptau;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.r1cs.R1csReader;
import io.zkml.core.zkey.Provenance;
import io.zkml.core.zkey.Zkey;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.prover.ceremony.Phase2Verifier;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "zkey",
        mixinStandardHelpOptions = true,
        description = "Proving-key (.zkey) tools.",
        subcommands = {ZkeyCommand.Verify.class, CommandLine.HelpCommand.class})
final class ZkeyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "verify",
            mixinStandardHelpOptions = true,
            description = {"Checks that a proving key is the initial key of a circuit and a powers-of-tau file followed by",
                    "valid phase-2 contributions (zkml's or snarkjs's), as 'snarkjs zkey verify' does.",
                    "Prints the circuit hash and every contribution hash (participants find theirs there),",
                    "then 'ZKey Ok!' (exit 0) or 'INVALID: ' and the first problem (exit 1); malformed files: exit 2."})
    static final class Verify implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "C.r1cs", description = "the circuit")
        Path r1cs;

        @Parameters(index = "1", paramLabel = "P.ptau", description = "the prepared powers-of-tau file")
        Path ptau;

        @Parameters(index = "2", paramLabel = "C.zkey", description = "the proving key to check")
        Path zkey;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws Exception {
            R1cs circuit = R1csReader.read(r1cs);
            Phase2Verifier check;
            Provenance provenance;
            try (Ptau p = Ptau.open(ptau); Zkey key = Zkey.open(zkey)) {
                check = Phase2Verifier.verify(circuit, p, key);
                provenance = key.provenance();
            }
            if (json.enabled) {
                ObjectNode o = JsonOption.object();
                o.put("valid", check.ok()).put("reason", check.mismatch().orElse(null)).put("zkey", zkey.toString())
                        .put("circuitHash", JsonOption.hex(check.circuitHash()));
                ArrayNode list = o.putArray("contributions");
                for (Phase2Verifier.Contribution c : check.contributions()) {
                    list.addObject().put("number", c.number()).put("name", c.record().params().name().orElse(null))
                            .put("beacon", c.record().isBeacon()).put("hash", JsonOption.hex(c.hash()));
                }
                o.set("provenance", provenance.toJson());
                JsonOption.print(spec, o);
            } else {
                spec.commandLine().getOut().println(check.report());
            }
            if (check.ok()) {
                spec.commandLine().getErr().println("note: " + provenance.summary());
                return 0;
            }
            return ZkmlCommand.EXIT_NEGATIVE;
        }
    }
}
