package io.zkml.service.store;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL that tests use: the one {@code ZKML_TEST_PG_URL} names ({@code postgresql://USER:PASSWORD@HOST:PORT/DB},
 * set by {@code .ci/pg-start.sh} in CI). Where it is not set, or cannot be reached, the calling test is skipped
 * with the reason.
 */
public final class PgTesting {

    public static final String ENV = "ZKML_TEST_PG_URL";

    private static final AtomicBoolean said = new AtomicBoolean();

    private PgTesting() {
    }

    /** The database's URL, or the test is skipped. */
    public static String url() {
        String url = System.getenv(ENV);
        if (url == null || url.isBlank()) {
            skip(ENV + " is not set: PostgreSQL tests skipped (.ci/pg-start.sh starts a throwaway server and prints the URL)");
        }
        return url;
    }

    /** Skips the calling test, saying why on stderr too (Maven's summary counts skips but does not show reasons). */
    private static void skip(String reason) {
        if (!said.getAndSet(true)) {
            System.err.println("SKIPPED: " + reason);
        }
        Assumptions.abort(reason);
    }

    /** A URL of the test database whose tables live in a new, empty schema of their own. */
    public static String freshSchema() {
        String url = url();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            URI u = URI.create(url);
            skip(ENV + " names an unreachable PostgreSQL (" + u.getHost() + ":" + u.getPort() + "): " + e.getMessage());
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Cuts the connections of the test database's clients named {@code applicationName}; how many. */
    public static int terminate(String applicationName) {
        try (Connection c = connect(url());
             PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                     + " WHERE application_name = ?) t")) {
            p.setString(1, applicationName);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect(String url) throws SQLException {
        URI u = URI.create(url);
        Properties p = new Properties();
        String[] userPass = u.getUserInfo() == null ? new String[0] : u.getUserInfo().split(":", 2);
        if (userPass.length > 0) {
            p.setProperty("user", userPass[0]);
        }
        if (userPass.length > 1) {
            p.setProperty("password", userPass[1]);
        }
        return DriverManager.getConnection("jdbc:postgresql://" + u.getHost() + ":" + u.getPort() + u.getPath(), p);
    }
}
