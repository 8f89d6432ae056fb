package io.zkml.service.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@link JobStore} on an embedded H2 file database ({@code DIR/zkml.mv.db}): zero set-up, one process. Every
 * commit is written to the file before it returns ({@code WRITE_DELAY=0}; H2's default delay of half a second
 * loses the last commits when the process is killed), so a killed process loses nothing it acknowledged; an
 * operating-system crash or power loss can still lose what the OS had not flushed. The file is made rw------- (it
 * holds webhook secrets). One connection; the rules are {@link SqlJobStore}'s.
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
            ownerOnly(dir.resolve("zkml.mv.db"));
        } catch (StoreException e) {
            s.close();
            throw new StoreException("cannot open the job database in " + dir + ": " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        }
        return s;
    }

    /** Makes the database file rw------- where the file system has POSIX permissions: it holds webhook secrets. */
    private static void ownerOnly(Path file) {
        try {
            if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new StoreException("cannot make " + file + " readable by its owner only: " + e.getMessage(), e);
        }
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
