package io.zkml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.io.JsonText;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {"The first command to run: compiles, keys, proves and verifies a real model's private inference.",
                "It compiles the breast-cancer diagnosis model of models/breast-cancer/ with the patient's 30 features private and",
                "committed by a salted Poseidon hash (hashed) and only the diagnosis disclosed (argmax); makes a DEVELOPMENT key",
                "(secrets drawn on this machine: fine for a demo, forgeable by whoever made it); commits to one held-out patient's record, proves the diagnosis, and verifies the proof in Java.",
                "Prints each step's time and where the files are; each step is a zkml command you can rerun on the files.",
                "The model folder (--model-dir) holds model.onnx (or one .onnx), input.json (one record) and optionally meta.json",
                "(\"input_range\": \"LO:HI\" or [LO, HI], \"input_scale\", \"param_scale\", at the top or under \"compile\";",
                "class names as \"labels\" or \"output\": {\"class_names\"}); without an input range the record's own range, widened, is used."})

final class DemoCommand implements Callable<Integer> {

    /** The demo model, relative to the repository root. */
    static final String DEFAULT_MODEL = "models/breast-cancer";

    @Spec
    CommandSpec spec;

    @Option(names = "--model-dir", paramLabel = "DIR", description = "the model folder (default: " + DEFAULT_MODEL + " of the zkml checkout)")
    Path modelDir;

    @Option(names = "--dir", paramLabel = "WORK", description = "the work folder to write into (default: a fresh zkml-demo folder in the current"
            + " directory, or in the temporary directory where the current one is not writable)")
    Path work;

    @Option(names = "--backend", defaultValue = "auto", paramLabel = "auto|native|java", description = "the prover (default ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--json", description = "print a JSON summary (steps and times, the result, the files) on standard output")
    boolean json;

    private record Step(String name, String command, double seconds) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ZkmlRoot root = (ZkmlRoot) spec.root().userObject();
        Path models = modelDir != null ? modelDir : defaultModelDir();
        Path model = onnxIn(models);
        Path input = models.resolve("input.json");
        if (!Files.isRegularFile(input)) {
            throw new IllegalArgumentException("no such file: " + input + " (the demo proves the record in the model folder's input.json)");
        }
        JsonNode meta = Files.isRegularFile(models.resolve("meta.json")) ? JsonText.read(models.resolve("meta.json")).node() : null;
        boolean fresh = work == null;
        Path dir = fresh ? freshWorkDir() : work;
        Files.createDirectories(dir);
        Path circuit = dir.resolve("circuit"), commitment = dir.resolve("commitment.json"), bundle = dir.resolve("bundle");

        List<String> compile = new ArrayList<>(List.of("compile", model.toString(), "-o", circuit.toString(), "--input-visibility", "hashed",
                "--output-visibility", "argmax"));
        compile.addAll(compileOptions(meta, input));
        List<Step> steps = new ArrayList<>();
        String[][] commands = {
                compile.toArray(String[]::new),
                {"setup", circuit.toString(), "--dev"},
                {"commit", "--circuit", circuit.toString(), "--input", input.toString(), "-o", commitment.toString()},
                {"prove", circuit.toString(), "--input", input.toString(), "--salts", commitment.toString(), "-o", bundle.toString(), "--backend", backend},
                {"verify", bundle.toString()}};
        String[] what = {"compile the model (features hashed, diagnosis as argmax)", "make a DEVELOPMENT key", "commit to the patient's record",
                "compute the witness and prove", "verify the proof in Java"};
        if (!json) {
            out.println("zkml demo: model " + model + ", patient " + input);
            out.println("zkml demo: work folder " + dir.toAbsolutePath() + (fresh ? " (a fresh folder in " + (dir.isAbsolute()
                    ? "the temporary directory, as the current one is not writable" : "the current directory") + "; --dir chooses another)" : ""));
            out.flush();
        }
        for (int i = 0; i < commands.length; i++) {
            String[] args = commands[i];
            StringWriter stepOut = new StringWriter(), stepErr = new StringWriter();
            long t0 = System.nanoTime();
            int exit = ZkmlCommand.execute(new PrintWriter(stepOut, true), new PrintWriter(stepErr, true), withVerbose(args, root.verbose()));
            double seconds = (System.nanoTime() - t0) / 1e9;
            steps.add(new Step(args[0], "zkml " + String.join(" ", args), seconds));
            Files.writeString(dir.resolve("log-" + (i + 1) + "-" + args[0] + ".txt"), "$ zkml " + String.join(" ", args) + "\n" + stepOut + stepErr);
            if (exit != 0) {
                err.print(stepErr);
                err.println("zkml demo: step " + (i + 1) + " (zkml " + args[0] + ") failed with exit " + exit + "; its log: "
                        + dir.resolve("log-" + (i + 1) + "-" + args[0] + ".txt"));
                return exit;
            }
            if (!json) {
                out.printf(Locale.ROOT, "  [%d/%d] %-58s %7.2f s%s%n", i + 1, commands.length, what[i], seconds, detail(args[0], circuit, stepOut));
                out.flush();
            }
            if (args[0].equals("setup") && !root.quiet()) {
                SetupCommand.warn(err);
                err.flush();
            }
        }
        JsonNode b = JsonText.read(bundle.resolve(ProveCommand.BUNDLE)).node();
        Optional<Long> diagnosis = argmax(b);
        String label = diagnosis.map(d -> label(meta, d)).orElse("?");
        String commit = commitmentOf(b);
        if (json) {
            ObjectNode o = JsonText.NODES.objectNode();
            o.put("dir", dir.toAbsolutePath().toString());
            o.put("model", model.toString());
            o.put("input", input.toString());
            o.put("valid", true);
            o.put("developmentKey", true);
            diagnosis.ifPresent(d -> o.put("class", d));
            o.put("label", label);
            o.put("commitment", commit);
            ArrayNode a = o.putArray("steps");
            for (Step s : steps) {
                a.addObject().put("step", s.name()).put("command", s.command()).put("seconds", s.seconds());
            }
            ObjectNode files = o.putObject("files");
            files.put("circuit", circuit.toString());
            files.put("commitment", commitment.toString());
            files.put("bundle", bundle.toString());
            out.println(JsonText.stringify(o));
        } else {
            out.println();
            out.println("valid: the proof shows that the committed record gives " + (label.startsWith("'") ? "diagnosis " + label
                    + diagnosis.map(d -> " (class " + d + ")").orElse("") : label) + ", without revealing the record");
            out.println("  record commitment (public): " + commit);
            out.println("  key: DEVELOPMENT key, made on this machine: whoever has its secrets can forge proofs; for a real key see"
                    + " the README's ceremony section");
            out.println();
            out.println("files in " + dir.toAbsolutePath() + ":");
            out.println("  circuit/          the compiled circuit (circuit.r1cs, circuit.json, report.txt) and its key circuit.zkey");
            out.println("  commitment.json   the record's commitment and its salt (private: whoever has it can test guesses of the record)");
            out.println("  bundle/           proof.json, public.json, calldata.txt, output.json (the prover's view), bundle.json (what a verifier gets)");
            out.println("  log-*.txt         each step's command and output");
            out.println("next: zkml inspect " + circuit + "    zkml verify " + bundle + " --json");
            out.println("      zkml export-vk " + circuit + " -o vk.json && zkml export-verifier --vk vk.json -o Verifier.sol");
        }
        out.flush();
        return 0;
    }

    private static String[] withVerbose(String[] args, boolean verbose) {
        return verbose ? Stream.concat(Stream.of(args), Stream.of("--verbose")).toArray(String[]::new) : args;
    }

    private static String detail(String step, Path circuit, StringWriter stepOut) {
        try {
            return switch (step) {
                case "compile" -> "  (" + JsonText.read(circuit.resolve("circuit.json")).node().path("r1cs").path("constraints").asLong()
                        + " constraints)";
                case "verify" -> "  (" + stepOut.toString().strip() + ")";
                default -> "";
            };
        } catch (IOException e) {
            return "";
        }
    }

    /** The compile options of meta.json, else an input range covering the record. */
    static List<String> compileOptions(JsonNode meta, Path input) {
        JsonNode m = meta == null ? JsonText.NODES.objectNode() : meta.has("compile") ? meta.get("compile") : meta;
        List<String> opts = new ArrayList<>();
        JsonNode range = m.path("input_range");
        if (range.isTextual()) {
            opts.addAll(List.of("--input-range", range.asText()));
        } else if (range.isArray() && range.size() == 2 && range.get(0).isNumber()) {
            opts.addAll(List.of("--input-range", range.get(0).asText() + ":" + range.get(1).asText()));
        } else if (range.isArray()) {
            for (JsonNode r : range) {
                opts.addAll(List.of("--input-range", r.isArray() ? r.get(0).asText() + ":" + r.get(1).asText() : r.asText()));
            }
        } else {
            opts.addAll(List.of("--calibration", input.toString()));
        }
        for (String[] f : new String[][] {{"input_scale", "--input-scale"}, {"param_scale", "--param-scale"}}) {
            if (m.path(f[0]).isIntegralNumber() && m.get(f[0]).canConvertToInt()) {
                opts.addAll(List.of(f[1], m.get(f[0]).asText()));
            }
        }
        return opts;
    }

    private static Optional<Long> argmax(JsonNode bundle) {
        for (JsonNode o : bundle.path("outputs")) {
            if ("argmax".equals(o.path("visibility").asText()) && o.path("values").size() > 0) {
                return Optional.of(o.path("values").get(0).asLong());
            }
        }
        return Optional.empty();
    }

    private static String label(JsonNode meta, long cls) {
        JsonNode labels = meta == null ? null : meta.has("labels") ? meta.get("labels") : meta.path("output").get("class_names");
        return labels != null && labels.isArray() && cls >= 0 && cls < labels.size() ? "'" + labels.get((int) cls).asText() + "'" : "class " + cls;
    }

    private static String commitmentOf(JsonNode bundle) {
        for (JsonNode i : bundle.path("inputs")) {
            if ("hashed".equals(i.path("visibility").asText()) && i.path("values").size() > 0) {
                return i.path("values").get(0).path("hex").asText();
            }
        }
        return "?";
    }

    /** The demo model folder: under the checkout the launcher names (zkml.home), or above the current directory. */
    private static Path defaultModelDir() {
        String home = System.getProperty("zkml.home");
        if (home != null) {
            return Path.of(home).resolve(DEFAULT_MODEL);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(DEFAULT_MODEL))) {
                return p.resolve(DEFAULT_MODEL);
            }
        }
        return Path.of(DEFAULT_MODEL);
    }

    private static Path onnxIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no such model folder: " + dir + " (give one with --model-dir DIR)");
        }
        if (Files.isRegularFile(dir.resolve("model.onnx"))) {
            return dir.resolve("model.onnx");
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> onnx = s.filter(p -> p.toString().endsWith(".onnx")).sorted().toList();
            if (onnx.size() != 1) {
                throw new IllegalArgumentException("no such file: " + dir.resolve("model.onnx") + (onnx.isEmpty() ? "" : " (and " + onnx.size()
                        + " other .onnx files there)"));
            }
            return onnx.getFirst();
        }
    }

    /** zkml-demo, zkml-demo-2, … in the current directory, or in the temporary directory if that is not writable. */
    private static Path freshWorkDir() throws IOException {
        Path base = Path.of("");
        if (!Files.isWritable(base.toAbsolutePath())) {
            return Files.createTempDirectory("zkml-demo-");
        }
        for (int i = 1; ; i++) {
            Path p = base.resolve(i == 1 ? "zkml-demo" : "zkml-demo-" + i);
            if (!Files.exists(p)) {
                return p;
            }
        }
    }
}
