package io.zkml.service.store;

import java.util.Optional;

/**
 * The service's durable state: API keys, models, jobs that workers claim with leases, and webhooks with their
 * deliveries, which nodes claim the same way. Every method is one transaction. A claim carries a lease token; a
 * worker writes a job's result only while its token is the job's, so a job that a dead or slow worker lost to
 * another claim is completed once.
 *
 * <p>{@link H2JobStore} (embedded, one node) and {@link PostgresJobStore} (several nodes, claims with
 * {@code FOR UPDATE SKIP LOCKED}) stand behind it; the interface speaks no SQL dialect.
 */
public interface JobStore extends AutoCloseable {

    /** What a heartbeat found. */
    enum Lease {
        /** Still the claim's: go on. */
        HELD,
        /** Still the claim's, and a client asked to cancel: stop. */
        CANCEL,
        /** No longer the claim's (expired and claimed again, or finished): stop, write nothing. */
        LOST
    }

    // keys

    /** Stores a key; false if the name is taken. */
    boolean putKey(ApiKey key);

    Optional<ApiKey> keyByHash(String sha256);

    /** Whether any admin key is stored. */
    boolean hasAdmin();

    // models

    /** Stores a model with its first job (compile and setup), atomically. */
    void insertModel(ModelRecord model, Job job);

    Optional<ModelRecord> model(String id);

    void setModelStatus(String id, String status, String error);

    /** Lets a key (a relayer's) prove on a model. */
    void share(String modelId, String keyName);

    boolean isSharedWith(String modelId, String keyName);

    // jobs

    /**
     * Stores a proof job unless the submitting key already stored one under {@code idempotencyKey} (then that
     * one, or a conflict if its request hash differs) or a queue is full.
     *
     * @param idempotencyKey the client's key, or null
     * @param requestHash a hash of the request, to tell a retry from a reuse of the key
     */
    Submission submit(Job job, String idempotencyKey, String requestHash, int maxQueuedPerKey, int maxQueued);

    /**
     * Stores proof jobs of one owner all or none, in one transaction: {@link #submit} for each, except that the
     * queue limits count the whole batch. Returns one {@link Submission.Accepted} per job, in order (those
     * stored before under their idempotency keys with the same request hash not fresh), or else a one-element
     * list with the refusal ({@link Submission.Conflict} naming the first job stored under another request,
     * {@link Submission.QueueFull}), and then nothing was stored.
     *
     * @param idempotencyKeys one per job (each may be null), or null for none
     * @param requestHashes one per job
     */
    java.util.List<Submission> submitAll(java.util.List<Job> jobs, java.util.List<String> idempotencyKeys, java.util.List<String> requestHashes,
                                         int maxQueuedPerKey, int maxQueued);

    Optional<Job> job(String id);

    /** Queued and running jobs. */
    long pending();

    /**
     * An owner's proof jobs that are queued or running, or finished at or after {@code finishedSince} (ms since
     * the epoch): what its event streams and webhooks publish. Ordered by finish time (unfinished last), at most
     * {@code limit}.
     */
    java.util.List<Job> proofsOf(String owner, long finishedSince, int limit);

    /**
     * Claims the oldest job that is queued and due, or running with an expired lease. A job claimed
     * {@code maxAttempts} times already is failed instead ("gave up after N attempts").
     */
    Optional<Claim> claim(String worker, long now, long leaseMillis, int maxAttempts);

    /** Extends a claim's lease and records progress. */
    Lease heartbeat(Claim claim, long now, long leaseMillis, double progress);

    /** Finishes a claimed job that publishes no file (a model job): {@code succeed(claim, null, now)}. */
    default boolean succeed(Claim claim, long now) {
        return succeed(claim, null, now);
    }

    /**
     * Finishes a claimed job: succeeded, its result in the file {@code bundle} (a name the claim's worker wrote
     * alone, recorded in the same compare-and-set, so that readers read the winner's file). False (and nothing
     * written) if the claim no longer holds it: then the caller deletes its file.
     */
    boolean succeed(Claim claim, String bundle, long now);

    /** Finishes a claimed job: failed with a reason. False if the claim no longer holds it. */
    boolean fail(Claim claim, String error, long now);

    /** Puts a claimed job back in the queue, due at {@code notBefore}. False if the claim no longer holds it. */
    boolean retry(Claim claim, String error, long notBefore);

    /** Finishes a claimed job: cancelled on request. False if the claim no longer holds it. */
    boolean cancelled(Claim claim, long now);

    /**
     * A client's cancellation: a queued job is cancelled at once, a running one is asked to stop (its worker
     * sees it at the next heartbeat). Empty if there is no such job.
     */
    Optional<Job> cancel(String id, long now);

    // webhooks

    /** Stores a webhook; from now on each proof of its owner that succeeds gets a delivery to it. */
    void addWebhook(Webhook hook);

    /** An owner's webhooks, oldest first. */
    java.util.List<Webhook> webhooks(String owner);

    /** Deletes an owner's webhook with its deliveries; false if the owner has no webhook of that id. */
    boolean deleteWebhook(String owner, String id);

    /**
     * Claims the delivery that is due first: pending and due, or sending with an expired lease (the node that held
     * it stopped). One claimed {@code maxAttempts} times already is failed instead ("gave up after N attempts").
     * Deliveries are made by {@link #succeed(Claim, String, long)}: one per webhook of the proof's owner.
     */
    Optional<Delivery> claimDelivery(String node, long now, long leaseMillis, int maxAttempts);

    /** Ends a claimed delivery: the receiver took it. False if the claim no longer holds it. */
    boolean delivered(Delivery claimed, long now);

    /** Puts a claimed delivery whose attempt failed back, due at {@code notBefore}. False if the claim no longer holds it. */
    boolean retryDelivery(Delivery claimed, String error, long notBefore);

    /** Ends a claimed delivery whose last attempt failed: given up. False if the claim no longer holds it. */
    boolean giveUpDelivery(Delivery claimed, String error, long now);

    /** A webhook's deliveries, oldest first. */
    java.util.List<Delivery> deliveries(String webhookId);

    /** Deliveries of every webhook not yet ended (pending or sending). */
    long pendingDeliveries();

    @Override
    void close();
}
