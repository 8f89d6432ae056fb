package io.zkml.core.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import io.zkml.core.field.Fr;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.JsonAt;
import io.zkml.core.io.JsonText;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SnarkjsJsonTest {

    private static JsonAt json(String text) {
        return JsonText.parse("t.json", text);
    }

    private static String q(Object v) {
        return "\"" + v + "\"";
    }

    @Provide
    Arbitrary<BigInteger> scalars() {
        return Arbitraries.oneOf(Arbitraries.bigIntegers().between(BigInteger.ONE, Fr.MODULUS.subtract(BigInteger.ONE)),
                Arbitraries.of(BigInteger.ZERO, BigInteger.ONE, Fr.MODULUS.subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(64)));
    }

    @Property(tries = 30)
    void pointsSurviveWriteThenRead(@ForAll("scalars") BigInteger k) {
        G1 p = G1.generatorTimes(k);
        G2 q = G2.generatorTimes(k);
        JsonAt pj = JsonText.parse("p", JsonText.stringify(SnarkjsJson.toJson(p)));
        JsonAt qj = JsonText.parse("q", JsonText.stringify(SnarkjsJson.toJson(q)));
        assertThat(SnarkjsJson.readG1Checked(pj)).isEqualTo(p);
        assertThat(SnarkjsJson.readG2Checked(qj)).isEqualTo(q);
    }

    @Test
    void infinityIsWrittenAsSnarkjsDoes() {
        assertThat(SnarkjsJson.toJson(G1.INFINITY).toString()).isEqualTo("[\"0\",\"1\",\"0\"]");
        assertThat(SnarkjsJson.toJson(G2.INFINITY).toString()).isEqualTo("[[\"0\",\"0\"],[\"1\",\"0\"],[\"0\",\"0\"]]");
        assertThat(SnarkjsJson.toJson(G1.GENERATOR).toString()).isEqualTo("[\"1\",\"2\",\"1\"]");
    }

    @Test
    void zOfZeroIsInfinityWhateverXAndYAre() {
        // as ffjavascript's fromObject
        assertThat(SnarkjsJson.readG1Checked(json("[\"5\",\"7\",\"0\"]")).isInfinity()).isTrue();
        assertThat(SnarkjsJson.readG2Checked(json("[[\"5\",\"1\"],[\"7\",\"0\"],[\"0\",\"0\"]]")).isInfinity()).isTrue();
    }

    @Test
    void anyOtherZIsJacobian() {
        G1 p = G1.generatorTimes(BigInteger.valueOf(12345)).toAffine();
        Fp z = Fp.of(987654321);
        Fp x = p.affineX().mul(z.square()), y = p.affineY().mul(z.square().mul(z));
        assertThat(SnarkjsJson.readG1Checked(json("[" + q(x) + "," + q(y) + "," + q(z) + "]"))).isEqualTo(p);

        G2 r = G2.generatorTimes(BigInteger.valueOf(777)).toAffine();
        Fp2 zz = Fp2.of(3, 5);
        Fp2 xx = r.affineX().mul(zz.square()), yy = r.affineY().mul(zz.square().mul(zz));
        String text = "[" + fp2(xx) + "," + fp2(yy) + "," + fp2(zz) + "]";
        assertThat(SnarkjsJson.readG2Checked(json(text))).isEqualTo(r);
    }

    private static String fp2(Fp2 v) {
        return "[" + q(v.c0()) + "," + q(v.c1()) + "]";
    }

    @Test
    void coordinatesMustBeDecimalsBelowTheModulus() {
        assertThatThrownBy(() -> SnarkjsJson.readG1(json("{\"a\":[" + q(Fp.MODULUS) + ",\"2\",\"1\"]}").field("a")))
                .isInstanceOf(FormatException.class)
                .hasMessage("t.json: $.a[0]: value " + Fp.MODULUS + " is not below the base-field modulus p = " + Fp.MODULUS);
        assertThatThrownBy(() -> SnarkjsJson.readG1(json("[\"1\",\"0x2\",\"1\"]"))).hasMessage("t.json: $[1]: not a decimal integer: \"0x2\"");
        assertThatThrownBy(() -> SnarkjsJson.readG1(json("[\"1\",\" 2\",\"1\"]"))).hasMessage("t.json: $[1]: not a decimal integer: \" 2\"");
        assertThatThrownBy(() -> SnarkjsJson.readG1(json("[\"1\",\"2\"]"))).hasMessage("t.json: $: expected an array of 3 elements, got 2");
        assertThatThrownBy(() -> SnarkjsJson.readG2(json("[[\"1\",\"2\"],[\"1\"],[\"1\",\"0\"]]")))
                .hasMessage("t.json: $[1]: expected an array of 2 elements, got 1");
        assertThatThrownBy(() -> SnarkjsJson.readFr(json("[" + q(Fr.MODULUS) + "]").elements().get(0)))
                .hasMessageContaining("$[0]: value " + Fr.MODULUS + " is not below the scalar-field modulus r");
        // JSON integers are accepted, as exact integers
        assertThat(SnarkjsJson.readG1(json("[1, 2, 1]"))).isEqualTo(G1.GENERATOR);
    }

    @Test
    void checkedReadersRejectPointsOffTheCurveOrOutsideG2() {
        assertThatThrownBy(() -> SnarkjsJson.readG1Checked(json("{\"pi_a\":[\"1\",\"1\",\"1\"]}").field("pi_a")))
                .isInstanceOf(FormatException.class).hasMessageStartingWith("t.json: $.pi_a: not a point of G1: ")
                .hasMessageContaining("is not on the curve y² = x³ + 3");
        assertThat(SnarkjsJson.readG1(json("[\"1\",\"1\",\"1\"]")).isOnCurve()).isFalse();

        G2 outside = TestPoints.twistPointOutsideG2();
        String text = JsonText.stringify(SnarkjsJson.toJson(outside));
        assertThat(SnarkjsJson.readG2(json(text))).isEqualTo(outside);
        assertThatThrownBy(() -> SnarkjsJson.readG2Checked(json(text))).isInstanceOf(FormatException.class)
                .hasMessageContaining("is on the twist but not in the order-r subgroup");
        assertThatThrownBy(() -> SnarkjsJson.readG2Checked(json("[[\"1\",\"0\"],[\"1\",\"0\"],[\"1\",\"0\"]]")))
                .hasMessageContaining("is not on the twist");
    }

    @Test
    void negativeNumbersCannotBeWritten() {
        assertThatThrownBy(() -> SnarkjsJson.toJson(BigInteger.valueOf(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
