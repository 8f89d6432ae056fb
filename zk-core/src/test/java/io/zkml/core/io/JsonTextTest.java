package io.zkml.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.core.testing.SnarkjsFixtures;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class JsonTextTest {

    @Test
    void stringifyReproducesEverySnarkjsJsonFixture() {
        for (String circuit : SnarkjsFixtures.CIRCUITS) {
            for (String suffix : new String[] {"_vk.json", "_proof.json", "_public.json", "_witness.json"}) {
                String text = SnarkjsFixtures.text(circuit + suffix);
                assertThat(JsonText.stringify(JsonText.parse(circuit + suffix, text).node())).as(circuit + suffix).isEqualTo(text);
            }
        }
    }

    @Test
    void everyTruncationOfAJsonFixtureIsAFormatException() {
        for (String name : new String[] {"square_chain_vk.json", "five_public_proof.json", "five_public_public.json"}) {
            String text = SnarkjsFixtures.text(name);
            for (int len = 0; len < text.length(); len++) {
                String cut = text.substring(0, len);
                try {
                    JsonText.parse(name, cut);
                    throw new AssertionError(name + " cut to " + len + " characters parsed");
                } catch (FormatException e) {
                    assertThat(e.source()).isEqualTo(name);
                }
            }
        }
    }

    @Test
    void stringifyFollowsJavaScript() {
        JsonAt at = JsonText.parse("t", "{\"a\":[],\"b\":{},\"c\":[1,[true,null]],\"d\":\"x\\\"y\\n\"}");
        assertThat(JsonText.stringify(at.node())).isEqualTo("{\n \"a\": [],\n \"b\": {},\n \"c\": [\n  1,\n  [\n   true,\n   null\n  ]\n ],\n \"d\": \"x\\\"y\\n\"\n}");
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        assertThatThrownBy(() -> JsonText.parse("proof.json", "{\n \"pi_a\": [1,\n}")).isInstanceOf(FormatException.class)
                .hasMessageStartingWith("proof.json: line 3, column 1: malformed JSON: ");
        assertThatThrownBy(() -> JsonText.parse("p.json", "")).hasMessage("p.json: empty input, expected a JSON document");
        assertThatThrownBy(() -> JsonText.parse("p.json", "[1] [2]")).isInstanceOf(FormatException.class).hasMessageContaining("p.json: line 1");
        assertThatThrownBy(() -> JsonText.parse("p.json", "{\"a\":1,\"a\":2}")).isInstanceOf(FormatException.class)
                .hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> JsonText.parse("p.json", new byte[] {(byte) 0xff, (byte) 0xfe, 0})).isInstanceOf(FormatException.class);
    }

    @Test
    void walkingADocumentNamesThePath() {
        JsonAt root = JsonText.parse("vk.json", "{\"IC\":[[\"1\",\"2a\"]],\"n\":1.5,\"s\":\"-3\",\"weird key\":[]}");
        JsonAt ic = root.field("IC");
        assertThat(ic.path()).isEqualTo("$.IC");
        assertThatThrownBy(() -> ic.elements(2)).hasMessage("vk.json: $.IC: expected an array of 2 elements, got 1");
        JsonAt x = ic.elements().get(0).elements(2).get(1);
        assertThatThrownBy(x::decimal).hasMessage("vk.json: $.IC[0][1]: not a decimal integer: \"2a\"");
        assertThat(ic.elements().get(0).elements().get(0).decimal()).isEqualTo(BigInteger.ONE);
        assertThatThrownBy(() -> root.field("nPublic")).hasMessage("vk.json: $: missing field \"nPublic\"");
        assertThatThrownBy(() -> root.field("n").intValue()).hasMessage("vk.json: $.n: expected an integer number, got a number 1.5");
        assertThatThrownBy(() -> root.field("n").decimal()).hasMessage("vk.json: $.n: expected a decimal integer, got a number 1.5");
        assertThatThrownBy(() -> root.field("s").decimal()).hasMessage("vk.json: $.s: not a decimal integer: \"-3\"");
        assertThatThrownBy(() -> ic.field("x")).hasMessage("vk.json: $.IC: expected an object, got an array of 1");
        assertThat(root.field("weird key").path()).isEqualTo("$[\"weird key\"]");
        assertThatThrownBy(() -> JsonText.parse("j", "[-7]").elements().get(0).decimal()).hasMessage("j: $[0]: not a non-negative integer: -7");
        String digits = "1".repeat(1001);
        assertThatThrownBy(() -> JsonText.parse("j", "[\"" + digits + "\"]").elements().get(0).decimal())
                .hasMessage("j: $[0]: decimal integer of 1001 digits is too long (at most 1000)");
        assertThat(JsonText.parse("j", "[\"" + digits.substring(1) + "\"]").elements().get(0).decimal()).isEqualTo(new BigInteger(digits.substring(1)));
    }
}
