package io.zkml.service;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/** A webhook receiver on loopback for the tests: records each request and answers the status its rule gives the n-th call (1, 2, …). */
final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    record Received(String delivery, String proof, String signature, byte[] body) {
    }

    private final HttpServer server;
    private final BlockingQueue<Received> got = new LinkedBlockingQueue<>();
    private final AtomicInteger calls = new AtomicInteger();

    WebhookReceiver(IntUnaryOperator statusOfCall) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            got.add(new Received(ex.getRequestHeaders().getFirst(Webhooks.DELIVERY), ex.getRequestHeaders().getFirst(Webhooks.PROOF),
                    ex.getRequestHeaders().getFirst(Webhooks.SIGNATURE), body));
            ex.sendResponseHeaders(statusOfCall.applyAsInt(calls.incrementAndGet()), -1);
            ex.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The next request, waiting at most a minute; null if none came. */
    Received next() throws InterruptedException {
        return got.poll(60, TimeUnit.SECONDS);
    }

    /** The requests received so far. */
    int calls() {
        return calls.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
