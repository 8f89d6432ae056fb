package io.zkml.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The job store's rules on PostgreSQL, each test in a fresh schema of the database that {@code ZKML_TEST_PG_URL}
 * names (skipped, saying so, where it is not set).
 */
class PostgresJobStoreTest extends JobStoreContract {

    private String url;

    @BeforeEach
    void freshSchema() {
        url = PgTesting.freshSchema();
    }

    @Override
    SqlJobStore open() {
        return PostgresJobStore.open(url);
    }

    @Test
    void aStoreWhoseConnectionWasCutConnectsAgain() {
        String name = "zkml_cut_" + Long.toHexString(System.nanoTime());
        try (SqlJobStore s = PostgresJobStore.open(url + "&ApplicationName=" + name)) {
            assertThat(s.pending()).isZero();
            assertThat(PgTesting.terminate(name)).as("the store's connection was found and cut").isEqualTo(1);
            assertThatThrownBy(s::pending).isInstanceOf(StoreException.class).hasMessageContaining("job database at");
            assertThat(s.pending()).as("the next call reconnects").isZero();
        }
    }
}
