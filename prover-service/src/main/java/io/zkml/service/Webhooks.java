package io.zkml.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.cli.AtomicFile;
import io.zkml.core.io.JsonText;
import io.zkml.service.ServiceException.Kind;
import io.zkml.service.store.ApiKey;
import io.zkml.service.store.Job;
import io.zkml.service.store.JobStatus;
import io.zkml.service.store.JobStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhooks registered per API key: each bundle published for one of the key's proofs (finished after the
 * webhook was registered, on any node: they are read from the job store) is POSTed to the webhook's URL.
 *
 * <p>A delivery: {@code POST url}, body the signed bundle's JSON text ({@link io.zkml.bundle.BundleSignature}),
 * headers {@value #DELIVERY} (a delivery id, the same on every retry: receivers drop repeats by it),
 * {@value #PROOF} (the proof id) and {@value #SIGNATURE} {@code sha256=HEX}, the HMAC-SHA256 of the body's bytes
 * with the webhook's secret. A 2xx answer ends it; anything else (another status, no answer within 10 s) is
 * retried after the node's backoff, doubling, at most an hour, until {@value #MAX_ATTEMPTS} attempts; then it
 * is given up (kept in {@code webhooks/failed/}).
 *
 * <p>Durable, in the node's data folder: {@code webhooks/hooks.json} (rw-------: it holds the secrets) keeps the
 * webhooks and how far each has read the store; {@code webhooks/pending/} one file per delivery not yet done.
 * A delivery is written before the cursor moves past its proof and deleted only once answered, so a restart
 * continues every delivery: at least once, never lost. A webhook belongs to the node it was registered on (its
 * data folder), which delivers the bundles of every node of a shared store.
 */
public final class Webhooks implements AutoCloseable {

    public static final String DELIVERY = "Zkml-Delivery";
    public static final String SIGNATURE = "Zkml-Signature";
    public static final String PROOF = "Zkml-Proof";
    static final int MAX_ATTEMPTS = 10;
    private static final long MAX_DELAY_MS = 3_600_000;
    private static final Logger LOG = Logger.getLogger(Webhooks.class.getName());

    /** A registered webhook and how far it has read the store: proofs finished at {@code cursor} ms already seen. */
    private record Hook(String id, String owner, String url, String secret, long created, long cursor, List<String> seenAtCursor) {
    }

    /** The signed bundle of a proof. */
    @FunctionalInterface
    interface BundleSource {
        ObjectNode bundle(String proofId) throws IOException;
    }

    private final Path dir;
    private final JobStore store;
    private final Clock clock;
    private final Duration backoff;
    private final BundleSource bundles;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("zkml-webhooks")
            .daemon(true).unstarted(r));
    private final Map<String, Hook> hooks = new LinkedHashMap<>();

    Webhooks(Path data, JobStore store, Clock clock, Duration backoff, BundleSource signedBundle) throws IOException {
        this.dir = data.resolve("webhooks");
        this.store = store;
        this.clock = clock;
        this.backoff = backoff;
        this.bundles = signedBundle;
        Files.createDirectories(dir.resolve("pending"));
        Files.createDirectories(dir.resolve("failed"));
        Path file = dir.resolve("hooks.json");
        if (Files.exists(file)) {
            for (JsonNode h : JsonText.read(file).node()) {
                List<String> seen = new ArrayList<>();
                h.path("seenAtCursor").forEach(s -> seen.add(s.asText()));
                Hook hook = new Hook(h.path("id").asText(), h.path("owner").asText(), h.path("url").asText(), h.path("secret").asText(),
                        h.path("created").asLong(), h.path("cursor").asLong(), seen);
                hooks.put(hook.id(), hook);
            }
        }
    }

    /** Starts delivering (every {@code pollMillis}). */
    void start(long pollMillis) {
        timer.scheduleWithFixedDelay(this::tick, 0, pollMillis, TimeUnit.MILLISECONDS);
    }

    /** Registers a webhook for a key's proofs; the answer shows the secret this once. */
    synchronized ObjectNode register(ApiKey caller, JsonNode body) throws IOException {
        String url = body.path("url").asText("");
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new ServiceException(Kind.BAD_INPUT, "url", "not a URL: " + e.getMessage());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new ServiceException(Kind.BAD_INPUT, "url", "an http:// or https:// URL with a host");
        }
        String secret = body.hasNonNull("secret") ? body.path("secret").asText() : Operations.newSecret().replace("zk_", "whsec_");
        if (secret.length() < 16 || secret.length() > 200) {
            throw new ServiceException(Kind.BAD_INPUT, "secret", "a webhook secret has 16 to 200 characters");
        }
        long now = clock.millis();
        Hook h = new Hook(Operations.newSecret().replace("zk_", "wh_").substring(0, 27), caller.name(), url, secret, now, now, List.of());
        hooks.put(h.id(), h);
        save();
        ObjectNode o = view(h);
        o.put("secret", secret);
        return o;
    }

    synchronized ArrayNode list(ApiKey caller) {
        ArrayNode a = JsonText.NODES.arrayNode();
        hooks.values().stream().filter(h -> h.owner().equals(caller.name())).forEach(h -> a.add(view(h)));
        return a;
    }

    synchronized void delete(ApiKey caller, String id) throws IOException {
        Hook h = hooks.get(id);
        if (h == null || !h.owner().equals(caller.name())) {
            throw new ServiceException(Kind.NOT_FOUND, "id", "no webhook " + id);
        }
        hooks.remove(id);
        save();
    }

    private static ObjectNode view(Hook h) {
        ObjectNode o = JsonText.NODES.objectNode();
        o.put("id", h.id());
        o.put("url", h.url());
        o.put("created", h.created());
        return o;
    }

    private void save() throws IOException {
        ArrayNode a = JsonText.NODES.arrayNode();
        for (Hook h : hooks.values()) {
            ObjectNode o = a.addObject();
            o.put("id", h.id());
            o.put("owner", h.owner());
            o.put("url", h.url());
            o.put("secret", h.secret());
            o.put("created", h.created());
            o.put("cursor", h.cursor());
            h.seenAtCursor().forEach(o.putArray("seenAtCursor")::add);
        }
        AtomicFile.writePrivateString(dir.resolve("hooks.json"), JsonText.stringify(a));
    }

    private void tick() {
        try {
            collect();
            deliverDue();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "webhooks: " + e.getMessage(), e);
        }
    }

    /** Queues a delivery for each new succeeded proof of each webhook's key, then moves its cursor. */
    private synchronized void collect() throws IOException {
        boolean changed = false;
        for (Hook h : List.copyOf(hooks.values())) {
            long cursor = h.cursor();
            List<String> seen = new ArrayList<>(h.seenAtCursor());
            for (Job j : store.proofsOf(h.owner(), cursor, 500)) {
                if (!j.status().isFinal() || seen.contains(j.id())) {
                    continue;
                }
                if (j.status() == JobStatus.SUCCEEDED) {
                    String delivery = "d_" + Operations.sha256((h.id() + "\n" + j.id()).getBytes(StandardCharsets.UTF_8)).substring(0, 32);
                    ObjectNode d = JsonText.NODES.objectNode();
                    d.put("delivery", delivery);
                    d.put("hook", h.id());
                    d.put("proof", j.id());
                    d.put("attempts", 0);
                    d.put("due", 0);
                    Path file = dir.resolve("pending").resolve(delivery + ".json");
                    if (!Files.exists(file)) {
                        AtomicFile.writeString(file, JsonText.stringify(d));
                    }
                }
                if (j.finished() > cursor) {
                    cursor = j.finished();
                    seen.clear();
                }
                seen.add(j.id());
            }
            if (cursor != h.cursor() || !seen.equals(h.seenAtCursor())) {
                hooks.put(h.id(), new Hook(h.id(), h.owner(), h.url(), h.secret(), h.created(), cursor, List.copyOf(seen)));
                changed = true;
            }
        }
        if (changed) {
            save();
        }
    }

    private void deliverDue() throws IOException {
        List<Path> pending;
        try (Stream<Path> s = Files.list(dir.resolve("pending"))) {
            pending = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        long now = clock.millis();
        for (Path p : pending) {
            ObjectNode d = (ObjectNode) JsonText.read(p).node();
            if (d.path("due").asLong() > now) {
                continue;
            }
            Hook h;
            synchronized (this) {
                h = hooks.get(d.path("hook").asText());
            }
            if (h == null) {
                Files.deleteIfExists(p); // the webhook was deleted
                continue;
            }
            String reason = send(h, d.path("delivery").asText(), d.path("proof").asText());
            if (reason == null) {
                Files.deleteIfExists(p);
                continue;
            }
            int attempts = d.path("attempts").asInt() + 1;
            d.put("attempts", attempts);
            d.put("lastError", reason);
            if (attempts >= MAX_ATTEMPTS) {
                LOG.warning("webhook " + h.id() + ": gave up delivery " + d.path("delivery").asText() + " after " + attempts + " attempts: " + reason);
                AtomicFile.writeString(dir.resolve("failed").resolve(p.getFileName()), JsonText.stringify(d));
                Files.deleteIfExists(p);
            } else {
                d.put("due", clock.millis() + Math.min(MAX_DELAY_MS, backoff.toMillis() << Math.min(30, attempts - 1)));
                AtomicFile.writeString(p, JsonText.stringify(d));
            }
        }
    }

    /** One attempt; null when the receiver took it (2xx), else why not. */
    private String send(Hook h, String delivery, String proofId) {
        try {
            byte[] body = JsonText.stringifyUtf8(bundles.bundle(proofId));
            HttpRequest req = HttpRequest.newBuilder(URI.create(h.url())).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header(DELIVERY, delivery).header(PROOF, proofId)
                    .header(SIGNATURE, "sha256=" + hmac(h.secret(), body)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            int status = client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2 ? null : "HTTP " + status;
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** HMAC-SHA256 of {@code body} with the UTF-8 bytes of {@code secret}, hexadecimal. */
    public static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
