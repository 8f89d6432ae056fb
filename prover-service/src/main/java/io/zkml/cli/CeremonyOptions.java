package io.zkml.cli;

import java.security.SecureRandom;
import java.util.HexFormat;
import picocli.CommandLine.Option;

/** The options that phase-1 and phase-2 contributions and beacons share (Picocli mixins). */
final class CeremonyOptions {

    private CeremonyOptions() {
    }

    /** A person's contribution: extra entropy and a name. */
    static final class Contributor {
        @Option(names = {"-e", "--entropy"}, paramLabel = "TEXT",
                description = "extra randomness to mix into this machine's CSPRNG (any text)")
        String entropy = "";

        @Option(names = {"-n", "--name"}, paramLabel = "N", description = "your name, recorded in the file (first 64 characters)")
        String name;

        io.zkml.prover.ceremony.ChaCha stream() {
            return io.zkml.prover.ceremony.SnarkjsRandom.contribution(new SecureRandom(), entropy);
        }
    }

    /** A random beacon: the public value, the iteration exponent and a name. */
    static final class Beacon {
        @Option(names = "--hash", required = true, paramLabel = "HEX", description = "the beacon value, hexadecimal (1 to 255 bytes)")
        String hash;

        @Option(names = "--iterations", required = true, paramLabel = "E", description = "hash it 2^E times with SHA-256 (10 … 63)")
        int iterations;

        @Option(names = {"-n", "--name"}, paramLabel = "N", description = "a name for the beacon, recorded in the file")
        String name;

        /** The beacon value: hexadecimal, optionally after "0x". */
        byte[] value() {
            String hex = hash.startsWith("0x") ? hash.substring(2) : hash;
            try {
                return HexFormat.of().parseHex(hex);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--hash must be hexadecimal with an even number of digits: " + hash);
            }
        }
    }
}
