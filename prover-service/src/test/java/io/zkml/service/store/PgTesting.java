package io.zkml.service.store;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The PostgreSQL that tests use, chosen here and nowhere else, once per test JVM:
 * <ol>
 *   <li>the one {@code ZKML_TEST_PG_URL} names ({@code postgresql://USER:PASSWORD@HOST:PORT/DB}; CI's
 *       {@code .ci/run} starts Debian's PostgreSQL with {@code .ci/pg-start.sh} and sets it);</li>
 *   <li>else, where a Docker engine answers, a Testcontainers {@value #IMAGE} container, started on first use and
 *       removed when the JVM ends;</li>
 *   <li>else none: the calling test is skipped, saying why and how to enable it.</li>
 * </ol>
 * Without a Docker engine the probe only looks for its socket or {@code DOCKER_HOST} (Testcontainers' own
 * strategies, logging to slf4j-nop here): no image is pulled, nothing waits.
 */
public final class PgTesting {

    public static final String ENV = "ZKML_TEST_PG_URL";
    /** The PostgreSQL image Testcontainers runs: pinned, small. */
    static final String IMAGE = "postgres:16.9-alpine";

    /** Where the tests' PostgreSQL is, or why there is none. */
    private record Choice(String url, String skipReason) {
    }

    private static Choice choice;
    private static final AtomicBoolean said = new AtomicBoolean();

    private PgTesting() {
    }

    /** The database's URL, or the test is skipped. */
    public static String url() {
        Choice c = choose();
        if (c.url() == null) {
            skip(c.skipReason());
        }
        return c.url();
    }

    /** Skips the calling test, saying why on stderr too, once (Maven's summary counts skips but does not show reasons). */
    private static void skip(String reason) {
        if (!said.getAndSet(true)) {
            System.err.println("SKIPPED: " + reason);
        }
        Assumptions.abort(reason);
    }

    private static synchronized Choice choose() {
        if (choice == null) {
            choice = decide();
        }
        return choice;
    }

    private static Choice decide() {
        String url = System.getenv(ENV);
        if (url != null && !url.isBlank()) {
            return new Choice(url, null);
        }
        String how = "set " + ENV + " (.ci/pg-start.sh starts a throwaway server and prints the URL) or run a Docker engine (Testcontainers)";
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            docker = false;
        }
        if (!docker) {
            return new Choice(null, "PostgreSQL tests skipped: " + ENV + " is not set and no Docker engine was found; to run them, " + how);
        }
        try {
            @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers removes it at exit
            PostgreSQLContainer<?> pg = new PostgreSQLContainer<>(DockerImageName.parse(IMAGE)).withDatabaseName("zkml").withUsername("zkml")
                    .withPassword("zkml");
            pg.start();
            System.err.println("PostgreSQL tests: Testcontainers " + IMAGE + " on " + pg.getHost() + ":" + pg.getMappedPort(5432));
            return new Choice("postgresql://" + enc(pg.getUsername()) + ":" + enc(pg.getPassword()) + "@" + pg.getHost() + ":"
                    + pg.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT) + "/" + pg.getDatabaseName(), null);
        } catch (RuntimeException e) {
            return new Choice(null, "PostgreSQL tests skipped: the Docker engine did not start " + IMAGE + " (" + e.getMessage() + "); " + how);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A URL of the test database whose tables live in a new, empty schema of their own. */
    public static String freshSchema() {
        String url = url();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            URI u = URI.create(url);
            skip("PostgreSQL tests skipped: the server at " + u.getHost() + ":" + u.getPort() + " is unreachable: " + e.getMessage());
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
