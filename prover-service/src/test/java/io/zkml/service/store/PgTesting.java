package io.zkml.service.store;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
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
        URI u = URI.create(url);
        Properties p = new Properties();
        String[] userPass = u.getUserInfo() == null ? new String[0] : u.getUserInfo().split(":", 2);
        if (userPass.length > 0) {
            p.setProperty("user", userPass[0]);
        }
        if (userPass.length > 1) {
            p.setProperty("password", userPass[1]);
        }
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + u.getHost() + ":" + u.getPort() + u.getPath(), p);
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            skip(ENV + " names an unreachable PostgreSQL (" + u.getHost() + ":" + u.getPort() + "): " + e.getMessage());
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
