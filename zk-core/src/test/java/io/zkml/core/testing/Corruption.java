package io.zkml.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.zkml.core.io.FormatException;
import java.util.Arrays;
import java.util.function.Consumer;

/** Checks that a reader meets damaged input with a {@link FormatException} and nothing else. */
public final class Corruption {

    private Corruption() {
    }

    /** Every proper prefix of {@code file} must make {@code reader} throw a FormatException. */
    public static void everyTruncationIsAFormatException(String name, byte[] file, Consumer<byte[]> reader) {
        for (int len = 0; len < file.length; len++) {
            byte[] cut = Arrays.copyOf(file, len);
            try {
                reader.accept(cut);
                fail(name + " truncated to " + len + " of " + file.length + " bytes was accepted");
            } catch (FormatException e) {
                assertThat(e.getMessage()).startsWith(name + ": ");
            } catch (RuntimeException e) {
                throw new AssertionError(name + " truncated to " + len + " bytes threw " + e, e);
            }
        }
    }

    /** {@code file} with one byte changed must either be read or make {@code reader} throw a FormatException. */
    public static void readsOrIsAFormatException(String name, byte[] file, int index, byte value, Consumer<byte[]> reader) {
        byte[] bad = file.clone();
        bad[index] = value;
        try {
            reader.accept(bad);
        } catch (FormatException e) {
            assertThat(e.getMessage()).startsWith(name + ": ");
        } catch (RuntimeException e) {
            throw new AssertionError(name + " with byte " + index + " set to " + value + " threw " + e, e);
        }
    }
}
