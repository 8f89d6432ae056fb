package io.zkml.cli;

import io.zkml.bundle.CircuitFolder;
import io.zkml.bundle.KeyRecord;
import io.zkml.bundle.ProofBundle;
import io.zkml.bundle.PublicSignal;
import io.zkml.core.io.FormatException;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.r1cs.R1csReader;
import io.zkml.core.snarkjs.ProofJson;
import io.zkml.core.snarkjs.PublicSignalsJson;
import io.zkml.core.wtns.Witness;
import io.zkml.core.wtns.WtnsReader;
import io.zkml.core.zkey.Provenance;
import io.zkml.prover.backend.NativeBackend;
import io.zkml.prover.backend.ProverBackend;
import io.zkml.prover.backend.ProverBackends;
import io.zkml.prover.groth16.InvalidWitnessException;
import io.zkml.prover.groth16.ProofWithSignals;
import io.zkml.prover.groth16.ProvingContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "prove",
        mixinStandardHelpOptions = true,
        description = {"Proves a witness with a Groth16 .zkey (snarkjs's or zkml's) and writes snarkjs's proof.json and public.json.",
                "The proof is verified before anything is written.",
                "Exit 0: written; 1: the witness does not satisfy the circuit (with --r1cs the violated constraint is named);",
                "2: malformed or mismatched input.",
                "--circuit DIR --bundle bundle.json: also a proof bundle (proof, public signals, what each signal is, the decoded",
                "outputs, Solidity calldata, the circuit's and key's SHA-256 and the key's provenance; see the README)."})
final class ProveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--zkey", required = true, paramLabel = "circuit.zkey", description = "the proving key")
    Path zkey;

    @Option(names = "--witness", required = true, paramLabel = "witness.wtns", description = "the witness (circom's .wtns)")
    Path witness;

    @Option(names = "--proof", paramLabel = "proof.json", description = "where to write the proof")
    Path proof;

    @Option(names = "--public", paramLabel = "public.json", description = "where to write the public signals")
    Path publicSignals;

    @Option(names = "--circuit", paramLabel = "DIR", description = "the circuit folder (zkml compile): checks the witness against its circuit.r1cs"
            + " and describes the public signals in the bundle")
    Path circuit;

    @Option(names = "--bundle", paramLabel = "bundle.json", description = "where to write the proof bundle (needs --circuit)")
    Path bundle;

    @Option(names = "--r1cs", paramLabel = "circuit.r1cs", description = "the circuit, to check the witness and name a violated constraint")
    Path r1csPath;

    @Option(names = "--backend", defaultValue = "auto", paramLabel = "auto|cuda|native|java",
            description = {"auto: cuda when a CUDA device is usable, else native when libzkml loads, else java; says which on",
                    "  standard error (default: ${DEFAULT-VALUE}); `zkml inspect --backends` lists them and why not.",
                    "cuda: MSM and NTT on the GPU (libzkml_cuda, built where nvcc is; proofs on the CPU for now).",
                    "native: the C++ prover (libzkml, built with cmake and g++).", "java: the pure-Java prover."})
    String backendName;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (bundle == null && (proof == null || publicSignals == null)) {
            throw new IllegalArgumentException("say where to write: --proof proof.json and --public public.json, or --bundle bundle.json");
        }
        if ((proof == null) != (publicSignals == null)) {
            throw new IllegalArgumentException("--proof and --public go together");
        }
        if (bundle != null && circuit == null) {
            throw new IllegalArgumentException("--bundle needs the circuit folder: --circuit DIR");
        }
        if (circuit != null && r1csPath != null) {
            throw new IllegalArgumentException("give the circuit once: --circuit DIR (its circuit.r1cs) or --r1cs C.r1cs");
        }
        CircuitFolder folder = circuit == null ? null : CircuitFolder.read(circuit);
        String circuitHash = null;
        if (folder != null) {
            circuitHash = KeyRecord.sha256(folder.r1csPath());
            if (!circuitHash.equals(folder.r1csSha256())) {
                throw FormatException.of(folder.r1csPath().toString(), "does not match the SHA-256 recorded in " + CircuitFolder.CIRCUIT_JSON);
            }
            r1csPath = folder.r1csPath();
        }
        R1cs r1cs = r1csPath == null ? null : R1csReader.read(r1csPath);
        Witness w = WtnsReader.read(witness);
        try (ProverBackend backend = ProverBackends.open(backendName)) {
            err.println("zkml prove: backend " + backend + (backend instanceof NativeBackend || !"auto".equalsIgnoreCase(backendName) ? ""
                    : NativeBackend.unavailableReason().map(r -> " (native library unavailable: " + r + ")").orElse("")));
            try (ProvingContext ctx = ProvingContext.open(zkey, r1cs, backend)) {
                ctx.provenance().filter(Provenance::isForgeable)
                        .ifPresent(p -> err.println("zkml prove: warning: " + p.summary()));
                List<PublicSignal> signals = folder == null ? null : folder.publicSignals();
                if (signals != null && signals.size() != ctx.verifyingKey().nPublic()) {
                    throw FormatException.of(zkey.toString(), "has " + ctx.verifyingKey().nPublic() + " public signals; " + folder.dir().resolve(
                            CircuitFolder.CIRCUIT_JSON) + " describes " + signals.size());
                }
                long start = System.nanoTime();
                ProofWithSignals p;
                try {
                    p = ctx.prove(w);
                } catch (InvalidWitnessException e) {
                    err.println("zkml prove: " + e.getMessage());
                    return ZkmlCommand.EXIT_NEGATIVE;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                List<String> written = new ArrayList<>();
                if (bundle != null) {
                    ProofBundle b = ProofBundle.of(p.proof(), p.publicSignalValues(), signals, circuitHash, KeyRecord.sha256(zkey),
                            ctx.provenance().orElseThrow().toJson());
                    writeAtomically(bundle, b.text());
                    written.add(bundle.toString());
                }
                if (proof != null) {
                    writeAtomically(publicSignals, PublicSignalsJson.write(p.publicSignalValues()));
                    writeAtomically(proof, ProofJson.write(p.proof()));
                    written.add(proof + " and " + publicSignals);
                }
                err.printf("zkml prove: proved and verified in %.2f s; wrote %s (%d public signal%s)%n", seconds, String.join(", ", written),
                        p.publicSignals().size(), p.publicSignals().size() == 1 ? "" : "s");
            }
        }
        return 0;
    }

    /** Writes next to the target and moves into place, so that a failure never leaves half a file. */
    static void writeAtomically(Path target, String text) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
