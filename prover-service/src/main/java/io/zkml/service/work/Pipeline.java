package io.zkml.service.work;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml.bundle.CircuitFolder;
import io.zkml.bundle.KeyRecord;
import io.zkml.bundle.ProofBundle;
import io.zkml.bundle.PublicSignal;
import io.zkml.compiler.CompileException;
import io.zkml.compiler.CompileOptions;
import io.zkml.compiler.Compiler;
import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.circuit.CircuitFiles;
import io.zkml.compiler.witness.IoJson;
import io.zkml.compiler.witness.WitnessGenerator;
import io.zkml.core.field.Fr;
import io.zkml.core.io.FormatException;
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
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The steps of the service's jobs, on the files of a {@link DataFolder}: each stores what it makes in the
 * content-addressed artifacts and then records it in the model's manifest (or, a bundle, hands its reference to
 * the job store). Each step can run again after a crash: it skips what is already recorded and stores again
 * what is not.
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

    /** Stores a model's uploaded ONNX file and records it as the model's; its SHA-256. */
    public String storeModel(String modelId, byte[] onnx) throws IOException {
        String sha = data.artifacts().put(onnx);
        data.record(modelId, Map.of(DataFolder.ONNX, sha));
        return sha;
    }

    /** Compiles a model: its circuit's files stored and recorded (skipped if its circuit.json is recorded). */
    public void compile(String modelId, ModelOptions options) throws IOException {
        if (data.file(modelId, CircuitFolder.CIRCUIT_JSON).isPresent()) {
            return;
        }
        byte[] onnx = data.read(modelId, DataFolder.ONNX);
        CompileOptions opts = options.compileOptions();
        Circuit c = Compiler.compile(onnx, opts);
        Artifacts store = data.artifacts();
        Path tmp = store.newTemporaryFolder();
        try {
            CircuitFiles.write(c, onnx, tmp);
            Map<String, String> files = new HashMap<>();
            try (Stream<Path> s = Files.list(tmp)) {
                for (Path f : s.toList()) {
                    files.put(f.getFileName().toString(), store.adopt(f));
                }
            }
            data.record(modelId, files); // circuit.json is recorded with the files it names, complete
        } finally {
            deleteTree(tmp);
        }
    }

    /** The model's compiled circuit, from its stored files (each checked against its hash). */
    private Circuit loadCircuit(String modelId, CircuitFolder folder) throws IOException {
        Artifacts store = data.artifacts();
        return Compiler.load(folder.json().node(), data.read(modelId, DataFolder.ONNX), data.model(modelId).resolve(DataFolder.ONNX),
                store.open(folder.r1csSha256()));
    }

    private CircuitFolder circuit(String modelId) throws IOException {
        return data.circuit(modelId).orElseThrow(() -> new IllegalStateException("model " + modelId + " is not compiled"));
    }

    /** A development key for the model's circuit, recorded in circuit.json, with its vk and Verifier.sol (skipped if done). */
    public void developmentSetup(String modelId) throws IOException {
        CircuitFolder folder = circuit(modelId);
        if (folder.key().isPresent() && data.file(modelId, DataFolder.VERIFIER).isPresent()) {
            return;
        }
        String zkey;
        try (Zkey key = Setup.development(R1csReader.read(data.artifacts().open(folder.r1csSha256())), random)) {
            zkey = data.artifacts().put(key::write);
        }
        install(modelId, folder, zkey);
    }

    /**
     * Records a stored key in a new circuit.json and stores the verification key and Verifier.sol, then records
     * all three in the model's manifest at once.
     */
    private void install(String modelId, CircuitFolder folder, String zkeySha) throws IOException {
        Artifacts store = data.artifacts();
        keys.writeLock().lock();
        try (Zkey key = Zkey.open(store.open(zkeySha))) {
            Map<String, String> files = new HashMap<>();
            files.put(CircuitFolder.ZKEY, zkeySha);
            files.put(DataFolder.VK, store.putString(VerificationKeyExport.json(key)));
            files.put(DataFolder.VERIFIER, store.putString(SolidityVerifier.generate(key.verifyingKey())));
            files.put(CircuitFolder.CIRCUIT_JSON, store.putString(folder.withKey(new KeyRecord(CircuitFolder.ZKEY, zkeySha, key.provenance().toJson()))));
            data.record(modelId, files);
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
     * @param uploaded a file in the artifacts' temporary folder ({@link Artifacts#newTemporaryFile}), stored if it fits
     * @throws FormatException if the file is not a valid key, or not one for this circuit
     */
    public void installKey(String modelId, Path uploaded) throws IOException {
        CircuitFolder folder = circuit(modelId);
        Circuit c = loadCircuit(modelId, folder);
        try (ProvingContext ctx = ProvingContext.open(uploaded, c.r1cs(), backend)) {
            ctx.prove(sampleWitness(c, folder.json().node()));
        } catch (IllegalArgumentException | io.zkml.prover.groth16.InvalidWitnessException e) {
            throw FormatException.of("zkey", "is not a proving key of this model's circuit: " + e.getMessage());
        }
        install(modelId, folder, data.artifacts().adopt(uploaded));
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
        JsonNode inputs = circuit(modelId).json().node().path("inputs");
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
     * stored in the artifacts. Returns the bundle's reference for the store ({@link DataFolder#bundleRef}), which
     * the claim publishes if it still holds the job.
     *
     * @throws CompileException if the input does not fit the circuit (a range, a salt)
     * @throws java.util.concurrent.CancellationException if {@code cancel} was set
     */
    public String prove(String proofId, String modelId, ProgressListener progress, AtomicBoolean cancel) throws Exception {
        JsonNode input = IoJson.read(data.input(proofId));
        HotContexts.Entry e;
        keys.readLock().lock();
        try {
            e = contexts.acquire(modelId, () -> {
                CircuitFolder folder = circuit(modelId);
                Circuit c = loadCircuit(modelId, folder);
                String key = folder.key().orElseThrow(() -> new IllegalStateException("model " + modelId + " has no key")).sha256();
                return new HotContexts.Entry(c, folder, ProvingContext.open(data.artifacts().open(key), c.r1cs(), backend));
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
            return DataFolder.bundleRef(data.artifacts().putString(b.text()));
        } finally {
            contexts.release(e);
        }
    }

    /** The constraints of a model's circuit, as its last proof here found them (0 before any). */
    public long constraints(String modelId) {
        return constraintCounts.getOrDefault(modelId, 0L);
    }

    /**
     * Deletes a bundle that its claim did not publish (it lost the job to another claim): no other job has its
     * content, which holds a proof of fresh randomness.
     */
    public void discardBundle(String bundleRef) throws IOException {
        if (bundleRef.startsWith(DataFolder.BUNDLE_REF)) {
            Files.deleteIfExists(data.artifacts().path(bundleRef.substring(DataFolder.BUNDLE_REF.length())));
        }
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
