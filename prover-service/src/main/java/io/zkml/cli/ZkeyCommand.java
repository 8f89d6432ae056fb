package io.zkml.cli;

import io.zkml.core.ptau.Ptau;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.r1cs.R1csReader;
import io.zkml.core.zkey.Zkey;
import io.zkml.prover.groth16.ZkeyCheck;
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
            description = {"Checks that a proving key is the initial key of a circuit and a powers-of-tau file",
                    "(what 'snarkjs zkey verify' means, for keys without phase-2 contributions).",
                    "Prints 'ok' (exit 0) or the first difference (exit 1); malformed files or keys with contributions: exit 2."})
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
            ZkeyCheck check;
            try (Ptau p = Ptau.open(ptau); Zkey key = Zkey.open(zkey)) {
                check = ZkeyCheck.of(circuit, p, key);
            }
            if (check.ok()) {
                spec.commandLine().getOut().println("ok: " + zkey + " is the initial key of " + r1cs + " and " + ptau);
                return 0;
            }
            spec.commandLine().getOut().println("mismatch: " + check.mismatch().orElseThrow());
            return ZkmlCommand.EXIT_NEGATIVE;
        }
    }
}
