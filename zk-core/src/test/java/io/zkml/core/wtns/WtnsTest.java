package io.zkml.core.wtns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.core.field.Fr;
import io.zkml.core.io.FormatException;
import io.zkml.core.testing.Corruption;
import io.zkml.core.testing.SnarkjsFixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WtnsTest {

    private static Witness wtns(String circuit) {
        return WtnsReader.read(circuit + ".wtns", SnarkjsFixtures.bytes(circuit + ".wtns"));
    }

    @Test
    void binaryWitnessEqualsTheJsonExport() {
        for (String c : SnarkjsFixtures.CIRCUITS) {
            Witness w = wtns(c);
            assertThat(w).isEqualTo(WitnessJson.read(c + "_witness.json", SnarkjsFixtures.text(c + "_witness.json")));
            assertThat(w.get(0)).isEqualTo(Fr.ONE);
        }
        Witness sq = wtns("square_chain");
        assertThat(sq.size()).isEqualTo(13);
        assertThat(sq.get(2)).isEqualTo(Fr.of(7)); // y
        assertThat(sq.get(3)).isEqualTo(Fr.of(3)); // x
    }

    @Test
    void roundTripsAreByteIdentical(@TempDir Path dir) throws IOException {
        for (String c : SnarkjsFixtures.CIRCUITS) {
            byte[] original = SnarkjsFixtures.bytes(c + ".wtns");
            Witness w = WtnsReader.read(SnarkjsFixtures.path(c + ".wtns"));
            assertThat(WtnsWriter.toBytes(w)).isEqualTo(original);
            Path out = dir.resolve(c + ".wtns");
            WtnsWriter.write(w, out);
            assertThat(Files.readAllBytes(out)).isEqualTo(original);
            assertThat(WitnessJson.write(w)).isEqualTo(SnarkjsFixtures.text(c + "_witness.json"));
        }
    }

    @Test
    void everyTruncationIsAFormatException() {
        for (String c : SnarkjsFixtures.CIRCUITS) {
            Corruption.everyTruncationIsAFormatException(c + ".wtns", SnarkjsFixtures.bytes(c + ".wtns"), b -> WtnsReader.read(c + ".wtns", b));
        }
    }

    @Property(tries = 300)
    void anyChangedByteReadsOrIsAFormatException(@ForAll @IntRange(min = 0, max = 491) int index, @ForAll byte value) {
        Corruption.readsOrIsAFormatException("w.wtns", SnarkjsFixtures.bytes("square_chain.wtns"), index, value, b -> WtnsReader.read("w.wtns", b));
    }

    @Test
    void wrongPrimeIsNamed() {
        byte[] b = SnarkjsFixtures.bytes("square_chain.wtns");
        b[28] ^= 1; // the lowest byte of the prime (header payload at 24: n8, then the prime)
        assertThatThrownBy(() -> WtnsReader.read("w.wtns", b)).isInstanceOf(FormatException.class)
                .hasMessage("w.wtns: offset 0x1c: prime " + Fr.MODULUS.xor(java.math.BigInteger.ONE) + " is not BN254's scalar field r = " + Fr.MODULUS);
    }

    @Test
    void valuesMustBeBelowR() {
        byte[] b = SnarkjsFixtures.bytes("square_chain.wtns");
        int value3 = 76 + 3 * 32;
        for (int i = 0; i < 32; i++) {
            b[value3 + i] = (byte) 0xff;
        }
        assertThatThrownBy(() -> WtnsReader.read("w.wtns", b))
                .hasMessageStartingWith("w.wtns: offset 0xac: value 1157920892373161954235709850086879078532699846656405640394575840079131296399")
                .hasMessageEndingWith("is not below the scalar-field modulus r");
    }

    @Test
    void countMustMatchTheValuesSection() {
        byte[] b = SnarkjsFixtures.bytes("square_chain.wtns");
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 36, 14);
        assertThatThrownBy(() -> WtnsReader.read("w.wtns", b))
                .hasMessage("w.wtns: offset 0x4c: section 2 (witness values) holds 416 bytes but the header's 14 values need 448");
    }

    @Test
    void jsonValuesMustBeDecimalsBelowR() {
        assertThatThrownBy(() -> WitnessJson.read("w.json", "[\"1\", \"" + Fr.MODULUS + "\"]"))
                .isInstanceOf(FormatException.class).hasMessageStartingWith("w.json: $[1]: value " + Fr.MODULUS + " is not below");
        assertThatThrownBy(() -> WitnessJson.read("w.json", "{\"1\": 2}")).hasMessage("w.json: $: expected an array, got an object");
    }

    @Test
    void witnessIsAValue() {
        Witness w = Witness.of(Fr.ONE, Fr.of(5));
        assertThat(w.with(1, Fr.of(6))).isNotEqualTo(w).isEqualTo(Witness.of(java.util.List.of(Fr.ONE, Fr.of(6))));
        assertThat(w.values()).containsExactly(Fr.ONE, Fr.of(5));
        assertThatThrownBy(() -> w.values().set(0, Fr.ZERO)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(w.toString()).isEqualTo("Witness[2 wires: 1, 5]");
    }

    @Test
    void aWitnessReadFromBytesKeepsThemAndEqualsOneMadeOfElements() {
        for (String c : SnarkjsFixtures.CIRCUITS) {
            Witness read = wtns(c);
            Witness made = Witness.of(read.values());
            Witness lazy = wtns(c); // elements never asked for as a whole
            byte[] file = SnarkjsFixtures.bytes(c + ".wtns");
            byte[] values = java.util.Arrays.copyOfRange(file, file.length - read.size() * Fr.BYTES, file.length);
            assertThat(lazy.toBytesLE()).isEqualTo(values);
            assertThat(made.toBytesLE()).isEqualTo(values);
            for (int i = 0; i < read.size(); i++) {
                assertThat(lazy.get(i)).isEqualTo(made.get(i));
            }
            assertThat(wtns(c)).isEqualTo(made).hasSameHashCodeAs(made);
            assertThat(wtns(c).with(0, Fr.of(2))).isEqualTo(made.with(0, Fr.of(2))).isNotEqualTo(made);
        }
        Witness w = wtns("square_chain");
        byte[] b = w.toBytesLE();
        b[0] ^= 1;
        assertThat(w.toBytesLE()[0]).isNotEqualTo(b[0]); // a copy, not the witness's own bytes
        assertThat(w.toString()).isEqualTo("Witness[13 wires: 1, " + w.get(1) + ", 7, 3, …]");
        assertThatThrownBy(() -> w.get(13)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void bytesOfAValueNotBelowRAreRejected() {
        byte[] b = new byte[2 * Fr.BYTES];
        b[0] = 1;
        byte[] r = Fr.MODULUS.toByteArray(); // big-endian, 32 bytes (r < 2^254)
        for (int i = 0; i < Fr.BYTES; i++) {
            b[Fr.BYTES + i] = r[r.length - 1 - i];
        }
        assertThat(Witness.firstNonCanonical(b)).isEqualTo(1);
        assertThatThrownBy(() -> Witness.ofBytesLE(b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("witness value 1 is not below the scalar-field modulus r");
        b[Fr.BYTES] -= 1; // r - 1
        assertThat(Witness.ofBytesLE(b).get(1)).isEqualTo(Fr.ONE.neg());
        assertThatThrownBy(() -> Witness.ofBytesLE(new byte[33])).isInstanceOf(IllegalArgumentException.class);
    }
}
