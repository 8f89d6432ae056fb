package io.zkml.cli;

import static io.zkml.cli.ZkmlCommandTest.zkml;
import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.cli.ZkmlCommandTest.Run;
import io.zkml.core.field.Fr;
import io.zkml.core.hash.Commitment;
import io.zkml.core.io.JsonAt;
import io.zkml.core.io.JsonText;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitCommandTest {

    private static final String INPUT = "{\"input_data\": [[0.5, -1.25, 0.00390625], [-0.00390625, 3, 1e-9]]}";

    @Test
    void commitsToTheFixedPointValuesWithTheGivenSalt(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("input.json");
        Files.writeString(input, INPUT);
        Run r = zkml("commit", "--input", input.toString(), "--scale", "7", "--salt", "0x0123456789abcdef");
        assertThat(r.exit()).as(r.err()).isZero();

        // at scale 7: 64, −160, 0.5 → 1, −0.5 → 0 (ties toward +∞), 384, 1.28e-7 → 0
        List<Fr> values = List.of(Fr.of(64), Fr.of(-160), Fr.ONE, Fr.ZERO, Fr.of(384), Fr.ZERO);
        Fr salt = Fr.of(new BigInteger("0123456789abcdef", 16));
        Commitment expected = Commitment.commit(salt, values);
        JsonAt json = JsonText.parse("stdout", r.out());
        assertThat(json.field("commitment").decimal()).isEqualTo(expected.value().toBigInteger());
        assertThat(json.field("salt").decimal()).isEqualTo(salt.toBigInteger());
        assertThat(json.field("salt_hex").text()).isEqualTo("0x123456789abcdef");
        assertThat(json.field("scale").intValue()).isEqualTo(7);
        assertThat(json.field("tensor_sizes").elements()).extracting(JsonAt::intValue).containsExactly(3, 3);
        assertThat(Fr.of(-160).toBigInteger()).isEqualTo(Fr.MODULUS.subtract(BigInteger.valueOf(160)));

        // numbers are read as doubles: 0.0039062499999999999999 is the double 2^-8, a tie at scale 7, rounded up
        Files.writeString(input, "{\"input_data\": [[0.0039062499999999999999]]}");
        Run tie = zkml("commit", "--input", input.toString(), "--scale", "7", "--salt", "0x0123456789abcdef");
        assertThat(JsonText.parse("stdout", tie.out()).field("commitment").decimal())
                .isEqualTo(Commitment.commit(salt, List.of(Fr.ONE)).value().toBigInteger());
        Files.writeString(input, INPUT);

        // another scale is another commitment
        Run other = zkml("commit", "--input", input.toString(), "--scale", "8", "--salt", "0x0123456789abcdef");
        assertThat(JsonText.parse("stdout", other.out()).field("commitment").decimal()).isNotEqualTo(expected.value().toBigInteger());
    }

    @Test
    void freshSaltsAndAPrivateOutputFile(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("input.json");
        Files.writeString(input, INPUT);
        Path out = dir.resolve("commitment.json");
        Run r = zkml("commit", "--input", input.toString(), "--scale", "7", "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonAt json = JsonText.read(out);
        assertThat(r.out()).contains("commitment: " + json.field("commitment").text())
                .contains("salt: " + json.field("salt_hex").text());
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        BigInteger salt = json.field("salt").decimal();
        assertThat(salt.bitLength()).isLessThanOrEqualTo(8 * Commitment.SALT_BYTES);

        // the same input again: another salt, another commitment; with the first salt, the first commitment
        Run again = zkml("commit", "--input", input.toString(), "--scale", "7");
        JsonAt second = JsonText.parse("stdout", again.out());
        assertThat(second.field("salt").decimal()).isNotEqualTo(salt);
        assertThat(second.field("commitment").decimal()).isNotEqualTo(json.field("commitment").decimal());
        Run replay = zkml("commit", "--input", input.toString(), "--scale", "7", "--salt", json.field("salt_hex").text());
        assertThat(JsonText.parse("stdout", replay.out()).field("commitment").decimal()).isEqualTo(json.field("commitment").decimal());
    }

    @Test
    void badInputExitsTwoWithTheReason(@TempDir Path dir) throws Exception {
        assertBad(dir, "{\"inputs\": [[1]]}", List.of("--scale", "7"), "missing field \"input_data\"");
        assertBad(dir, "{\"input_data\": [[1, \"2\"]]}", List.of("--scale", "7"), "$.input_data[0][1]", "expected a number");
        assertBad(dir, "{\"input_data\": [[1, [2]]]}", List.of("--scale", "7"), "$.input_data[0][1]", "flat lists");
        assertBad(dir, "{\"input_data\": [[]]}", List.of("--scale", "7"), "$.input_data[0]", "empty tensor");
        assertBad(dir, "{\"input_data\": []}", List.of("--scale", "7"), "no input tensors");
        assertBad(dir, "{\"input_data\": [[1e90]]}", List.of("--scale", "7"), "too large for a field element");
        assertBad(dir, "{\"input_data\": [[-1e400]]}", List.of("--scale", "7"), "$.input_data[0][0]", "too large for a double");
        assertBad(dir, "{\"input_data\": [[1e70]]}", List.of("--scale", "60"), "too large", "scale 60");
        assertBad(dir, "{\"input_data\": [[1, 2", List.of("--scale", "7"), "input.json");
        assertBad(dir, "{\"input_data\": [[1]]}", List.of("--scale", "-1"), "--scale must be in [0, 128]");
        assertBad(dir, "{\"input_data\": [[1]]}", List.of("--scale", "x"), "--scale");
        assertBad(dir, "{\"input_data\": [[1]]}", List.of("--scale", "7", "--salt", "0xzz"), "--salt must be 1 to 64 hex digits");
        assertBad(dir, "{\"input_data\": [[1]]}", List.of("--scale", "7", "--salt", Fr.MODULUS.toString(16)), "below the field modulus");
        assertBad(dir, "{\"input_data\": [[1]]}", List.of(), "give --circuit DIR", "or --scale S");
        assertBad(dir, "{\"input_data\": [[1]]}", List.of("--scale", "7", "--circuit", dir.toString()), "give --circuit DIR", "or --scale S");

        Run missing = zkml("commit", "--input", dir.resolve("nope.json").toString(), "--scale", "7");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file").contains("nope.json");
    }

    private static void assertBad(Path dir, String input, List<String> options, String... reasons) throws Exception {
        Path file = dir.resolve("input.json");
        Files.writeString(file, input);
        String[] args = new String[3 + options.size()];
        args[0] = "commit";
        args[1] = "--input";
        args[2] = file.toString();
        for (int i = 0; i < options.size(); i++) {
            args[3 + i] = options.get(i);
        }
        Run r = zkml(args);
        assertThat(r.exit()).as(input + " " + options).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).as(input + " " + options).contains(reasons).doesNotContain("\tat ");
    }
}
