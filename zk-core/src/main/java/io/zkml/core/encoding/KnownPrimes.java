package io.zkml.core.encoding;

import java.math.BigInteger;
import java.util.Map;

/** The primes of the other curves circom compiles for ({@code circom -p …}), so that a message can name them. */
final class KnownPrimes {

    private static final Map<BigInteger, String> NAMES = Map.of(
            new BigInteger("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47", 16), "BN254's base field p (also grumpkin's scalar field)",
            new BigInteger("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", 16), "the BLS12-381 scalar field",
            new BigInteger("12ab655e9a2ca55660b44d1e5c37b00159aa76fed00000010a11800000000001", 16), "the BLS12-377 scalar field",
            new BigInteger("40000000000000000000000000000000224698fc094cf91b992d30ed00000001", 16), "the Pallas base field",
            new BigInteger("40000000000000000000000000000000224698fc0994a8dd8c46eb2100000001", 16), "the Vesta base field",
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16), "the secq256r1 base field");

    private KnownPrimes() {
    }

    /** {@code " (the BLS12-381 scalar field)"} for a known prime, else the empty string. */
    static String describe(BigInteger prime) {
        String name = NAMES.get(prime);
        return name == null ? "" : " (" + name + ")";
    }
}
