package io.zkml.service.store;

import org.junit.jupiter.api.BeforeEach;

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
}
