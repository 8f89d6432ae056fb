package io.zkml.verifier.solidity;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.core.field.Fr;
import io.zkml.verifier.node.Evm;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ZkmlFixedPoint.sol} compiled with solc and run in the EVM through a probe contract, against the
 * encoding of signed fixed-point public signals computed here: edge values around 0, ±1, (r − 1)/2 and r.
 */
class FixedPointLibraryEvmTest {

    private static final BigInteger R = Fr.MODULUS;
    private static final String PROBE = """

            contract FixedPointProbe {
                function toInt(uint256 s) external pure returns (int256) { return ZkmlFixedPoint.toInt(s); }
                function toDecimals(uint256 s, uint8 scale, uint8 decimals) external pure returns (int256) {
                    return ZkmlFixedPoint.toDecimals(s, scale, decimals);
                }
                function argmax(uint256[] memory s, uint256 first, uint256 n) external pure returns (uint256) {
                    return ZkmlFixedPoint.argmax(s, first, n);
                }
            }
            """;

    private static Evm evm;
    private static Evm.Compiled probe;
    private static String address;

    @BeforeAll
    static void deploy() throws Exception {
        evm = new Evm();
        probe = evm.compileContract(SolidityVerifier.fixedPointLibrary() + PROBE, "FixedPointProbe");
        address = evm.deploy(probe.bytecode());
    }

    @AfterAll
    static void stop() throws Exception {
        if (evm != null) {
            evm.close();
        }
    }

    /** The field element of a signed integer. */
    private static BigInteger signal(BigInteger v) {
        return v.mod(R);
    }

    private static String word(BigInteger v) {
        return String.format("%064x", v.signum() < 0 ? v.add(BigInteger.ONE.shiftLeft(256)) : v);
    }

    private static Evm.CallResult call(String signature, BigInteger... args) {
        StringBuilder data = new StringBuilder("0x").append(probe.methodIdentifiers().get(signature));
        for (BigInteger a : args) {
            data.append(word(a));
        }
        return evm.call(address, data.toString());
    }

    private static BigInteger signed(Evm.CallResult r) {
        assertThat(r.success()).as(r.returnData()).isTrue();
        BigInteger v = new BigInteger(r.returnData().substring(2), 16);
        return v.testBit(255) ? v.subtract(BigInteger.ONE.shiftLeft(256)) : v;
    }

    @Test
    void signalsDecodeToSignedIntegersAndDecimals() {
        BigInteger half = R.shiftRight(1);
        List<BigInteger> ints = List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE.negate(), BigInteger.valueOf(64), BigInteger.valueOf(-64),
                BigInteger.valueOf(-480), BigInteger.valueOf(1_000_003), half, half.negate(), BigInteger.TWO.pow(200).negate());
        for (BigInteger v : ints) {
            assertThat(signed(call("toInt(uint256)", signal(v)))).as("toInt of %s", v).isEqualTo(v);
            for (int scale : new int[] {0, 7, 16}) {
                if (v.bitLength() > 180) {
                    continue; // x · 10^6 would overflow int256: checked arithmetic reverts (below)
                }
                BigInteger expected = v.multiply(BigInteger.TEN.pow(6)).divide(BigInteger.ONE.shiftLeft(scale)); // rounds toward zero
                assertThat(signed(call("toDecimals(uint256,uint8,uint8)", signal(v), BigInteger.valueOf(scale), BigInteger.valueOf(6))))
                        .as("toDecimals of %s at scale %d", v, scale).isEqualTo(expected);
            }
        }
        // the documented example: 0.5 at scale 7 is 64, 500000 with 6 decimals; −0.5 is r − 64
        assertThat(signed(call("toDecimals(uint256,uint8,uint8)", BigInteger.valueOf(64), BigInteger.valueOf(7), BigInteger.valueOf(6))))
                .isEqualTo(BigInteger.valueOf(500000));
        assertThat(signed(call("toDecimals(uint256,uint8,uint8)", R.subtract(BigInteger.valueOf(64)), BigInteger.valueOf(7), BigInteger.valueOf(6))))
                .isEqualTo(BigInteger.valueOf(-500000));
        // (r − 1)/2 is the largest positive value, one more is the most negative
        assertThat(signed(call("toInt(uint256)", half.add(BigInteger.ONE)))).isEqualTo(half.negate());
        // not a field element, and overflow: revert
        assertThat(call("toInt(uint256)", R).success()).isFalse();
        assertThat(call("toDecimals(uint256,uint8,uint8)", half, BigInteger.ZERO, BigInteger.valueOf(77)).success()).isFalse();
    }

    @Test
    void argmaxComparesSignedValues() {
        // signals [9, −1, 3, −7, 2]: over all five the largest is 9 (index 0); over the last four, 3 (index 1 of the range)
        List<BigInteger> s = List.of(BigInteger.valueOf(9), R.subtract(BigInteger.ONE), BigInteger.valueOf(3), R.subtract(BigInteger.valueOf(7)),
                BigInteger.TWO);
        assertThat(signed(argmax(s, 0, 5))).isEqualTo(BigInteger.ZERO);
        assertThat(signed(argmax(s, 1, 4))).isEqualTo(BigInteger.ONE);
        assertThat(signed(argmax(s, 3, 2))).as("2 > −7").isEqualTo(BigInteger.ONE);
        assertThat(argmax(s, 4, 2).success()).as("out of bounds").isFalse();
    }

    private static Evm.CallResult argmax(List<BigInteger> s, int first, int n) {
        BigInteger[] args = new BigInteger[4 + s.size()];
        args[0] = BigInteger.valueOf(0x60); // the array's offset
        args[1] = BigInteger.valueOf(first);
        args[2] = BigInteger.valueOf(n);
        args[3] = BigInteger.valueOf(s.size());
        for (int i = 0; i < s.size(); i++) {
            args[4 + i] = s.get(i);
        }
        return call("argmax(uint256[],uint256,uint256)", args);
    }
}
