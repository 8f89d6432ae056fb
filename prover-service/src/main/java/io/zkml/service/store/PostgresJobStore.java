package io.zkml.service.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * {@link JobStore} on PostgreSQL, for several nodes sharing one queue. The rules and migrations are
 * {@link SqlJobStore}'s (H2's {@code CLOB} becomes {@code TEXT}); a claim locks the row it picks with
 * {@code FOR UPDATE SKIP LOCKED}, so workers on different nodes claim different jobs without waiting on each other,
 * and the compare-and-set on the row still decides. Nodes migrating at once take turns on an advisory lock. Each
 * store holds one connection and opens a new one when it breaks. Queue limits are counted at READ COMMITTED, so
 * nodes submitting at the same instant may overshoot them by a few jobs.
 */
public final class PostgresJobStore extends SqlJobStore {

    /** The advisory lock key the schema migrations take ("zkml" in ASCII). */
    private static final long SCHEMA_LOCK = 0x7a6b6d6cL;

    private final String jdbcUrl;
    private final Properties credentials;

    private PostgresJobStore(String jdbcUrl, Properties credentials, String where) {
        super(where);
        this.jdbcUrl = jdbcUrl;
        this.credentials = credentials;
    }

    /**
     * Connects to {@code postgresql://USER:PASSWORD@HOST:PORT/DB[?PARAMS]} (also {@code postgres://} or
     * {@code jdbc:postgresql://}; PARAMS go to the JDBC driver) and brings the schema up to date.
     *
     * @throws IllegalArgumentException if the URL is not of that form
     * @throws StoreException if the database cannot be reached or migrated
     */
    public static PostgresJobStore open(String url) {
        String rest = url.startsWith("jdbc:") ? url.substring(5) : url;
        URI u;
        try {
            u = new URI(rest);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--db: not a URL: " + e.getMessage());
        }
        if (!("postgresql".equals(u.getScheme()) || "postgres".equals(u.getScheme())) || u.getHost() == null || u.getPath() == null
                || u.getPath().length() < 2) {
            throw new IllegalArgumentException("--db: expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE, got a URL of scheme "
                    + u.getScheme() + (u.getHost() == null ? " without a host" : "") + (u.getPath() == null || u.getPath().length() < 2 ? " without a database" : ""));
        }
        Properties p = new Properties();
        if (u.getRawUserInfo() != null) {
            String[] userPass = u.getRawUserInfo().split(":", 2);
            p.setProperty("user", URLDecoder.decode(userPass[0], StandardCharsets.UTF_8));
            if (userPass.length == 2) {
                p.setProperty("password", URLDecoder.decode(userPass[1], StandardCharsets.UTF_8));
            }
        }
        String hostPort = u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
        String where = "at " + hostPort + u.getPath(); // never the password
        PostgresJobStore s = new PostgresJobStore("jdbc:postgresql://" + hostPort + u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()),
                p, where);
        try {
            s.start();
        } catch (StoreException e) {
            throw new StoreException("cannot open the job database " + where + ": " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        }
        return s;
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, credentials);
    }

    @Override
    String migration(int version) {
        return MIGRATIONS.get(version - 1).replace(" CLOB ", " TEXT ");
    }

    @Override
    void lockSchema(Statement s) throws SQLException {
        s.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
    }

    @Override
    String claimLock() {
        return " FOR UPDATE SKIP LOCKED";
    }
}
