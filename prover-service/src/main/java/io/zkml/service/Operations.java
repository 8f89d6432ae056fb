package io.zkml.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.bundle.CircuitFolder;
import io.zkml.compiler.CompileException;
import io.zkml.compiler.witness.Samples;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.JsonText;
import io.zkml.service.ServiceException.Kind;
import io.zkml.service.store.ApiKey;
import io.zkml.service.store.Job;
import io.zkml.service.store.JobKind;
import io.zkml.service.store.JobStatus;
import io.zkml.service.store.JobStore;
import io.zkml.service.store.ModelRecord;
import io.zkml.service.store.Role;
import io.zkml.service.store.Submission;
import io.zkml.service.work.DataFolder;
import io.zkml.service.work.ModelOptions;
import io.zkml.service.work.Pipeline;
import io.zkml.service.work.Workers;
import io.zkml.cli.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the API does, without HTTP: every operation takes the calling key, checks its role and what it may see
 * (an unknown id and one the key may not see are both "not found"), and throws {@link ServiceException} for a
 * refusal. Blocking (store and files): the HTTP layer calls it off the event loop.
 */
public final class Operations {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ServiceConfig config;
    private final JobStore store;
    private final Pipeline pipeline;
    private final Workers workers;
    private final DataFolder data;
    private final NodeKey nodeKey;
    private final Webhooks webhooks;

    Operations(ServiceConfig config, JobStore store, Pipeline pipeline, Workers workers, NodeKey nodeKey, String nodeName) throws IOException {
        this.config = config;
        this.nodeKey = nodeKey;
        this.webhooks = new Webhooks(store, config.clock(), config.backoff(), nodeName, this::signedBundle);
        this.store = store;
        this.pipeline = pipeline;
        this.workers = workers;
        this.data = pipeline.data();
    }

    public ServiceConfig config() {
        return config;
    }

    JobStore store() {
        return store;
    }

    Webhooks webhooks() {
        return webhooks;
    }

    /** Registers a webhook for the caller's proofs: {@code {"url", "secret"?}}; the answer shows the secret once. */
    public ObjectNode createWebhook(ApiKey caller, JsonNode body) throws IOException {
        return webhooks.register(caller, body);
    }

    public JsonNode listWebhooks(ApiKey caller) {
        ObjectNode o = JsonText.NODES.objectNode();
        o.set("webhooks", webhooks.list(caller));
        return o;
    }

    public void deleteWebhook(ApiKey caller, String id) throws IOException {
        webhooks.delete(caller, id);
    }

    /** The events of one proof the caller may see (not found: before the stream starts). */
    public Events.Stream proofEvents(ApiKey caller, String id) throws IOException {
        return Events.ofProof(this, caller, id);
    }

    /** The events of the caller's own proofs, from now or resuming after {@code lastEventId}. */
    public Events.Stream events(ApiKey caller, String lastEventId) {
        return Events.ofOwner(this, caller, lastEventId);
    }

    /** A fresh secret: "zk_" and 32 random bytes in hex. */
    static String newSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return "zk_" + HexFormat.of().formatHex(b);
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    static String hashKey(String secret) {
        return sha256(secret.getBytes(StandardCharsets.UTF_8));
    }

    private static String newId(String prefix) {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }

    // --- keys

    /** The key of an {@code Authorization: Bearer …} header. */
    public ApiKey authenticate(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() <= 7) {
            throw new ServiceException(Kind.UNAUTHORIZED, "Authorization", "send the API key as 'Authorization: Bearer <key>'");
        }
        return store.keyByHash(hashKey(authorization.substring(7).strip()))
                .orElseThrow(() -> new ServiceException(Kind.UNAUTHORIZED, "Authorization", "unknown API key"));
    }

    /** Makes a key (admins only); returns its secret, shown this once. */
    public ObjectNode createKey(ApiKey caller, JsonNode body) {
        require(caller, Role.ADMIN);
        String name = body.path("name").asText("");
        if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new ServiceException(Kind.BAD_INPUT, "name", "a key's name is 1 to 64 letters, digits, '_', '.' or '-'");
        }
        Role role = Role.parse(body.path("role").asText(""));
        if (role == null) {
            throw new ServiceException(Kind.BAD_INPUT, "role", "one of admin, owner, relayer");
        }
        String secret = newSecret();
        if (!store.putKey(new ApiKey(name, role, hashKey(secret)))) {
            throw new ServiceException(Kind.CONFLICT, "name", "a key named '" + name + "' exists");
        }
        ObjectNode o = JsonText.NODES.objectNode();
        o.put("name", name);
        o.put("role", role.wire());
        o.put("key", secret);
        return o;
    }

    private static void require(ApiKey caller, Role... roles) {
        for (Role r : roles) {
            if (caller.role() == r) {
                return;
            }
        }
        throw new ServiceException(Kind.FORBIDDEN, null, "a key with role " + caller.role().wire() + " may not do this");
    }

    // --- models

    public ObjectNode registerModel(ApiKey caller, byte[] onnx, Map<String, List<String>> query) throws IOException {
        require(caller, Role.ADMIN, Role.OWNER);
        if (onnx.length == 0) {
            throw new ServiceException(Kind.BAD_INPUT, "body", "the request body must be the ONNX model (application/octet-stream)");
        }
        ModelOptions options;
        try {
            options = ModelOptions.fromQuery(query);
        } catch (ModelOptions.BadOption e) {
            throw new ServiceException(Kind.BAD_INPUT, e.parameter(), e.getMessage());
        }
        String id = newId("m_");
        pipeline.storeModel(id, onnx); // before the model's record: a worker finds it there
        long now = config.clock().millis();
        store.insertModel(new ModelRecord(id, caller.name(), ModelRecord.COMPILING, null, JsonText.stringify(options.toJson()), now),
                new Job(id, JobKind.MODEL, id, caller.name(), JobStatus.QUEUED, 0, 0, null, 0, null, false, now, 0, null));
        workers.nudge();
        return modelView(store.model(id).orElseThrow());
    }

    /** A model the caller may see. */
    private ModelRecord visibleModel(ApiKey caller, String id) {
        Optional<ModelRecord> m = store.model(id);
        if (m.isEmpty() || !(caller.role() == Role.ADMIN || m.get().owner().equals(caller.name()) || store.isSharedWith(id, caller.name()))) {
            throw new ServiceException(Kind.NOT_FOUND, "id", "no model " + id);
        }
        return m.get();
    }

    /** A model the caller owns (or any, for an admin). */
    private ModelRecord ownedModel(ApiKey caller, String id) {
        ModelRecord m = visibleModel(caller, id);
        if (caller.role() != Role.ADMIN && !m.owner().equals(caller.name())) {
            throw new ServiceException(Kind.FORBIDDEN, null, "only the model's owner may do this");
        }
        return m;
    }

    private static ModelRecord requireReady(ModelRecord m) {
        if (!ModelRecord.READY.equals(m.status())) {
            throw new ServiceException(Kind.CONFLICT, "id", "model " + m.id() + " is " + m.status() + ", not ready");
        }
        return m;
    }

    public ObjectNode model(ApiKey caller, String id) throws IOException {
        return modelView(visibleModel(caller, id));
    }

    private ObjectNode modelView(ModelRecord m) throws IOException {
        ObjectNode o = JsonText.NODES.objectNode();
        o.put("id", m.id());
        String status = m.status();
        String error = m.error();
        Optional<Job> job = store.job(m.id());
        if (!ModelRecord.READY.equals(status) && job.isPresent() && job.get().status() == JobStatus.FAILED) {
            status = ModelRecord.FAILED; // given up by the store, after the last attempt
            error = job.get().error();
        }
        o.put("status", status);
        if (error != null) {
            o.put("error", error);
        } else {
            o.putNull("error");
        }
        o.put("owner", m.owner());
        o.set("options", JsonText.parse("options", m.options()).node());
        Optional<CircuitFolder> compiled = data.circuit(m.id());
        if (compiled.isPresent()) {
            JsonNode c = compiled.get().json().node();
            ObjectNode circuit = o.putObject("circuit");
            circuit.set("r1cs", c.path("r1cs"));
            circuit.set("inputs", c.path("inputs"));
            circuit.set("outputs", c.path("outputs"));
            circuit.set("publicSignals", c.path("publicSignals"));
            if (c.has("key")) {
                o.set("provenance", c.path("key").path("provenance"));
                o.put("zkeyHash", c.path("key").path("sha256").asText());
            }
        }
        return o;
    }

    /**
     * The verification key or Verifier.sol of a ready model: its stored file, checked against its hash first
     * ({@link io.zkml.service.work.Artifacts.CorruptArtifactException} if it does not match).
     */
    public Path artifact(ApiKey caller, String id, String name) throws IOException {
        requireReady(visibleModel(caller, id));
        if (!name.equals(DataFolder.VK) && !name.equals(DataFolder.VERIFIER)) {
            throw new IllegalArgumentException(name);
        }
        String sha = data.file(id, name).orElseThrow(() -> new IOException("model " + id + " is ready but has no " + name));
        data.artifacts().read(sha);
        return data.artifacts().path(sha);
    }

    /** Lets a relayer key prove on a model. */
    public void share(ApiKey caller, String id, String keyName) {
        ownedModel(caller, id);
        if (!keyName.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new ServiceException(Kind.BAD_INPUT, "name", "not a key name: " + keyName);
        }
        store.share(id, keyName);
    }

    /** Before a key upload: the caller owns the model and it is ready; where to stream the upload. */
    public Path beginKeyUpload(ApiKey caller, String id) throws IOException {
        requireReady(ownedModel(caller, id));
        return data.artifacts().newTemporaryFile(".zkey");
    }

    /** After a key upload: checks the key against the circuit and installs it (provenance changes with it). */
    public ObjectNode finishKeyUpload(ApiKey caller, String id, Path uploaded) throws IOException {
        ModelRecord m = ownedModel(caller, id);
        try {
            pipeline.installKey(id, uploaded);
        } catch (FormatException | CompileException | IllegalArgumentException e) {
            throw new ServiceException(Kind.BAD_INPUT, "body", e.getMessage());
        } finally {
            Files.deleteIfExists(uploaded);
        }
        return modelView(m);
    }

    // --- proofs

    /** Stores a proof job for an input.json; the job's view, and whether it is new (false: an idempotent retry). */
    public Map.Entry<ObjectNode, Boolean> submitProof(ApiKey caller, String modelId, byte[] body, String idempotencyKey) throws IOException {
        ModelRecord m = requireReady(visibleModel(caller, modelId));
        checkIdempotencyKey(idempotencyKey);
        String text = new String(body, StandardCharsets.UTF_8);
        checkInput(m, body);
        Submission s = enqueue(caller, m, List.of(text), idempotencyKey == null ? null : List.of(idempotencyKey),
                List.of(sha256((m.id() + "\n" + text).getBytes(StandardCharsets.UTF_8)))).getFirst();
        return Map.entry(acceptedView(s, 1), s instanceof Submission.Accepted a && a.fresh());
    }

    /** Whether a proof request's body is an Arrow IPC batch: by its Content-Type, or else by its first bytes. */
    public static boolean isArrowBatch(String contentType, byte[] body) {
        return contentType != null && contentType.strip().toLowerCase(java.util.Locale.ROOT).startsWith("application/vnd.apache.arrow")
                || Samples.isArrow(body);
    }

    /**
     * Stores one proof job per row of an Arrow IPC body (file or stream; columns as {@code zkml witness --input}
     * reads them). An Idempotency-Key covers the whole batch: the same key and body again give the same ids; another
     * body under that key is a conflict. Models with hashed inputs are refused: an Arrow body carries no salts.
     * All or nothing: every row is checked first (a bad one is refused naming its row and input), the queue limits
     * count the whole batch, and the jobs are stored in one transaction. Answers {@code {"ids": [...], "proofs":
     * [...]}} and whether any job is new.
     */
    public Map.Entry<ObjectNode, Boolean> submitProofs(ApiKey caller, String modelId, byte[] body, String idempotencyKey) throws IOException {
        ModelRecord m = requireReady(visibleModel(caller, modelId));
        checkIdempotencyKey(idempotencyKey);
        JsonNode circuit = data.circuit(m.id()).orElseThrow().json().node();
        List<String> names = new java.util.ArrayList<>();
        List<Integer> sizes = new java.util.ArrayList<>();
        for (JsonNode in : circuit.path("inputs")) {
            if ("hashed".equals(in.path("visibility").asText())) {
                throw new ServiceException(Kind.BAD_INPUT, "body", "model " + m.id() + " has the hashed input '" + in.path("name").asText()
                        + "', whose salt an Arrow body cannot carry: submit its inputs one by one as input.json with \"salts\"");
            }
            long n = 1;
            for (JsonNode d : in.path("shape")) {
                n *= d.asLong();
            }
            names.add(in.path("name").asText());
            sizes.add(Math.toIntExact(n));
        }
        List<String> outputs = new java.util.ArrayList<>();
        circuit.path("outputs").forEach(o -> outputs.add(o.path("name").asText()));
        Samples samples;
        try {
            samples = Samples.parse(body, new Samples.Signature(names, sizes, outputs), "body");
        } catch (CompileException e) {
            throw new ServiceException(Kind.BAD_INPUT, "body", e.getMessage());
        }
        String batchHash = sha256(concat((m.id() + "\n").getBytes(StandardCharsets.UTF_8), body));
        String batchKey = idempotencyKey == null ? null : "batch:" + sha256(idempotencyKey.getBytes(StandardCharsets.UTF_8)) + ":";
        List<String> texts = new java.util.ArrayList<>();
        for (int r = 0; r < samples.inputs().size(); r++) {
            ObjectNode input = JsonText.NODES.objectNode();
            var arrays = input.putArray("input_data");
            for (int k = 0; k < names.size(); k++) {
                var a = arrays.addArray();
                double[] x = samples.inputs().get(r).get(k);
                for (int j = 0; j < x.length; j++) {
                    if (!Double.isFinite(x[j])) {
                        throw new ServiceException(Kind.BAD_INPUT, "body", "body row " + r + ", input '" + names.get(k) + "', element " + j + " is " + x[j]
                                + ": every value must be a finite number (no proof of this batch was queued)");
                    }
                    a.add(x[j]);
                }
            }
            String text = JsonText.stringify(input);
            try {
                checkInput(m, text.getBytes(StandardCharsets.UTF_8));
            } catch (ServiceException e) {
                throw new ServiceException(Kind.BAD_INPUT, "body", "body row " + r + ": " + e.getMessage() + " (no proof of this batch was queued)");
            }
            texts.add(text);
        }
        List<String> keys = new java.util.ArrayList<>();
        List<String> hashes = new java.util.ArrayList<>();
        for (int r = 0; r < texts.size(); r++) {
            keys.add(batchKey == null ? null : batchKey + r);
            hashes.add(sha256((batchHash + "\n" + r).getBytes(StandardCharsets.UTF_8)));
        }
        List<Submission> all = enqueue(caller, m, texts, batchKey == null ? null : keys, hashes);
        ObjectNode o = JsonText.NODES.objectNode();
        var ids = o.putArray("ids");
        var views = o.putArray("proofs");
        boolean fresh = false;
        for (Submission s : all) {
            ObjectNode view = acceptedView(s, texts.size());
            ids.add(view.path("id").asText());
            views.add(view);
            fresh |= s instanceof Submission.Accepted a && a.fresh();
        }
        return Map.entry(o, fresh);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static void checkIdempotencyKey(String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > 200)) {
            throw new ServiceException(Kind.BAD_INPUT, "Idempotency-Key", "1 to 200 characters");
        }
    }

    private void checkInput(ModelRecord m, byte[] body) throws IOException {
        try {
            pipeline.checkInput(m.id(), JsonText.parse("input.json", body).node());
        } catch (FormatException | CompileException e) {
            throw new ServiceException(Kind.BAD_INPUT, "body", e.getMessage());
        }
    }

    /**
     * Stores proof jobs for checked input.json texts, all or none ({@link JobStore#submitAll}): each input file is
     * written first, and those of jobs that were not stored (a refusal, an idempotent retry) are deleted again.
     */
    private List<Submission> enqueue(ApiKey caller, ModelRecord m, List<String> inputs, List<String> idempotencyKeys, List<String> requestHashes)
            throws IOException {
        long now = config.clock().millis();
        List<Job> jobs = new java.util.ArrayList<>();
        List<Submission> out = List.of();
        try {
            for (String inputJson : inputs) {
                Job job = new Job(newId("p_"), JobKind.PROOF, m.id(), caller.name(), JobStatus.QUEUED, 0, 0, null, 0, null, false, now, 0, null);
                jobs.add(job);
                Files.createDirectories(data.proof(job.id()));
                AtomicFile.writePrivateString(data.input(job.id()), inputJson);
            }
            out = store.submitAll(jobs, idempotencyKeys, requestHashes, config.maxQueuedPerKey(), config.maxQueued());
        } finally {
            boolean any = false;
            for (int i = 0; i < jobs.size(); i++) {
                if (i < out.size() && out.get(i) instanceof Submission.Accepted a && a.fresh()) {
                    any = true;
                } else {
                    Files.deleteIfExists(data.input(jobs.get(i).id()));
                    Files.deleteIfExists(data.proof(jobs.get(i).id()));
                }
            }
            if (any) {
                workers.nudge();
            }
        }
        return out;
    }

    /** The view of an accepted submission, or the refusal of a request of {@code jobs} proofs (of which none was stored). */
    private ObjectNode acceptedView(Submission s, int jobs) throws IOException {
        String batch = jobs == 1 ? "" : "; no proof of this batch of " + jobs + " was queued";
        return switch (s) {
            case Submission.Accepted a -> proofView(a.job());
            case Submission.Conflict c -> throw new ServiceException(Kind.CONFLICT, "Idempotency-Key",
                    "this Idempotency-Key was used for another request (proof " + c.existing().id() + ")" + batch);
            case Submission.QueueFull q -> throw new ServiceException(q.perKey() ? Kind.QUEUE_FULL_KEY : Kind.QUEUE_FULL_NODE, null,
                    (q.perKey() ? "this key has " + q.queued() + " jobs queued or running (at most " + config.maxQueuedPerKey() + ")"
                            : "the node has " + q.queued() + " jobs queued or running (at most " + config.maxQueued() + ")") + batch);
        };
    }

    private Job visibleProof(ApiKey caller, String id) {
        Optional<Job> j = store.job(id);
        if (j.isEmpty() || j.get().kind() != JobKind.PROOF || !(caller.role() == Role.ADMIN || j.get().owner().equals(caller.name()))) {
            throw new ServiceException(Kind.NOT_FOUND, "id", "no proof " + id);
        }
        return j.get();
    }

    public ObjectNode proof(ApiKey caller, String id) throws IOException {
        return proofView(visibleProof(caller, id));
    }

    public ObjectNode cancel(ApiKey caller, String id) throws IOException {
        visibleProof(caller, id);
        Job j = store.cancel(id, config.clock().millis()).orElseThrow();
        if (j.status() == JobStatus.CANCELLED) {
            pipeline.forgetInput(id);
        }
        return proofView(j);
    }

    private ObjectNode proofView(Job j) throws IOException {
        ObjectNode o = JsonText.NODES.objectNode();
        o.put("id", j.id());
        o.put("model", j.modelId());
        o.put("status", j.status().wire());
        o.put("progress", j.status() == JobStatus.SUCCEEDED ? 1.0 : j.progress());
        o.put("attempts", j.attempts());
        if (j.error() != null && j.status() != JobStatus.SUCCEEDED) {
            o.put("error", j.error());
        } else {
            o.putNull("error");
        }
        if (j.status() == JobStatus.RUNNING && j.cancelRequested()) {
            o.put("cancelRequested", true);
        }
        if (j.status() == JobStatus.SUCCEEDED) {
            o.set("bundle", signedBundle(j));
        }
        return o;
    }

    /** A proof's bundle, signed with the node's key: what the node publishes (GET, events, webhooks). */
    public ObjectNode signedBundle(String proofId) throws IOException {
        Job j = store.job(proofId).orElseThrow(() -> new IOException("no proof " + proofId));
        return signedBundle(j);
    }

    /** A succeeded proof job's bundle, the file its winning claim recorded, signed with the node's key. */
    public ObjectNode signedBundle(Job j) throws IOException {
        return nodeKey.sign((ObjectNode) JsonText.parse("bundle of " + j.id(), data.bundle(j)).node());
    }

    // --- node

    public ObjectNode node() {
        ObjectNode o = JsonText.NODES.objectNode();
        o.put("version", version());
        o.put("backend", pipeline.backend().toString());
        o.put("workers", config.workers());
        o.put("pending", store.pending());
        o.put("completed", workers.completed());
        o.set("nodeKey", nodeKey.toJson());
        return o;
    }

    /** GET /metrics: Prometheus text. */
    public String metrics() {
        return workers.metrics().text(store.pending(), store.pendingDeliveries(), config.workers());
    }

    /** Whether the node can take work: its store answers. */
    public boolean ready() {
        try {
            store.pending();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static String version() {
        java.util.Properties p = new java.util.Properties();
        try (var in = io.zkml.cli.ZkmlCommand.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }
}
