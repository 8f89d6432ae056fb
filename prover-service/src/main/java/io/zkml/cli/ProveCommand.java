package io.zkml.cli;

import io.zkml.bundle.CircuitFolder;
import io.zkml.bundle.KeyRecord;
import io.zkml.bundle.ProofBundle;
import io.zkml.bundle.PublicSignal;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.Trace;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.r1cs.R1csReader;
import io.zkml.core.snarkjs.ProofJson;
import io.zkml.core.snarkjs.PublicSignalsJson;
import io.zkml.core.wtns.Witness;
import io.zkml.core.wtns.WtnsReader;
import io.zkml.core.zkey.Provenance;
import io.zkml.core.zkey.Zkey;
import io.zkml.prover.backend.NativeBackend;
import io.zkml.prover.backend.ProverBackend;
import io.zkml.prover.backend.ProverBackends;
import io.zkml.prover.groth16.InvalidWitnessException;
import io.zkml.prover.groth16.ProofWithSignals;
import io.zkml.prover.groth16.ProvingContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.io.JsonText;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "prove",
        mixinStandardHelpOptions = true,
        description = {"Proves an inference with a Groth16 .zkey (snarkjs's or zkml's); the proof is verified before anything is written.",
                "One step, from a circuit folder: zkml prove DIR --input input.json [--salts commitments.json] -o BUNDLE/",
                "  computes the witness and proves with DIR's key (circuit.json's \"key\", or --zkey), and writes BUNDLE/proof.json,",
                "  public.json, output.json (the outputs dequantized, with names and shapes, and what the proof discloses), calldata.txt",
                "  (verifyProof's arguments) and bundle.json; zkml verify BUNDLE/ checks it.",
                "Low level: zkml prove --zkey C.zkey --witness w.wtns --proof proof.json --public public.json (snarkjs's files).",
                "Exit 0: written; 1: the witness does not satisfy the circuit (with --r1cs the violated constraint is named);",
                "2: malformed or mismatched input.",
                "--circuit DIR --bundle bundle.json: also a proof bundle (proof, public signals, what each signal is, the decoded",
                "outputs, Solidity calldata, the circuit's and key's SHA-256 and the key's provenance; see the README)."})
final class ProveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "the circuit folder (zkml compile), as --circuit")
    Path dir;

    @Option(names = "--input", paramLabel = "input.json", description = "the input (EZKL's input.json): compute the witness here (needs DIR and -o)")
    Path input;

    @Option(names = "--salts", paramLabel = "commitments.json", description = "with --input: the salts of the hashed inputs (zkml commit --circuit)")
    Path salts;

    @Option(names = "--row", paramLabel = "N", description = "with --input: the sample to prove when the input holds several (counted from 0)")
    Integer row;

    @Option(names = "--params", paramLabel = "model.onnx", description = "with --input and committed parameters: prove with this model's weights"
            + " (as zkml witness --params)")
    Path params;

    @Option(names = "--params-salt", paramLabel = "HEX", description = "with --params: the salt of the parameters' commitment (default 0)")
    String paramsSalt;

    @Option(names = {"-o", "--output"}, paramLabel = "BUNDLE", description = "with --input: the folder to write the proof files into (made if missing)")
    Path outDir;

    @Option(names = "--json", description = "print a JSON summary on standard output (the files written, the time; with --input the disclosed outputs)")
    boolean json;

    @Option(names = "--zkey", paramLabel = "circuit.zkey", description = "the proving key (default with DIR: the key its circuit.json records)")
    Path zkey;

    @Option(names = "--witness", paramLabel = "witness.wtns", description = "the witness (circom's .wtns), instead of --input")
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
                    "cuda: the whole proof on the GPU, the key resident on it (libzkml_cuda, built where nvcc is).",
                    "native: the C++ prover (libzkml, built with cmake and g++).", "java: the pure-Java prover."})
    String backendName;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (dir != null) {
            if (circuit != null) {
                throw new IllegalArgumentException("give the circuit folder once: DIR or --circuit DIR");
            }
            circuit = dir;
        }
        if (input != null || outDir != null) {
            return proveInput(err);
        }
        if (row != null || params != null || paramsSalt != null) {
            throw new IllegalArgumentException("--row, --params and --params-salt go with --input (the witness computed here)");
        }
        if (witness == null || zkey == null) {
            throw new IllegalArgumentException("say what to prove: DIR --input input.json -o BUNDLE/ (one step),"
                    + " or --zkey C.zkey --witness w.wtns (a witness computed before)");
        }
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
        Trace.mark("prove: options checked");
        try (KeyInBackground key = new KeyInBackground(zkey)) {
            Witness w = WtnsReader.read(witness);
            Trace.mark("witness read");
            try (ProverBackend backend = openBackend(backendName, err); ProvingContext ctx = ProvingContext.of(key.zkey(), r1cs, backend)) {
                key.warnIfForgeable(err);
                List<PublicSignal> signals = folder == null ? null : folder.publicSignals();
                if (signals != null && signals.size() != ctx.verifyingKey().nPublic()) {
                    throw FormatException.of(zkey.toString(), "has " + ctx.verifyingKey().nPublic() + " public signals; " + folder.dir().resolve(
                            CircuitFolder.CIRCUIT_JSON) + " describes " + signals.size());
                }
                long start = System.nanoTime();
                ProofWithSignals p;
                try (Progress progress = Progress.of(spec, "zkml prove")) {
                    p = ctx.prove(w, progress, new AtomicBoolean());
                } catch (InvalidWitnessException e) {
                    err.println("zkml prove: " + e.getMessage());
                    return ZkmlCommand.EXIT_NEGATIVE;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                List<String> written = new ArrayList<>();
                if (bundle != null) {
                    ProofBundle b = ProofBundle.of(p.proof(), p.publicSignalValues(), signals, circuitHash, KeyRecord.sha256(zkey),
                            key.provenance().toJson());
                    AtomicFile.writeString(bundle, b.text());
                    written.add(bundle.toString());
                }
                if (proof != null) {
                    AtomicFile.writeString(publicSignals, PublicSignalsJson.write(p.publicSignalValues()));
                    AtomicFile.writeString(proof, ProofJson.write(p.proof()));
                    written.add(proof + " and " + publicSignals);
                }
                Trace.mark("files written");
                err.printf("zkml prove: proved and verified in %.2f s; wrote %s (%d public signal%s)%n", seconds, String.join(", ", written),
                        p.publicSignals().size(), p.publicSignals().size() == 1 ? "" : "s");
                if (json) {
                    ObjectNode summary = JsonText.NODES.objectNode();
                    if (proof != null) {
                        summary.put("proof", proof.toString()).put("public", publicSignals.toString());
                    }
                    if (bundle != null) {
                        summary.put("bundle", bundle.toString());
                    }
                    summary.put("backend", backend.toString()).put("proveSeconds", seconds).put("publicSignals", p.publicSignals().size());
                    spec.commandLine().getOut().println(JsonText.stringify(summary));
                    spec.commandLine().getOut().flush();
                }
            }
        }
        return 0;
    }

    /** DIR --input input.json -o BUNDLE/: the witness, the proof and every file of a bundle folder. */
    private int proveInput(PrintWriter err) throws Exception {
        if (input == null || outDir == null || circuit == null) {
            throw new IllegalArgumentException("proving an input needs the circuit folder, the input and where to write: DIR --input input.json -o BUNDLE/");
        }
        if (witness != null || proof != null || publicSignals != null || bundle != null || r1csPath != null) {
            throw new IllegalArgumentException("with --input, zkml prove writes the whole bundle folder (-o BUNDLE/): drop --witness, --proof,"
                    + " --public, --bundle and --r1cs");
        }
        CircuitFolder folder = CircuitFolder.read(circuit);
        if (zkey == null) {
            zkey = folder.keyPath();
            if (!Files.exists(zkey)) {
                throw new IllegalArgumentException("no proving key in " + circuit + " (" + zkey.getFileName() + "): make one with zkml setup "
                        + circuit + " --dev (development) or --ptau P.ptau, or give --zkey C.zkey");
            }
        }
        String circuitHash = KeyRecord.sha256(folder.r1csPath());
        if (!circuitHash.equals(folder.r1csSha256())) {
            throw FormatException.of(folder.r1csPath().toString(), "does not match the SHA-256 recorded in " + CircuitFolder.CIRCUIT_JSON);
        }
        Path outputJson = outDir.resolve(OUTPUT);
        Files.createDirectories(outDir);
        // the witness as zkml witness computes it; the .wtns holds the private input, so it goes to an owner-only
        // temporary file, never into the bundle folder
        ProofWithSignals p;
        ProofBundle b;
        double witnessSeconds, seconds;
        String backendName;
        // the key is mapped and checked on another thread while the witness is computed here
        try (KeyInBackground key = new KeyInBackground(zkey)) {
            Path wtns = Files.createTempFile("zkml-prove-", ".wtns");
            Witness w;
            long t0 = System.nanoTime();
            try {
                List<String> args = new ArrayList<>(List.of("witness", circuit.toString(), "--input", input.toString(), "--witness", wtns.toString(),
                        "--output", outputJson.toString()));
                if (salts != null) {
                    args.addAll(List.of("--salts", salts.toString()));
                }
                if (row != null) {
                    args.addAll(List.of("--row", row.toString()));
                }
                if (params != null) {
                    args.addAll(List.of("--params", params.toString()));
                }
                if (paramsSalt != null) {
                    args.addAll(List.of("--params-salt", paramsSalt));
                }
                if (((ZkmlRoot) spec.root().userObject()).verbose()) {
                    args.add("--verbose");
                }
                int exit = ZkmlCommand.execute(spec.commandLine().getOut(), err, args.toArray(String[]::new));
                if (exit != 0) {
                    return exit;
                }
                w = WtnsReader.read(wtns);
            } finally {
                Files.deleteIfExists(wtns);
            }
            witnessSeconds = (System.nanoTime() - t0) / 1e9;
            R1cs r1cs = R1csReader.read(folder.r1csPath());
            try (ProverBackend backend = ProverBackends.open(this.backendName); ProvingContext ctx = ProvingContext.of(key.zkey(), r1cs, backend)) {
                backendName = backend.toString();
                key.warnIfForgeable(err);
                List<PublicSignal> signals = folder.publicSignals();
                if (signals.size() != ctx.verifyingKey().nPublic()) {
                    throw FormatException.of(zkey.toString(), "has " + ctx.verifyingKey().nPublic() + " public signals; " + folder.dir().resolve(
                            CircuitFolder.CIRCUIT_JSON) + " describes " + signals.size());
                }
                long start = System.nanoTime();
                try (Progress progress = Progress.of(spec, "zkml prove")) {
                    p = ctx.prove(w, progress, new AtomicBoolean());
                } catch (InvalidWitnessException e) {
                    err.println("zkml prove: " + e.getMessage());
                    return ZkmlCommand.EXIT_NEGATIVE;
                }
                seconds = (System.nanoTime() - start) / 1e9;
                b = ProofBundle.of(p.proof(), p.publicSignalValues(), signals, circuitHash, KeyRecord.sha256(zkey), key.provenance().toJson());
            }
        }
        // output.json as zkml witness wrote it, plus the outputs' names and the circuit folder (which verify BUNDLE/ reads)
        ObjectNode out = (ObjectNode) JsonText.read(outputJson).node();
        ArrayNode names = out.putArray("names");
        folder.json().field("outputs").elements().forEach(o -> names.add(o.field("name").text()));
        out.put("circuit", circuit.toAbsolutePath().normalize().toString());
        if (out.has("output_salts")) {
            AtomicFile.writePrivateString(outputJson, JsonText.stringify(out));
        } else {
            AtomicFile.writeString(outputJson, JsonText.stringify(out));
        }
        AtomicFile.writeString(outDir.resolve(PROOF), ProofJson.write(p.proof()));
        AtomicFile.writeString(outDir.resolve(PUBLIC), PublicSignalsJson.write(p.publicSignalValues()));
        AtomicFile.writeString(outDir.resolve(CALLDATA), b.calldata() + "\n");
        AtomicFile.writeString(outDir.resolve(BUNDLE), b.text());
        err.printf("zkml prove: witness in %.2f s, proved (%s) and verified in %.2f s; wrote %s: %s, %s, %s, %s, %s%n", witnessSeconds, backendName,
                seconds, outDir, PROOF, PUBLIC, OUTPUT, CALLDATA, BUNDLE);
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            ObjectNode summary = JsonText.NODES.objectNode();
            summary.put("bundle", outDir.toString());
            ArrayNode files = summary.putArray("files");
            for (String f : List.of(PROOF, PUBLIC, OUTPUT, CALLDATA, BUNDLE)) {
                files.add(outDir.resolve(f).toString());
            }
            summary.put("backend", backendName);
            summary.put("witnessSeconds", witnessSeconds);
            summary.put("proveSeconds", seconds);
            summary.put("publicSignals", p.publicSignals().size());
            summary.set("outputs", b.outputs());
            summary.set("inputs", b.inputs());
            summary.set("provenance", b.provenance());
            stdout.println(JsonText.stringify(summary));
        } else {
            for (var o : b.outputs()) {
                stdout.println("output '" + o.path("tensor").asText() + "' (" + o.path("visibility").asText() + "): " + o.path("values"));
            }
            for (var i : b.inputs()) {
                stdout.println("input '" + i.path("tensor").asText() + "' (" + i.path("visibility").asText() + "): " + i.path("values"));
            }
        }
        stdout.flush();
        return 0;
    }

    /** Opens the backend and says which on standard error (and, for auto without the native library, why not). */
    private static ProverBackend openBackend(String name, PrintWriter err) {
        ProverBackend backend = ProverBackends.open(name);
        err.println("zkml prove: backend " + backend + (backend instanceof NativeBackend || !"auto".equalsIgnoreCase(name) ? ""
                : NativeBackend.unavailableReason().map(r -> " (native library unavailable: " + r + ")").orElse("")));
        return backend;
    }

    /**
     * A {@code .zkey} mapped and checked ({@link Zkey#open}), its provenance read and the JSON classes loaded, on
     * threads of their own while the caller reads the witness and loads the backend: these steps of a short
     * command's start use one core each, and on a machine with two they overlap. Closing unmaps the key, at once
     * or as soon as the background work ends.
     */
    static final class KeyInBackground implements AutoCloseable {

        private final CompletableFuture<Zkey> key;
        private final CompletableFuture<Provenance> provenance;

        KeyInBackground(Path path) {
            Executor thread = task -> Thread.ofPlatform().daemon().name("zkml-key").start(task);
            key = CompletableFuture.supplyAsync(() -> {
                try {
                    return Zkey.open(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, thread);
            provenance = key.thenApplyAsync(Zkey::provenance, thread);
            // then the JSON writer that the proof files are written with after the proof (its first use loads its
            // classes, ≈ 0.1 s; a development key's provenance has loaded most of them already); nothing waits for it
            provenance.thenRunAsync(() -> JsonText.stringify(JsonText.NODES.objectNode().putArray("").add("")), thread);
        }

        /** The key, once mapped and checked; rethrows what opening it threw. */
        Zkey zkey() {
            Zkey z = join(key);
            Trace.mark("key mapped (background)");
            return z;
        }

        /** The key's provenance; rethrows what reading it threw. */
        Provenance provenance() {
            return join(provenance);
        }

        /** Warns on standard error when whoever made the key could forge proofs with it. */
        void warnIfForgeable(PrintWriter err) {
            Provenance p = provenance();
            if (p.isForgeable()) {
                err.println("zkml prove: warning: " + p.summary());
            }
        }

        private static <T> T join(CompletableFuture<T> f) {
            try {
                return f.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error r) {
                    throw r;
                }
                throw e;
            }
        }

        @Override
        public void close() {
            // the provenance is read from the key: unmap it only after that ends (at once when it has)
            provenance.whenComplete((p, e) -> key.thenAccept(Zkey::close));
        }
    }

    /** The files of a bundle folder. */
    static final String PROOF = "proof.json", PUBLIC = "public.json", OUTPUT = "output.json", CALLDATA = "calldata.txt", BUNDLE = "bundle.json";
}
