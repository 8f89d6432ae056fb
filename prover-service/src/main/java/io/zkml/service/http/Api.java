package io.zkml.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.JsonText;
import io.zkml.service.Events;
import io.zkml.service.Operations;
import io.zkml.service.ServiceException;
import io.zkml.service.ServiceException.Kind;
import io.zkml.service.store.ApiKey;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The router of a node's API. */
public final class Api {

    /** A route: method and path template as the OpenAPI document writes them. */
    public record Route(HttpMethod method, String path) {
        String vertxPath() {
            return path.replaceAll("\\{([A-Za-z_]+)}", ":$1");
        }
    }

    public static final Route HEALTH = new Route(HttpMethod.GET, "/health");
    public static final Route READY = new Route(HttpMethod.GET, "/ready");
    public static final Route OPENAPI = new Route(HttpMethod.GET, "/openapi.yaml");
    public static final Route NODE = new Route(HttpMethod.GET, "/v1/node");
    public static final Route METRICS = new Route(HttpMethod.GET, "/metrics");
    public static final Route KEYS = new Route(HttpMethod.POST, "/v1/keys");
    public static final Route MODELS = new Route(HttpMethod.POST, "/v1/models");
    public static final Route MODEL = new Route(HttpMethod.GET, "/v1/models/{id}");
    public static final Route VK = new Route(HttpMethod.GET, "/v1/models/{id}/verification_key.json");
    public static final Route VERIFIER = new Route(HttpMethod.GET, "/v1/models/{id}/Verifier.sol");
    public static final Route ZKEY = new Route(HttpMethod.PUT, "/v1/models/{id}/zkey");
    public static final Route SHARE = new Route(HttpMethod.PUT, "/v1/models/{id}/relayers/{name}");
    public static final Route PROVE = new Route(HttpMethod.POST, "/v1/models/{id}/proofs");
    public static final Route PROOF = new Route(HttpMethod.GET, "/v1/proofs/{id}");
    public static final Route CANCEL = new Route(HttpMethod.DELETE, "/v1/proofs/{id}");
    public static final Route PROOF_EVENTS = new Route(HttpMethod.GET, "/v1/proofs/{id}/events");
    public static final Route EVENTS = new Route(HttpMethod.GET, "/v1/events");
    public static final Route WEBHOOKS = new Route(HttpMethod.GET, "/v1/webhooks");
    public static final Route ADD_WEBHOOK = new Route(HttpMethod.POST, "/v1/webhooks");
    public static final Route DELETE_WEBHOOK = new Route(HttpMethod.DELETE, "/v1/webhooks/{id}");

    /** Every route the router serves. */
    public static final List<Route> ROUTES = List.of(HEALTH, READY, OPENAPI, METRICS, NODE, KEYS, MODELS, MODEL, VK, VERIFIER, ZKEY, SHARE, PROVE, PROOF,
            CANCEL, PROOF_EVENTS, EVENTS, WEBHOOKS, ADD_WEBHOOK, DELETE_WEBHOOK);

    /** The OpenAPI document's resource. */
    public static final String OPENAPI_RESOURCE = "/io/zkml/service/openapi.yaml";

    private static final Logger LOG = Logger.getLogger(Api.class.getName());
    private static final long SMALL_BODY = 64 << 10;

    private final Vertx vertx;
    private final Operations ops;
    private final WorkerExecutor blocking;

    public Api(Vertx vertx, Operations ops) {
        this.vertx = vertx;
        this.ops = ops;
        this.blocking = vertx.createSharedWorkerExecutor("zkml-api", 8);
    }

    public Router router() {
        Router r = Router.router(vertx);
        r.route(HEALTH.method(), HEALTH.path()).handler(ctx -> json(ctx, 200, JsonText.NODES.objectNode().put("status", "ok")));
        on(r, READY, null, (ctx, key) -> ops.ready() ? reply(200, JsonText.NODES.objectNode().put("status", "ready"))
                : reply(503, JsonText.NODES.objectNode().put("status", "unavailable")), false);
        String document;
        try (InputStream in = Api.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            document = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("the OpenAPI document " + OPENAPI_RESOURCE + " is missing from the class path", e);
        }
        r.route(OPENAPI.method(), OPENAPI.path()).handler(ctx -> ctx.response().putHeader("content-type", "application/yaml").end(document));
        on(r, NODE, null, (ctx, key) -> reply(200, ops.node()), true);
        r.route(METRICS.method(), METRICS.path()).handler(ctx -> blocking.executeBlocking(ops::metrics, false).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(ar.result());
            } else {
                fail(ctx, ar.cause());
            }
        }));
        on(r, KEYS, SMALL_BODY, (ctx, key) -> reply(201, ops.createKey(key, jsonBody(ctx))), true);
        on(r, MODELS, ops.config().maxModelBytes(), (ctx, key) -> reply(202, ops.registerModel(key, ctx.body().buffer() == null ? new byte[0]
                : ctx.body().buffer().getBytes(), query(ctx))), true);
        on(r, MODEL, null, (ctx, key) -> reply(200, ops.model(key, ctx.pathParam("id"))), true);
        on(r, VK, null, (ctx, key) -> file(ops.artifact(key, ctx.pathParam("id"), io.zkml.service.work.DataFolder.VK), "application/json"), true);
        on(r, VERIFIER, null, (ctx, key) -> file(ops.artifact(key, ctx.pathParam("id"), io.zkml.service.work.DataFolder.VERIFIER), "text/plain"),
                true);
        on(r, SHARE, null, (ctx, key) -> {
            ops.share(key, ctx.pathParam("id"), ctx.pathParam("name"));
            return new Reply(204, null, null);
        }, true);
        on(r, PROVE, ops.config().maxInputBytes(), (ctx, key) -> {
            byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
            String idem = ctx.request().getHeader("Idempotency-Key");
            Map.Entry<ObjectNode, Boolean> s = Operations.isArrowBatch(ctx.request().getHeader("Content-Type"), body)
                    ? ops.submitProofs(key, ctx.pathParam("id"), body, idem)
                    : ops.submitProof(key, ctx.pathParam("id"), body, idem);
            return reply(s.getValue() ? 202 : 200, s.getKey());
        }, true);
        on(r, PROOF, null, (ctx, key) -> reply(200, ops.proof(key, ctx.pathParam("id"))), true);
        on(r, CANCEL, null, (ctx, key) -> reply(200, ops.cancel(key, ctx.pathParam("id"))), true);
        on(r, WEBHOOKS, null, (ctx, key) -> reply(200, ops.listWebhooks(key)), true);
        on(r, ADD_WEBHOOK, SMALL_BODY, (ctx, key) -> reply(201, ops.createWebhook(key, jsonBody(ctx))), true);
        on(r, DELETE_WEBHOOK, null, (ctx, key) -> {
            ops.deleteWebhook(key, ctx.pathParam("id"));
            return new Reply(204, null, null);
        }, true);
        r.route(ZKEY.method(), ZKEY.vertxPath()).handler(this::uploadKey);
        r.route(PROOF_EVENTS.method(), PROOF_EVENTS.vertxPath()).handler(ctx -> eventStream(ctx, key -> ops.proofEvents(key, ctx.pathParam("id"))));
        r.route(EVENTS.method(), EVENTS.vertxPath()).handler(ctx -> {
            String last = ctx.request().getHeader("Last-Event-ID");
            eventStream(ctx, key -> ops.events(key, last));
        });
        r.errorHandler(413, ctx -> error(ctx.response(), 413, "too_large", "body", "the request body is larger than this route accepts"));
        r.errorHandler(404, ctx -> error(ctx.response(), 404, "not_found", null, "no route " + ctx.request().method() + " " + ctx.request().path()));
        r.errorHandler(405, ctx -> error(ctx.response(), 405, "method_not_allowed", null, "no route " + ctx.request().method() + " "
                + ctx.request().path()));
        r.errorHandler(500, ctx -> {
            if (ctx.failure() != null) {
                LOG.log(Level.WARNING, "internal error", ctx.failure());
            }
            error(ctx.response(), 500, "internal", null, "internal error");
        });
        return r;
    }

    /** What a handler answers: a status and a JSON body, or a file. */
    private record Reply(int status, JsonNode body, FileReply file) {
    }

    private record FileReply(Path path, String contentType) {
    }

    private static Reply reply(int status, JsonNode body) {
        return new Reply(status, body, null);
    }

    private static Reply file(Path p, String contentType) {
        return new Reply(200, null, new FileReply(p, contentType));
    }

    @FunctionalInterface
    private interface Action {
        Reply run(RoutingContext ctx, ApiKey key) throws Exception;
    }

    /** A route whose action runs on the API's worker threads, after authentication if {@code auth}. */
    private void on(Router r, Route route, Long bodyLimit, Action action, boolean auth) {
        var rt = r.route(route.method(), route.vertxPath());
        if (bodyLimit != null) {
            rt.handler(BodyHandler.create(false).setBodyLimit(bodyLimit));
        }
        rt.handler(ctx -> {
            String authorization = ctx.request().getHeader("Authorization");
            Future<Reply> f = blocking.executeBlocking(() -> action.run(ctx, auth ? ops.authenticate(authorization) : null), false);
            f.onComplete(ar -> {
                if (ar.succeeded()) {
                    send(ctx, ar.result());
                } else {
                    fail(ctx, ar.cause());
                }
            });
        });
    }

    private void send(RoutingContext ctx, Reply reply) {
        HttpServerResponse res = ctx.response();
        if (reply.file() != null) {
            res.putHeader("content-type", reply.file().contentType()).sendFile(reply.file().path().toString());
        } else if (reply.body() == null) {
            res.setStatusCode(reply.status()).end();
        } else {
            json(ctx, reply.status(), reply.body());
        }
    }

    private static void json(RoutingContext ctx, int status, JsonNode body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(JsonText.stringify(body));
    }

    /** The status and error body of a failure; no stack trace ever leaves the node. */
    private static void fail(RoutingContext ctx, Throwable t) {
        HttpServerResponse res = ctx.response();
        if (res.ended()) {
            return;
        }
        if (t instanceof ServiceException e) {
            int status = switch (e.kind()) {
                case BAD_INPUT -> 400;
                case UNAUTHORIZED -> 401;
                case FORBIDDEN -> 403;
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case TOO_LARGE -> 413;
                case QUEUE_FULL_KEY -> 429;
                case QUEUE_FULL_NODE -> 503;
            };
            if (e.kind() == Kind.QUEUE_FULL_KEY || e.kind() == Kind.QUEUE_FULL_NODE) {
                res.putHeader("Retry-After", e.kind() == Kind.QUEUE_FULL_KEY ? "5" : "10");
            }
            if (e.kind() == Kind.UNAUTHORIZED) {
                res.putHeader("WWW-Authenticate", "Bearer");
            }
            error(res, status, e.kind().name().toLowerCase(java.util.Locale.ROOT), e.field(), e.getMessage());
        } else if (t instanceof FormatException e) {
            error(res, 400, "bad_input", "body", e.getMessage());
        } else if (t instanceof io.zkml.service.work.Artifacts.CorruptArtifactException e) {
            LOG.log(Level.SEVERE, ctx.request().method() + " " + ctx.request().path() + ": " + e.getMessage());
            error(res, 500, "corrupt_artifact", null, e.getMessage());
        } else {
            LOG.log(Level.WARNING, "internal error on " + ctx.request().method() + " " + ctx.request().path(), t);
            error(res, 500, "internal", null, "internal error");
        }
    }

    private static Future<Void> error(HttpServerResponse res, int status, String code, String field, String message) {
        if (res.ended()) {
            return Future.succeededFuture();
        }
        ObjectNode o = JsonText.NODES.objectNode();
        ObjectNode e = o.putObject("error");
        e.put("code", code);
        if (field != null) {
            e.put("field", field);
        }
        e.put("message", message);
        return res.setStatusCode(status).putHeader("content-type", "application/json").end(JsonText.stringify(o));
    }

    private static JsonNode jsonBody(RoutingContext ctx) {
        if (ctx.body().buffer() == null || ctx.body().length() == 0) {
            throw new ServiceException(Kind.BAD_INPUT, "body", "expected a JSON object");
        }
        return JsonText.parse("body", ctx.body().buffer().getBytes()).node();
    }

    private static Map<String, List<String>> query(RoutingContext ctx) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        for (String name : ctx.queryParams().names()) {
            q.put(name, ctx.queryParams().getAll(name));
        }
        return q;
    }

    /** How often an event stream reads the store, and after how many quiet polls it sends a keep-alive comment. */
    static final long EVENT_POLL_MS = 200;
    private static final int KEEP_ALIVE_POLLS = 75;

    @FunctionalInterface
    private interface StreamOpener {
        Events.Stream open(ApiKey key) throws Exception;
    }

    /**
     * A server-sent event stream: authenticated and opened on a worker thread (errors answer as JSON, before the
     * stream starts), then polled every {@value #EVENT_POLL_MS} ms off the event loop until it is done or the
     * client goes.
     */
    private void eventStream(RoutingContext ctx, StreamOpener opener) {
        String authorization = ctx.request().getHeader("Authorization");
        blocking.executeBlocking(() -> opener.open(ops.authenticate(authorization)), false).onComplete(ar -> {
            if (ar.failed()) {
                fail(ctx, ar.cause());
                return;
            }
            Events.Stream stream = ar.result();
            HttpServerResponse res = ctx.response();
            res.setChunked(true).putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-cache");
            res.write(": zkml events\n\n");
            boolean[] busy = {false};
            int[] quiet = {0};
            long timer = vertx.setPeriodic(0, EVENT_POLL_MS, t -> {
                if (busy[0] || res.closed() || res.ended()) {
                    return;
                }
                busy[0] = true;
                blocking.executeBlocking(stream::poll, false).onComplete(polled -> {
                    busy[0] = false;
                    if (res.closed() || res.ended()) {
                        return;
                    }
                    if (polled.failed()) {
                        LOG.log(Level.WARNING, "event stream " + ctx.request().path(), polled.cause());
                        vertx.cancelTimer(t);
                        res.end();
                        return;
                    }
                    StringBuilder text = new StringBuilder();
                    for (Events.Event e : polled.result()) {
                        if (e.id() != null) {
                            text.append("id: ").append(e.id()).append('\n');
                        }
                        text.append("event: ").append(e.name()).append('\n');
                        // one data line per line of the JSON text: a client joins them with newlines
                        for (String line : JsonText.stringify(e.data()).split("\n", -1)) {
                            text.append("data: ").append(line).append('\n');
                        }
                        text.append('\n');
                    }
                    if (text.isEmpty() && ++quiet[0] % KEEP_ALIVE_POLLS == 0) {
                        text.append(":\n\n");
                    }
                    if (!text.isEmpty()) {
                        quiet[0] = 0;
                        res.write(text.toString());
                    }
                    if (stream.done()) {
                        vertx.cancelTimer(t);
                        res.end();
                    }
                });
            });
            res.closeHandler(v -> vertx.cancelTimer(timer));
        });
    }

    /**
     * PUT /v1/models/{id}/zkey: the body is streamed to a file in the model's folder (never held in memory),
     * counted against the limit, then checked and installed on a worker thread.
     */
    private void uploadKey(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        req.pause();
        String id = ctx.pathParam("id");
        String authorization = req.getHeader("Authorization");
        long limit = ops.config().maxZkeyBytes();
        String length = req.getHeader("Content-Length");
        if (length != null && length.matches("[0-9]{1,19}") && Long.parseLong(length) > limit) {
            tooLarge(ctx, limit, true);
            return;
        }
        Callable<Object[]> begin = () -> {
            ApiKey key = ops.authenticate(authorization);
            return new Object[] {key, ops.beginKeyUpload(key, id)};
        };
        blocking.executeBlocking(begin, false).onComplete(ar -> {
            if (ar.failed()) {
                fail(ctx, ar.cause());
                return;
            }
            ApiKey key = (ApiKey) ar.result()[0];
            Path tmp = (Path) ar.result()[1];
            vertx.fileSystem().open(tmp.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true)).onComplete(open -> {
                if (open.failed()) {
                    deleteQuietly(tmp);
                    fail(ctx, open.cause());
                    return;
                }
                stream(ctx, req, open.result(), tmp, limit, () -> blocking.executeBlocking(() -> ops.finishKeyUpload(key, id, tmp), false)
                        .onComplete(done -> {
                            if (done.succeeded()) {
                                json(ctx, 200, done.result());
                            } else {
                                fail(ctx, done.cause());
                            }
                        }));
            });
        });
    }

    private void stream(RoutingContext ctx, HttpServerRequest req, AsyncFile file, Path tmp, long limit, Runnable whenWritten) {
        AtomicLong size = new AtomicLong();
        boolean[] tooLarge = {false};
        req.handler(buf -> {
            if (tooLarge[0]) {
                return;
            }
            if (size.addAndGet(buf.length()) > limit) {
                tooLarge[0] = true;
                file.close().onComplete(x -> deleteQuietly(tmp));
                tooLarge(ctx, limit, false);
                return;
            }
            file.write(buf);
            if (file.writeQueueFull()) {
                req.pause();
                file.drainHandler(v -> req.resume());
            }
        });
        Handler<Throwable> onError = t -> {
            file.close().onComplete(x -> deleteQuietly(tmp));
            fail(ctx, t);
        };
        req.exceptionHandler(onError);
        req.endHandler(v -> {
            if (tooLarge[0]) {
                return;
            }
            file.close().onComplete(closed -> {
                if (closed.failed()) {
                    onError.handle(closed.cause());
                } else {
                    whenWritten.run();
                }
            });
        });
        req.resume();
    }

    /**
     * Answers 413 to an oversized upload. With {@code drain} (the declared Content-Length was too large: nothing
     * read yet) the body is read and dropped, so that every client sees the answer; else (a body that grew past
     * the limit) the connection (HTTP/1.x) or stream (HTTP/2) is dropped once the answer is sent.
     */
    private static void tooLarge(RoutingContext ctx, long limit, boolean drain) {
        HttpServerRequest req = ctx.request();
        boolean http2 = req.version() == io.vertx.core.http.HttpVersion.HTTP_2;
        if (!http2) {
            ctx.response().putHeader("Connection", "close");
        }
        Future<Void> sent = error(ctx.response(), 413, "too_large", "body", "the key is larger than " + limit + " bytes");
        if (drain) {
            req.handler(buf -> { });
            req.resume();
            return;
        }
        sent.onComplete(v -> {
            if (http2) {
                ctx.response().reset();
            } else {
                req.connection().close();
            }
        });
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (java.io.IOException e) {
            LOG.warning("could not delete " + p + ": " + e.getMessage());
        }
    }
}
