package io.zkml.service.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@link JobStore} on an embedded H2 file database ({@code DIR/zkml.mv.db}): zero set-up, one process. Every
 * commit is written to the file before it returns ({@code WRITE_DELAY=0}; H2's default delay of half a second
 * loses the last commits when the process is killed), so a killed process loses nothing it acknowledged; an
 * operating-system crash or power loss can still lose what the OS had not flushed. One connection; the rules
 * are {@link SqlJobStore}'s.
 */
public final class H2JobStore extends SqlJobStore {

    private final String url;

    private H2JobStore(Path dir) {
        super("in " + dir);
        this.url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("zkml") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    /** Opens (creating if needed) the database in {@code dir} and brings its schema up to date. */
    public static H2JobStore open(Path dir) {
        H2JobStore s = new H2JobStore(dir);
        try {
            s.start();
        } catch (StoreException e) {
            throw new StoreException("cannot open the job database in " + dir + ": " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        }
        return s;
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "zkml", "");
    }

    @Override
    String migration(int version) {
        return MIGRATIONS.get(version - 1);
    }

    @Override
    void lockSchema(Statement s) {
        // one process holds the file
    }

    @Override
    String claimLock() {
        return ""; // one connection: this store's lock is the row lock
    }
}
