package io.zkml.service;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Every setting of a node, with {@link #defaults(Path)} for a data folder.
 *
 * @param data the data folder (job store and artifacts)
 * @param host the address to listen on
 * @param port the port (0: any free one)
 * @param adminKey the bootstrap admin key, or null (then one is generated into DIR/admin.key if none is stored)
 * @param backend auto, native or java
 * @param workers proving slots (threads that run jobs); 0 for an API-only node
 * @param lease how long a claim holds a job without a heartbeat
 * @param maxAttempts claims of a job before it is given up
 * @param backoff the first retry's delay (doubling)
 * @param maxModelBytes the largest ONNX upload
 * @param maxInputBytes the largest input.json
 * @param maxZkeyBytes the largest proving-key upload
 * @param maxQueuedPerKey queued and running jobs per API key, beyond which submissions get 429
 * @param maxQueued queued and running jobs of the node, beyond which submissions get 503
 * @param hotCircuits proving contexts kept open
 * @param retainInputs keep each proof's input.json after its job ended (default: deleted once it ends)
 * @param clock the time
 */
public record ServiceConfig(Path data, String host, int port, String adminKey, String backend, int workers, Duration lease, int maxAttempts,
                            Duration backoff, long maxModelBytes, long maxInputBytes, long maxZkeyBytes, int maxQueuedPerKey, int maxQueued,
                            int hotCircuits, boolean retainInputs, Clock clock) {

    public ServiceConfig {
        Objects.requireNonNull(data, "the data folder must be given");
        Objects.requireNonNull(host, "host must not be null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must lie in 0..65535, is " + port);
        }
        if (maxModelBytes <= 0 || maxInputBytes <= 0 || maxZkeyBytes <= 0) {
            throw new IllegalArgumentException("size limits must be positive");
        }
        if (maxQueuedPerKey < 1 || maxQueued < 1) {
            throw new IllegalArgumentException("queue limits must be at least 1");
        }
    }

    public static ServiceConfig defaults(Path data) {
        return new ServiceConfig(data, "127.0.0.1", 8080, null, "auto", 1, Duration.ofSeconds(30), 3, Duration.ofSeconds(2), 64L << 20, 1L << 20,
                4L << 30, 100, 1000, 4, false, Clock.systemUTC());
    }

    public ServiceConfig withPort(int p) {
        return new ServiceConfig(data, host, p, adminKey, backend, workers, lease, maxAttempts, backoff, maxModelBytes, maxInputBytes, maxZkeyBytes,
                maxQueuedPerKey, maxQueued, hotCircuits, retainInputs, clock);
    }

    public ServiceConfig withHost(String h) {
        return new ServiceConfig(data, h, port, adminKey, backend, workers, lease, maxAttempts, backoff, maxModelBytes, maxInputBytes, maxZkeyBytes,
                maxQueuedPerKey, maxQueued, hotCircuits, retainInputs, clock);
    }

    public ServiceConfig withAdminKey(String k) {
        return new ServiceConfig(data, host, port, k, backend, workers, lease, maxAttempts, backoff, maxModelBytes, maxInputBytes, maxZkeyBytes,
                maxQueuedPerKey, maxQueued, hotCircuits, retainInputs, clock);
    }

    public ServiceConfig withBackend(String b) {
        return new ServiceConfig(data, host, port, adminKey, b, workers, lease, maxAttempts, backoff, maxModelBytes, maxInputBytes, maxZkeyBytes,
                maxQueuedPerKey, maxQueued, hotCircuits, retainInputs, clock);
    }

    public ServiceConfig withWorkers(int w, Duration l, int attempts) {
        return new ServiceConfig(data, host, port, adminKey, backend, w, l, attempts, backoff, maxModelBytes, maxInputBytes, maxZkeyBytes,
                maxQueuedPerKey, maxQueued, hotCircuits, retainInputs, clock);
    }

    public ServiceConfig withLimits(long modelBytes, long inputBytes, long zkeyBytes, int queuedPerKey, int queued) {
        return new ServiceConfig(data, host, port, adminKey, backend, workers, lease, maxAttempts, backoff, modelBytes, inputBytes, zkeyBytes,
                queuedPerKey, queued, hotCircuits, retainInputs, clock);
    }

    public ServiceConfig withRetainInputs(boolean retain) {
        return new ServiceConfig(data, host, port, adminKey, backend, workers, lease, maxAttempts, backoff, maxModelBytes, maxInputBytes, maxZkeyBytes,
                maxQueuedPerKey, maxQueued, hotCircuits, retain, clock);
    }
}
