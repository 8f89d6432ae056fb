package io.zkml.compiler.circuit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.compiler.CompileException;
import io.zkml.compiler.CompileOptions;
import io.zkml.compiler.ParamVisibility;
import io.zkml.compiler.Visibility;
import io.zkml.compiler.lower.LayerStats;
import io.zkml.compiler.lower.Lowering;
import io.zkml.compiler.quant.Policies;
import io.zkml.compiler.quant.QProgram;
import io.zkml.core.field.Fr;
import io.zkml.core.r1cs.R1csWriter;
import io.zkml.core.r1cs.WireLayout;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The files of a compiled circuit: {@code circuit.r1cs} (circom format), {@code circuit.json} (what the circuit
 * computes and how to feed it), {@code report.json} and {@code report.txt} (per-layer cost), and
 * {@code model.onnx} (the source, from which {@code zkml witness} recompiles the solvers and checks the R1CS
 * hash). The same model and options give the same bytes.
 */
public final class CircuitFiles {

    /** The format version of circuit.json. */
    public static final int FORMAT_VERSION = 1;

    public static final String R1CS = "circuit.r1cs";
    public static final String CIRCUIT_JSON = "circuit.json";
    public static final String REPORT_JSON = "report.json";
    public static final String REPORT_TXT = "report.txt";
    public static final String MODEL = "model.onnx";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CircuitFiles() {
    }

    /** Writes every file into dir (created if missing). */
    public static void write(Circuit c, byte[] model, Path dir) throws IOException {
        write(c, model, dir, null);
    }

    /** Writes every file into dir, with report.json's {@code calibration} object when calibration is not null. */
    public static void write(Circuit c, byte[] model, Path dir, JsonNode calibration) throws IOException {
        Files.createDirectories(dir);
        String r1csSha;
        try (OutputStream out = Files.newOutputStream(dir.resolve(R1CS))) {
            r1csSha = writeR1cs(c, out);
        }
        Files.write(dir.resolve(MODEL), model);
        Files.writeString(dir.resolve(CIRCUIT_JSON), json(circuitJson(c, r1csSha)), StandardCharsets.UTF_8);
        ObjectNode report = reportJson(c);
        if (calibration != null) {
            report.set("calibration", calibration);
        }
        Files.writeString(dir.resolve(REPORT_JSON), json(report), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(REPORT_TXT), reportTable(c), StandardCharsets.UTF_8);
    }

    private static String json(JsonNode n) {
        try {
            return JSON.writeValueAsString(n) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes circuit.r1cs's bytes to out (buffered) and returns their SHA-256. */
    public static String writeR1cs(Circuit c, OutputStream out) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        DigestOutputStream d = new DigestOutputStream(new BufferedOutputStream(out, 1 << 16), sha);
        R1csWriter.write(c.r1cs(), d);
        d.flush();
        return HexFormat.of().formatHex(sha.digest());
    }

    /** circuit.json's content. */
    public static ObjectNode circuitJson(Circuit c, String r1csSha256) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "zkml-circuit");
        root.put("version", FORMAT_VERSION);
        ObjectNode model = root.putObject("model");
        model.put("file", MODEL);
        model.put("sha256", c.modelSha256());
        CompileOptions o = c.options();
        ObjectNode opts = root.putObject("options");
        opts.put("inputScale", o.inputScale());
        opts.put("paramScale", o.paramScale());
        QProgram p = c.program();
        opts.put("paramVisibility", o.paramVisibility().toString());
        if (p.params() != null) {
            opts.putArray("paramRange").add(p.params().range().lo()).add(p.params().range().hi());
        }
        ArrayNode inputs = root.putArray("inputs");
        for (int k = 0; k < p.inputs().size(); k++) {
            QProgram.Input in = p.inputs().get(k);
            ObjectNode n = inputs.addObject();
            n.put("name", in.name());
            shape(n.putArray("shape"), in.value().shape());
            n.put("scale", in.value().scale());
            if (in.integer()) {
                n.put("integer", true);
            }
            n.putArray("range").add(in.range().lo()).add(in.range().hi());
            n.putArray("quantizedRange").add(in.qlo()).add(in.qhi());
            n.put("visibility", in.visibility().toString());
        }
        ArrayNode outputs = root.putArray("outputs");
        for (QProgram.Output out : p.outputs()) {
            ObjectNode n = outputs.addObject();
            n.put("name", out.name());
            shape(n.putArray("shape"), out.value().shape());
            n.put("scale", out.value().scale());
            n.put("visibility", out.visibility().toString());
        }
        if (p.params() != null) {
            paramsJson(root.putObject("params"), c);
        }
        List<Policies.Policy> policies = Policies.of(p);
        if (!policies.isEmpty()) {
            ArrayNode pol = root.putArray("policies");
            policies.forEach(x -> pol.addObject().put("node", x.origin()).put("policy", x.text()));
        }
        ArrayNode pub = root.putArray("publicSignals");
        for (int k = 0; k < p.outputs().size(); k++) {
            QProgram.Output out = p.outputs().get(k);
            if (out.visibility() == Visibility.HASHED) {
                hashedEntry(pub, c, false, k, out.name(), out.value());
            } else if (out.disclosed() != null) {
                publicEntry(pub, "output", out.name(), out.visibility(), c.disclosedWires(k));
            }
        }
        if (c.paramsCommitment() != null) {
            ObjectNode n = pub.addObject();
            n.put("kind", "params");
            n.put("tensor", "parameters");
            n.put("firstSignal", c.finalWire(c.paramsCommitment().commitmentWire()));
            n.put("count", 1);
            n.put("visibility", Visibility.HASHED.toString());
            ObjectNode cm = n.putObject("commitment");
            cm.put("scheme", COMMITMENT_SCHEME);
            cm.put("hashes", "Poseidon(salt, p_1, ..., p_n): the salt (a private input, 0 unless chosen), then the " + p.params().count()
                    + " committed parameters as \"params\" lists them");
            cm.put("elements", p.params().count());
        }
        for (int k = 0; k < p.inputs().size(); k++) {
            QProgram.Input in = p.inputs().get(k);
            if (in.visibility() == Visibility.PUBLIC) {
                publicEntry(pub, "input", in.name(), Visibility.PUBLIC, c.inputWires(k));
            } else if (in.visibility() == Visibility.HASHED) {
                hashedEntry(pub, c, true, k, in.name(), in.value());
            }
        }
        WireLayout l = c.layout();
        ObjectNode r = root.putObject("r1cs");
        r.put("file", R1CS);
        r.put("sha256", r1csSha256);
        r.put("fingerprint", c.fingerprint());
        r.put("constraints", c.nConstraints());
        r.put("wires", l.nWires());
        r.put("publicOutputs", l.nPubOut());
        r.put("publicInputs", l.nPubIn());
        r.put("privateInputs", l.nPrvIn());
        return root;
    }

    /** The name of the commitment scheme of hashed tensors (as {@code zkml commit} writes it). */
    public static final String COMMITMENT_SCHEME = "poseidon-bn254-circomlib/chain16";

    /** The committed parameters: range, tensors, and the compiled model's commitment (informational). */
    private static void paramsJson(ObjectNode n, Circuit c) {
        QProgram.Params ps = c.program().params();
        n.put("visibility", ParamVisibility.COMMITTED.toString());
        n.putArray("range").add(ps.range().lo()).add(ps.range().hi());
        n.put("rangeSource", ps.defaultRange()
                ? "default: [-W, W - 2^-paramScale], W the compiled model's largest |parameter| rounded up to a power of two"
                : "declared (--param-range)");
        n.put("count", ps.count());
        ArrayNode tensors = n.putArray("tensors");
        for (int k = 0; k < ps.tensors().size(); k++) {
            QProgram.Param t = ps.tensors().get(k);
            ObjectNode e = tensors.addObject();
            e.put("node", t.origin());
            e.put("role", t.role());
            shape(e.putArray("shape"), t.value().shape());
            e.put("scale", t.value().scale());
            e.putArray("quantizedRange").add(t.qlo()).add(t.qhi());
            int[] wires = c.paramWires(k);
            e.put("firstWire", wires.length == 0 ? 0 : wires[0]);
        }
        ObjectNode cm = n.putObject("commitment");
        cm.put("scheme", ParamCommitment.SCHEME);
        cm.put("preimage", "salt, then every parameter as an integer at its tensor's scale, tensors in the order above, each row-major");
        cm.put("compiledModelSalt0", ParamCommitment.of(Fr.ZERO, c.program()).toString());
        cm.put("signal", c.finalWire(c.paramsCommitment().commitmentWire()));
        cm.put("saltWire", c.finalWire(c.paramsCommitment().saltWire()));
    }

    /** One run of public signals: whose they are and what they disclose ("public", "argmax", "gt:0.8", "public:0,3"). */
    private static void publicEntry(ArrayNode pub, String kind, String name, Visibility disclosure, int[] wires) {
        ObjectNode n = pub.addObject();
        n.put("kind", kind);
        n.put("tensor", name);
        n.put("visibility", disclosure.toString());
        n.put("firstSignal", wires.length == 0 ? 0 : wires[0]);
        n.put("count", wires.length);
    }

    private static void hashedEntry(ArrayNode pub, Circuit c, boolean input, int k, String name, io.zkml.compiler.quant.QValue value) {
        Lowering.Hashed h = c.hashed().stream().filter(x -> x.input() == input && x.tensor() == k).findFirst().orElseThrow();
        ObjectNode n = pub.addObject();
        n.put("kind", input ? "input" : "output");
        n.put("tensor", name);
        n.put("visibility", Visibility.HASHED.toString());
        n.put("firstSignal", c.finalWire(h.commitmentWire()));
        n.put("count", 1);
        ObjectNode cm = n.putObject("commitment");
        cm.put("scheme", COMMITMENT_SCHEME);
        cm.put("hashes", "Poseidon(salt, x_1, ..., x_n): the salt (a private input, 31 random bytes unless chosen), then the tensor's "
                + value.size() + " quantized elements round(x*2^scale) in row-major order, negative ones as r - |x|");
        cm.put("elements", value.size());
        cm.put("scale", value.scale());
        cm.put("saltWire", c.finalWire(h.saltWire()));
    }

    private static void shape(ArrayNode a, int[] shape) {
        for (int d : shape) {
            a.add(d);
        }
    }

    /** report.json's content. */
    public static ObjectNode reportJson(Circuit c) {
        ObjectNode root = JSON.createObjectNode();
        root.put("modelSha256", c.modelSha256());
        root.put("constraints", c.nConstraints());
        root.put("wires", c.layout().nWires());
        ArrayNode layers = root.putArray("layers");
        for (LayerStats s : c.layers()) {
            ObjectNode n = layers.addObject();
            n.put("origin", s.origin());
            n.put("step", s.step());
            n.put("constraints", s.constraints());
            n.put("wires", s.wires());
            n.put("bits", s.bits());
            n.put("scale", s.scale());
            n.put("errorBound", s.errorBound());
        }
        return root;
    }

    /** The readable per-layer table. */
    public static String reportTable(Circuit c) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-44s %-8s %11s %11s %5s %6s %12s%n", "layer", "step", "constraints", "wires", "bits", "scale", "error bound"));
        for (LayerStats s : c.layers()) {
            sb.append(String.format(Locale.ROOT, "%-44s %-8s %11d %11d %5d %6d %12.3g%n", s.origin(), s.step(), s.constraints(), s.wires(), s.bits(),
                    s.scale(), s.errorBound()));
        }
        sb.append(String.format(Locale.ROOT, "%-44s %-8s %11d %11d%n", "total", "", c.nConstraints(), c.layout().nWires()));
        return sb.toString();
    }

    /** Reads circuit.json. */
    public static JsonNode readCircuitJson(Path dir) throws IOException {
        Path p = dir.resolve(CIRCUIT_JSON);
        if (!Files.isRegularFile(p)) {
            throw new CompileException(p + " is missing: is " + dir + " a directory written by zkml compile?");
        }
        JsonNode n = JSON.readTree(p.toFile());
        if (!"zkml-circuit".equals(n.path("format").asText()) || n.path("version").asInt() != FORMAT_VERSION) {
            throw new CompileException(p + " is not a zkml circuit description of format version " + FORMAT_VERSION);
        }
        return n;
    }

    /** The options recorded in circuit.json. */
    public static CompileOptions options(JsonNode circuitJson) {
        List<CompileOptions.InputRange> ranges = new ArrayList<>();
        List<Visibility> inVis = new ArrayList<>();
        for (JsonNode in : circuitJson.path("inputs")) {
            ranges.add(new CompileOptions.InputRange(in.path("range").get(0).asDouble(), in.path("range").get(1).asDouble()));
            inVis.add(Visibility.parse(in.path("visibility").asText()));
        }
        List<Visibility> outVis = new ArrayList<>();
        for (JsonNode out : circuitJson.path("outputs")) {
            outVis.add(Visibility.parse(out.path("visibility").asText()));
        }
        JsonNode o = circuitJson.path("options");
        ParamVisibility pv = o.has("paramVisibility") ? ParamVisibility.parse(o.path("paramVisibility").asText()) : ParamVisibility.FIXED;
        CompileOptions.InputRange paramRange = null;
        if (pv == ParamVisibility.COMMITTED) {
            JsonNode r = o.path("paramRange");
            if (!r.isArray() || r.size() != 2 || !r.get(0).isNumber() || !r.get(1).isNumber()) {
                throw new CompileException("circuit.json: options.paramRange must be [lo, hi] for committed parameters");
            }
            paramRange = new CompileOptions.InputRange(r.get(0).asDouble(), r.get(1).asDouble());
        }
        return new CompileOptions(o.path("inputScale").asInt(), o.path("paramScale").asInt(), ranges, inVis, outVis, pv, paramRange);
    }
}
