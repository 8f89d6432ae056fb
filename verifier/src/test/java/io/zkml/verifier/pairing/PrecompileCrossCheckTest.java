package io.zkml.verifier.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.encoding.EvmAbi;
import io.zkml.core.encoding.TestPoints;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import io.zkml.core.field.Fr;
import io.zkml.core.io.FormatException;
import io.zkml.verifier.node.Evm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our BN254 arithmetic against the EVM's precompiles ({@link Evm}: @ethereumjs/evm, Prague): ecAdd (0x06) vs
 * {@link G1#add}, ecMul (0x07) vs {@link G1#mul}, ecPairing (0x08) vs {@link Pairing#productIsOne}, on seeded
 * random and edge inputs, always through {@link EvmAbi}'s checked decoders; invalid inputs make the precompile
 * fail and our checks reject them. Also go-ethereum's bn256Add and bn256ScalarMul vectors against our G1 add and
 * mul (the pairing vectors are {@link PrecompileVectorsTest}'s).
 */
class PrecompileCrossCheckTest {

    private static final String EC_ADD = "0x06", EC_MUL = "0x07", EC_PAIRING = "0x08";
    private static final int ADD_INPUT = 2 * EvmAbi.G1_BYTES, MUL_INPUT = EvmAbi.G1_BYTES + EvmAbi.WORD;
    private static final int PAIR_BYTES = EvmAbi.G1_BYTES + EvmAbi.G2_BYTES;
    private static final BigInteger P = Fp.MODULUS, R = Fr.MODULUS;

    private static Evm evm;

    @BeforeAll
    static void startEvm() throws IOException {
        evm = new Evm();
    }

    @AfterAll
    static void stopEvm() throws IOException {
        if (evm != null) {
            evm.close();
        }
    }

    // ------------------------------------------------------------------ ecAdd

    @Test
    void ecAddMatchesG1Add() {
        Random rnd = new Random(0x06);
        List<G1[]> cases = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            cases.add(new G1[] {randomG1(rnd), randomG1(rnd)});
        }
        for (int i = 0; i < 3; i++) {
            G1 p = randomG1(rnd);
            cases.add(new G1[] {p, p});
            cases.add(new G1[] {p, p.neg()});
        }
        G1 p = randomG1(rnd);
        cases.add(new G1[] {p, G1.INFINITY});
        cases.add(new G1[] {G1.INFINITY, p});
        cases.add(new G1[] {G1.INFINITY, G1.INFINITY});
        cases.add(new G1[] {G1.GENERATOR, G1.GENERATOR});
        cases.add(new G1[] {G1.GENERATOR, G1.GENERATOR.neg()});
        cases.add(new G1[] {G1.GENERATOR, G1.GENERATOR.mul(BigInteger.TWO)});

        for (G1[] c : cases) {
            byte[] input = concat(EvmAbi.encode(c[0]), EvmAbi.encode(c[1]));
            G1 sum = EvmAbi.decodeG1Checked(input, 0).add(EvmAbi.decodeG1Checked(input, EvmAbi.G1_BYTES));
            Evm.CallResult r = evm.precompile(EC_ADD, EvmAbi.hex(input));
            assertThat(r.success()).as("ecAdd(%s, %s) succeeds", c[0], c[1]).isTrue();
            assertThat(r.returnData()).as("ecAdd(%s, %s)", c[0], c[1]).isEqualTo(EvmAbi.hex(EvmAbi.encode(sum)));
            assertThat(r.executionGasUsed()).isEqualTo(150);
        }
    }

    // ------------------------------------------------------------------ ecMul

    @Test
    void ecMulMatchesG1Mul() {
        Random rnd = new Random(0x07);
        List<BigInteger> scalars = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO,
                R.subtract(BigInteger.ONE), R, R.add(BigInteger.ONE), R.shiftLeft(1), P,
                BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)));
        for (int i = 0; i < 4; i++) {
            scalars.add(new BigInteger(254, rnd).mod(R));
            scalars.add(new BigInteger(256, rnd)); // mostly ≥ r: the precompile takes any 256-bit scalar
        }
        List<G1> points = List.of(randomG1(rnd), G1.GENERATOR);
        for (G1 point : points) {
            for (BigInteger k : scalars) {
                checkMul(point, k);
            }
        }
        for (BigInteger k : List.of(BigInteger.ZERO, BigInteger.ONE, R, new BigInteger(256, rnd))) {
            checkMul(G1.INFINITY, k);
        }
    }

    private static void checkMul(G1 point, BigInteger k) {
        byte[] input = concat(EvmAbi.encode(point), EvmAbi.word(k));
        G1 product = EvmAbi.decodeG1Checked(input, 0).mul(EvmAbi.readWord(input, EvmAbi.G1_BYTES));
        Evm.CallResult r = evm.precompile(EC_MUL, EvmAbi.hex(input));
        assertThat(r.success()).as("ecMul(%s, %s) succeeds", point, k).isTrue();
        assertThat(r.returnData()).as("ecMul(%s, %s)", point, k).isEqualTo(EvmAbi.hex(EvmAbi.encode(product)));
        assertThat(r.executionGasUsed()).isEqualTo(6_000);
    }

    // ------------------------------------------------------------------ ecPairing

    /**
     * A pairing input: the pairs and whether their product is 1, known by construction (a product of random
     * pairings is 1 with negligible probability).
     */
    record PairingCase(String name, boolean one, List<G1> ps, List<G2> qs) {
    }

    @Test
    void ecPairingMatchesProductIsOne() {
        Random rnd = new Random(0x08);
        List<PairingCase> cases = new ArrayList<>();
        cases.add(new PairingCase("no pairs", true, List.of(), List.of()));
        G1 p0 = randomG1(rnd);
        G2 q0 = randomG2(rnd);
        cases.add(new PairingCase("e(O, Q)", true, List.of(G1.INFINITY), List.of(q0)));
        cases.add(new PairingCase("e(P, O)", true, List.of(p0), List.of(G2.INFINITY)));
        cases.add(new PairingCase("e(O, O)", true, List.of(G1.INFINITY), List.of(G2.INFINITY)));
        cases.add(new PairingCase("e(P, Q)", false, List.of(p0), List.of(q0)));
        cases.add(new PairingCase("e(G1, G2)", false, List.of(G1.GENERATOR), List.of(G2.GENERATOR)));
        for (int i = 0; i < 3; i++) {
            G1 p = randomG1(rnd);
            G2 q = randomG2(rnd);
            Fr a = randomFr(rnd), b = randomFr(rnd), c = randomFr(rnd), d = randomFr(rnd);
            // e(aP, Q)·e(−P, aQ) = 1, and with the sign wrong ≠ 1
            cases.add(new PairingCase("e(aP, Q)·e(−P, aQ)", true, List.of(p.mul(a), p.neg()), List.of(q, q.mul(a))));
            cases.add(new PairingCase("e(aP, Q)·e(P, aQ)", false, List.of(p.mul(a), p), List.of(q, q.mul(a))));
            // e(aP, bQ)·e(cP, dQ)·e(−(ab + cd)P, Q) = 1, off by one ≠ 1
            G1 abcd = p.mul(a.mul(b).add(c.mul(d))).neg();
            cases.add(new PairingCase("3 pairs, product 1", true, List.of(p.mul(a), p.mul(c), abcd), List.of(q.mul(b), q.mul(d), q)));
            cases.add(new PairingCase("3 pairs, off by one", false, List.of(p.mul(a), p.mul(c), abcd.add(p)), List.of(q.mul(b), q.mul(d), q)));
            // infinity entries among 4 pairs leave the product alone
            cases.add(new PairingCase("4 pairs, product 1, one e(O, Q)", true, List.of(p.mul(a), p.mul(c), G1.INFINITY, abcd),
                    List.of(q.mul(b), q.mul(d), randomG2(rnd), q)));
            cases.add(new PairingCase("4 pairs, product 1, one e(P, O)", true, List.of(p.mul(a), randomG1(rnd), p.mul(c), abcd),
                    List.of(q.mul(b), G2.INFINITY, q.mul(d), q)));
            cases.add(new PairingCase("4 random pairs, one e(P, O)", false, List.of(randomG1(rnd), randomG1(rnd), randomG1(rnd), randomG1(rnd)),
                    List.of(randomG2(rnd), randomG2(rnd), G2.INFINITY, randomG2(rnd))));
        }

        for (PairingCase c : cases) {
            byte[] input = new byte[PAIR_BYTES * c.ps().size()];
            for (int i = 0; i < c.ps().size(); i++) {
                System.arraycopy(EvmAbi.encode(c.ps().get(i)), 0, input, PAIR_BYTES * i, EvmAbi.G1_BYTES);
                System.arraycopy(EvmAbi.encode(c.qs().get(i)), 0, input, PAIR_BYTES * i + EvmAbi.G1_BYTES, EvmAbi.G2_BYTES);
            }
            List<G1> ps = new ArrayList<>();
            List<PreparedG2> qs = new ArrayList<>();
            for (int off = 0; off < input.length; off += PAIR_BYTES) {
                ps.add(EvmAbi.decodeG1Checked(input, off));
                qs.add(PreparedG2.of(EvmAbi.decodeG2Checked(input, off + EvmAbi.G1_BYTES)));
            }
            assertThat(Pairing.productIsOne(ps, qs)).as("%s: productIsOne", c.name()).isEqualTo(c.one());
            Evm.CallResult r = evm.precompile(EC_PAIRING, EvmAbi.hex(input));
            assertThat(r.success()).as("%s: ecPairing succeeds", c.name()).isTrue();
            assertThat(r.returnData()).as("%s: ecPairing", c.name())
                    .isEqualTo(EvmAbi.hexWord(c.one() ? BigInteger.ONE : BigInteger.ZERO));
            assertThat(r.executionGasUsed()).isEqualTo(45_000 + 34_000L * c.ps().size());
        }
    }

    // ------------------------------------------------------------------ invalid inputs

    /**
     * An input the precompile must refuse, and where the bad point sits: our checked decoder must refuse the
     * G1 ({@code g2} false) or G2 point at byte {@code offset} of the input.
     */
    record Invalid(String name, String address, byte[] input, boolean g2, int offset) {
    }

    @Test
    void invalidPointsFailThePrecompileAndOurChecks() {
        Random rnd = new Random(0xbad);
        G1 p = randomG1(rnd).toAffine();
        G2 q = randomG2(rnd).toAffine();
        G1 offCurve = G1.affine(p.affineX(), p.affineY().add(Fp.ONE));
        G1 zeroOne = G1.affine(Fp.ZERO, Fp.ONE); // (0, 1): not the all-zero encoding of infinity, not on the curve
        G2 offTwist = G2.affine(q.affineX(), q.affineY().add(Fp2.ONE));
        G2 outsideG2 = TestPoints.twistPointOutsideG2();
        assertThat(offCurve.isOnCurve()).isFalse();
        assertThat(zeroOne.isOnCurve()).isFalse();
        assertThat(offCurve.isInSubgroup()).isFalse();
        assertThat(offTwist.isOnCurve()).isFalse();
        assertThat(offTwist.isInSubgroup()).isFalse();
        assertThat(outsideG2.isOnCurve()).isTrue();
        assertThat(outsideG2.isInSubgroup()).isFalse();
        assertThat(outsideG2.isInSubgroupByOrder()).isFalse();

        byte[] pBytes = EvmAbi.encode(p), qBytes = EvmAbi.encode(q);
        byte[] scalar = EvmAbi.word(new BigInteger(254, rnd));
        List<Invalid> cases = new ArrayList<>();
        cases.add(new Invalid("ecAdd, first point off the curve", EC_ADD, concat(EvmAbi.encode(offCurve), pBytes), false, 0));
        cases.add(new Invalid("ecAdd, second point off the curve", EC_ADD, concat(pBytes, EvmAbi.encode(offCurve)), false, EvmAbi.G1_BYTES));
        cases.add(new Invalid("ecAdd, (0, 1)", EC_ADD, concat(EvmAbi.encode(zeroOne), pBytes), false, 0));
        cases.add(new Invalid("ecAdd, x + p", EC_ADD, concat(plusP(pBytes, 0), pBytes), false, 0));
        cases.add(new Invalid("ecAdd, y + p", EC_ADD, concat(pBytes, plusP(pBytes, 1)), false, EvmAbi.G1_BYTES));
        cases.add(new Invalid("ecMul, point off the curve", EC_MUL, concat(EvmAbi.encode(offCurve), scalar), false, 0));
        cases.add(new Invalid("ecMul, x + p", EC_MUL, concat(plusP(pBytes, 0), scalar), false, 0));
        cases.add(new Invalid("ecMul, y + p", EC_MUL, concat(plusP(pBytes, 1), scalar), false, 0));
        cases.add(new Invalid("ecPairing, G1 off the curve", EC_PAIRING, concat(EvmAbi.encode(offCurve), qBytes), false, 0));
        cases.add(new Invalid("ecPairing, G1 y + p", EC_PAIRING, concat(plusP(pBytes, 1), qBytes), false, 0));
        cases.add(new Invalid("ecPairing, G2 off the twist", EC_PAIRING, concat(pBytes, EvmAbi.encode(offTwist)), true, EvmAbi.G1_BYTES));
        for (int w = 0; w < 4; w++) {
            cases.add(new Invalid("ecPairing, G2 word " + w + " + p", EC_PAIRING, concat(pBytes, plusP(qBytes, w)), true, EvmAbi.G1_BYTES));
        }
        cases.add(new Invalid("ecPairing, G2 outside the subgroup", EC_PAIRING, concat(pBytes, EvmAbi.encode(outsideG2)), true, EvmAbi.G1_BYTES));
        cases.add(new Invalid("ecPairing, G2 outside the subgroup with G1 at infinity", EC_PAIRING,
                concat(EvmAbi.encode(G1.INFINITY), EvmAbi.encode(outsideG2)), true, EvmAbi.G1_BYTES));
        cases.add(new Invalid("ecPairing, valid pair then G2 outside the subgroup", EC_PAIRING,
                concat(pBytes, qBytes, pBytes, EvmAbi.encode(outsideG2)), true, PAIR_BYTES + EvmAbi.G1_BYTES));

        for (Invalid c : cases) {
            Evm.CallResult r = evm.precompile(c.address(), EvmAbi.hex(c.input()));
            assertThat(r.success()).as("%s: the precompile fails", c.name()).isFalse();
            assertThatThrownBy(() -> {
                if (c.g2()) {
                    EvmAbi.decodeG2Checked(c.input(), c.offset());
                } else {
                    EvmAbi.decodeG1Checked(c.input(), c.offset());
                }
            }).as("%s: our checked decoder refuses it", c.name()).isInstanceOf(FormatException.class);
        }
    }

    // ------------------------------------------------------------------ go-ethereum vectors for add and mul

    static Stream<Arguments> addVectors() throws IOException {
        return vectors("bn256Add.json");
    }

    static Stream<Arguments> mulVectors() throws IOException {
        return vectors("bn256ScalarMul.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("addVectors")
    void gethAddVectors(String name, String input, String expected, long gas) {
        byte[] in = padded(input, ADD_INPUT);
        G1 sum = EvmAbi.decodeG1Checked(in, 0).add(EvmAbi.decodeG1Checked(in, EvmAbi.G1_BYTES));
        assertThat(EvmAbi.hex(EvmAbi.encode(sum))).isEqualTo("0x" + expected);
        assertThatThePrecompileAgrees(EC_ADD, input, expected, gas);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mulVectors")
    void gethScalarMulVectors(String name, String input, String expected, long gas) {
        byte[] in = padded(input, MUL_INPUT);
        G1 product = EvmAbi.decodeG1Checked(in, 0).mul(EvmAbi.readWord(in, EvmAbi.G1_BYTES));
        assertThat(EvmAbi.hex(EvmAbi.encode(product))).isEqualTo("0x" + expected);
        assertThatThePrecompileAgrees(EC_MUL, input, expected, gas);
    }

    private static void assertThatThePrecompileAgrees(String address, String input, String expected, long gas) {
        Evm.CallResult r = evm.precompile(address, "0x" + input);
        assertThat(r.success()).isTrue();
        assertThat(r.returnData()).isEqualTo("0x" + expected);
        assertThat(r.executionGasUsed()).isEqualTo(gas);
    }

    private static Stream<Arguments> vectors(String file) throws IOException {
        try (InputStream in = PrecompileCrossCheckTest.class.getResourceAsStream("/precompile-vectors/" + file)) {
            List<Arguments> out = new ArrayList<>();
            for (JsonNode v : new ObjectMapper().readTree(in)) {
                out.add(Arguments.of(v.get("Name").asText(), v.get("Input").asText(), v.get("Expected").asText(), v.get("Gas").asLong()));
            }
            return out.stream();
        }
    }

    /** The input as the precompile reads it: zero-padded or cut to its nominal size. */
    private static byte[] padded(String hex, int size) {
        return Arrays.copyOf(EvmAbi.fromHex(hex), size);
    }

    // ------------------------------------------------------------------ helpers

    private static Fr randomFr(Random rnd) {
        Fr x;
        do {
            x = Fr.of(new BigInteger(256, rnd));
        } while (x.isZero());
        return x;
    }

    private static G1 randomG1(Random rnd) {
        return G1.GENERATOR.mul(randomFr(rnd));
    }

    private static G2 randomG2(Random rnd) {
        return G2.GENERATOR.mul(randomFr(rnd));
    }

    /** A copy of the words with word {@code w} increased by p (still below 2^256, no longer below p). */
    private static byte[] plusP(byte[] words, int w) {
        byte[] out = words.clone();
        System.arraycopy(EvmAbi.word(EvmAbi.readWord(words, EvmAbi.WORD * w).add(P)), 0, out, EvmAbi.WORD * w, EvmAbi.WORD);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
