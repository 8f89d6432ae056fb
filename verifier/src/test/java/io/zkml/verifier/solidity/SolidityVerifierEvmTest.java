package io.zkml.verifier.solidity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.encoding.EvmAbi;
import io.zkml.core.encoding.TestPoints;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import io.zkml.core.groth16.VerifyingKey;
import io.zkml.core.io.FormatException;
import io.zkml.core.snarkjs.ProofJson;
import io.zkml.core.snarkjs.PublicSignalsJson;
import io.zkml.core.snarkjs.VerificationKeyJson;
import io.zkml.core.testing.SnarkjsFixtures;
import io.zkml.verifier.Groth16;
import io.zkml.verifier.PreparedVerifyingKey;
import io.zkml.verifier.SyntheticGroth16;
import io.zkml.verifier.evm.Calldata;
import io.zkml.verifier.node.Evm;
import io.zkml.verifier.node.NodeTools;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our generated {@code Verifier.sol} in a real EVM ({@link Evm}: @ethereumjs/evm, Prague, solc 0.8.28), held
 * against the Java verifier on the same calldata: the snarkjs fixtures' proofs are accepted, every tampered call
 * returns false without reverting, and {@link Groth16#verify} gives the same verdict on the decoded values. Also
 * the gas of {@code verifyProof} against snarkjs's own exported verifier and against the precompile floor.
 */
class SolidityVerifierEvmTest {

    static final List<String> CIRCUITS = SnarkjsFixtures.CIRCUITS;

    private static final BigInteger P = Fp.MODULUS;
    private static final BigInteger R = Fr.MODULUS;
    /** Calldata word indexes: A = 0..1, B = 2..5 (x.c1, x.c0, y.c1, y.c0), C = 6..7, then the signals. */
    private static final String[] PROOF_WORDS = {"A.x", "A.y", "B.x.c1", "B.x.c0", "B.y.c1", "B.y.c0", "C.x", "C.y"};
    private static final int FIRST_SIGNAL_WORD = PROOF_WORDS.length;

    /** Gas of the precompile calls a verifier cannot avoid: one 4-pair ecPairing, then per signal ecMul + ecAdd. */
    private static final long PAIRING_4 = 45_000 + 4 * 34_000;
    private static final long PER_SIGNAL = 6_000 + 150;

    private static Evm evm;
    private static final Map<String, Deployed> DEPLOYED = new LinkedHashMap<>();

    @TempDir
    static Path tmp;

    /** A fixture, its key prepared for Java, and our and snarkjs's verifier contracts for it. */
    record Deployed(VerifyingKey vk, PreparedVerifyingKey pvk, Proof proof, List<BigInteger> signals,
            Evm.Compiled ours, String oursAddress, Evm.Compiled snarkjs, String snarkjsAddress) {
    }

    @BeforeAll
    static void startEvmAndDeploy() throws IOException, InterruptedException {
        evm = new Evm();
        for (String circuit : CIRCUITS) {
            VerifyingKey vk = VerificationKeyJson.read(circuit + "_vk.json", SnarkjsFixtures.text(circuit + "_vk.json"));
            Proof proof = ProofJson.read(circuit + "_proof.json", SnarkjsFixtures.text(circuit + "_proof.json"));
            List<BigInteger> signals = PublicSignalsJson.read(circuit + "_public.json", SnarkjsFixtures.text(circuit + "_public.json"));

            Evm.Compiled ours = evm.compileContract(SolidityVerifier.generate(vk), "Groth16Verifier");
            String oursAddress = evm.deploy(ours.bytecode());

            Path dir = Files.createDirectories(tmp.resolve(circuit));
            NodeTools.snarkjs(dir, "zkey", "export", "solidityverifier",
                    SnarkjsFixtures.path(circuit + ".zkey").toString(), "snarkjs_verifier.sol");
            Evm.Compiled snarkjs = evm.compileContract(Files.readString(dir.resolve("snarkjs_verifier.sol")), "Groth16Verifier");
            String snarkjsAddress = evm.deploy(snarkjs.bytecode());

            DEPLOYED.put(circuit, new Deployed(vk, Groth16.prepare(vk), proof, signals, ours, oursAddress, snarkjs, snarkjsAddress));
        }
    }

    @AfterAll
    static void stopEvm() throws IOException {
        if (evm != null) {
            evm.close();
        }
    }

    // ------------------------------------------------------------------ selector

    @ParameterizedTest
    @FieldSource("CIRCUITS")
    void calldataStartsWithTheSelectorSolcAssigned(String circuit) {
        Deployed d = DEPLOYED.get(circuit);
        int n = d.signals().size();
        String selector = HexFormat.of().formatHex(Calldata.selector(n));
        assertThat(d.ours().methodIdentifiers()).containsExactly(Map.entry(Calldata.signature(n), selector));
        assertThat(d.snarkjs().methodIdentifiers()).containsEntry(Calldata.signature(n), selector);
        byte[] data = Calldata.encode(d.proof(), d.signals());
        assertThat(HexFormat.of().formatHex(data, 0, 4)).isEqualTo(selector);
        assertThat(data).hasSize(4 + 32 * (FIRST_SIGNAL_WORD + n));
    }

    // ------------------------------------------------------------------ accept and reject, EVM and Java alike

    /** A call to make: its calldata, whether it is the valid proof, and whether its words decode to Java values. */
    record Case(String name, byte[] calldata, boolean valid, boolean representable) {
    }

    @TestFactory
    Stream<DynamicNode> evmAndJavaAgreeOnValidAndTamperedCalls() {
        return CIRCUITS.stream().map(circuit -> {
            Deployed d = DEPLOYED.get(circuit);
            Stream<DynamicNode> tests = cases(d.proof(), d.signals()).stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                Evm.CallResult r = evm.call(d.oursAddress(), EvmAbi.hex(c.calldata()));
                if (c.valid()) {
                    assertThat(r.returnedTrue()).as("%s, %s: EVM accepts, returnData %s", circuit, c.name(), r.returnData())
                            .isTrue();
                } else {
                    assertThat(r.returnedFalse()).as("%s, %s: EVM returns false without reverting: success %s, returnData %s",
                            circuit, c.name(), r.success(), r.returnData()).isTrue();
                }
                assertJavaVerdict(d.pvk(), c);
                if (c.valid()) {
                    assertThat(evm.call(d.snarkjsAddress(), EvmAbi.hex(c.calldata())).returnedTrue())
                            .as("snarkjs's verifier accepts the same calldata").isTrue();
                }
            }));
            return DynamicContainer.dynamicContainer(circuit, tests);
        });
    }

    /** The valid call and every tampered variant of it. */
    static List<Case> cases(Proof p, List<BigInteger> signals) {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("valid", Calldata.encode(p, signals), true, true));
        for (int i = 0; i < signals.size(); i++) {
            BigInteger s = signals.get(i);
            cases.add(new Case("signal " + i + " + 1", Calldata.encode(p, with(signals, i, s.add(BigInteger.ONE).mod(R))), false, true));
            cases.add(new Case("signal " + i + " + r", Calldata.encode(p, with(signals, i, s.add(R))), false, true));
            cases.add(new Case("signal " + i + " = r", Calldata.encode(p, with(signals, i, R)), false, true));
        }
        byte[] valid = Calldata.encode(p, signals);
        for (int w = 0; w < PROOF_WORDS.length; w++) {
            BigInteger v = word(valid, w);
            cases.add(new Case(PROOF_WORDS[w] + " + p", withWord(valid, w, v.add(P)), false, false));
        }
        G1 a = p.a().toAffine();
        G2 b = p.b().toAffine();
        G1 aOffCurve = G1.affine(a.affineX(), a.affineY().add(Fp.ONE));
        G2 bOffTwist = G2.affine(b.affineX(), b.affineY().add(Fp2.ONE));
        G2 outsideG2 = TestPoints.twistPointOutsideG2();
        assertThat(aOffCurve.isOnCurve()).isFalse();
        assertThat(bOffTwist.isOnCurve()).isFalse();
        assertThat(outsideG2.isOnCurve()).isTrue();
        cases.add(new Case("A off the curve", Calldata.encode(new Proof(aOffCurve, p.b(), p.c()), signals), false, true));
        cases.add(new Case("B off the twist", Calldata.encode(new Proof(p.a(), bOffTwist, p.c()), signals), false, true));
        cases.add(new Case("B on the twist, outside G2", Calldata.encode(new Proof(p.a(), outsideG2, p.c()), signals), false, true));
        cases.add(new Case("A negated", Calldata.encode(new Proof(p.a().neg(), p.b(), p.c()), signals), false, true));
        cases.add(new Case("B negated", Calldata.encode(new Proof(p.a(), p.b().neg(), p.c()), signals), false, true));
        cases.add(new Case("A and C swapped", Calldata.encode(new Proof(p.c(), p.b(), p.a()), signals), false, true));
        cases.add(new Case("A at infinity", Calldata.encode(new Proof(G1.INFINITY, p.b(), p.c()), signals), false, true));
        cases.add(new Case("C + G", Calldata.encode(new Proof(p.a(), p.b(), p.c().add(G1.GENERATOR)), signals), false, true));
        return cases;
    }

    /**
     * The Java verifier on the values the calldata holds: signals as numbers, points decoded without curve checks
     * (Groth16.verify makes those). Words ≥ p have no Fp value; for them the decoder's FormatException is the
     * rejection.
     */
    static void assertJavaVerdict(PreparedVerifyingKey pvk, Case c) {
        byte[] data = c.calldata();
        assertThat(Arrays.copyOf(data, 4)).isEqualTo(Calldata.selector(pvk.verifyingKey().nPublic()));
        byte[] args = Arrays.copyOfRange(data, 4, data.length);
        if (!c.representable()) {
            assertThatThrownBy(() -> decodeProof(args)).as("%s: Java decoding", c.name()).isInstanceOf(FormatException.class);
            return;
        }
        List<BigInteger> signals = new ArrayList<>();
        for (int off = EvmAbi.PROOF_BYTES; off < args.length; off += EvmAbi.WORD) {
            signals.add(EvmAbi.readWord(args, off));
        }
        assertThat(Groth16.verify(pvk, decodeProof(args), signals)).as("%s: Java verdict", c.name()).isEqualTo(c.valid());
    }

    private static Proof decodeProof(byte[] args) {
        return new Proof(EvmAbi.decodeG1(args, 0), EvmAbi.decodeG2(args, EvmAbi.G1_BYTES),
                EvmAbi.decodeG1(args, EvmAbi.G1_BYTES + EvmAbi.G2_BYTES));
    }

    // ------------------------------------------------------------------ synthetic keys, any number of signals

    @ParameterizedTest(name = "nPublic = {0}")
    @ValueSource(ints = {1, 3, 10})
    void syntheticKeysAcceptValidAndRejectAMutatedSignal(int nPublic) {
        SyntheticGroth16 g = SyntheticGroth16.random(new Random(0x5eed + nPublic), nPublic);
        PreparedVerifyingKey pvk = Groth16.prepare(g.vk());
        Evm.Compiled compiled = evm.compileContract(SolidityVerifier.generate(g.vk()), "Groth16Verifier");
        assertThat(compiled.methodIdentifiers()).containsEntry(Calldata.signature(nPublic),
                HexFormat.of().formatHex(Calldata.selector(nPublic)));
        String address = evm.deploy(compiled.bytecode());

        Case valid = new Case("valid", Calldata.encode(g.proof(), g.publicSignals()), true, true);
        Evm.CallResult r = evm.call(address, EvmAbi.hex(valid.calldata()));
        assertThat(r.returnedTrue()).as("EVM accepts, returnData %s", r.returnData()).isTrue();
        assertJavaVerdict(pvk, valid);
        assertThat(r.executionGasUsed()).isLessThanOrEqualTo(floor(nPublic) + 4_000 + 300L * nPublic);
        System.out.println(String.format(Locale.ROOT, "gas verifyProof ℓ=%d (synthetic key): zkml %,d (floor + %,d)",
                nPublic, r.executionGasUsed(), r.executionGasUsed() - floor(nPublic)));

        for (int i : new int[] {0, nPublic - 1}) {
            List<BigInteger> s = with(g.publicSignals(), i, g.publicSignals().get(i).add(BigInteger.ONE).mod(R));
            Case mutated = new Case("signal " + i + " + 1", Calldata.encode(g.proof(), s), false, true);
            Evm.CallResult m = evm.call(address, EvmAbi.hex(mutated.calldata()));
            assertThat(m.returnedFalse()).as("EVM rejects %s: returnData %s", mutated.name(), m.returnData()).isTrue();
            assertJavaVerdict(pvk, mutated);
        }
    }

    // ------------------------------------------------------------------ gas

    @Test
    void gasIsAtMostSnarkjsAndNearThePrecompileFloor() {
        for (String circuit : CIRCUITS) {
            Deployed d = DEPLOYED.get(circuit);
            int l = d.signals().size();
            String data = Calldata.hex(d.proof(), d.signals());
            Evm.CallResult ours = evm.call(d.oursAddress(), data);
            Evm.CallResult theirs = evm.call(d.snarkjsAddress(), data);
            assertThat(ours.returnedTrue()).as("%s: zkml verifier", circuit).isTrue();
            assertThat(theirs.returnedTrue()).as("%s: snarkjs verifier", circuit).isTrue();
            long floor = floor(l);
            System.out.println(String.format(Locale.ROOT,
                    "gas verifyProof ℓ=%d: zkml %,d (floor + %,d), snarkjs %,d (floor + %,d), floor %,d = %,d + %,d·ℓ",
                    l, ours.executionGasUsed(), ours.executionGasUsed() - floor,
                    theirs.executionGasUsed(), theirs.executionGasUsed() - floor, floor, PAIRING_4, PER_SIGNAL));
            assertThat(ours.executionGasUsed()).as("%s: zkml gas ≤ snarkjs gas", circuit)
                    .isLessThanOrEqualTo(theirs.executionGasUsed());
            assertThat(ours.executionGasUsed()).as("%s: zkml gas ≤ floor + 4,000 + 300·ℓ", circuit)
                    .isLessThanOrEqualTo(floor + 4_000 + 300L * l);
        }
    }

    /** The precompile gas of any Groth16 verifier with ℓ public signals (EIP-1108 prices). */
    private static long floor(int l) {
        return PAIRING_4 + PER_SIGNAL * l;
    }

    // ------------------------------------------------------------------ helpers

    private static List<BigInteger> with(List<BigInteger> signals, int i, BigInteger v) {
        List<BigInteger> s = new ArrayList<>(signals);
        s.set(i, v);
        return s;
    }

    /** The argument word {@code w} (after the selector). */
    private static BigInteger word(byte[] calldata, int w) {
        return EvmAbi.readWord(calldata, 4 + EvmAbi.WORD * w);
    }

    private static byte[] withWord(byte[] calldata, int w, BigInteger v) {
        byte[] out = calldata.clone();
        System.arraycopy(EvmAbi.word(v), 0, out, 4 + EvmAbi.WORD * w, EvmAbi.WORD);
        return out;
    }
}
