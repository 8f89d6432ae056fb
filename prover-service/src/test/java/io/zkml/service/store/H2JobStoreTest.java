package io.zkml.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job store's rules on the embedded H2 store. */
class H2JobStoreTest extends JobStoreContract {

    @TempDir
    Path dir;

    @Override
    SqlJobStore open() {
        return H2JobStore.open(dir);
    }

    @Test
    void theDatabaseFileIsReadableByItsOwnerOnly() throws Exception {
        try (SqlJobStore s = open()) {
            s.addWebhook(new Webhook("wh_1", "alice", "http://127.0.0.1:1/", "secret-0123456789abc", 1));
        }
        Path file = dir.resolve("zkml.mv.db");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (SqlJobStore s = open()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as("it holds webhook secrets").isEqualTo("rw-------");
            assertThat(s.webhooks("alice")).extracting(Webhook::secret).containsExactly("secret-0123456789abc");
        }
    }
}
