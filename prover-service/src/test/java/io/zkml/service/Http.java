package io.zkml.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml.core.io.JsonText;
import io.zkml.service.http.Api;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A test client of one node that records every route and status it saw, for the contract test. */
final class Http {

    /** "METHOD path-template status" of every response any test got. */
    static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    record Response(int status, String body, HttpResponse<byte[]> raw) {
        JsonNode json() {
            return JsonText.parse("response", body).node();
        }

        String errorField() {
            return json().path("error").path("field").asText(null);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;

    Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** Calls a route; {@code args} fill its {@code {…}} path parameters in order; {@code query} is appended. */
    Response call(Api.Route route, String key, byte[] body, String contentType, String query, String[] headers, String... args) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + target(route, query, args)));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; headers != null && i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        b.method(route.method().name(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            SEEN.add(route.method().name() + " " + route.path() + " " + r.statusCode());
            return new Response(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A route's path with {@code args} in its {@code {…}} parameters, in order, and the query if any. */
    static String target(Api.Route route, String query, String... args) {
        String path = route.path();
        for (String a : args) {
            path = path.replaceFirst("\\{[A-Za-z_]+}", a);
        }
        return path + (query == null ? "" : "?" + query);
    }

    Response get(Api.Route route, String key, String... args) {
        return call(route, key, null, null, null, null, args);
    }

    Response json(Api.Route route, String key, String body, String... args) {
        return call(route, key, body.getBytes(StandardCharsets.UTF_8), "application/json", null, null, args);
    }

    /** Opens a never-ending response (server-sent events) and hands back its lines as they come. */
    java.util.concurrent.BlockingQueue<String> lines(Api.Route route, String key, String[] headers, String... args) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + target(route, null, args))).header("Authorization", "Bearer " + key);
        for (int i = 0; headers != null && i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        java.util.concurrent.BlockingQueue<String> q = new java.util.concurrent.LinkedBlockingQueue<>();
        client.sendAsync(b.GET().build(), HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> {
            SEEN.add(route.method().name() + " " + route.path() + " " + r.statusCode());
            Thread.ofVirtual().start(() -> {
                try {
                    r.body().forEach(q::add);
                } catch (java.io.UncheckedIOException e) {
                    // the node closed the stream (it stopped)
                }
            });
        });
        return q;
    }
}
