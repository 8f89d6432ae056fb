package io.zkml.cli;

import io.zkml.core.ptau.Ptau;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.r1cs.R1csReader;
import io.zkml.core.zkey.Zkey;
import io.zkml.prover.ceremony.Phase2Verifier;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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

        @Override
        public Integer call() throws Exception {
            R1cs circuit = R1csReader.read(r1cs);
            Phase2Verifier check;
            String provenance;
            try (Ptau p = Ptau.open(ptau); Zkey key = Zkey.open(zkey)) {
                check = Phase2Verifier.verify(circuit, p, key);
                provenance = key.provenance().summary();
            }
            spec.commandLine().getOut().println(check.report());
            if (check.ok()) {
                spec.commandLine().getErr().println("note: " + provenance);
                return 0;
            }
            return ZkmlCommand.EXIT_NEGATIVE;
        }
    }
}
