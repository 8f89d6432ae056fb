package io.zkml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.bundle.CircuitFolder;
import io.zkml.bundle.KeyRecord;
import io.zkml.bundle.ProofBundle;
import io.zkml.bundle.PublicSignal;
import io.zkml.compiler.CompileException;
import io.zkml.compiler.onnx.OnnxSummary;
import io.zkml.core.groth16.VerifyingKey;
import io.zkml.core.io.BinFile;
import io.zkml.core.io.BinSection;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.JsonAt;
import io.zkml.core.io.JsonText;
import io.zkml.core.ptau.Ptau;
import io.zkml.core.ptau.ContributionParams;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.r1cs.R1csReader;
import io.zkml.core.snarkjs.ProofJson;
import io.zkml.core.snarkjs.PublicSignalsJson;
import io.zkml.core.snarkjs.VerificationKeyJson;
import io.zkml.core.wtns.Witness;
import io.zkml.core.wtns.WtnsReader;
import io.zkml.core.zkey.Provenance;
import io.zkml.core.zkey.Zkey;
import io.zkml.prover.groth16.VerificationKeyExport;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The summaries that {@code zkml inspect} prints: one JSON object per file, {@code "type"} first. The kind of
 * file is told from its content (the four-byte magic of the binary formats, the keys of a JSON document, a
 * protobuf ModelProto), not from its name; a folder must be a circuit folder.
 */
final class Inspector {

    private static final Map<Integer, String> ZKEY_SECTIONS = Map.ofEntries(Map.entry(1, "header"), Map.entry(2, "groth16 header"),
            Map.entry(3, "IC"), Map.entry(4, "coefficients"), Map.entry(5, "A"), Map.entry(6, "B1"), Map.entry(7, "B2"), Map.entry(8, "C"),
            Map.entry(9, "H"), Map.entry(10, "contributions"), Map.entry(Provenance.SECTION, "zkml provenance"));
    private static final Map<Integer, String> PTAU_SECTIONS = Map.ofEntries(Map.entry(1, "header"), Map.entry(2, "tauG1"), Map.entry(3, "tauG2"),
            Map.entry(4, "alphaTauG1"), Map.entry(5, "betaTauG1"), Map.entry(6, "betaG2"), Map.entry(7, "contributions"),
            Map.entry(12, "lagrange tauG1"), Map.entry(13, "lagrange tauG2"), Map.entry(14, "lagrange alphaTauG1"),
            Map.entry(15, "lagrange betaTauG1"));

    private Inspector() {
    }

    /**
     * The summary of a file or circuit folder.
     *
     * @throws FormatException if it is none of the kinds zkml knows, or malformed; the message names the path
     */
    static ObjectNode inspect(Path path) throws IOException {
        try {
            if (Files.isDirectory(path) && !Files.exists(path.resolve(CircuitFolder.CIRCUIT_JSON))
                    && Files.isRegularFile(path.resolve(ProveCommand.BUNDLE))) {
                return inspect(path.resolve(ProveCommand.BUNDLE)); // a bundle folder (zkml prove -o BUNDLE/)
            }
            if (Files.isDirectory(path)) {
                return circuitFolder(path);
            }
            if (!Files.isRegularFile(path)) {
                throw new NoSuchFileException(path.toString());
            }
            String magic = magic(path);
            return switch (magic) {
                case R1csReader.MAGIC -> r1cs(path);
                case Zkey.MAGIC -> zkey(path);
                case WtnsReader.MAGIC -> wtns(path);
                case Ptau.MAGIC -> ptau(path);
                default -> looksLikeJson(path) ? json(path) : onnx(path);
            };
        } catch (FormatException e) {
            // name the path as given: readers name the file alone
            if (e.getMessage().contains(path.toString())) {
                throw e;
            }
            if (e.source().equals(String.valueOf(path.getFileName()))) {
                throw FormatException.of(path.toString(), e.location().map(l -> l + ": ").orElse("") + e.detail());
            }
            throw FormatException.of(path.toString(), e.getMessage());
        }
    }

    private static String magic(Path path) throws IOException {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(path)) {
            int n = in.readNBytes(head, 0, 4);
            return n == 4 ? new String(head, StandardCharsets.ISO_8859_1) : "";
        }
    }

    private static boolean looksLikeJson(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            for (int b; (b = in.read()) >= 0; ) {
                if (b == '{' || b == '[') {
                    return true;
                }
                if (b != ' ' && b != '\t' && b != '\n' && b != '\r' && b != 0xEF && b != 0xBB && b != 0xBF) {
                    return false;
                }
            }
        }
        return false;
    }

    private static ObjectNode start(String type, Path path) throws IOException {
        ObjectNode o = JsonText.NODES.objectNode();
        o.put("type", type);
        o.put("path", path.toString());
        if (Files.isRegularFile(path)) {
            o.put("bytes", Files.size(path));
        }
        return o;
    }

    // ------------------------------------------------------------ binary formats

    private static ObjectNode r1cs(Path path) throws IOException {
        R1cs r = R1csReader.read(path);
        ObjectNode o = start("r1cs", path);
        o.put("format", "circom R1CS, version " + R1csReader.VERSION);
        o.put("prime", "BN254 scalar field r = " + io.zkml.core.field.Fr.MODULUS);
        o.put("constraints", r.nConstraints());
        o.put("wires", r.nWires());
        o.put("publicOutputs", r.wires().nPubOut());
        o.put("publicInputs", r.wires().nPubIn());
        o.put("publicSignals", r.nPublic());
        o.put("privateInputs", r.wires().nPrvIn());
        o.put("labels", r.nLabels());
        o.put("sha256", KeyRecord.sha256(path));
        return o;
    }

    private static ObjectNode zkey(Path path) throws IOException {
        try (BinFile f = BinFile.open(path, Zkey.MAGIC, Zkey.VERSION)) {
            Zkey z = Zkey.read(f);
            ObjectNode o = start("zkey", path);
            o.put("format", "snarkjs .zkey, Groth16 over bn128");
            o.put("wires", z.nVars());
            o.put("publicSignals", z.nPublic());
            o.put("domainSize", z.domainSize());
            o.put("power", z.header().power());
            o.put("circuitHash", z.mpcParams().csHash().toHex());
            o.set("provenance", z.provenance().toJson());
            o.put("provenanceSummary", z.provenance().summary());
            ArrayNode cs = o.putArray("contributions");
            z.mpcParams().contributions().forEach(c -> contribution(cs, c.isBeacon(), c.params()));
            sections(o, f, ZKEY_SECTIONS);
            o.put("sha256", KeyRecord.sha256(path));
            return o;
        }
    }

    private static ObjectNode wtns(Path path) throws IOException {
        Witness w = WtnsReader.read(path);
        ObjectNode o = start("wtns", path);
        o.put("format", "circom witness, version " + WtnsReader.VERSION);
        o.put("prime", "BN254 scalar field r");
        o.put("values", w.size());
        o.put("note", "the values are the private witness and are not shown");
        return o;
    }

    private static ObjectNode ptau(Path path) throws IOException {
        try (BinFile f = BinFile.open(path, Ptau.MAGIC, Ptau.VERSION)) {
            Ptau p = Ptau.read(f);
            ObjectNode o = start("ptau", path);
            o.put("format", "snarkjs powers of tau, bn128");
            o.put("power", p.power());
            o.put("ceremonyPower", p.ceremonyPower());
            o.put("maxConstraints", 1L << p.power());
            o.put("preparedForPhase2", p.isPrepared());
            ArrayNode cs = o.putArray("contributions");
            p.contributions().forEach(c -> contribution(cs, c.isBeacon(), c.params()));
            sections(o, f, PTAU_SECTIONS);
            return o;
        }
    }

    /** A phase-1 or phase-2 contribution: its number, person or beacon, name, and a beacon's parameters. */
    private static void contribution(ArrayNode list, boolean beacon, ContributionParams params) {
        ObjectNode e = list.addObject();
        e.put("index", list.size());
        e.put("type", beacon ? "beacon" : "contribution");
        params.name().ifPresent(n -> e.put("name", n));
        params.numIterationsExp().ifPresent(n -> e.put("iterationsExponent", n));
        params.beaconHash().ifPresent(h -> e.put("beaconHash", h.toHex()));
    }

    private static void sections(ObjectNode o, BinFile f, Map<Integer, String> names) {
        ArrayNode s = o.putArray("sections");
        for (BinSection b : f.sections()) {
            s.addObject().put("type", b.type()).put("name", names.getOrDefault(b.type(), "other")).put("bytes", b.size());
        }
    }

    // ------------------------------------------------------------ ONNX

    private static ObjectNode onnx(Path path) throws IOException {
        OnnxSummary m;
        try {
            m = OnnxSummary.of(Files.readAllBytes(path));
        } catch (CompileException e) {
            throw FormatException.of(path.toString(), "not a file zkml knows (.onnx, .r1cs, .zkey, .wtns, .ptau, or JSON: proof, public"
                    + " signals, verification key, bundle, circuit.json); read as ONNX: " + e.getMessage());
        }
        ObjectNode o = start("onnx", path);
        o.put("irVersion", m.irVersion());
        o.put("producer", m.producer());
        ObjectNode opsets = o.putObject("opsets");
        m.opsets().forEach((d, v) -> opsets.put(d.isEmpty() ? "ai.onnx" : d, v));
        o.set("inputs", tensors(m.inputs()));
        o.set("outputs", tensors(m.outputs()));
        o.put("nodes", m.nodes());
        ObjectNode ops = o.putObject("ops");
        m.ops().forEach(ops::put);
        o.put("initializers", m.initializers());
        o.put("parameters", m.parameters());
        return o;
    }

    private static ArrayNode tensors(List<OnnxSummary.Tensor> ts) {
        ArrayNode a = JsonText.NODES.arrayNode();
        for (OnnxSummary.Tensor t : ts) {
            ObjectNode e = a.addObject().put("name", t.name()).put("type", t.type().toLowerCase(java.util.Locale.ROOT));
            ArrayNode shape = e.putArray("shape");
            t.shape().forEach(d -> {
                if (d.chars().allMatch(Character::isDigit) && !d.isEmpty()) {
                    shape.add(Long.parseLong(d));
                } else {
                    shape.add(d);
                }
            });
        }
        return a;
    }

    // ------------------------------------------------------------ JSON

    private static ObjectNode json(Path path) throws IOException {
        JsonAt root = JsonText.read(path);
        JsonNode n = root.node();
        if (n.isArray()) {
            List<BigInteger> values = PublicSignalsJson.read(root);
            ObjectNode o = start("public signals", path);
            o.put("count", values.size());
            ArrayNode v = o.putArray("values");
            values.forEach(x -> v.add(x.toString()));
            if (values.stream().anyMatch(x -> x.compareTo(io.zkml.core.field.Fr.MODULUS) >= 0)) {
                o.put("warning", "a value is not below r: no verifier accepts it");
            }
            return o;
        }
        if (n.isObject() && "zkml-circuit".equals(n.path("format").asText())) {
            Path dir = path.toAbsolutePath().getParent();
            return circuitFolder(dir);
        }
        if (ProofBundle.isBundle(root)) {
            return bundle(path, root);
        }
        if (n.has("pi_a")) {
            ProofJson.readUnchecked(root);
            ObjectNode o = start("proof", path);
            o.put("format", "snarkjs proof.json, Groth16 over bn128");
            boolean valid;
            try {
                ProofJson.read(root);
                valid = true;
            } catch (FormatException e) {
                valid = false;
                o.put("problem", e.getMessage());
            }
            o.put("pointsOnCurve", valid);
            return o;
        }
        if (n.has("vk_alpha_1")) {
            return verificationKey(path, root);
        }
        if (n.has("commitment") && n.has("salt")) {
            ObjectNode o = start("commitment", path);
            o.put("format", "zkml commit's commitment.json");
            for (String f : new String[] {"scheme", "commitment", "scale", "tensor_sizes"}) {
                root.optionalField(f).ifPresent(v -> o.set(f, v.node()));
            }
            o.put("salt", "present (secret: whoever has it and the data can show what was committed to; not shown)");
            return o;
        }
        if (n.has("input_data")) {
            ObjectNode o = start("input", path);
            o.put("format", "EZKL input.json");
            ArrayNode sizes = o.putArray("tensorSizes");
            root.field("input_data").elements().forEach(t -> sizes.add(t.elements().size()));
            return o;
        }
        throw root.error("JSON that zkml does not know: expected a proof (pi_a), public signals (an array), a verification key"
                + " (vk_alpha_1), a proof bundle or circuit.json (\"format\")");
    }

    private static ObjectNode verificationKey(Path path, JsonAt root) throws IOException {
        VerifyingKey vk = VerificationKeyJson.read(root);
        ObjectNode o = start("verification key", path);
        o.put("format", "snarkjs verification_key.json, Groth16 over bn128");
        o.put("publicSignals", vk.nPublic());
        root.optionalField(VerificationKeyExport.PROVENANCE_FIELD).ifPresentOrElse(p -> o.set("provenance", p.node()),
                () -> o.put("provenance", "not recorded (no " + VerificationKeyExport.PROVENANCE_FIELD + ")"));
        root.optionalField(ExportVkCommand.SIGNALS_FIELD).ifPresent(s -> o.set("signals", runs(PublicSignal.readAll(s))));
        o.put("sha256", KeyRecord.sha256(path));
        return o;
    }

    private static ObjectNode bundle(Path path, JsonAt root) throws IOException {
        ProofBundle b = ProofBundle.read(root);
        ObjectNode o = start("proof bundle", path);
        o.put("version", ProofBundle.VERSION);
        o.put("publicSignals", b.publicSignals().size());
        o.set("outputs", b.outputs());
        o.set("inputs", b.inputs());
        o.put("circuitHash", b.circuitHash());
        o.put("zkeyHash", b.zkeyHash());
        o.set("provenance", b.provenance());
        o.put("consistent", b.inconsistency().isEmpty());
        b.inconsistency().ifPresent(s -> o.put("problem", s));
        o.put("note", "check the proof with: zkml verify --vk vk.json --bundle " + path);
        return o;
    }

    // ------------------------------------------------------------ circuit folders

    private static ObjectNode circuitFolder(Path dir) throws IOException {
        CircuitFolder f = CircuitFolder.read(dir);
        JsonAt c = f.json();
        ObjectNode o = start("circuit folder", dir);
        c.optionalField("model").ifPresent(m -> o.set("model", m.node()));
        c.optionalField("options").ifPresent(m -> o.set("options", m.node()));
        c.optionalField("inputs").ifPresent(m -> o.set("inputs", m.node()));
        c.optionalField("outputs").ifPresent(m -> o.set("outputs", m.node()));
        c.optionalField("policies").ifPresent(m -> o.set("policies", m.node()));
        ObjectNode r = o.putObject("r1cs");
        c.field("r1cs").node().properties().forEach(e -> r.set(e.getKey(), e.getValue()));
        r.put("fileMatches", Files.isRegularFile(f.r1csPath()) && KeyRecord.sha256(f.r1csPath()).equals(f.r1csSha256()));
        o.set("publicSignals", runs(f.publicSignals()));
        var key = f.key();
        if (key.isPresent()) {
            ObjectNode k = key.get().toJson();
            Path file = key.get().resolve(dir);
            k.put("fileMatches", Files.isRegularFile(file) && KeyRecord.sha256(file).equals(key.get().sha256()));
            o.set("key", k);
        } else {
            o.put("key", "none recorded (zkml setup " + dir + " records one)");
        }
        return o;
    }

    /** Public signals as runs of one tensor: signals, kind, tensor, visibility, scale. */
    private static ArrayNode runs(List<PublicSignal> signals) {
        ArrayNode a = JsonText.NODES.arrayNode();
        for (List<PublicSignal> run : PublicSignal.runs(signals)) {
            PublicSignal s = run.getFirst();
            ObjectNode e = a.addObject();
            e.put("signals", run.size() == 1 ? Integer.toString(s.index()) : s.index() + "-" + run.getLast().index());
            e.put("kind", s.kind());
            e.put("tensor", s.tensor());
            e.put("visibility", s.visibility());
            s.scale().ifPresent(v -> e.put("scale", v));
            s.commitment().ifPresent(v -> e.set("commitment", v));
        }
        return a;
    }
}
