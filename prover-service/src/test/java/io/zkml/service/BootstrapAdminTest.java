package io.zkml.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.service.http.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without an admin key, a node generates one once, into DIR/admin.key (rw-------), and stores only its hash. */
class BootstrapAdminTest {

    @TempDir
    Path data;

    @Test
    void theGeneratedAdminKeyIsWrittenPrivatelyOnceAndWorks() throws Exception {
        ServiceConfig config = ServiceTesting.config(data).withAdminKey(null);
        String key;
        try (ProvingNode node = ProvingNode.start(config)) {
            key = node.generatedAdminKey().orElseThrow();
            Path file = data.resolve(ProvingNode.ADMIN_KEY_FILE);
            assertThat(Files.readString(file).strip()).isEqualTo(key);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(new Http(node.port()).json(Api.KEYS, key, "{\"name\": \"ann\", \"role\": \"owner\"}").status()).isEqualTo(201);
        }
        try (ProvingNode node = ProvingNode.start(config)) {
            assertThat(node.generatedAdminKey()).as("an admin key is stored: none generated").isEmpty();
            assertThat(new Http(node.port()).get(Api.NODE, key).status()).isEqualTo(200);
        }
        try (var db = io.zkml.service.store.H2JobStore.open(data)) {
            // nothing in the database holds the key itself
            assertThat(db.keyByHash(key)).isEmpty();
            assertThat(db.keyByHash(Operations.hashKey(key))).isPresent();
        }
    }
}
