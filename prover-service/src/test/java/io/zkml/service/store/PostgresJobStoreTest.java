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
    void aBadUrlIsRefusedWithoutRevealingThePassword() {
        assertThatThrownBy(() -> PostgresJobStore.open("mysql://u:p@h/db")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("postgresql://USER:PASSWORD@HOST:PORT/DATABASE");
        assertThatThrownBy(() -> PostgresJobStore.open("postgresql://zkml:s3cret@127.0.0.1:1/nodb")).isInstanceOf(StoreException.class)
                .hasMessageContaining("127.0.0.1:1/nodb").message().doesNotContain("s3cret");
        assertThat(url).startsWith("postgresql://");
    }
}
