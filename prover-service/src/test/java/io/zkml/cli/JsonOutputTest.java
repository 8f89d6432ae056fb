package io.zkml.cli;

import static io.zkml.cli.ZkmlCommandTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml.cli.ZkmlCommandTest.Run;
import io.zkml.core.io.JsonText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --json} on every verb that reports something: one JSON object on standard output, the text output otherwise unchanged. */
class JsonOutputTest {

    /** Verbs without a result to report: command groups, scripts and the server. */
    private static final Set<String> WITHOUT_JSON = Set.of("", "zkey", "ptau", "completion", "serve", "worker"); // serve and worker run until stopped

    private static void verbs(CommandLine cmd, String prefix, List<CommandLine> into, List<String> names) {
        into.add(cmd);
        names.add(prefix);
        cmd.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                verbs(sub, (prefix + " " + name).strip(), into, names);
            }
        });
    }

    @Test
    void everyVerbThatReportsTakesJson() {
        List<CommandLine> all = new ArrayList<>();
        List<String> names = new ArrayList<>();
        verbs(new CommandLine(new ZkmlCommand()), "", all, names);
        for (int i = 0; i < all.size(); i++) {
            boolean has = all.get(i).getCommandSpec().findOption("--json") != null;
            assertThat(has).as("zkml " + names.get(i) + " --json").isEqualTo(!WITHOUT_JSON.contains(names.get(i)));
        }
    }

    @Test
    void everyVerbsJsonParses(@TempDir Path dir) throws Exception {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        Path model = CompilePipelineTest.copy("/models/1l_mlp/network.onnx", dir.resolve("network.onnx"));
        Path input = CompilePipelineTest.copy("/models/1l_mlp/input.json", dir.resolve("input.json"));
        String circ = dir.resolve("circ").toString();
        String wtns = dir.resolve("w.wtns").toString(), output = dir.resolve("out.json").toString();
        String bundle = dir.resolve("bundle").toString(), vk = dir.resolve("vk.json").toString();
        String[][] pipeline = {
                {"compile", model.toString(), "-o", circ, "--input-range", "-2:2", "--input-visibility", "hashed", "--output-visibility", "argmax"},
                {"commit", "--circuit", circ, "--input", input.toString(), "-o", dir.resolve("salts.json").toString()},
                {"witness", circ, "--input", input.toString(), "--salts", dir.resolve("salts.json").toString(), "--witness", wtns, "--output", output},
                {"setup", circ, "--dev"},
                {"prove", circ, "--input", input.toString(), "--salts", dir.resolve("salts.json").toString(), "-o", bundle, "--backend", "java"},
                {"verify", bundle},
                {"export-vk", circ, "-o", vk},
                {"export-verifier", "--vk", vk, "-o", dir.resolve("Verifier.sol").toString()},
                {"calldata", "--proof", bundle + "/proof.json", "--public", bundle + "/public.json"},
                {"inspect", circ},
        };
        String p0 = dir.resolve("p0.ptau").toString(), p1 = dir.resolve("p1.ptau").toString(), p2 = dir.resolve("p2.ptau").toString();
        String p3 = dir.resolve("p3.ptau").toString();
        String k0 = dir.resolve("k0.zkey").toString(), k1 = dir.resolve("k1.zkey").toString(), k2 = dir.resolve("k2.zkey").toString();
        String[][] ceremony = {
                {"ptau", "new", "--power", "4", p0},
                {"ptau", "contribute", p0, p1, "-e", "coin flips", "-n", "alice"},
                {"ptau", "beacon", p1, p2, "--hash", "deadbeef", "--iterations", "10"},
                {"ptau", "prepare", p2, p3},
                {"ptau", "verify", p3},
                {"setup", "--r1cs", fixture("square_chain.r1cs"), "--ptau", p3, "--zkey", k0},
                {"contribute", k0, k1, "-e", "more", "-n", "bob"},
                {"beacon", k1, k2, "--hash", "cafe", "--iterations", "10"},
                {"zkey", "verify", fixture("square_chain.r1cs"), p3, k2},
                {"bench", "--log2n", "5", "--proofs", "1", "--backend", "java"},
        };
        for (String[][] steps : List.of(pipeline, ceremony)) {
            for (String[] step : steps) {
                List<String> args = new ArrayList<>(List.of(step));
                args.add("--json");
                Run r = ZkmlCommandTest.zkml(args.toArray(String[]::new));
                String what = String.join(" ", args);
                assertThat(r.exit()).as(what + "\n" + r.err()).isZero();
                JsonNode node = JsonText.parse(what, r.out()).node();
                assertThat(node.isObject()).as(what).isTrue();
                out.put(step[0].equals("ptau") || step[0].equals("zkey") ? step[0] + " " + step[1] : step[0] + (out.containsKey(step[0]) ? "2" : ""),
                        node);
            }
        }
        assertThat(out.get("compile").path("report").path("constraints").asInt()).isPositive();
        assertThat(out.get("compile").path("files").path("circuit.r1cs").asText()).endsWith("circuit.r1cs");
        assertThat(out.get("commit").path("commitments").get(0).path("commitment").asText()).isNotEmpty();
        JsonNode witness = out.get("witness");
        assertThat(witness.path("disclosed").get(0).path("visibility").asText()).isEqualTo("argmax");
        assertThat(witness.path("commitments").toString()).contains(out.get("commit").path("commitments").get(0).path("commitment").asText());
        assertThat(witness.has("output_salts")).isFalse();
        assertThat(out.get("setup").path("development").asBoolean()).isTrue();
        assertThat(out.get("setup").path("recordedIn").asText()).endsWith("circuit.json");
        assertThat(out.get("setup").path("sha256").asText()).hasSize(64);
        assertThat(out.get("verify").path("valid").asBoolean()).isTrue();
        assertThat(out.get("export-vk").path("vk").asText()).isEqualTo(vk);
        assertThat(out.get("export-verifier").path("publicSignals").asInt()).isEqualTo(out.get("setup").path("publicSignals").asInt());
        assertThat(out.get("calldata").path("pubSignals").size()).isEqualTo(out.get("setup").path("publicSignals").asInt());
        assertThat(out.get("calldata").path("b").get(0).size()).isEqualTo(2);
        assertThat(out.get("ptau new").path("firstChallengeHash").asText()).startsWith("0x").hasSize(2 + 128);
        String alice = out.get("ptau contribute").path("responseHash").asText();
        JsonNode ptauVerify = out.get("ptau verify");
        assertThat(ptauVerify.path("valid").asBoolean()).isTrue();
        assertThat(ptauVerify.path("prepared").asBoolean()).isTrue();
        assertThat(ptauVerify.path("contributions").get(0).path("responseHash").asText()).isEqualTo(alice);
        assertThat(ptauVerify.path("contributions").get(1).path("beacon").asBoolean()).isTrue();
        String bob = out.get("contribute").path("contributionHash").asText();
        assertThat(out.get("contribute").path("name").asText()).isEqualTo("bob");
        assertThat(out.get("setup2").path("development").asBoolean()).isFalse();
        JsonNode zkeyVerify = out.get("zkey verify");
        assertThat(zkeyVerify.path("valid").asBoolean()).isTrue();
        assertThat(zkeyVerify.path("contributions").get(0).path("hash").asText()).isEqualTo(bob);
        assertThat(zkeyVerify.path("contributions").get(1).path("beacon").asBoolean()).isTrue();

        // a negative answer: exit 1, still one JSON object
        Run invalid = ZkmlCommandTest.zkml("zkey", "verify", fixture("square_chain.r1cs"), fixture("pot8_final.ptau"), k2, "--json");
        assertThat(invalid.exit()).isEqualTo(1);
        JsonNode no = JsonText.parse("zkey verify", invalid.out()).node();
        assertThat(no.path("valid").asBoolean()).isFalse();
        assertThat(no.path("reason").asText()).isNotEmpty();
        // without --json the text is as before
        assertThat(ZkmlCommandTest.zkml("calldata", "--proof", bundle + "/proof.json", "--public", bundle + "/public.json").out()).startsWith("[\"0x");
        assertThat(Files.readString(Path.of(output))).contains("disclosed");
        // text printed without a final newline reaches a buffered stream, as System.out is
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int exit = ZkmlCommand.execute(new java.io.PrintWriter(bytes, true), new java.io.PrintWriter(new java.io.StringWriter(), true),
                "export-verifier", "--vk", vk);
        assertThat(exit).isZero();
        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("contract Groth16Verifier");
    }
}
