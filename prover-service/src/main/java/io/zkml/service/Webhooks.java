package io.zkml.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.io.JsonText;
import io.zkml.service.ServiceException.Kind;
import io.zkml.service.store.ApiKey;
import io.zkml.service.store.Delivery;
import io.zkml.service.store.JobStore;
import io.zkml.service.store.StoreException;
import io.zkml.service.store.Webhook;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhooks registered per API key: each bundle published for one of the key's proofs (succeeded after the webhook
 * was registered, on any node) is POSTed to the webhook's URL.
 *
 * <p>A delivery: {@code POST url}, body the signed bundle's JSON text ({@link io.zkml.bundle.BundleSignature}),
 * headers {@value #DELIVERY} (a delivery id, the same on every retry and whichever node sends it: receivers drop
 * repeats by it), {@value #PROOF} (the proof id) and {@value #SIGNATURE} {@code sha256=HEX}, the HMAC-SHA256 of the
 * body's bytes with the webhook's secret. A 2xx answer ends it; anything else (another status, no answer within
 * 10 s) is retried after the node's backoff, doubling, at most an hour, until {@value #MAX_ATTEMPTS} attempts; then
 * it is given up (kept, failed, with its last error).
 *
 * <p>State lives in the job store, shared by every node of a cluster: the webhooks, and one delivery row per
 * webhook and succeeded proof, made in the transaction that records the proof's success. Every API node runs a
 * sender that claims due deliveries with a lease ({@value #LEASE_SECONDS} s, longer than one attempt can take),
 * so each attempt is made by one node; a node that dies mid-delivery leaves it to another once the lease ends. At
 * least once, never lost; a repeat is possible only where an attempt outlives its lease.
 */
public final class Webhooks implements AutoCloseable {

    public static final String DELIVERY = "Zkml-Delivery";
    public static final String SIGNATURE = "Zkml-Signature";
    public static final String PROOF = "Zkml-Proof";
    static final int MAX_ATTEMPTS = 10;
    static final long LEASE_SECONDS = 60;
    private static final long MAX_DELAY_MS = 3_600_000;
    /** Why an attempt ended without an answer: the node closed. */
    private static final String STOPPED = "the node stopped while sending";
    private static final Logger LOG = Logger.getLogger(Webhooks.class.getName());

    /** The signed bundle of a proof. */
    @FunctionalInterface
    interface BundleSource {
        ObjectNode bundle(String proofId) throws IOException;
    }

    private final JobStore store;
    private final Clock clock;
    private final Duration backoff;
    private final BundleSource bundles;
    private final String node;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile boolean closing;
    private volatile CompletableFuture<?> inFlight;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("zkml-webhooks")
            .daemon(true).unstarted(r));

    /**
     * @param node this node's name, recorded in the lease tokens of the deliveries it claims
     */
    Webhooks(JobStore store, Clock clock, Duration backoff, String node, BundleSource signedBundle) {
        this.store = store;
        this.clock = clock;
        this.backoff = backoff;
        this.node = node;
        this.bundles = signedBundle;
    }

    /** Starts sending due deliveries (looking every {@code pollMillis}). */
    void start(long pollMillis) {
        timer.scheduleWithFixedDelay(this::sendDue, 0, pollMillis, TimeUnit.MILLISECONDS);
    }

    /** Registers a webhook for a key's proofs; the answer shows the secret this once. */
    ObjectNode register(ApiKey caller, JsonNode body) {
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
        if (url.length() > 2000) {
            throw new ServiceException(Kind.BAD_INPUT, "url", "a webhook URL has at most 2000 characters");
        }
        String secret = body.hasNonNull("secret") ? body.path("secret").asText() : Operations.newSecret().replace("zk_", "whsec_");
        if (secret.length() < 16 || secret.length() > 200) {
            throw new ServiceException(Kind.BAD_INPUT, "secret", "a webhook secret has 16 to 200 characters");
        }
        Webhook h = new Webhook(Operations.newSecret().replace("zk_", "wh_").substring(0, 27), caller.name(), url, secret, clock.millis());
        store.addWebhook(h);
        ObjectNode o = view(h);
        o.put("secret", secret);
        return o;
    }

    ArrayNode list(ApiKey caller) {
        ArrayNode a = JsonText.NODES.arrayNode();
        store.webhooks(caller.name()).forEach(h -> a.add(view(h)));
        return a;
    }

    void delete(ApiKey caller, String id) {
        if (!store.deleteWebhook(caller.name(), id)) {
            throw new ServiceException(Kind.NOT_FOUND, "id", "no webhook " + id);
        }
    }

    private static ObjectNode view(Webhook h) {
        ObjectNode o = JsonText.NODES.objectNode();
        o.put("id", h.id());
        o.put("url", h.url());
        o.put("created", h.created());
        return o;
    }

    /** Claims and sends due deliveries until none is due or the node closes. */
    private void sendDue() {
        try {
            for (Optional<Delivery> d = claim(); d.isPresent(); d = closing ? Optional.empty() : claim()) {
                attempt(d.get());
            }
        } catch (StoreException e) {
            LOG.warning("webhooks: " + e.getMessage()); // tried again at the next round
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "webhooks: " + e, e);
        }
    }

    private Optional<Delivery> claim() {
        return store.claimDelivery(node, clock.millis(), TimeUnit.SECONDS.toMillis(LEASE_SECONDS), MAX_ATTEMPTS);
    }

    /** One attempt of a claimed delivery, and its outcome recorded. */
    private void attempt(Delivery d) {
        String reason = send(d);
        if (reason == null) {
            store.delivered(d, clock.millis());
        } else if (STOPPED.equals(reason)) {
            if (!Thread.currentThread().isInterrupted()) {
                store.retryDelivery(d, reason, clock.millis()); // due at once, for any node
            } // else its lease ends and another node takes it
        } else if (d.attempts() >= MAX_ATTEMPTS) {
            LOG.warning("webhook " + d.webhook().id() + ": gave up delivery " + d.id() + " after " + d.attempts() + " attempts: " + reason);
            store.giveUpDelivery(d, reason, clock.millis());
        } else {
            store.retryDelivery(d, reason, clock.millis() + Math.min(MAX_DELAY_MS, backoff.toMillis() << Math.min(30, d.attempts() - 1)));
        }
    }

    /**
     * One attempt; null when the receiver took it (2xx), {@link #STOPPED} when the node closed meanwhile, else why
     * not. Closing cancels the request rather than interrupting this thread, which may be in the job store.
     */
    private String send(Delivery d) {
        CompletableFuture<HttpResponse<Void>> answer;
        try {
            byte[] body = JsonText.stringifyUtf8(bundles.bundle(d.proofId()));
            HttpRequest req = HttpRequest.newBuilder(URI.create(d.webhook().url())).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header(DELIVERY, d.id()).header(PROOF, d.proofId())
                    .header(SIGNATURE, "sha256=" + hmac(d.webhook().secret(), body)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            answer = client.sendAsync(req, HttpResponse.BodyHandlers.discarding());
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        inFlight = answer;
        if (closing) {
            answer.cancel(true);
        }
        try {
            int status = answer.get().statusCode();
            return status / 100 == 2 ? null : "HTTP " + status;
        } catch (CancellationException e) {
            return STOPPED;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return STOPPED;
        } finally {
            inFlight = null;
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

    /** Stops sending: the attempt under way, if any, is cancelled and put back, due at once for any node. */
    @Override
    public void close() {
        closing = true;
        CompletableFuture<?> f = inFlight;
        if (f != null) {
            f.cancel(true);
        }
        timer.shutdown();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
