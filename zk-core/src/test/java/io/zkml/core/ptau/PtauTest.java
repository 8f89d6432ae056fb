package io.zkml.core.ptau;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.core.curve.CurvePoint;
import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.encoding.G1Points;
import io.zkml.core.field.Fr;
import io.zkml.core.io.BinFile;
import io.zkml.core.io.BinFileWriter;
import io.zkml.core.io.BinSection;
import io.zkml.core.io.FormatException;
import io.zkml.core.testing.Corruption;
import io.zkml.core.testing.SnarkjsFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PtauTest {

    static byte[] bytes(Ptau p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            p.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pot8_beacon.ptau", "pot8_final.ptau"})
    void fixtureRoundTripIsByteIdentical(String name, @TempDir Path dir) throws IOException {
        byte[] original = SnarkjsFixtures.bytes(name);
        assertThat(bytes(Ptau.read(name, original))).isEqualTo(original);
        try (Ptau mapped = Ptau.open(SnarkjsFixtures.path(name))) {
            Path out = dir.resolve("copy.ptau");
            mapped.write(out);
            assertThat(Files.readAllBytes(out)).isEqualTo(original);
        }
        // rebuilt from its parts (contributions re-encoded from the parsed records)
        Ptau p = Ptau.read(name, original);
        Ptau rebuilt = Ptau.of(p.power(), p.ceremonyPower(), p.tauG1(), p.tauG2(), p.alphaTauG1(), p.betaTauG1(), p.betaG2Points(),
                new ArrayList<>(p.contributions()), p.lagrangeSections().orElse(null));
        assertThat(bytes(rebuilt)).isEqualTo(original);
    }

    @Test
    void headerContributionsAndPoints() {
        Ptau p = Ptau.read("pot8_final.ptau", SnarkjsFixtures.bytes("pot8_final.ptau"));
        assertThat(p.power()).isEqualTo(8);
        assertThat(p.ceremonyPower()).isEqualTo(8);
        assertThat(p.tauG1().size()).isEqualTo(511);
        assertThat(p.tauG2().size()).isEqualTo(256);
        assertThat(p.alphaTauG1().size()).isEqualTo(256);
        assertThat(p.isPrepared()).isTrue();

        // the powers start at the generators, and the last contribution's points are the file's
        assertThat(p.tauG1().get(0)).isEqualTo(G1.GENERATOR);
        assertThat(p.tauG2().get(0)).isEqualTo(G2.GENERATOR);
        List<PtauContribution> cs = p.contributions();
        assertThat(cs).hasSize(2);
        PtauContribution last = cs.getLast();
        assertThat(last.tauG1()).isEqualTo(p.tauG1().get(1));
        assertThat(last.tauG2()).isEqualTo(p.tauG2().get(1));
        assertThat(last.alphaG1()).isEqualTo(p.alphaTauG1().get(0));
        assertThat(last.betaG1()).isEqualTo(p.betaTauG1().get(0));
        assertThat(last.betaG2()).isEqualTo(p.betaG2());
        assertThat(cs.getFirst().isBeacon()).isFalse();
        assertThat(last.isBeacon()).isTrue();
        assertThat(last.params().numIterationsExp()).isPresent();
        assertThat(last.params().beaconHash()).isPresent();
        assertThat(p.tauG1().getChecked(510).isOnCurve()).isTrue();
        assertThat(p.tauG2().getChecked(255).isInSubgroup()).isTrue();
    }

    /** ffjavascript's 2^k-th root of unity of Fr: the smallest non-residue to the odd part of r − 1, squared down. */
    static Fr rootOfUnity(int k) {
        BigInteger r = Fr.MODULUS;
        BigInteger rm1 = r.subtract(BigInteger.ONE);
        int s = rm1.getLowestSetBit();
        BigInteger nqr = BigInteger.TWO;
        while (nqr.modPow(rm1.shiftRight(1), r).equals(BigInteger.ONE)) {
            nqr = nqr.add(BigInteger.ONE);
        }
        BigInteger w = nqr.modPow(rm1.shiftRight(s), r);
        for (int i = s; i > k; i--) {
            w = w.multiply(w).mod(r);
        }
        return Fr.of(w);
    }

    @Test
    void lagrangeBasesInterpolateOneAndTau() {
        Ptau p = Ptau.read("pot8_final.ptau", SnarkjsFixtures.bytes("pot8_final.ptau"));
        G1 tau = p.tauG1().get(1);
        for (int k : new int[] {0, 1, 3, 8, 9}) {
            G1Points l = p.lagrangeTauG1(k);
            assertThat(l.size()).isEqualTo(1L << k);
            // Σ Lᵢ(τ) = 1 and Σ ωⁱ·Lᵢ(τ) = τ, with snarkjs's ω: the order of the basis is the ptau's
            G1 sum = G1.INFINITY;
            List<BigInteger> powers = new ArrayList<>();
            Fr w = rootOfUnity(k), wi = Fr.ONE;
            for (int i = 0; i < l.size(); i++) {
                sum = sum.add(l.get(i));
                powers.add(wi.toBigInteger());
                wi = wi.mul(w);
            }
            assertThat(sum).as("k = %d", k).isEqualTo(G1.GENERATOR);
            if (k >= 1) {
                assertThat(CurvePoint.linearCombination(G1.INFINITY, l.toList(), powers)).as("k = %d", k).isEqualTo(tau);
            }
        }
        G2 sum2 = G2.INFINITY;
        for (G2 q : p.lagrangeTauG2(4).toList()) {
            sum2 = sum2.add(q);
        }
        assertThat(sum2).isEqualTo(G2.GENERATOR);
        G1 alphaSum = G1.INFINITY;
        for (G1 q : p.lagrangeAlphaTauG1(8).toList()) {
            alphaSum = alphaSum.add(q);
        }
        assertThat(alphaSum).isEqualTo(p.alphaTauG1().get(0));
        assertThatThrownBy(() -> p.lagrangeTauG2(9)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 8]");
        assertThatThrownBy(() -> p.lagrangeTauG1(10)).isInstanceOf(IllegalArgumentException.class);
        assertThat(p.lagrangeBetaTauG1(2).get(3)).isEqualTo(p.lagrangeSections().orElseThrow().get(3).get(6));
    }

    @Test
    void unpreparedFileSaysSo() {
        Ptau p = Ptau.read("pot8_beacon.ptau", SnarkjsFixtures.bytes("pot8_beacon.ptau"));
        assertThat(p.isPrepared()).isFalse();
        assertThat(p.lagrangeSections()).isEmpty();
        assertThatThrownBy(() -> p.lagrangeTauG1(3)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pot8_beacon.ptau is not prepared for phase 2");
    }

    @Test
    void everyTruncationIsAFormatException() {
        Corruption.everyTruncationIsAFormatException("pot8_beacon.ptau", SnarkjsFixtures.bytes("pot8_beacon.ptau"),
                b -> Ptau.read("pot8_beacon.ptau", b));
    }

    @Test
    void everyChangedByteOfHeaderAndContributionsIsReadOrAFormatException() {
        byte[] file = SnarkjsFixtures.bytes("pot8_beacon.ptau");
        BinFile f = BinFile.of("x", file, "ptau", 1);
        for (int type : new int[] {Ptau.HEADER, Ptau.CONTRIBUTIONS}) {
            BinSection s = f.section(type, "s");
            for (long i = s.offset() - 12; i < s.end(); i += 3) {
                Corruption.readsOrIsAFormatException("pot8_beacon.ptau", file, (int) i, (byte) (file[(int) i] ^ 0x21),
                        b -> Ptau.read("pot8_beacon.ptau", b));
            }
        }
    }

    @Test
    void inconsistenciesAreFormatExceptions() throws IOException {
        byte[] file = SnarkjsFixtures.bytes("pot8_final.ptau");
        BinFile f = BinFile.of("x", file, "ptau", 1);
        int h = (int) f.section(Ptau.HEADER, "h").offset();

        byte[] wrongQ = file.clone();
        wrongQ[h + 4] ^= 1;
        assertThatThrownBy(() -> Ptau.read("p.ptau", wrongQ)).isInstanceOf(FormatException.class).hasMessageContaining("base field q");

        byte[] smaller = file.clone();
        ByteBuffer.wrap(smaller).order(ByteOrder.LITTLE_ENDIAN).putInt(h + 36, 7);
        assertThatThrownBy(() -> Ptau.read("p.ptau", smaller)).isInstanceOf(FormatException.class)
                .hasMessageContaining("section 2 (tauG1) holds 32704 bytes but the header's power needs 255 G1 points, 16320 bytes");

        byte[] ceremony = file.clone();
        ByteBuffer.wrap(ceremony).order(ByteOrder.LITTLE_ENDIAN).putInt(h + 40, 7);
        assertThatThrownBy(() -> Ptau.read("p.ptau", ceremony)).hasMessageContaining("ceremonyPower 7 must be in [power = 8, 28]");

        // three of the four prepared sections
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinFileWriter w = new BinFileWriter(out, "ptau", 1, f.sections().size() - 1);
        for (BinSection s : f.sections()) {
            if (s.type() != Ptau.LAGRANGE_BETA_TAU_G1) {
                w.section(s.type(), f.segment(s));
            }
        }
        w.finish();
        assertThatThrownBy(() -> Ptau.read("p.ptau", out.toByteArray())).hasMessage("p.ptau: only 3 of the 4 prepared sections 12–15 are present");
    }
}
