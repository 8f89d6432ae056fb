package io.zkml.cli;

import io.zkml.bundle.CircuitFolder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.bundle.KeyRecord;
import io.zkml.core.zkey.Zkey;
import io.zkml.prover.ceremony.Phase2;
import io.zkml.prover.ceremony.TranscriptHash;
import java.io.PrintWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "contribute",
        mixinStandardHelpOptions = true,
        description = {"Adds your phase-2 contribution to a proving key, as 'snarkjs zkey contribute' does.",
                "The secret is drawn from this machine's CSPRNG mixed with --entropy, used once and forgotten.",
                "Prints the contribution hash: publish it, so that others can find it in 'zkml zkey verify'.",
                "OUT.zkey in a circuit folder whose circuit.json records IN.zkey: the new key and its provenance are recorded there."})
final class ContributeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN.zkey", description = "the key so far")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT.zkey", description = "the key with your contribution")
    Path out;

    @Mixin
    CeremonyOptions.Contributor contributor;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        Optional<CircuitFolder> folder = KeyRecording.folderOfKey(spec.commandLine().getErr(), out);
        String inSha = folder.isPresent() ? KeyRecord.sha256(in) : "";
        Phase2.Result r;
        try (Zkey key = Zkey.open(in)) {
            r = Phase2.contribute(key, contributor.stream(), contributor.name);
            AtomicFile.write(out, r.key()::write);
        }
        finish(spec, json, folder, inSha, in, out, r);
        return 0;
    }

    /** Reports the contribution (its hash on standard output, as text or in --json), then records the key in its folder. */
    static void finish(CommandSpec spec, JsonOption json, Optional<CircuitFolder> folder, String inSha, Path in, Path out, Phase2.Result r)
            throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        int n = r.key().mpcParams().contributions().size();
        err.println("wrote " + out + ": contribution #" + n + (r.contribution().isBeacon() ? " (beacon)" : "")
                + r.contribution().params().name().map(s -> " by " + s).orElse(""));
        if (!json.enabled) {
            spec.commandLine().getOut().println("Contribution Hash:");
            spec.commandLine().getOut().println(TranscriptHash.format(r.hash().toByteArray()));
        }
        err.println("note: " + r.key().provenance().summary());
        boolean recorded = folder.isPresent() && KeyRecording.afterContribution(err, folder.get(), inSha, in, out, r.key().provenance());
        if (json.enabled) {
            ObjectNode o = JsonOption.key(JsonOption.object(), out, r.key().provenance());
            o.put("contribution", n).put("beacon", r.contribution().isBeacon()).put("name", r.contribution().params().name().orElse(null))
                    .put("contributionHash", JsonOption.hex(r.hash()));
            o.put("recordedIn", recorded ? folder.get().dir().resolve(CircuitFolder.CIRCUIT_JSON).toString() : null);
            JsonOption.print(spec, o);
        }
    }

    @Command(name = "beacon",
            mixinStandardHelpOptions = true,
            description = {"Adds the final random-beacon contribution to a proving key, as 'snarkjs zkey beacon' does:",
                    "the secret is derived from a public random value (e.g. a future block hash) hashed 2^E times with",
                    "SHA-256, so anyone can recompute it and no participant could have chosen it.",
                    "OUT.zkey in a circuit folder whose circuit.json records IN.zkey: the new key and its provenance are recorded there."})
    static final class Beacon implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "IN.zkey", description = "the key so far")
        Path in;

        @Parameters(index = "1", paramLabel = "OUT.zkey", description = "the key with the beacon")
        Path out;

        @Mixin
        CeremonyOptions.Beacon beacon;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws Exception {
            byte[] value = beacon.value();
            Optional<CircuitFolder> folder = KeyRecording.folderOfKey(spec.commandLine().getErr(), out);
            String inSha = folder.isPresent() ? KeyRecord.sha256(in) : "";
            Phase2.Result r;
            try (Zkey key = Zkey.open(in)) {
                r = Phase2.beacon(key, value, beacon.iterations, beacon.name);
                AtomicFile.write(out, r.key()::write);
            }
            finish(spec, json, folder, inSha, in, out, r);
            return 0;
        }
    }
}
