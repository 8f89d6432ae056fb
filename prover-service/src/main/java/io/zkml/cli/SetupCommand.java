package io.zkml.cli;

import io.zkml.bundle.CircuitFolder;
import io.zkml.core.ptau.Ptau;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.r1cs.R1csReader;
import io.zkml.core.zkey.Zkey;
import io.zkml.prover.groth16.Setup;
import io.zkml.prover.groth16.VerificationKeyExport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "setup",
        mixinStandardHelpOptions = true,
        description = {"Makes the Groth16 proving key (.zkey, snarkjs's format) of a circuit.",
                "--ptau: the initial key exactly as 'snarkjs groth16 setup' derives it from a prepared powers-of-tau file",
                "  (add a phase-2 contribution before relying on it).",
                "--dev: a development key from secrets drawn on this machine, marked as such; for tests and demos only.",
                "With a circuit folder DIR (or --r1cs DIR/circuit.r1cs) the key (default DIR/circuit.zkey) and its provenance",
                "are recorded in DIR/circuit.json."})
final class SetupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "a circuit folder (zkml compile): its circuit.r1cs")
    Path dir;

    @Option(names = "--r1cs", paramLabel = "C.r1cs", description = "the circuit (circom's .r1cs), instead of DIR")
    Path r1cs;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--ptau", paramLabel = "P.ptau", description = "a powers-of-tau file prepared for phase 2")
        Path ptau;

        @Option(names = "--dev", description = "draw the secrets here: a development key that its maker could forge proofs for")
        boolean dev;
    }

    @Option(names = "--zkey", paramLabel = "C.zkey", description = "the proving key to write (default with DIR: DIR/circuit.zkey)")
    Path zkey;

    @Option(names = "--vk", paramLabel = "vk.json", description = "also write the verification key (snarkjs's JSON, with zkml_provenance)")
    Path vk;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if ((dir == null) == (r1cs == null)) {
            throw new IllegalArgumentException("give the circuit: a circuit folder DIR or --r1cs C.r1cs (not both)");
        }
        if (dir != null) {
            r1cs = dir.resolve(CircuitFolder.R1CS);
            zkey = zkey != null ? zkey : dir.resolve(CircuitFolder.ZKEY);
            CircuitFolder.read(dir);
        } else if (zkey == null) {
            throw new IllegalArgumentException("--zkey C.zkey is required with --r1cs");
        }
        Optional<CircuitFolder> folder = KeyRecording.folderOfR1cs(err, r1cs);
        R1cs circuit = R1csReader.read(r1cs);
        Zkey key;
        long start = System.nanoTime();
        if (source.dev) {
            warn(err);
            try (Progress progress = Progress.of(spec, "zkml setup")) {
                key = Setup.development(circuit, new SecureRandom(), Clock.systemUTC(), progress);
            }
        } else {
            try (Ptau p = Ptau.open(source.ptau); Progress progress = Progress.of(spec, "zkml setup")) {
                key = Setup.fromPtau(circuit, p, progress);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        AtomicFile.write(zkey, key::write);
        err.println("wrote " + zkey + ": " + key.nVars() + " wires, " + key.nPublic() + " public signal" + (key.nPublic() == 1 ? "" : "s")
                + ", domain 2^" + key.header().power() + ", circuit hash " + key.mpcParams().csHash().toHex().substring(0, 32) + "…"
                + String.format(java.util.Locale.ROOT, " (%.2f s)", seconds));
        if (vk != null) {
            AtomicFile.writeString(vk, VerificationKeyExport.json(key));
            err.println("wrote " + vk);
        }
        boolean recorded = folder.isPresent() && KeyRecording.afterSetup(err, folder.get(), r1cs, zkey, key.provenance());
        if (source.dev) {
            warn(err);
        } else {
            err.println("note: " + key.provenance().summary());
        }
        if (json.enabled) {
            ObjectNode o = JsonOption.key(JsonOption.object(), zkey, key.provenance());
            if (vk != null) {
                o.put("vk", vk.toString());
            }
            o.put("seconds", seconds).put("wires", key.nVars()).put("publicSignals", key.nPublic()).put("power", key.header().power())
                    .put("circuitHash", JsonOption.hex(key.mpcParams().csHash()));
            o.put("recordedIn", recorded ? folder.get().dir().resolve(CircuitFolder.CIRCUIT_JSON).toString() : null);
            JsonOption.print(spec, o);
        }
        return 0;
    }

    static void warn(PrintWriter err) {
        String bar = "WARNING " + "*".repeat(72);
        err.println(bar);
        for (String line : wrap(Setup.DEVELOPMENT_WARNING, 72)) {
            err.println("WARNING " + line);
        }
        err.println(bar);
    }

    private static java.util.List<String> wrap(String text, int width) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
