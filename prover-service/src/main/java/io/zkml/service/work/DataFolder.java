package io.zkml.service.work;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.bundle.CircuitFolder;
import io.zkml.core.io.JsonText;
import io.zkml.service.store.Job;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Where the service keeps its files:
 * <pre>
 * DIR/zkml.mv.db                        the job store (H2; rw------- since it holds webhook secrets)
 * DIR/admin.key                         the generated bootstrap admin key (rw-------), if none was given
 * DIR/artifacts/sha256/ab/abcdef…       every immutable file, named by the SHA-256 of its content ({@link Artifacts}):
 *                                       models (model.onnx), compiled circuits (circuit.r1cs, circuit.json,
 *                                       report.json, report.txt), keys (circuit.zkey), verification_key.json,
 *                                       Verifier.sol, published proof bundles
 * DIR/artifacts/tmp/                    files being written (a crash's leftovers are never read, and are deleted
 *                                       once {@link Artifacts#STALE} old)
 * DIR/models/ID/manifest.json           a model's files: {"format": "zkml-model-files", "files": {NAME: SHA-256}},
 *                                       NAME one of model.onnx, circuit.json, circuit.r1cs, report.json,
 *                                       report.txt, circuit.zkey, verification_key.json, Verifier.sol
 * DIR/proofs/ID/input.json              a proof's input (rw-------), deleted once the job finishes
 * </pre>
 * A published proof bundle is recorded in the job store (the job's {@code bundle} column) as {@code sha256:HEX}, by
 * the compare-and-set that finishes the job: a worker whose lease expired unnoticed stores its own bundle under
 * its own hash (a bundle holds a fresh proof, so no two are alike) and cannot change which one is published, nor
 * the published file, which is immutable and checked against its hash whenever it is served. The same model
 * uploaded twice, or two models compiling to the same circuit, share their files.
 *
 * <p>The manifest is small and is replaced as a whole (written, forced to disk and renamed in, like every
 * artifact); it is written after the files it names, so a crash never leaves it naming a file that is not there.
 * Several nodes on one job store share the whole data folder (one shared filesystem, such as NFS); the artifacts
 * folder alone may be a mount of its own, since nothing in it is ever changed in place and concurrent writers of
 * the same content are safe.
 *
 * <p>The layout before content addressing ({@code DIR/models/ID/model.onnx}, {@code circuit/},
 * {@code verification_key.json}, {@code Verifier.sol}) is migrated when the folder is opened: each model's files
 * are copied into the artifacts, its manifest written, then the old files deleted (a crash in between repeats
 * the step). Proof bundles of that layout ({@code DIR/proofs/ID/bundle-N.json}, or {@code bundle.json} in a
 * store from before fencing) are served from where they are, as the store names them.
 */
public final class DataFolder {

    public static final String ONNX = "model.onnx";
    public static final String VK = "verification_key.json";
    public static final String VERIFIER = "Verifier.sol";
    public static final String MANIFEST = "manifest.json";
    /** The prefix of a bundle reference in the store: the rest is the bundle's SHA-256. */
    public static final String BUNDLE_REF = "sha256:";

    private static final String FORMAT = "zkml-model-files";
    private static final Logger LOG = Logger.getLogger(DataFolder.class.getName());

    private final Path root;
    private final Artifacts artifacts;

    private DataFolder(Path root, Artifacts artifacts) {
        this.root = root;
        this.artifacts = artifacts;
    }

    /** Opens (creating if missing) a data folder; migrates models of the old layout. */
    public static DataFolder create(Path root) throws IOException {
        Files.createDirectories(root.resolve("models"));
        Files.createDirectories(root.resolve("proofs"));
        DataFolder d = new DataFolder(root, Artifacts.open(root.resolve("artifacts")));
        try (DirectoryStream<Path> models = Files.newDirectoryStream(root.resolve("models"), Files::isDirectory)) {
            for (Path m : models) {
                d.migrate(m.getFileName().toString());
            }
        }
        return d;
    }

    public Path root() {
        return root;
    }

    public Artifacts artifacts() {
        return artifacts;
    }

    public Path model(String id) {
        return root.resolve("models").resolve(id);
    }

    public Path proof(String id) {
        return root.resolve("proofs").resolve(id);
    }

    public Path input(String id) {
        return proof(id).resolve("input.json");
    }

    // --- a model's files

    /** A model's files: name → SHA-256 (empty before its upload was stored). */
    public Map<String, String> files(String id) throws IOException {
        Path p = model(id).resolve(MANIFEST);
        if (!Files.isRegularFile(p)) {
            return Map.of();
        }
        JsonNode n = JsonText.read(p).node();
        if (!FORMAT.equals(n.path("format").asText())) {
            throw io.zkml.core.io.FormatException.of(p.toString(), "not a model's file list (\"format\": \"" + FORMAT + "\")");
        }
        Map<String, String> out = new TreeMap<>();
        n.path("files").properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** The SHA-256 of a model's file, if it has it. */
    public Optional<String> file(String id, String name) throws IOException {
        return Optional.ofNullable(files(id).get(name));
    }

    /** A model's file, checked against its hash the first time this process opens it (for large files, read in place). */
    public Path open(String id, String name) throws IOException {
        return artifacts.open(require(id, name));
    }

    /** A model's file's content, checked against its hash. */
    public byte[] read(String id, String name) throws IOException {
        return artifacts.read(require(id, name));
    }

    private String require(String id, String name) throws IOException {
        return file(id, name).orElseThrow(() -> new java.nio.file.NoSuchFileException(model(id).resolve(MANIFEST).toString(), null,
                "model " + id + " has no " + name + " (yet)"));
    }

    /** The model's circuit.json (its key record included), parsed, if it was compiled. */
    public Optional<CircuitFolder> circuit(String id) throws IOException {
        Optional<String> sha = file(id, CircuitFolder.CIRCUIT_JSON);
        if (sha.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(CircuitFolder.parse(model(id), artifacts.readString(sha.get())));
    }

    /**
     * Records stored files of a model (name → SHA-256, each already in the artifacts), keeping the others: the
     * manifest is written anew, forced to disk and renamed in.
     */
    public synchronized void record(String id, Map<String, String> changes) throws IOException {
        for (String sha : changes.values()) {
            if (!artifacts.has(sha)) {
                throw new IllegalStateException("artifact " + sha + " is not stored: store it before recording it");
            }
        }
        Map<String, String> all = new TreeMap<>(files(id));
        all.putAll(changes);
        ObjectNode o = JsonText.NODES.objectNode();
        o.put("format", FORMAT);
        ObjectNode files = o.putObject("files");
        all.forEach(files::put);
        Files.createDirectories(model(id));
        writeDurably(model(id).resolve(MANIFEST), (JsonText.stringify(o) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a small file next to its place, forces it to disk, renames it in and forces the folder. */
    static void writeDurably(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(content));
                ch.force(true);
            }
            if (Files.getFileStore(tmp).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            Artifacts.forceFolder(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    // --- bundles

    /** The store's record of a bundle stored under this hash. */
    public static String bundleRef(String sha256) {
        return BUNDLE_REF + sha256;
    }

    /**
     * The bundle a succeeded proof job published, checked against its hash: the artifact its winning claim
     * recorded, or (a store of the old layout) its file in the proof's folder.
     */
    public byte[] bundle(Job job) throws IOException {
        String ref = job.bundle();
        if (ref != null && ref.startsWith(BUNDLE_REF)) {
            return artifacts.read(ref.substring(BUNDLE_REF.length()));
        }
        return Files.readAllBytes(legacyBundle(job.id(), ref == null ? "bundle.json" : ref));
    }

    /** A bundle file of the old layout ({@code bundle-N.json}, one per claim, or {@code bundle.json}). */
    public Path legacyBundle(String id, String name) {
        if (!name.matches("bundle(-[0-9]+)?\\.json")) {
            throw new IllegalArgumentException("not a bundle file name: " + name);
        }
        return proof(id).resolve(name);
    }

    // --- the old layout

    private static final String[] LEGACY_MODEL_FILES = {ONNX, VK, VERIFIER};
    private static final String[] LEGACY_CIRCUIT_FILES = {CircuitFolder.CIRCUIT_JSON, CircuitFolder.R1CS, ONNX, "report.json", "report.txt"};

    /** Moves a model of the old layout into the artifacts (a no-op for one of this layout, but for leftovers). */
    private void migrate(String id) throws IOException {
        Path dir = model(id);
        Path circuit = dir.resolve("circuit");
        boolean legacy = Files.isDirectory(circuit) || Files.isDirectory(dir.resolve("circuit.tmp"));
        for (String name : LEGACY_MODEL_FILES) {
            legacy |= Files.isRegularFile(dir.resolve(name));
        }
        if (!legacy) {
            return;
        }
        if (!Files.isRegularFile(dir.resolve(MANIFEST))) {
            Map<String, String> files = new TreeMap<>();
            for (String name : LEGACY_MODEL_FILES) {
                if (Files.isRegularFile(dir.resolve(name))) {
                    files.put(name, artifacts.putCopy(dir.resolve(name)));
                }
            }
            if (CircuitFolder.isCircuitFolder(circuit)) {
                for (String name : LEGACY_CIRCUIT_FILES) {
                    if (Files.isRegularFile(circuit.resolve(name))) {
                        files.put(name, artifacts.putCopy(circuit.resolve(name)));
                    }
                }
                CircuitFolder folder = CircuitFolder.read(circuit);
                if (folder.key().isPresent() && Files.isRegularFile(folder.keyPath())) {
                    files.put(CircuitFolder.ZKEY, artifacts.putCopy(folder.keyPath()));
                }
            }
            if (!files.containsKey(CircuitFolder.ZKEY) || !files.containsKey(VERIFIER)) {
                files.remove(VK); // setup did not finish: it runs again
                files.remove(VERIFIER);
                files.remove(CircuitFolder.ZKEY);
            }
            record(id, files);
            LOG.info("model " + id + ": its " + files.size() + " files moved to the content-addressed artifacts");
        }
        for (String name : LEGACY_MODEL_FILES) {
            Files.deleteIfExists(dir.resolve(name));
        }
        deleteRacing(circuit);
        deleteRacing(dir.resolve("circuit.tmp"));
        try (DirectoryStream<Path> uploads = Files.newDirectoryStream(dir, ".upload-*")) {
            for (Path p : uploads) {
                Files.deleteIfExists(p); // an upload the old layout kept here, cut off by a crash
            }
        }
    }

    /** Deletes a folder that another node opening the same data folder may be deleting at the same time. */
    private static void deleteRacing(Path dir) throws IOException {
        try {
            Pipeline.deleteTree(dir);
        } catch (java.nio.file.NoSuchFileException e) {
            // the other node was quicker
        }
    }
}
