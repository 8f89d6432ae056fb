package io.zkml.service.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The PostgreSQL store's URL (no server needed): a bad one is refused by name, and no message shows the password. */
class PostgresJobStoreUrlTest {

    @Test
    void aBadUrlIsRefusedWithoutRevealingThePassword() {
        assertThatThrownBy(() -> PostgresJobStore.open("mysql://u:p@h/db")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("postgresql://USER:PASSWORD@HOST:PORT/DATABASE");
        assertThatThrownBy(() -> PostgresJobStore.open("postgresql://u:p@h")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without a database");
        assertThatThrownBy(() -> PostgresJobStore.open("postgresql://zkml:s3cret@127.0.0.1:1/nodb")).isInstanceOf(StoreException.class)
                .hasMessageContaining("127.0.0.1:1/nodb").message().doesNotContain("s3cret");
    }
}
