package io.zkml.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.zkml.core.io.JsonText;
import io.zkml.service.http.Api;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Vert.x {@link WebClient} of one node, on the test's Vert.x instance: every call answers a {@link Future}, and
 * records its route and status in {@link Http#SEEN} for the contract test. {@link #await} waits for a future on
 * the test's thread (never an event loop), for scenarios that read best as a sequence of calls.
 */
final class WebApi {

    record Response(int status, String body, MultiMap headers) {
        JsonNode json() {
            return JsonText.parse("response", body).node();
        }

        String errorField() {
            return json().path("error").path("field").asText(null);
        }

        String errorMessage() {
            return json().path("error").path("message").asText("");
        }
    }

    private final Vertx vertx;
    private final WebClient client;

    WebApi(Vertx vertx, int port) {
        this.vertx = vertx;
        this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    }

    /** Calls a route; {@code args} fill its {@code {…}} path parameters in order; {@code query} is appended. */
    Future<Response> call(Api.Route route, String key, byte[] body, String contentType, String query, String[] headers, String... args) {
        HttpRequest<Buffer> req = client.request(route.method(), Http.target(route, query, args));
        if (key != null) {
            req.putHeader("Authorization", "Bearer " + key);
        }
        if (contentType != null) {
            req.putHeader("Content-Type", contentType);
        }
        for (int i = 0; headers != null && i < headers.length; i += 2) {
            req.putHeader(headers[i], headers[i + 1]);
        }
        Future<io.vertx.ext.web.client.HttpResponse<Buffer>> sent = body == null ? req.send() : req.sendBuffer(Buffer.buffer(body));
        return sent.map(r -> {
            Http.SEEN.add(route.method().name() + " " + route.path() + " " + r.statusCode());
            return new Response(r.statusCode(), r.body() == null ? "" : r.body().toString(StandardCharsets.UTF_8), r.headers());
        });
    }

    Future<Response> get(Api.Route route, String key, String... args) {
        return call(route, key, null, null, null, null, args);
    }

    Future<Response> json(Api.Route route, String key, String body, String... args) {
        return call(route, key, body.getBytes(StandardCharsets.UTF_8), "application/json", null, null, args);
    }

    /** GETs a route every 50 ms until its JSON satisfies {@code done} (at most a minute); that JSON. */
    Future<JsonNode> until(Api.Route route, String key, String id, Predicate<JsonNode> done) {
        Promise<JsonNode> p = Promise.promise();
        poll(route, key, id, done, System.nanoTime() + Duration.ofSeconds(60).toNanos(), p);
        return p.future();
    }

    private void poll(Api.Route route, String key, String id, Predicate<JsonNode> done, long deadline, Promise<JsonNode> p) {
        get(route, key, id).onFailure(p::fail).onSuccess(r -> {
            try {
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                JsonNode j = r.json();
                if (done.test(j)) {
                    p.complete(j);
                    return;
                }
                assertThat(System.nanoTime()).as("waiting for " + id + ": " + j).isLessThan(deadline);
                vertx.setTimer(50, t -> poll(route, key, id, done, deadline, p));
            } catch (Throwable e) {
                p.fail(e);
            }
        });
    }

    /** A proof once it is finished (succeeded, failed or cancelled). */
    Future<JsonNode> finished(String key, String id) {
        return until(Api.PROOF, key, id, j -> !j.path("status").asText().matches("queued|running"));
    }

    /** A model once it is no longer compiling or in setup. */
    Future<JsonNode> settled(String key, String id) {
        return until(Api.MODEL, key, id, j -> !j.path("status").asText().matches("compiling|setup"));
    }

    /** Makes a key with the admin key; its secret. */
    Future<String> key(String name, String role) {
        return json(Api.KEYS, ServiceTesting.ADMIN, "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}").map(r -> {
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            return r.json().path("key").asText();
        });
    }

    /** Registers the tiny model and waits until it is ready; its id. */
    Future<String> readyModel(String owner) {
        return call(Api.MODELS, owner, ServiceTesting.resource(ServiceTesting.MODEL), "application/octet-stream", ServiceTesting.RANGE, null)
                .compose(r -> {
                    assertThat(r.status()).as(r.body()).isEqualTo(202);
                    return settled(owner, r.json().path("id").asText());
                }).map(m -> {
                    assertThat(m.path("status").asText()).as(m.toString()).isEqualTo("ready");
                    return m.path("id").asText();
                });
    }

    /** Waits on the test's thread (not an event loop) for a future's result; its failure is rethrown. */
    static <T> T await(Future<T> f) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    void close() {
        client.close();
    }
}
