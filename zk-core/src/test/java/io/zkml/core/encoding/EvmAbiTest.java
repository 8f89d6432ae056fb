package io.zkml.core.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fp;
import io.zkml.core.groth16.Proof;
import io.zkml.core.io.FormatException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class EvmAbiTest {

    @Test
    void g2WordsPutTheImaginaryPartFirst() {
        byte[] g = EvmAbi.encode(G2.GENERATOR);
        // EIP-197's generator: x = 10857…781 + 11559…634·u
        assertThat(EvmAbi.readWord(g, 0)).isEqualTo(new BigInteger("11559732032986387107991004021392285783925812861821192530917403151452391805634"));
        assertThat(EvmAbi.readWord(g, 32)).isEqualTo(new BigInteger("10857046999023057135944570762232829481370756359578518086990519993285655852781"));
        assertThat(EvmAbi.decodeG2Checked(g, 0)).isEqualTo(G2.GENERATOR);
    }

    @Property(tries = 20)
    void pointsSurviveEncodeThenDecode(@ForAll @IntRange(min = 0, max = 1_000_000) int k) {
        G1 p = G1.generatorTimes(BigInteger.valueOf(k));
        G2 q = G2.generatorTimes(BigInteger.valueOf(k));
        assertThat(EvmAbi.decodeG1Checked(EvmAbi.encode(p), 0)).isEqualTo(p);
        assertThat(EvmAbi.decodeG2Checked(EvmAbi.encode(q), 0)).isEqualTo(q);
        Proof proof = new Proof(p, q, p.dbl());
        assertThat(EvmAbi.decodeProofChecked(EvmAbi.encode(proof), 0)).isEqualTo(proof);
    }

    @Test
    void infinityIsAllZeros() {
        assertThat(EvmAbi.encode(G1.INFINITY)).isEqualTo(new byte[64]);
        assertThat(EvmAbi.encode(G2.INFINITY)).isEqualTo(new byte[128]);
        assertThat(EvmAbi.decodeG1Checked(new byte[64], 0).isInfinity()).isTrue();
        assertThat(EvmAbi.decodeG2Checked(new byte[128], 0).isInfinity()).isTrue();
    }

    @Test
    void decodingRejectsBadCoordinatesAndPoints() {
        byte[] b = new byte[64];
        System.arraycopy(EvmAbi.word(Fp.MODULUS), 0, b, 32, 32);
        assertThatThrownBy(() -> EvmAbi.decodeG1(b, 0)).isInstanceOf(FormatException.class)
                .hasMessage("EVM ABI data: offset 0x20: coordinate " + Fp.MODULUS + " is not below the base-field modulus p");
        byte[] offCurve = EvmAbi.encode(G1.affine(Fp.ONE, Fp.ONE));
        assertThatThrownBy(() -> EvmAbi.decodeG1Checked(offCurve, 0)).hasMessageContaining("is not on the curve");
        byte[] outside = EvmAbi.encode(TestPoints.twistPointOutsideG2());
        assertThat(EvmAbi.decodeG2(outside, 0).isOnCurve()).isTrue();
        assertThatThrownBy(() -> EvmAbi.decodeG2Checked(outside, 0)).hasMessageContaining("is not in the order-r subgroup");
        assertThatThrownBy(() -> EvmAbi.decodeG2(new byte[100], 0)).hasMessage("EVM ABI data: offset 0x0: truncated: need 128 bytes, 100 left");
    }

    @Test
    void words() {
        assertThat(EvmAbi.hexWord(BigInteger.valueOf(7))).isEqualTo("0x" + "0".repeat(63) + "7");
        BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
        assertThat(EvmAbi.readWord(EvmAbi.word(max), 0)).isEqualTo(max);
        assertThatThrownBy(() -> EvmAbi.word(max.add(BigInteger.ONE))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EvmAbi.word(BigInteger.valueOf(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hexStrings() {
        assertThat(EvmAbi.hex(new byte[] {0, (byte) 0xab})).isEqualTo("0x00ab");
        assertThat(EvmAbi.fromHex("0x00AB")).containsExactly(0, 0xab);
        assertThat(EvmAbi.fromHex("")).isEmpty();
        assertThatThrownBy(() -> EvmAbi.fromHex("0xabc")).isInstanceOf(FormatException.class).hasMessage("hex string: odd number of hex digits (3)");
        assertThatThrownBy(() -> EvmAbi.fromHex("0xag")).hasMessage("hex string: character 1: not a hex digit: 'g'");
    }

    @Test
    void callEncodingIsProofThenOneWordPerSignal() {
        Proof proof = new Proof(G1.GENERATOR, G2.GENERATOR, G1.INFINITY);
        byte[] call = EvmAbi.encodeCall(proof, List.of(BigInteger.TWO, BigInteger.TEN));
        assertThat(call).hasSize(256 + 64);
        assertThat(Arrays.copyOf(call, 256)).isEqualTo(EvmAbi.encode(proof));
        assertThat(EvmAbi.readWord(call, 288)).isEqualTo(BigInteger.TEN);
        assertThatThrownBy(() -> EvmAbi.soliditycalldata(proof, List.of(BigInteger.ONE.shiftLeft(256))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("public signal 0 does not fit a uint256 word");
    }
}
