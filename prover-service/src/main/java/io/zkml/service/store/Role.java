package io.zkml.service.store;

import java.util.Locale;

/** What an API key may do. */
public enum Role {
    /** Everything, including making keys; sees every model and proof. */
    ADMIN,
    /** Registers models, uploads their keys, shares them with relayers, and proves on its own models. */
    OWNER,
    /** Proves on the models shared with it; sees its own proofs. */
    RELAYER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named by its wire form ({@code admin}, {@code owner}, {@code relayer}), or null. */
    public static Role parse(String s) {
        for (Role r : values()) {
            if (r.wire().equals(s)) {
                return r;
            }
        }
        return null;
    }
}
