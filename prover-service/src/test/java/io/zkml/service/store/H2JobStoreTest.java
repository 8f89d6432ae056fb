package io.zkml.service.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The job store's rules on the embedded H2 store. */
class H2JobStoreTest extends JobStoreContract {

    @TempDir
    Path dir;

    @Override
    SqlJobStore open() {
        return H2JobStore.open(dir);
    }
}
