package io.zkml.service.work;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml.bundle.CircuitFolder;
import io.zkml.bundle.KeyRecord;
import io.zkml.bundle.ProofBundle;
import io.zkml.bundle.PublicSignal;
import io.zkml.cli.AtomicFile;
import io.zkml.compiler.CompileException;
import io.zkml.compiler.CompileOptions;
import io.zkml.compiler.Compiler;
import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.circuit.CircuitFiles;
import io.zkml.compiler.witness.IoJson;
import io.zkml.compiler.witness.WitnessGenerator;
import io.zkml.core.field.Fr;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.JsonText;
import io.zkml.core.r1cs.R1csReader;
import io.zkml.core.zkey.Zkey;
import io.zkml.prover.backend.ProgressListener;
import io.zkml.prover.backend.ProverBackend;
import io.zkml.prover.groth16.ProofWithSignals;
import io.zkml.prover.groth16.ProvingContext;
import io.zkml.prover.groth16.Setup;
import io.zkml.prover.groth16.VerificationKeyExport;
import io.zkml.verifier.solidity.SolidityVerifier;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The steps of the service's jobs, on the files of a {@link DataFolder}. Each step can run again after a
 * crash: it skips what is already complete on disk and replaces what is not.
 */
public final class Pipeline implements AutoCloseable {

    private final DataFolder data;
    private final ProverBackend backend;
    private final HotContexts contexts;
    private final SecureRandom random = new SecureRandom();
    private final java.util.concurrent.ConcurrentHashMap<String, Long> constraintCounts = new java.util.concurrent.ConcurrentHashMap<>();
    /** Installing a key (file, record, cache) is one step for the openers of contexts, which hold the read side. */
    private final java.util.concurrent.locks.ReentrantReadWriteLock keys = new java.util.concurrent.locks.ReentrantReadWriteLock();

    private final boolean retainInputs;

    public Pipeline(DataFolder data, ProverBackend backend, int hotCircuits) {
        this(data, backend, hotCircuits, false);
    }

    /** @param retainInputs keep proofs' input.json files after their jobs ended ({@code zkml serve --retain-inputs}) */
    public Pipeline(DataFolder data, ProverBackend backend, int hotCircuits, boolean retainInputs) {
        this.data = data;
        this.backend = backend;
        this.contexts = new HotContexts(hotCircuits);
        this.retainInputs = retainInputs;
    }

    public DataFolder data() {
        return data;
    }

    public ProverBackend backend() {
        return backend;
    }

    /** Compiles a model into its circuit folder (skipped if a complete one is there). */
    public void compile(String modelId, ModelOptions options) throws IOException {
        Path dir = data.circuit(modelId);
        if (CircuitFolder.isCircuitFolder(dir)) {
            return;
        }
        byte[] onnx = Files.readAllBytes(data.onnx(modelId));
        CompileOptions opts = options.compileOptions();
        Circuit c = Compiler.compile(onnx, opts);
        Path tmp = data.model(modelId).resolve("circuit.tmp");
        deleteTree(tmp);
        CircuitFiles.write(c, onnx, tmp);
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE); // circuit.json appears with the folder, complete
    }

    /** A development key for the model's circuit, recorded in circuit.json, with its vk and Verifier.sol (skipped if done). */
    public void developmentSetup(String modelId) throws IOException {
        Path dir = data.circuit(modelId);
        CircuitFolder folder = CircuitFolder.read(dir);
        if (folder.key().isPresent() && Files.isRegularFile(data.verifier(modelId))) {
            return;
        }
        Path zkey = dir.resolve(CircuitFolder.ZKEY);
        try (Zkey key = Setup.development(R1csReader.read(folder.r1csPath()), random)) {
            AtomicFile.write(zkey, key::write);
        }
        install(modelId, folder, zkey);
    }

    /** Records a key in circuit.json and writes the verification key and Verifier.sol next to the circuit. */
    private void install(String modelId, CircuitFolder folder, Path zkey) throws IOException {
        keys.writeLock().lock();
        try (Zkey key = Zkey.open(zkey)) {
            AtomicFile.writeString(data.vk(modelId), VerificationKeyExport.json(key));
            AtomicFile.writeString(data.verifier(modelId), SolidityVerifier.generate(key.verifyingKey()));
            AtomicFile.writeString(folder.dir().resolve(CircuitFolder.CIRCUIT_JSON),
                    folder.withKey(KeyRecord.of(folder.dir(), zkey, key.provenance().toJson())));
            contexts.invalidate(modelId);
        } finally {
            keys.writeLock().unlock();
        }
    }

    /**
     * Installs a proving key from a ceremony in place of the model's key, after checking it against the circuit:
     * sizes and every point (as a proving context checks them), then a proof of a sample witness (each input at
     * the middle of its declared range) that must verify under the key's own verifying key — which only a key for
     * this circuit's constraints gives.
     *
     * @throws FormatException if the file is not a valid key, or not one for this circuit
     */
    public void installKey(String modelId, Path uploaded) throws IOException {
        Path dir = data.circuit(modelId);
        CircuitFolder folder = CircuitFolder.read(dir);
        Circuit c = Compiler.load(dir);
        try (ProvingContext ctx = ProvingContext.open(uploaded, c.r1cs(), backend)) {
            ctx.prove(sampleWitness(c, folder.json().node()));
        } catch (IllegalArgumentException | io.zkml.prover.groth16.InvalidWitnessException e) {
            throw FormatException.of("zkey", "is not a proving key of this model's circuit: " + e.getMessage());
        }
        Path zkey = dir.resolve(CircuitFolder.ZKEY);
        keys.writeLock().lock();
        try {
            Files.move(uploaded, zkey, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            install(modelId, folder, zkey);
        } finally {
            keys.writeLock().unlock();
        }
    }

    private io.zkml.core.wtns.Witness sampleWitness(Circuit c, JsonNode json) {
        List<double[]> inputs = new ArrayList<>();
        for (JsonNode in : json.path("inputs")) {
            long n = 1;
            for (JsonNode d : in.path("shape")) {
                n *= d.asLong();
            }
            double mid = (in.path("range").get(0).asDouble() + in.path("range").get(1).asDouble()) / 2;
            double[] x = new double[Math.toIntExact(n)];
            java.util.Arrays.fill(x, mid);
            inputs.add(x);
        }
        Map<String, Fr> salts = new HashMap<>();
        for (var h : c.hashed()) {
            if (h.input()) {
                salts.put(c.program().inputs().get(h.tensor()).name(), Fr.of(new BigInteger(250, random)));
            }
        }
        return WitnessGenerator.generate(c, inputs, new WitnessGenerator.Salts(salts, Map.of()), random).witness();
    }

    /**
     * Checks an input.json (EZKL's form, with salts of hashed inputs) against the model's circuit without
     * computing anything: one array per graph input, each with as many numbers as the input has elements.
     *
     * @throws CompileException naming what does not fit
     */
    public void checkInput(String modelId, JsonNode input) throws IOException {
        List<double[]> given = IoJson.parseInput(input, "input.json");
        IoJson.parseSalts(input, "input.json");
        JsonNode inputs = JsonText.read(data.circuit(modelId).resolve(CircuitFolder.CIRCUIT_JSON)).node().path("inputs");
        if (given.size() != inputs.size()) {
            throw new CompileException("input_data: the model has " + inputs.size() + " input" + (inputs.size() == 1 ? "" : "s") + ", the request gives "
                    + given.size());
        }
        for (int k = 0; k < given.size(); k++) {
            long n = 1;
            for (JsonNode d : inputs.get(k).path("shape")) {
                n *= d.asLong();
            }
            if (given.get(k).length != n) {
                throw new CompileException("input_data[" + k + "]: input '" + inputs.get(k).path("name").asText() + "' has " + n + " elements, the request gives "
                        + given.get(k).length);
            }
        }
    }

    /**
     * Proves the stored input of a proof job: witness, proof (verified by the context before it returns), bundle
     * written to {@code proofs/ID/BUNDLE} (the claim's own file, {@link DataFolder#bundleName}).
     *
     * @throws CompileException if the input does not fit the circuit (a range, a salt)
     * @throws java.util.concurrent.CancellationException if {@code cancel} was set
     */
    public ProofBundle prove(String proofId, String modelId, String bundleName, ProgressListener progress, AtomicBoolean cancel) throws Exception {
        JsonNode input = IoJson.read(data.input(proofId));
        Path dir = data.circuit(modelId);
        HotContexts.Entry e;
        keys.readLock().lock();
        try {
            e = contexts.acquire(modelId, () -> {
                Circuit c = Compiler.load(dir);
                CircuitFolder folder = CircuitFolder.read(dir);
                return new HotContexts.Entry(c, folder, ProvingContext.open(folder.keyPath(), c.r1cs(), backend));
            });
        } finally {
            keys.readLock().unlock();
        }
        try {
            List<double[]> values = IoJson.parseInput(input, "input.json");
            WitnessGenerator.Result w = WitnessGenerator.generate(e.circuit, values, IoJson.parseSalts(input, "input.json"), random);
            ProofWithSignals p = e.context.prove(w.witness(), progress, cancel);
            constraintCounts.put(modelId, (long) e.circuit.nConstraints());
            CircuitFolder folder = e.folder; // the key record of the key this context holds, even if a new key was installed since
            List<PublicSignal> signals = folder.publicSignals();
            ProofBundle b = ProofBundle.of(p.proof(), p.publicSignalValues(), signals, folder.r1csSha256(), folder.key().orElseThrow().sha256(),
                    e.context.provenance().orElseThrow().toJson());
            AtomicFile.writeString(data.bundle(proofId, bundleName), b.text());
            return b;
        } finally {
            contexts.release(e);
        }
    }

    /** The constraints of a model's circuit, as its last proof here found them (0 before any). */
    public long constraints(String modelId) {
        return constraintCounts.getOrDefault(modelId, 0L);
    }

    /** Deletes a bundle file that its claim did not publish (it lost the job to another claim). */
    public void discardBundle(String proofId, String bundleName) throws IOException {
        Files.deleteIfExists(data.bundle(proofId, bundleName));
    }

    /** Deletes a proof's private input (after the job finished, whichever way), unless inputs are retained. */
    public void forgetInput(String proofId) throws IOException {
        if (!retainInputs) {
            Files.deleteIfExists(data.input(proofId));
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public void close() {
        contexts.close();
    }
}
