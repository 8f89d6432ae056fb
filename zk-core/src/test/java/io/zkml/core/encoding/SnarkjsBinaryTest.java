package io.zkml.core.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fr;
import io.zkml.core.io.BinFileWriter;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.SectionReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SnarkjsBinaryTest {

    private static SectionReader over(byte[] b) {
        return SectionReader.over("bin", b);
    }

    @Property(tries = 20)
    void pointsSurviveWriteThenRead(@ForAll @IntRange(min = 0, max = 1_000_000) int k) {
        G1 p = G1.generatorTimes(BigInteger.valueOf(k));
        G2 q = G2.generatorTimes(BigInteger.valueOf(k));
        assertThat(SnarkjsBinary.readG1Checked(over(SnarkjsBinary.toBytes(p)))).isEqualTo(p);
        assertThat(SnarkjsBinary.readG2Checked(over(SnarkjsBinary.toBytes(q)))).isEqualTo(q);
    }

    @Test
    void layoutIsMontgomeryLittleEndianRealPartFirst() {
        byte[] g1 = SnarkjsBinary.toBytes(G1.GENERATOR);
        assertThat(Arrays.copyOfRange(g1, 0, 32)).isEqualTo(Fp.ONE.toMontgomeryBytesLE());
        assertThat(Arrays.copyOfRange(g1, 32, 64)).isEqualTo(Fp.TWO.toMontgomeryBytesLE());
        // 1 in Montgomery form is 2^256 mod p
        assertThat(new BigInteger(1, reverse(Arrays.copyOf(g1, 32)))).isEqualTo(BigInteger.ONE.shiftLeft(256).mod(Fp.MODULUS));
        byte[] g2 = SnarkjsBinary.toBytes(G2.GENERATOR);
        G2 a = G2.GENERATOR.toAffine();
        assertThat(Arrays.copyOfRange(g2, 0, 32)).isEqualTo(a.affineX().c0().toMontgomeryBytesLE());
        assertThat(Arrays.copyOfRange(g2, 32, 64)).isEqualTo(a.affineX().c1().toMontgomeryBytesLE());
        assertThat(Arrays.copyOfRange(g2, 96, 128)).isEqualTo(a.affineY().c1().toMontgomeryBytesLE());
        assertThat(SnarkjsBinary.toBytes(G1.INFINITY)).isEqualTo(new byte[64]);
        assertThat(SnarkjsBinary.readG2(over(new byte[128])).isInfinity()).isTrue();
    }

    private static byte[] reverse(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    @Test
    void scalarsPlainAndMontgomery() throws IOException {
        Fr v = Fr.of(123456789);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinFileWriter w = new BinFileWriter(out, "test", 1, 1);
        w.beginSection(1, 64);
        SnarkjsBinary.writeFr(w, v);
        SnarkjsBinary.writeFrMontgomery(w, v);
        w.endSection();
        w.finish();
        byte[] payload = Arrays.copyOfRange(out.toByteArray(), 24, 88);
        assertThat(Arrays.copyOf(payload, 32)).isEqualTo(v.toBytesLE());
        SectionReader r = over(payload);
        assertThat(SnarkjsBinary.readFr(r)).isEqualTo(v);
        assertThat(SnarkjsBinary.readFrMontgomery(r)).isEqualTo(v);
    }

    @Test
    void valuesAtOrAboveTheModulusAreRejectedAtTheirOffset() {
        byte[] b = new byte[40];
        byte[] r = reverse(Fr.MODULUS.toByteArray());
        System.arraycopy(r, 0, b, 8, 32);
        SectionReader in = over(b);
        in.skip(8);
        assertThatThrownBy(() -> SnarkjsBinary.readFr(in)).isInstanceOf(FormatException.class)
                .hasMessage("bin: offset 0x8: value " + Fr.MODULUS + " is not below the scalar-field modulus r");
        byte[] ff = new byte[64];
        Arrays.fill(ff, (byte) 0xff);
        assertThatThrownBy(() -> SnarkjsBinary.readG1(over(ff))).hasMessageContaining("is not below the base-field modulus p");
        assertThatThrownBy(() -> SnarkjsBinary.readG1(over(new byte[63]))).hasMessage("bin: offset 0x0: truncated G1 point (need 64 bytes, 63 left in input)");
    }

    @Test
    void modulusHeaderNamesKnownCurves() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinFileWriter w = new BinFileWriter(out, "test", 1, 1);
        w.beginSection(1, 36);
        SnarkjsBinary.writeModulus(w, new BigInteger("52435875175126190479447740508185965837690552500527637822603658699938581184513"));
        w.endSection();
        w.finish();
        SectionReader r = over(Arrays.copyOfRange(out.toByteArray(), 24, 60));
        assertThatThrownBy(() -> SnarkjsBinary.readModulus(r, Fr.MODULUS, "scalar field r")).isInstanceOf(FormatException.class)
                .hasMessage("bin: offset 0x4: prime 52435875175126190479447740508185965837690552500527637822603658699938581184513"
                        + " (the BLS12-381 scalar field) is not BN254's scalar field r = " + Fr.MODULUS);
        assertThatThrownBy(() -> SnarkjsBinary.readModulus(over(new byte[] {48, 0, 0, 0}), Fr.MODULUS, "r"))
                .hasMessage("bin: offset 0x0: field elements of 48 bytes: zkml reads BN254 files only (n8 = 32)");
    }
}
