package io.zkml.core.zkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.core.curve.G1;
import io.zkml.core.field.Fr;
import io.zkml.core.groth16.VerifyingKey;
import io.zkml.core.io.ByteString;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.RawSection;
import io.zkml.core.r1cs.Constraint;
import io.zkml.core.r1cs.LinearCombination;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.r1cs.R1csReader;
import io.zkml.core.snarkjs.VerificationKeyJson;
import io.zkml.core.testing.Corruption;
import io.zkml.core.testing.SnarkjsFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZkeyTest {

    static byte[] bytes(Zkey k) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            k.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The payload offset of the first section of this type in a container. */
    static int sectionOffset(byte[] file, int type) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int n = b.getInt(8);
        int pos = 12;
        for (int i = 0; i < n; i++) {
            int t = b.getInt(pos);
            long size = b.getLong(pos + 4);
            if (t == type) {
                return pos + 12;
            }
            pos += 12 + (int) size;
        }
        throw new IllegalArgumentException("no section " + type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"square_chain", "five_public"})
    void fixtureRoundTripIsByteIdentical(String c, @TempDir Path dir) throws IOException {
        byte[] original = SnarkjsFixtures.bytes(c + ".zkey");
        Zkey k = Zkey.read(c + ".zkey", original);
        assertThat(bytes(k)).isEqualTo(original);
        assertThat(k.fileSize()).isEqualTo(original.length);
        assertThat(k.sectionOrder()).isEqualTo(Zkey.NUMERIC_ORDER);

        // memory-mapped, and written to a file
        try (Zkey mapped = Zkey.open(SnarkjsFixtures.path(c + ".zkey"))) {
            Path out = dir.resolve("copy.zkey");
            mapped.write(out);
            assertThat(Files.readAllBytes(out)).isEqualTo(original);
            assertThat(mapped.source()).isEqualTo(c + ".zkey");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"square_chain", "five_public"})
    void verifyingKeyIsTheFixturesVk(String c) throws IOException {
        Zkey k = Zkey.read(c + ".zkey", SnarkjsFixtures.bytes(c + ".zkey"));
        VerifyingKey expected = VerificationKeyJson.read(SnarkjsFixtures.path(c + "_vk.json"));
        assertThat(k.verifyingKey()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"square_chain", "five_public"})
    void headerAndCoefficientsFollowTheR1cs(String c) throws IOException {
        Zkey k = Zkey.read(c + ".zkey", SnarkjsFixtures.bytes(c + ".zkey"));
        R1cs r1cs = R1csReader.read(SnarkjsFixtures.path(c + ".r1cs"));
        assertThat(k.nVars()).isEqualTo(r1cs.nWires());
        assertThat(k.nPublic()).isEqualTo(r1cs.nPublic());
        int m = r1cs.nConstraints() + r1cs.nPublic();
        assertThat(k.domainSize()).isEqualTo(Integer.highestOneBit(m) * 2);
        assertThat(k.ic().size()).isEqualTo(r1cs.nPublic() + 1);
        assertThat(k.h().size()).isEqualTo(k.domainSize());
        assertThat(k.c().size()).isEqualTo(k.nVars() - k.nPublic() - 1);

        // the coefficient section: per constraint the A then the B terms, then 1·w_s in row m + s for the public wires;
        // the stored value is c·R² mod r, and value() gives back c
        Coefficients cs = k.coefficients();
        int i = 0;
        for (int row = 0; row < r1cs.nConstraints(); row++) {
            Constraint con = r1cs.constraint(row);
            for (int matrix = 0; matrix < 2; matrix++) {
                LinearCombination lc = matrix == 0 ? con.a() : con.b();
                for (int t = 0; t < lc.size(); t++, i++) {
                    assertThat(cs.matrix(i)).isEqualTo(matrix);
                    assertThat(cs.constraint(i)).isEqualTo(row);
                    assertThat(cs.signal(i)).isEqualTo(lc.wire(t));
                    assertThat(cs.value(i)).isEqualTo(lc.coefficient(t));
                }
            }
        }
        for (int s = 0; s <= r1cs.nPublic(); s++, i++) {
            assertThat(List.of(cs.matrix(i), cs.constraint(i), cs.signal(i))).containsExactly(0, r1cs.nConstraints() + s, s);
            assertThat(cs.value(i)).isEqualTo(Fr.ONE);
        }
        assertThat(cs.size()).isEqualTo(i);
        // the raw bytes of 1 are R² mod r
        java.math.BigInteger r2 = java.math.BigInteger.ONE.shiftLeft(512).mod(Fr.MODULUS);
        byte[] raw = new byte[32];
        cs.entries().asSlice((long) (i - 1) * Coefficients.ENTRY_BYTES + 12, 32).asByteBuffer().get(raw);
        assertThat(new java.math.BigInteger(1, reverse(raw))).isEqualTo(r2);
    }

    static byte[] reverse(byte[] b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[b.length - 1 - i];
        }
        return out;
    }

    @Test
    void contributionAndProvenance() {
        Zkey k = Zkey.read("square_chain.zkey", SnarkjsFixtures.bytes("square_chain.zkey"));
        MpcParams mpc = k.mpcParams();
        assertThat(mpc.csHash().size()).isEqualTo(64);
        assertThat(mpc.contributions()).hasSize(1);
        ZkeyContribution c = mpc.contributions().getFirst();
        assertThat(c.deltaAfter()).isEqualTo(k.deltaG1());
        assertThat(c.isBeacon()).isFalse();
        assertThat(k.otherSections()).isEmpty();
        Provenance p = k.provenance();
        assertThat(p).isInstanceOf(Provenance.PowersOfTau.class);
        assertThat(p.isDevelopment()).isFalse();
        assertThat(p.isForgeable()).isFalse();
        assertThat(((Provenance.PowersOfTau) p).contributions()).isEqualTo(1);
        assertThat(p.summary()).startsWith("ceremony key: 1 phase-2 contribution and no final random beacon");
        assertThat(p.toJson().get("status").asText()).isEqualTo("contributions-without-beacon");
        assertThat(p.toJson().has("warning")).isFalse();

        Provenance closed = new Provenance.PowersOfTau(2, java.util.List.of("alice", "beacon"), true);
        assertThat(closed.summary()).startsWith("ceremony key: 2 phase-2 contributions, closed by a random beacon").doesNotContain("DEVELOPMENT");
        assertThat(closed.toJson().get("status").asText()).isEqualTo("contributions-and-beacon");
        assertThat(closed.toJson().get("kind").asText()).isEqualTo("powers-of-tau");
    }

    @Test
    void builderReassemblesTheKeyAndKeepsExtraSections() {
        byte[] original = SnarkjsFixtures.bytes("five_public.zkey");
        Zkey k = Zkey.read("five_public.zkey", original);
        Zkey.Builder b = Zkey.builder(k.header()).ic(k.ic()).coefficients(k.coefficients()).a(k.a()).b1(k.b1()).b2(k.b2())
                .c(k.c()).h(k.h()).mpcParams(k.mpcParams());
        assertThat(bytes(b.order(Zkey.NUMERIC_ORDER).build())).isEqualTo(original);

        RawSection marker = Provenance.developmentSection("zkml test", java.time.Instant.parse("2025-01-02T03:04:05Z"));
        Zkey marked = b.otherSection(marker).build();
        assertThat(marked.sectionOrder()).endsWith(Provenance.SECTION);
        Zkey back = Zkey.read("marked.zkey", bytes(marked));
        assertThat(back.otherSections()).containsExactly(marker);
        assertThat(back.provenance()).isEqualTo(new Provenance.Development(java.util.Optional.of("zkml test"),
                java.util.Optional.of(java.time.Instant.parse("2025-01-02T03:04:05Z")), 1));
        assertThat(back.provenance().toJson().get("kind").asText()).isEqualTo("development");

        // the circuit-hash mark alone is enough
        byte[] hash = new byte[64];
        System.arraycopy(Provenance.DEVELOPMENT_HASH_PREFIX.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, hash, 0, 32);
        Zkey hashed = k.withMpcParams(MpcParams.initial(ByteString.of(hash)));
        assertThat(hashed.provenance().isDevelopment()).isTrue();

        assertThatThrownBy(() -> Zkey.builder(k.header()).ic(k.a()).coefficients(k.coefficients()).a(k.a()).b1(k.b1()).b2(k.b2())
                .c(k.c()).h(k.h()).mpcParams(k.mpcParams()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IC has");
    }

    @Test
    void initialKeyWithoutContributionsIsForgeable() {
        Zkey k = Zkey.read("square_chain.zkey", SnarkjsFixtures.bytes("square_chain.zkey"));
        Provenance p = k.withMpcParams(MpcParams.initial(k.mpcParams().csHash())).provenance();
        assertThat(p.isForgeable()).isTrue();
        assertThat(p.summary()).contains("WITHOUT phase-2 contributions");
        assertThat(p.toJson().get("status").asText()).isEqualTo("no-contribution");
    }

    @Test
    void everyTruncationIsAFormatException() {
        Corruption.everyTruncationIsAFormatException("square_chain.zkey", SnarkjsFixtures.bytes("square_chain.zkey"),
                b -> Zkey.read("square_chain.zkey", b));
    }

    @Test
    void everyChangedByteIsReadOrAFormatException() {
        byte[] file = SnarkjsFixtures.bytes("five_public.zkey");
        for (int i = 0; i < file.length; i += 7) {
            Corruption.readsOrIsAFormatException("five_public.zkey", file, i, (byte) (file[i] ^ 0x5a), b -> Zkey.read("five_public.zkey", b));
        }
    }

    @Test
    void inconsistenciesAreFormatExceptionsWithOffsets() {
        byte[] file = SnarkjsFixtures.bytes("square_chain.zkey");
        int h = sectionOffset(file, Zkey.GROTH16_HEADER);

        byte[] plonk = file.clone();
        plonk[sectionOffset(file, Zkey.HEADER)] = 2;
        assertThatThrownBy(() -> Zkey.read("k.zkey", plonk)).isInstanceOf(FormatException.class)
                .hasMessageContaining("protocol 2 (PLONK): zkml reads Groth16 keys (protocol 1) only");

        byte[] wrongQ = file.clone();
        wrongQ[h + 4] ^= 1;
        assertThatThrownBy(() -> Zkey.read("k.zkey", wrongQ)).isInstanceOf(FormatException.class)
                .hasMessageContaining("offset 0x" + Integer.toHexString(h + 4)).hasMessageContaining("base field q");

        byte[] wrongR = file.clone();
        wrongR[h + 40] ^= 1;
        assertThatThrownBy(() -> Zkey.read("k.zkey", wrongR)).hasMessageContaining("scalar field r");

        byte[] moreVars = file.clone();
        ByteBuffer.wrap(moreVars).order(ByteOrder.LITTLE_ENDIAN).putInt(h + 72, 14);
        assertThatThrownBy(() -> Zkey.read("k.zkey", moreVars)).isInstanceOf(FormatException.class)
                .hasMessageContaining("section 5 (A) holds 832 bytes but must hold 14 G1 points (nVars = 14), 896 bytes");

        byte[] odd = file.clone();
        ByteBuffer.wrap(odd).order(ByteOrder.LITTLE_ENDIAN).putInt(h + 80, 24);
        assertThatThrownBy(() -> Zkey.read("k.zkey", odd)).hasMessageContaining("domainSize 24 is not a power of two");

        int cs = sectionOffset(file, Zkey.COEFFICIENTS);
        byte[] matrix = file.clone();
        matrix[cs + 4] = 2;
        assertThatThrownBy(() -> Zkey.read("k.zkey", matrix)).hasMessage("k.zkey: offset 0x" + Integer.toHexString(cs + 4)
                + ": coefficient 0: matrix 2 (must be 0 for A or 1 for B)");
        byte[] signal = file.clone();
        ByteBuffer.wrap(signal).order(ByteOrder.LITTLE_ENDIAN).putInt(cs + 4 + 8, 13);
        assertThatThrownBy(() -> Zkey.read("k.zkey", signal)).hasMessageContaining("coefficient 0: signal 13 out of range (nVars = 13)");
        byte[] count = file.clone();
        ByteBuffer.wrap(count).order(ByteOrder.LITTLE_ENDIAN).putInt(cs, -1);
        assertThatThrownBy(() -> Zkey.read("k.zkey", count)).hasMessageContaining("declares 4294967295 entries (at most 2147483647)");
        byte[] value = file.clone();
        for (int i = 0; i < 32; i++) {
            value[cs + 4 + 12 + i] = (byte) 0xff;
        }
        assertThatThrownBy(() -> Zkey.read("k.zkey", value)).hasMessageContaining("coefficient 0: stored value is not below r");
        // the last entry and one in the middle (every field of every entry is checked, not only the first's)
        int entries = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(cs);
        assertThat(entries).isGreaterThan(2);
        int domain = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(h + 80);
        byte[] lastRow = file.clone();
        ByteBuffer.wrap(lastRow).order(ByteOrder.LITTLE_ENDIAN).putInt(cs + 4 + 44 * (entries - 1) + 4, domain);
        assertThatThrownBy(() -> Zkey.read("k.zkey", lastRow)).hasMessage("k.zkey: offset 0x" + Integer.toHexString(cs + 4 + 44 * (entries - 1) + 4)
                + ": coefficient " + (entries - 1) + ": constraint " + domain + " outside the domain of size " + domain);
        byte[] middleIsR = file.clone();
        java.util.Arrays.fill(middleIsR, cs + 4 + 44 * (entries / 2) + 12, cs + 4 + 44 * (entries / 2) + 44, (byte) 0);
        byte[] modulus = Fr.MODULUS.toByteArray();
        for (int i = 0; i < 32; i++) {
            middleIsR[cs + 4 + 44 * (entries / 2) + 12 + i] = modulus[modulus.length - 1 - i]; // exactly r, little-endian
        }
        assertThatThrownBy(() -> Zkey.read("k.zkey", middleIsR)).hasMessageContaining("coefficient " + entries / 2 + ": stored value is not below r");

        // a point of the bulk sections is checked when read
        byte[] badA = file.clone();
        int a = sectionOffset(file, Zkey.A);
        for (int i = 0; i < 32; i++) {
            badA[a + 64 + i] = (byte) 0xff;
        }
        Zkey k = Zkey.read("k.zkey", badA);
        assertThatThrownBy(() -> k.a().get(1)).isInstanceOf(FormatException.class)
                .hasMessage("k.zkey: offset 0x" + Integer.toHexString(a + 64) + ": point 1: x is not below the base-field modulus p (Montgomery form)");
        G1 ok = k.a().get(0);
        assertThat(ok.isOnCurve()).isTrue();
    }
}
