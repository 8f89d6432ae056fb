package io.zkml.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files that snarkjs 0.7.6 and circom 2 made, under {@code /fixtures/snarkjs/} on the test class path (see
 * the README.md there). Shared with the modules above through zk-core's test jar.
 */
public final class SnarkjsFixtures {

    /** The circuits with a full set of files: {@code C.r1cs}, {@code C.wtns}, {@code C_vk.json}, … */
    public static final List<String> CIRCUITS = List.of("square_chain", "five_public");

    private static final String DIR = "/fixtures/snarkjs/";

    private SnarkjsFixtures() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = SnarkjsFixtures.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + DIR + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** A file-system path to the fixture (a temporary copy when the fixtures sit in a jar). */
    public static Path path(String name) {
        URL url = SnarkjsFixtures.class.getResource(DIR + name);
        if (url == null) {
            throw new IllegalArgumentException("no fixture " + DIR + name);
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Path.of(url.toURI());
            }
            // a copy under its own name, so that messages naming the file read as they do for the original
            Path tmp = Files.createTempDirectory("zkml-fixture-").resolve(name);
            Files.write(tmp, bytes(name));
            tmp.toFile().deleteOnExit();
            tmp.getParent().toFile().deleteOnExit();
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
