package io.zkml.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.io.ByteString;
import io.zkml.core.ptau.Ptau;
import io.zkml.prover.ceremony.PowersOfTau;
import io.zkml.prover.ceremony.PreparePhase2;
import io.zkml.prover.ceremony.PtauVerifier;
import io.zkml.prover.ceremony.TranscriptHash;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ptau",
        mixinStandardHelpOptions = true,
        description = {"Phase-1 (powers of tau) ceremony files, compatible with snarkjs's powersoftau commands.",
                "A ceremony: new, then one contribute per participant, then beacon, then prepare; anyone runs verify."},
        subcommands = {PtauCommand.New.class, PtauCommand.Contribute.class, PtauCommand.Beacon.class, PtauCommand.Prepare.class,
                PtauCommand.Verify.class, CommandLine.HelpCommand.class})
final class PtauCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = {"Starts a ceremony for circuits of up to 2^K constraints ('snarkjs powersoftau new bn128 K')."})
    static final class New implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--power", required = true, paramLabel = "K", description = "log2 of the largest domain (1 … 28)")
        int power;

        @Parameters(index = "0", paramLabel = "OUT.ptau", description = "the file to write")
        Path out;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws Exception {
            Ptau p = PowersOfTau.newAccumulator(power);
            AtomicFile.write(out, p::write);
            PrintWriter err = spec.commandLine().getErr();
            err.println("wrote " + out + ": power " + power + ", no contribution yet");
            byte[] first = PowersOfTau.firstChallengeHash(power);
            if (json.enabled) {
                JsonOption.print(spec, JsonOption.object().put("ptau", out.toString()).put("power", power)
                        .put("firstChallengeHash", JsonOption.hex(ByteString.of(first))));
            } else {
                spec.commandLine().getOut().println("First Contribution Hash:");
                spec.commandLine().getOut().println(TranscriptHash.format(first));
            }
            return 0;
        }
    }

    @Command(name = "contribute", mixinStandardHelpOptions = true,
            description = {"Adds your contribution ('snarkjs powersoftau contribute'): secrets from this machine's CSPRNG mixed",
                    "with --entropy, used once and forgotten. Prints the response hash to publish."})
    static final class Contribute implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "IN.ptau", description = "the file so far")
        Path in;

        @Parameters(index = "1", paramLabel = "OUT.ptau", description = "the file with your contribution")
        Path out;

        @Mixin
        CeremonyOptions.Contributor contributor;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws Exception {
            PowersOfTau.Result r;
            try (Ptau p = Ptau.open(in)) {
                r = PowersOfTau.contribute(p, contributor.stream(), contributor.name);
                AtomicFile.write(out, r.ptau()::write);
            }
            report(spec, json, out, r);
            return 0;
        }
    }

    static void report(CommandSpec spec, JsonOption json, Path out, PowersOfTau.Result r) {
        spec.commandLine().getErr().println("wrote " + out + ": contribution #" + r.ptau().contributions().size()
                + (r.contribution().isBeacon() ? " (beacon)" : "") + r.contribution().params().name().map(s -> " by " + s).orElse("")
                + "; run 'zkml ptau prepare' on the last file of the ceremony");
        if (json.enabled) {
            JsonOption.print(spec, JsonOption.object().put("ptau", out.toString()).put("contribution", r.ptau().contributions().size())
                    .put("beacon", r.contribution().isBeacon()).put("name", r.contribution().params().name().orElse(null))
                    .put("responseHash", JsonOption.hex(r.responseHash())));
        } else {
            spec.commandLine().getOut().println("Contribution Response Hash:");
            spec.commandLine().getOut().println(TranscriptHash.format(r.responseHash().toByteArray()));
        }
    }

    @Command(name = "beacon", mixinStandardHelpOptions = true,
            description = {"Closes phase 1 with a random beacon ('snarkjs powersoftau beacon'): the secrets come from a public",
                    "random value hashed 2^E times with SHA-256."})
    static final class Beacon implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "IN.ptau", description = "the file so far")
        Path in;

        @Parameters(index = "1", paramLabel = "OUT.ptau", description = "the file with the beacon")
        Path out;

        @Mixin
        CeremonyOptions.Beacon beacon;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws Exception {
            byte[] value = beacon.value();
            PowersOfTau.Result r;
            try (Ptau p = Ptau.open(in)) {
                r = PowersOfTau.beacon(p, value, beacon.iterations, beacon.name);
                AtomicFile.write(out, r.ptau()::write);
            }
            report(spec, json, out, r);
            return 0;
        }
    }

    @Command(name = "prepare", mixinStandardHelpOptions = true,
            description = {"Adds the Lagrange-basis sections that Groth16 setup reads ('snarkjs powersoftau prepare phase2')."})
    static final class Prepare implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "IN.ptau", description = "the finished phase-1 file")
        Path in;

        @Parameters(index = "1", paramLabel = "OUT.ptau", description = "the prepared file")
        Path out;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws Exception {
            long start = System.nanoTime();
            try (Ptau p = Ptau.open(in); Progress progress = Progress.of(spec, "zkml ptau prepare")) {
                Ptau prepared = PreparePhase2.prepare(p, progress);
                AtomicFile.write(out, prepared::write);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            spec.commandLine().getErr().printf("wrote %s in %.1f s%n", out, seconds);
            if (json.enabled) {
                JsonOption.print(spec, JsonOption.object().put("ptau", out.toString()).put("seconds", seconds));
            }
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Checks a powers-of-tau file and every contribution in it ('snarkjs powersoftau verify'); prints each",
                    "contribution's response hash, then 'Powers of Tau Ok!' (exit 0) or 'INVALID: ' and the problem (exit 1)."})
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "P.ptau", description = "the file to check")
        Path ptau;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws Exception {
            PtauVerifier v;
            boolean prepared;
            try (Ptau p = Ptau.open(ptau)) {
                v = PtauVerifier.verify(p);
                prepared = p.isPrepared();
            }
            if (json.enabled) {
                ObjectNode o = JsonOption.object().put("valid", v.ok()).put("reason", v.mismatch().orElse(null)).put("ptau", ptau.toString())
                        .put("prepared", prepared);
                ArrayNode list = o.putArray("contributions");
                for (PtauVerifier.Checked c : v.contributions()) {
                    list.addObject().put("number", c.number()).put("name", c.record().params().name().orElse(null))
                            .put("beacon", c.record().isBeacon()).put("responseHash", JsonOption.hex(c.responseHash()));
                }
                JsonOption.print(spec, o);
            } else {
                spec.commandLine().getOut().println(v.report());
            }
            if (v.ok() && !prepared) {
                spec.commandLine().getErr().println("note: not prepared for phase 2; run 'zkml ptau prepare' before 'zkml setup --ptau'");
            }
            return v.ok() ? 0 : ZkmlCommand.EXIT_NEGATIVE;
        }
    }
}
