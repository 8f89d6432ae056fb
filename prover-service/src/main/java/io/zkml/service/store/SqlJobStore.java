package io.zkml.service.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@link JobStore} rules in SQL that H2 and PostgreSQL both run: every method one transaction on this
 * store's connection, under this object's lock (one node's workers take turns; several nodes each hold their
 * own connection). A claim is a compare-and-set on the job's row and carries a fencing token
 * ({@code worker/attempt/random}, its attempt number growing with every claim of the job) that every later
 * write must show, so a worker whose lease expired and was claimed again writes nothing. Schema migrations are
 * numbered and applied once each, in order, recorded in {@code schema_version}; a subclass adapts their types
 * to its dialect and may lock the claim's row ({@code FOR UPDATE SKIP LOCKED}). Webhook deliveries are claimed
 * by the same rules: a lease, a token, a compare-and-set.
 */
abstract sealed class SqlJobStore implements JobStore permits H2JobStore, PostgresJobStore {

    /** Migration i + 1 is {@code MIGRATIONS.get(i)}, in H2's dialect; append, never edit. */
    static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE api_keys (name VARCHAR(64) PRIMARY KEY, role VARCHAR(16) NOT NULL, sha256 VARCHAR(64) NOT NULL UNIQUE, created BIGINT NOT NULL);
            CREATE TABLE models (id VARCHAR(40) PRIMARY KEY, owner VARCHAR(64) NOT NULL, status VARCHAR(16) NOT NULL, error VARCHAR(4000),
                options CLOB NOT NULL, created BIGINT NOT NULL);
            CREATE TABLE model_shares (model_id VARCHAR(40) NOT NULL, key_name VARCHAR(64) NOT NULL, PRIMARY KEY (model_id, key_name));
            CREATE TABLE jobs (id VARCHAR(40) PRIMARY KEY, kind VARCHAR(16) NOT NULL, model_id VARCHAR(40) NOT NULL, owner VARCHAR(64) NOT NULL,
                status VARCHAR(16) NOT NULL, progress DOUBLE PRECISION DEFAULT 0 NOT NULL, attempts INT DEFAULT 0 NOT NULL,
                not_before BIGINT DEFAULT 0 NOT NULL, lease_token VARCHAR(300), lease_until BIGINT DEFAULT 0 NOT NULL, error VARCHAR(4000),
                cancel_requested BOOLEAN DEFAULT FALSE NOT NULL, idem_key VARCHAR(200), request_hash VARCHAR(64),
                created BIGINT NOT NULL, finished BIGINT DEFAULT 0 NOT NULL);
            CREATE UNIQUE INDEX jobs_idem ON jobs (owner, idem_key);
            CREATE INDEX jobs_claim ON jobs (status, not_before, created);
            """, """
            ALTER TABLE jobs ADD COLUMN bundle VARCHAR(200);
            """, """
            CREATE TABLE webhooks (id VARCHAR(40) PRIMARY KEY, owner VARCHAR(64) NOT NULL, url VARCHAR(2000) NOT NULL, secret VARCHAR(200) NOT NULL,
                created BIGINT NOT NULL);
            CREATE INDEX webhooks_owner ON webhooks (owner);
            CREATE TABLE deliveries (id VARCHAR(40) PRIMARY KEY, webhook_id VARCHAR(40) NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
                proof_id VARCHAR(40) NOT NULL, status VARCHAR(16) NOT NULL, attempts INT DEFAULT 0 NOT NULL, not_before BIGINT DEFAULT 0 NOT NULL,
                lease_token VARCHAR(300), lease_until BIGINT DEFAULT 0 NOT NULL, last_error VARCHAR(4000), created BIGINT NOT NULL,
                finished BIGINT DEFAULT 0 NOT NULL);
            CREATE INDEX deliveries_due ON deliveries (status, not_before);
            CREATE INDEX deliveries_webhook ON deliveries (webhook_id);
            """);

    private static final String JOB_COLUMNS = "id, kind, model_id, owner, status, progress, attempts, lease_token, lease_until, error, "
            + "cancel_requested, created, finished, bundle";

    private final String where;
    private Connection db;

    SqlJobStore(String where) {
        this.where = where;
    }

    /** A new connection to the database. */
    abstract Connection connect() throws SQLException;

    /** Migration {@code version}'s statements in this store's dialect. */
    abstract String migration(int version);

    /** Takes a lock that keeps other nodes from migrating at the same time, until the transaction ends. */
    abstract void lockSchema(Statement s) throws SQLException;

    /** What follows the claim's SELECT: a row lock, or nothing. */
    abstract String claimLock();

    /** Whether {@code e} says a unique constraint was violated (two nodes inserting the same row at once). */
    private static boolean isDuplicate(SQLException e) {
        return "23505".equals(e.getSQLState()); // the SQL standard's state, which H2 and PostgreSQL both report
    }

    /** Connects and brings the schema up to date; closes the connection if that fails. */
    final void start() {
        try {
            migrate();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The schema version of this store (the number of migrations applied). */
    public final synchronized int schemaVersion() {
        return tx(() -> {
            try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                r.next();
                return r.getInt(1);
            }
        });
    }

    private void migrate() {
        tx(() -> {
            try (Statement s = db.createStatement()) {
                lockSchema(s);
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, applied BIGINT NOT NULL)");
                int have;
                try (ResultSet r = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                    r.next();
                    have = r.getInt(1);
                }
                for (int version = have + 1; version <= MIGRATIONS.size(); version++) {
                    for (String sql : migration(version).split(";")) {
                        if (!sql.isBlank()) {
                            s.execute(sql);
                        }
                    }
                    s.executeUpdate("INSERT INTO schema_version VALUES (" + version + ", " + System.currentTimeMillis() + ")");
                }
            }
            return null;
        });
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs {@code w} as one transaction; (re)connects first if there is no usable connection. */
    private synchronized <T> T tx(Work<T> w) {
        try {
            if (db == null) {
                db = connect();
            }
            db.setAutoCommit(false);
            try {
                T t = w.run();
                db.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            dropIfBroken();
            throw new StoreException("job database " + where + ": " + e.getMessage(), e);
        }
    }

    /** Forgets a connection that no longer works (the server restarted, the network failed): the next call connects anew. */
    private void dropIfBroken() {
        try {
            if (db != null && !db.isValid(2)) {
                db.close();
                db = null;
            }
        } catch (SQLException e) {
            db = null;
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement p = db.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            p.setObject(i + 1, args[i]);
        }
        return p;
    }

    private int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement p = prepare(sql, args)) {
            return p.executeUpdate();
        }
    }

    private <T> Optional<T> one(String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement p = prepare(sql, args); ResultSet r = p.executeQuery()) {
            return r.next() ? Optional.of(row.read(r)) : Optional.empty();
        }
    }

    private long count(String sql, Object... args) throws SQLException {
        return one(sql, r -> r.getLong(1), args).orElse(0L);
    }

    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet r) throws SQLException;
    }

    private static Job job(ResultSet r) throws SQLException {
        return new Job(r.getString(1), JobKind.valueOf(r.getString(2)), r.getString(3), r.getString(4), JobStatus.valueOf(r.getString(5)),
                r.getDouble(6), r.getInt(7), r.getString(8), r.getLong(9), r.getString(10), r.getBoolean(11), r.getLong(12), r.getLong(13), r.getString(14));
    }

    @Override
    public boolean putKey(ApiKey key) {
        return tx(() -> {
            if (count("SELECT COUNT(*) FROM api_keys WHERE name = ?", key.name()) > 0) {
                return false;
            }
            update("INSERT INTO api_keys (name, role, sha256, created) VALUES (?, ?, ?, ?)", key.name(), key.role().name(), key.sha256(),
                    System.currentTimeMillis());
            return true;
        });
    }

    @Override
    public Optional<ApiKey> keyByHash(String sha256) {
        return tx(() -> one("SELECT name, role, sha256 FROM api_keys WHERE sha256 = ?",
                r -> new ApiKey(r.getString(1), Role.valueOf(r.getString(2)), r.getString(3)), sha256));
    }

    @Override
    public boolean hasAdmin() {
        return tx(() -> count("SELECT COUNT(*) FROM api_keys WHERE role = ?", Role.ADMIN.name()) > 0);
    }

    @Override
    public void insertModel(ModelRecord m, Job job) {
        tx(() -> {
            update("INSERT INTO models (id, owner, status, error, options, created) VALUES (?, ?, ?, ?, ?, ?)", m.id(), m.owner(), m.status(),
                    m.error(), m.options(), m.created());
            insertJob(job, null, null);
            return null;
        });
    }

    private void insertJob(Job j, String idem, String requestHash) throws SQLException {
        update("INSERT INTO jobs (id, kind, model_id, owner, status, created, idem_key, request_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", j.id(),
                j.kind().name(), j.modelId(), j.owner(), JobStatus.QUEUED.name(), j.created(), idem, requestHash);
    }

    @Override
    public Optional<ModelRecord> model(String id) {
        return tx(() -> one("SELECT id, owner, status, error, options, created FROM models WHERE id = ?",
                r -> new ModelRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getLong(6)), id));
    }

    @Override
    public void setModelStatus(String id, String status, String error) {
        tx(() -> update("UPDATE models SET status = ?, error = ? WHERE id = ?", status, clip(error), id));
    }

    @Override
    public void share(String modelId, String keyName) {
        tx(() -> {
            if (count("SELECT COUNT(*) FROM model_shares WHERE model_id = ? AND key_name = ?", modelId, keyName) == 0) {
                update("INSERT INTO model_shares (model_id, key_name) VALUES (?, ?)", modelId, keyName);
            }
            return null;
        });
    }

    @Override
    public boolean isSharedWith(String modelId, String keyName) {
        return tx(() -> count("SELECT COUNT(*) FROM model_shares WHERE model_id = ? AND key_name = ?", modelId, keyName) > 0);
    }

    @Override
    public Submission submit(Job job, String idempotencyKey, String requestHash, int maxQueuedPerKey, int maxQueued) {
        return submitAll(List.of(job), idempotencyKey == null ? null : java.util.Collections.singletonList(idempotencyKey), List.of(requestHash),
                maxQueuedPerKey, maxQueued).getFirst();
    }

    @Override
    public List<Submission> submitAll(List<Job> jobs, List<String> idempotencyKeys, List<String> requestHashes, int maxQueuedPerKey, int maxQueued) {
        if (jobs.isEmpty() || requestHashes.size() != jobs.size() || idempotencyKeys != null && idempotencyKeys.size() != jobs.size()
                || jobs.stream().anyMatch(j -> !j.owner().equals(jobs.getFirst().owner()))) {
            throw new IllegalArgumentException("a batch is one owner's jobs (at least one), each with a request hash and an idempotency key or none");
        }
        try {
            return submitOnce(jobs, idempotencyKeys, requestHashes, maxQueuedPerKey, maxQueued);
        } catch (StoreException e) {
            if (idempotencyKeys != null && e.getCause() instanceof SQLException q && isDuplicate(q)) {
                // another node stored the same idempotency key between our look and our insert: now we see it
                return submitOnce(jobs, idempotencyKeys, requestHashes, maxQueuedPerKey, maxQueued);
            }
            throw e;
        }
    }

    private List<Submission> submitOnce(List<Job> jobs, List<String> idempotencyKeys, List<String> requestHashes, int maxQueuedPerKey, int maxQueued) {
        return tx(() -> {
            String owner = jobs.getFirst().owner();
            Submission[] out = new Submission[jobs.size()];
            int fresh = jobs.size();
            for (int i = 0; i < jobs.size() && idempotencyKeys != null; i++) {
                if (idempotencyKeys.get(i) == null) {
                    continue;
                }
                String hash = requestHashes.get(i);
                Optional<Submission> before = one("SELECT " + JOB_COLUMNS + ", request_hash FROM jobs WHERE owner = ? AND idem_key = ?",
                        r -> hash.equals(r.getString(15)) ? new Submission.Accepted(job(r), false) : new Submission.Conflict(job(r)),
                        owner, idempotencyKeys.get(i));
                if (before.isPresent() && before.get() instanceof Submission.Conflict) {
                    return List.of(before.get());
                }
                if (before.isPresent()) {
                    out[i] = before.get();
                    fresh--;
                }
            }
            if (fresh > 0) {
                long mine = count("SELECT COUNT(*) FROM jobs WHERE owner = ? AND status IN ('QUEUED', 'RUNNING')", owner);
                if (mine + fresh > maxQueuedPerKey) {
                    return List.of(new Submission.QueueFull(true, mine));
                }
                long all = count("SELECT COUNT(*) FROM jobs WHERE status IN ('QUEUED', 'RUNNING')");
                if (all + fresh > maxQueued) {
                    return List.of(new Submission.QueueFull(false, all));
                }
            }
            for (int i = 0; i < jobs.size(); i++) {
                if (out[i] == null) {
                    Job job = jobs.get(i);
                    insertJob(job, idempotencyKeys == null ? null : idempotencyKeys.get(i), requestHashes.get(i));
                    out[i] = new Submission.Accepted(one("SELECT " + JOB_COLUMNS + " FROM jobs WHERE id = ?", SqlJobStore::job, job.id()).orElseThrow(), true);
                }
            }
            return List.of(out);
        });
    }

    @Override
    public Optional<Job> job(String id) {
        return tx(() -> one("SELECT " + JOB_COLUMNS + " FROM jobs WHERE id = ?", SqlJobStore::job, id));
    }

    @Override
    public long pending() {
        return tx(() -> count("SELECT COUNT(*) FROM jobs WHERE status IN ('QUEUED', 'RUNNING')"));
    }

    @Override
    public List<Job> proofsOf(String owner, long finishedSince, int limit) {
        return tx(() -> {
            List<Job> out = new java.util.ArrayList<>();
            try (PreparedStatement p = prepare("SELECT " + JOB_COLUMNS + " FROM jobs WHERE owner = ? AND kind = 'PROOF' AND (status IN ('QUEUED', "
                    + "'RUNNING') OR finished >= ?) ORDER BY CASE WHEN finished = 0 THEN 1 ELSE 0 END, finished, created, id LIMIT ?", owner,
                    finishedSince, limit); ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(job(r));
                }
            }
            return out;
        });
    }

    @Override
    public Optional<Claim> claim(String worker, long now, long leaseMillis, int maxAttempts) {
        return tx(() -> {
            while (true) {
                Optional<Job> next = one("SELECT " + JOB_COLUMNS + " FROM jobs WHERE (status = 'QUEUED' AND not_before <= ?)"
                        + " OR (status = 'RUNNING' AND lease_until < ?) ORDER BY created, id LIMIT 1" + claimLock(), SqlJobStore::job, now, now);
                if (next.isEmpty()) {
                    return Optional.empty();
                }
                Job j = next.get();
                if (j.attempts() >= maxAttempts) {
                    update("UPDATE jobs SET status = 'FAILED', lease_token = NULL, finished = ?, error = ? WHERE id = ? AND status = ?", now,
                            clip("gave up after " + j.attempts() + " attempts" + (j.error() == null ? "" : "; last error: " + j.error())), j.id(),
                            j.status().name());
                    continue;
                }
                String token = (worker.length() > 200 ? worker.substring(0, 200) : worker) + "/" + (j.attempts() + 1) + "/" + UUID.randomUUID();
                // compare-and-set: only if the row is still as read
                int n = update("UPDATE jobs SET status = 'RUNNING', lease_token = ?, lease_until = ?, attempts = attempts + 1 WHERE id = ?"
                        + " AND status = ? AND attempts = ?", token, now + leaseMillis, j.id(), j.status().name(), j.attempts());
                if (n == 1) {
                    Job claimed = one("SELECT " + JOB_COLUMNS + " FROM jobs WHERE id = ?", SqlJobStore::job, j.id()).orElseThrow();
                    return Optional.of(new Claim(claimed, token));
                }
            }
        });
    }

    @Override
    public Lease heartbeat(Claim claim, long now, long leaseMillis, double progress) {
        return tx(() -> {
            int n = update("UPDATE jobs SET lease_until = ?, progress = ? WHERE id = ? AND lease_token = ? AND status = 'RUNNING'", now + leaseMillis,
                    progress, claim.job().id(), claim.token());
            if (n == 0) {
                return Lease.LOST;
            }
            return count("SELECT COUNT(*) FROM jobs WHERE id = ? AND cancel_requested", claim.job().id()) > 0 ? Lease.CANCEL : Lease.HELD;
        });
    }

    /** An error message as stored: at most 4000 characters. */
    private static String clip(String error) {
        return error == null || error.length() <= 4000 ? error : error.substring(0, 3999) + "…";
    }

    /**
     * The compare-and-set that ends a claim: only the claim's token finishes the job, and records its bundle. A
     * proof that succeeds gets a delivery for each webhook of its owner, in the same transaction.
     */
    private boolean finish(Claim claim, JobStatus status, String error, String bundle, long now) {
        return tx(() -> {
            Job j = claim.job();
            boolean won = update("UPDATE jobs SET status = ?, error = ?, finished = ?, lease_token = NULL, bundle = ?,"
                    + " progress = CASE WHEN ? THEN 1 ELSE progress END WHERE id = ? AND lease_token = ? AND status = 'RUNNING'", status.name(),
                    clip(error), now, bundle, status == JobStatus.SUCCEEDED, j.id(), claim.token()) == 1;
            if (won && status == JobStatus.SUCCEEDED && j.kind() == JobKind.PROOF) {
                for (Webhook w : webhooksOf(j.owner())) {
                    update("INSERT INTO deliveries (id, webhook_id, proof_id, status, not_before, created) VALUES (?, ?, ?, 'PENDING', ?, ?)",
                            deliveryId(w.id(), j.id()), w.id(), j.id(), now, now);
                }
            }
            return won;
        });
    }

    @Override
    public boolean succeed(Claim claim, String bundle, long now) {
        return finish(claim, JobStatus.SUCCEEDED, null, bundle, now);
    }

    @Override
    public boolean fail(Claim claim, String error, long now) {
        return finish(claim, JobStatus.FAILED, error, null, now);
    }

    @Override
    public boolean cancelled(Claim claim, long now) {
        return finish(claim, JobStatus.CANCELLED, "cancelled on request", null, now);
    }

    @Override
    public boolean retry(Claim claim, String error, long notBefore) {
        return tx(() -> update("UPDATE jobs SET status = 'QUEUED', error = ?, not_before = ?, lease_token = NULL WHERE id = ? AND lease_token = ?"
                + " AND status = 'RUNNING'", clip(error), notBefore, claim.job().id(), claim.token()) == 1);
    }

    @Override
    public Optional<Job> cancel(String id, long now) {
        return tx(() -> {
            update("UPDATE jobs SET status = 'CANCELLED', finished = ?, error = 'cancelled on request' WHERE id = ? AND status = 'QUEUED'", now, id);
            update("UPDATE jobs SET cancel_requested = TRUE WHERE id = ? AND status = 'RUNNING'", id);
            return one("SELECT " + JOB_COLUMNS + " FROM jobs WHERE id = ?", SqlJobStore::job, id);
        });
    }

    // webhooks

    /** A delivery's id: the same for a webhook and a proof however often it is attempted, and on every node. */
    static String deliveryId(String webhookId, String proofId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((webhookId + "\n" + proofId).getBytes(StandardCharsets.UTF_8));
            return "d_" + HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static final String WEBHOOK_COLUMNS = "w.id, w.owner, w.url, w.secret, w.created";
    private static final String DELIVERY_COLUMNS = "d.id, d.proof_id, d.status, d.attempts, d.not_before, d.last_error, d.lease_token, "
            + WEBHOOK_COLUMNS;

    private static Webhook webhook(ResultSet r, int first) throws SQLException {
        return new Webhook(r.getString(first), r.getString(first + 1), r.getString(first + 2), r.getString(first + 3), r.getLong(first + 4));
    }

    private static Delivery delivery(ResultSet r) throws SQLException {
        return new Delivery(r.getString(1), webhook(r, 8), r.getString(2), Delivery.Status.valueOf(r.getString(3)), r.getInt(4), r.getLong(5),
                r.getString(6), r.getString(7));
    }

    private <T> List<T> all(String sql, Row<T> row, Object... args) throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement p = prepare(sql, args); ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.add(row.read(r));
            }
        }
        return out;
    }

    private List<Webhook> webhooksOf(String owner) throws SQLException {
        return all("SELECT " + WEBHOOK_COLUMNS + " FROM webhooks w WHERE w.owner = ? ORDER BY w.created, w.id", r -> webhook(r, 1), owner);
    }

    @Override
    public void addWebhook(Webhook w) {
        tx(() -> update("INSERT INTO webhooks (id, owner, url, secret, created) VALUES (?, ?, ?, ?, ?)", w.id(), w.owner(), w.url(), w.secret(),
                w.created()));
    }

    @Override
    public List<Webhook> webhooks(String owner) {
        return tx(() -> webhooksOf(owner));
    }

    @Override
    public boolean deleteWebhook(String owner, String id) {
        return tx(() -> {
            update("DELETE FROM deliveries WHERE webhook_id IN (SELECT id FROM webhooks WHERE id = ? AND owner = ?)", id, owner);
            return update("DELETE FROM webhooks WHERE id = ? AND owner = ?", id, owner) == 1;
        });
    }

    @Override
    public Optional<Delivery> claimDelivery(String node, long now, long leaseMillis, int maxAttempts) {
        return tx(() -> {
            while (true) {
                Optional<Delivery> next = one("SELECT " + DELIVERY_COLUMNS + " FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id"
                        + " WHERE d.id = (SELECT id FROM deliveries WHERE (status = 'PENDING' AND not_before <= ?) OR (status = 'SENDING' AND lease_until < ?)"
                        + " ORDER BY not_before, id LIMIT 1" + claimLock() + ")", SqlJobStore::delivery, now, now);
                if (next.isEmpty()) {
                    return Optional.empty();
                }
                Delivery d = next.get();
                if (d.attempts() >= maxAttempts) {
                    update("UPDATE deliveries SET status = 'FAILED', lease_token = NULL, finished = ?, last_error = ? WHERE id = ? AND status = ?", now,
                            clip("gave up after " + d.attempts() + " attempts; last error: "
                                    + (d.status() == Delivery.Status.SENDING ? "the node sending it stopped" : d.lastError())), d.id(), d.status().name());
                    continue;
                }
                String token = (node.length() > 200 ? node.substring(0, 200) : node) + "/" + (d.attempts() + 1) + "/" + UUID.randomUUID();
                int n = update("UPDATE deliveries SET status = 'SENDING', lease_token = ?, lease_until = ?, attempts = attempts + 1 WHERE id = ?"
                        + " AND status = ? AND attempts = ?", token, now + leaseMillis, d.id(), d.status().name(), d.attempts());
                if (n == 1) {
                    return Optional.of(new Delivery(d.id(), d.webhook(), d.proofId(), Delivery.Status.SENDING, d.attempts() + 1, d.notBefore(),
                            d.lastError(), token));
                }
            }
        });
    }

    /** The compare-and-set that ends a delivery's attempt: only the claim's token writes. */
    private boolean endAttempt(Delivery claimed, Delivery.Status status, String error, long notBefore, long finished) {
        return tx(() -> update("UPDATE deliveries SET status = ?, last_error = ?, not_before = ?, finished = ?, lease_token = NULL"
                + " WHERE id = ? AND lease_token = ? AND status = 'SENDING'", status.name(), clip(error), notBefore, finished, claimed.id(),
                claimed.token()) == 1);
    }

    @Override
    public boolean delivered(Delivery claimed, long now) {
        return endAttempt(claimed, Delivery.Status.DELIVERED, claimed.lastError(), claimed.notBefore(), now);
    }

    @Override
    public boolean retryDelivery(Delivery claimed, String error, long notBefore) {
        return endAttempt(claimed, Delivery.Status.PENDING, error, notBefore, 0);
    }

    @Override
    public boolean giveUpDelivery(Delivery claimed, String error, long now) {
        return endAttempt(claimed, Delivery.Status.FAILED, "gave up after " + claimed.attempts() + " attempts; last error: " + error,
                claimed.notBefore(), now);
    }

    @Override
    public List<Delivery> deliveries(String webhookId) {
        return tx(() -> all("SELECT " + DELIVERY_COLUMNS + " FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.webhook_id = ?"
                + " ORDER BY d.created, d.id", SqlJobStore::delivery, webhookId));
    }

    @Override
    public long pendingDeliveries() {
        return tx(() -> count("SELECT COUNT(*) FROM deliveries WHERE status IN ('PENDING', 'SENDING')"));
    }

    @Override
    public synchronized void close() {
        try {
            if (db != null) {
                db.close();
                db = null;
            }
        } catch (SQLException e) {
            throw new StoreException("closing the job database " + where + ": " + e.getMessage(), e);
        }
    }
}
