package io.zkml.core.snarkjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.encoding.EvmAbi;
import io.zkml.core.encoding.SnarkjsBinary;
import io.zkml.core.encoding.SnarkjsJson;
import io.zkml.core.encoding.TestPoints;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import io.zkml.core.groth16.VerifyingKey;
import io.zkml.core.io.BinFile;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.JsonText;
import io.zkml.core.io.SectionReader;
import io.zkml.core.testing.SnarkjsFixtures;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class Groth16JsonTest {

    static final List<String> CIRCUITS = SnarkjsFixtures.CIRCUITS;

    private static VerifyingKey vk(String c) {
        return VerificationKeyJson.read(c + "_vk.json", SnarkjsFixtures.text(c + "_vk.json"));
    }

    private static Proof proof(String c) {
        return ProofJson.read(c + "_proof.json", SnarkjsFixtures.text(c + "_proof.json"));
    }

    private static List<BigInteger> pub(String c) {
        return PublicSignalsJson.read(c + "_public.json", SnarkjsFixtures.text(c + "_public.json"));
    }

    @ParameterizedTest
    @FieldSource("CIRCUITS")
    void fixturesParseAndTheirPointsAreInTheirGroups(String c) {
        VerifyingKey vk = vk(c);
        assertThat(vk.nPublic()).isEqualTo(pub(c).size());
        for (G1 p : vk.icG1()) {
            assertThat(p.isOnCurve()).isTrue();
        }
        assertThat(vk.alphaG1().isInSubgroup()).isTrue();
        for (G2 q : List.of(vk.betaG2(), vk.gammaG2(), vk.deltaG2())) {
            assertThat(q.isInSubgroup()).isTrue();
            assertThat(q.isInSubgroupByOrder()).isTrue();
        }
        assertThat(vk.gammaG2()).isEqualTo(G2.GENERATOR); // snarkjs's γ is the generator
        Proof proof = proof(c);
        assertThat(proof.a().isOnCurve() && proof.c().isOnCurve() && proof.b().isInSubgroup()).isTrue();
    }

    @ParameterizedTest
    @FieldSource("CIRCUITS")
    void writersReproduceSnarkjsText(String c) {
        String vkText = SnarkjsFixtures.text(c + "_vk.json");
        List<Fp2> alphaBeta = VerificationKeyJson.readAlphaBeta(JsonText.parse("vk", vkText)).orElseThrow();
        assertThat(alphaBeta).hasSize(6);
        assertThat(VerificationKeyJson.write(vk(c), alphaBeta)).isEqualTo(vkText);
        assertThat(ProofJson.write(proof(c))).isEqualTo(SnarkjsFixtures.text(c + "_proof.json"));
        assertThat(PublicSignalsJson.write(pub(c))).isEqualTo(SnarkjsFixtures.text(c + "_public.json"));

        String withoutAlphaBeta = VerificationKeyJson.write(vk(c));
        assertThat(withoutAlphaBeta).doesNotContain("vk_alphabeta_12");
        assertThat(VerificationKeyJson.read("vk", withoutAlphaBeta)).isEqualTo(vk(c));
        assertThat(VerificationKeyJson.readAlphaBeta(JsonText.parse("vk", withoutAlphaBeta))).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("CIRCUITS")
    void soliditycalldataEqualsSnarkjs(String c) {
        String expected = SnarkjsFixtures.text(c + "_calldata.txt").stripTrailing();
        assertThat(EvmAbi.soliditycalldata(proof(c), pub(c))).isEqualTo(expected);
        // the binary call data holds the same words in the same order
        byte[] call = EvmAbi.encodeCall(proof(c), pub(c));
        String words = expected.replaceAll("[^0-9a-fx]", "").replace("0x", "");
        assertThat(EvmAbi.hex(call)).isEqualTo("0x" + words);
    }

    @ParameterizedTest
    @FieldSource("CIRCUITS")
    void zkeyHeaderHoldsTheSameKey(String c) {
        // .zkey section 2 (Groth16 header): n8q, q, n8r, r, nVars, nPublic, domainSize, α1, β1, β2, γ2, δ1, δ2;
        // section 3: IC, nPublic + 1 G1 points. Points are in SnarkjsBinary's Montgomery encoding.
        BinFile zkey = BinFile.of(c + ".zkey", SnarkjsFixtures.bytes(c + ".zkey"), "zkey", 1);
        SectionReader h = zkey.reader(2, "Groth16 header");
        SnarkjsBinary.readModulus(h, Fp.MODULUS, "base field p");
        SnarkjsBinary.readModulus(h, Fr.MODULUS, "scalar field r");
        h.u32();
        int nPublic = h.u32AsInt("nPublic");
        h.u32();
        G1 alpha = SnarkjsBinary.readG1Checked(h);
        SnarkjsBinary.readG1Checked(h);
        G2 beta = SnarkjsBinary.readG2Checked(h);
        G2 gamma = SnarkjsBinary.readG2Checked(h);
        SnarkjsBinary.readG1Checked(h);
        G2 delta = SnarkjsBinary.readG2Checked(h);
        h.expectEnd("the header");
        SectionReader icr = zkey.reader(3, "IC");
        List<G1> ic = new java.util.ArrayList<>();
        for (int i = 0; i <= nPublic; i++) {
            ic.add(SnarkjsBinary.readG1Checked(icr));
        }
        icr.expectEnd("IC");
        assertThat(new VerifyingKey(alpha, beta, gamma, delta, ic)).isEqualTo(vk(c));
    }

    @Test
    void readsAndWritesFiles(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("proof.json");
        ProofJson.write(proof("square_chain"), p);
        assertThat(ProofJson.read(p)).isEqualTo(proof("square_chain"));
        Path v = dir.resolve("vk.json");
        VerificationKeyJson.write(vk("five_public"), null, v);
        assertThat(VerificationKeyJson.read(v)).isEqualTo(vk("five_public"));
        Path s = dir.resolve("public.json");
        PublicSignalsJson.write(pub("five_public"), s);
        assertThat(Files.readString(s)).isEqualTo(SnarkjsFixtures.text("five_public_public.json"));
        assertThat(PublicSignalsJson.read(s)).isEqualTo(pub("five_public"));
        assertThat(PublicSignalsJson.writeFr(List.of(Fr.of(7), Fr.ONE))).isEqualTo("[\n \"7\",\n \"1\"\n]");
    }

    // ---------------------------------------------------------------- malformed input

    private static final String VK = SnarkjsFixtures.text("square_chain_vk.json");
    private static final String PROOF = SnarkjsFixtures.text("square_chain_proof.json");

    @Test
    void wrongProtocolOrCurve() {
        assertThatThrownBy(() -> VerificationKeyJson.read("vk.json", VK.replace("\"groth16\"", "\"plonk\"")))
                .isInstanceOf(FormatException.class).hasMessage("vk.json: $.protocol: unsupported protocol \"plonk\" (expected \"groth16\")");
        assertThatThrownBy(() -> VerificationKeyJson.read("vk.json", VK.replace("\"bn128\"", "\"bls12381\"")))
                .hasMessage("vk.json: $.curve: unsupported curve \"bls12381\" (expected \"bn128\", i.e. BN254)");
        assertThat(VerificationKeyJson.read("vk.json", VK.replace("\"bn128\"", "\"BN254\""))).isEqualTo(vk("square_chain"));
        assertThatThrownBy(() -> VerificationKeyJson.read("vk.json", VK.replace("\"protocol\": \"groth16\",", "")))
                .hasMessage("vk.json: $: missing field \"protocol\"");
        assertThatThrownBy(() -> ProofJson.read("proof.json", PROOF.replace("\"groth16\"", "\"fflonk\"")))
                .hasMessage("proof.json: $.protocol: unsupported protocol \"fflonk\" (expected \"groth16\")");
        // a proof without protocol and curve is accepted
        String bare = PROOF.replace(",\n \"protocol\": \"groth16\",\n \"curve\": \"bn128\"", "");
        assertThat(bare).doesNotContain("protocol");
        assertThat(ProofJson.read("proof.json", bare)).isEqualTo(proof("square_chain"));
    }

    @Test
    void nPublicMustMatchIc() {
        assertThatThrownBy(() -> VerificationKeyJson.read("vk.json", VK.replace("\"nPublic\": 2", "\"nPublic\": 3")))
                .isInstanceOf(FormatException.class).hasMessage("vk.json: $.IC: IC has 3 points but nPublic = 3 needs 4");
        assertThatThrownBy(() -> VerificationKeyJson.read("vk.json", VK.replace("\"nPublic\": 2", "\"nPublic\": \"2\"")))
                .hasMessage("vk.json: $.nPublic: expected an integer number, got a string \"2\"");
        assertThatThrownBy(() -> VerificationKeyJson.read("vk.json", VK.replace("\"nPublic\": 2", "\"nPublic\": -1")))
                .hasMessage("vk.json: $.nPublic: nPublic must not be negative: -1");
    }

    @Test
    void coordinatesMustBeBelowP() {
        String alphaX = "5581036280760827687635359255488285819665127809318610603985605877054175605108";
        String tooBig = new BigInteger(alphaX).add(Fp.MODULUS).toString();
        assertThatThrownBy(() -> VerificationKeyJson.read("vk.json", VK.replace(alphaX, tooBig))).isInstanceOf(FormatException.class)
                .hasMessage("vk.json: $.vk_alpha_1[0]: value " + tooBig + " is not below the base-field modulus p = " + Fp.MODULUS);
        assertThatThrownBy(() -> VerificationKeyJson.read("vk.json", VK.replace(alphaX, "0x12")))
                .hasMessage("vk.json: $.vk_alpha_1[0]: not a decimal integer: \"0x12\"");
    }

    @Test
    void pointsMustBeOnTheirCurves() {
        String ax = "3718605594486772407016951367577599170394484223257647842538027826548864890166";
        assertThatThrownBy(() -> ProofJson.read("proof.json", PROOF.replace(ax, "1"))).isInstanceOf(FormatException.class)
                .hasMessageStartingWith("proof.json: $.pi_a: not a point of G1: ");
        Proof p = proof("square_chain");
        String outside = JsonText.stringify(ProofJson.toJson(new Proof(p.a(), TestPoints.twistPointOutsideG2(), p.c())));
        assertThatThrownBy(() -> ProofJson.read("proof.json", outside))
                .hasMessageStartingWith("proof.json: $.pi_b: not a point of G2: ").hasMessageEndingWith("is on the twist but not in the order-r subgroup");
        String icPoint = "2989190038386528348406059405626616182343510750158624698728148500912713670142";
        assertThatThrownBy(() -> VerificationKeyJson.read("vk.json", VK.replace(icPoint, "2")))
                .hasMessageStartingWith("vk.json: $.IC[1]: not a point of G1: ");
    }

    @Test
    void shapesAreChecked() {
        assertThatThrownBy(() -> ProofJson.read("proof.json", "{\"pi_a\": [\"1\", \"2\", \"1\"], \"pi_b\": []}"))
                .hasMessage("proof.json: $.pi_b: expected an array of 3 elements, got 0");
        assertThatThrownBy(() -> ProofJson.read("proof.json", "{\"pi_a\": [\"1\", \"2\", \"1\"]}")).hasMessage("proof.json: $: missing field \"pi_b\"");
        assertThatThrownBy(() -> ProofJson.read("proof.json", "[]")).hasMessage("proof.json: $: expected an object, got an array of 0");
        assertThatThrownBy(() -> ProofJson.read("proof.json", "not json")).isInstanceOf(FormatException.class)
                .hasMessageStartingWith("proof.json: line 1, column ").hasMessageContaining("malformed JSON: Unrecognized token 'not'");
        assertThatThrownBy(() -> VerificationKeyJson.readAlphaBeta(JsonText.parse("vk.json", "{\"vk_alphabeta_12\": [[]]}")))
                .hasMessage("vk.json: $.vk_alphabeta_12: expected an array of 2 elements, got 1");
    }

    @Test
    void publicSignalsAreNotReduced() {
        BigInteger r = Fr.MODULUS;
        BigInteger huge = BigInteger.ONE.shiftLeft(300);
        assertThat(PublicSignalsJson.read("public.json", "[\"" + r + "\", \"" + huge + "\", \"0\", 5]"))
                .containsExactly(r, huge, BigInteger.ZERO, BigInteger.valueOf(5));
        assertThatThrownBy(() -> PublicSignalsJson.read("public.json", "[\"1\", \"-1\"]")).isInstanceOf(FormatException.class)
                .hasMessage("public.json: $[1]: not a decimal integer: \"-1\"");
        assertThatThrownBy(() -> PublicSignalsJson.read("public.json", "[-1]")).hasMessage("public.json: $[0]: not a non-negative integer: -1");
        assertThatThrownBy(() -> PublicSignalsJson.read("public.json", "[\"1.5\"]")).hasMessage("public.json: $[0]: not a decimal integer: \"1.5\"");
        assertThatThrownBy(() -> PublicSignalsJson.read("public.json", "[1.0]")).hasMessage("public.json: $[0]: expected a decimal integer, got a number 1.0");
        assertThatThrownBy(() -> PublicSignalsJson.read("public.json", "{}")).hasMessage("public.json: $: expected an array, got an object");
    }

    @Test
    void keyShape() {
        assertThatThrownBy(() -> new VerifyingKey(G1.GENERATOR, G2.GENERATOR, G2.GENERATOR, G2.GENERATOR, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("icG1 must hold at least IC₀");
        assertThatThrownBy(() -> VerificationKeyJson.write(vk("square_chain"), List.of(Fp2.ONE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("e(α, β) must have 6 Fp2 coefficients, got 1");
        assertThat(SnarkjsJson.toJson(G1.INFINITY).toString()).isEqualTo("[\"0\",\"1\",\"0\"]");
    }
}
