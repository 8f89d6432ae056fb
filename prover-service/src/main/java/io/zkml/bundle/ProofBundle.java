package io.zkml.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.encoding.EvmAbi;
import io.zkml.core.groth16.Proof;
import io.zkml.core.io.JsonAt;
import io.zkml.core.io.JsonText;
import io.zkml.core.snarkjs.ProofJson;
import io.zkml.core.snarkjs.PublicSignalsJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A proof with everything a consumer needs to use it: the {@code bundle.json} that {@code zkml prove --bundle}
 * writes and {@code zkml verify --bundle} checks. One JSON object ({@code JSON.stringify(…, null, 1)} layout):
 * <pre>
 * {
 *  "format": "zkml-proof-bundle",
 *  "version": 1,
 *  "proof": { snarkjs's proof.json: pi_a, pi_b, pi_c, protocol, curve },
 *  "publicSignals": [ snarkjs's public.json: decimal strings ],
 *  "signals": [ one {@link PublicSignal} per public signal: index, kind, tensor, shape, element, visibility, scale ],
 *  "outputs": [ the disclosed outputs, one object per run of signals of one tensor and visibility ],
 *  "inputs": [ the same for public and hashed inputs ],
 *  "calldata": "the arguments of the Solidity verifier's verifyProof, as zkml calldata prints them",
 *  "circuitHash": "SHA-256 of circuit.r1cs, hexadecimal",
 *  "zkeyHash": "SHA-256 of the proving key file, hexadecimal",
 *  "provenance": { the key's provenance: development key, or ceremony with its contributions and beacon }
 * }
 * </pre>
 * An entry of {@code "outputs"} or {@code "inputs"}: {@code {"tensor", "kind", "visibility", "shape",
 * "firstSignal" (the index of its first value in publicSignals), "elements" (only when not 0, 1, …), "scale"
 * (public values), "values"}}, where each value is its signal {@linkplain PublicSignal#decode decoded}: a real
 * number for a public tensor (fixed point scaled back), {@code {"hex", "decimal"}} for a commitment, an integer
 * for a predicate. Everything after {@code "signals"} follows from the fields before it; {@link #inconsistency()}
 * recomputes it, so a bundle cannot claim outputs its public signals do not carry.
 *
 * @param proof the Groth16 proof (curve membership is the verifier's to check)
 * @param publicSignals the public signals, as public.json holds them
 * @param signals what each public signal is
 * @param circuitHash SHA-256 of circuit.r1cs
 * @param zkeyHash SHA-256 of the proving key
 * @param provenance the key's provenance
 * @param outputs the decoded outputs as the bundle states them
 * @param inputs the decoded disclosed inputs as the bundle states them
 * @param calldata the Solidity calldata as the bundle states it
 */
public record ProofBundle(Proof proof, List<BigInteger> publicSignals, List<PublicSignal> signals, String circuitHash, String zkeyHash,
                          ObjectNode provenance, ArrayNode outputs, ArrayNode inputs, String calldata) {

    public static final String FORMAT = "zkml-proof-bundle";
    public static final int VERSION = 1;

    public ProofBundle {
        Objects.requireNonNull(proof, "proof must not be null");
        publicSignals = List.copyOf(publicSignals);
        signals = List.copyOf(signals);
        Objects.requireNonNull(circuitHash, "circuitHash must not be null");
        Objects.requireNonNull(zkeyHash, "zkeyHash must not be null");
        Objects.requireNonNull(provenance, "provenance must not be null");
        Objects.requireNonNull(outputs, "outputs must not be null");
        Objects.requireNonNull(inputs, "inputs must not be null");
        Objects.requireNonNull(calldata, "calldata must not be null");
        if (signals.size() != publicSignals.size()) {
            throw new IllegalArgumentException(publicSignals.size() + " public signals but " + signals.size() + " signal descriptions");
        }
    }

    /** The bundle of a proof: outputs, inputs and calldata computed from the rest. */
    public static ProofBundle of(Proof proof, List<BigInteger> publicSignals, List<PublicSignal> signals, String circuitHash, String zkeyHash,
                                 ObjectNode provenance) {
        if (signals.size() != publicSignals.size()) {
            throw new IllegalArgumentException("the proof has " + publicSignals.size() + " public signals; the circuit describes " + signals.size());
        }
        return new ProofBundle(proof, publicSignals, signals, circuitHash, zkeyHash, provenance, disclosed(signals, publicSignals, false),
                disclosed(signals, publicSignals, true), EvmAbi.soliditycalldata(proof, publicSignals));
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonText.NODES.objectNode();
        o.put("format", FORMAT);
        o.put("version", VERSION);
        o.set("proof", ProofJson.toJson(proof));
        ArrayNode pub = o.putArray("publicSignals");
        publicSignals.forEach(v -> pub.add(v.toString()));
        o.set("signals", PublicSignal.toJson(signals));
        o.set("outputs", outputs);
        o.set("inputs", inputs);
        o.put("calldata", calldata);
        o.put("circuitHash", circuitHash);
        o.put("zkeyHash", zkeyHash);
        o.set("provenance", provenance);
        return o;
    }

    /** The bundle's text. */
    public String text() {
        return JsonText.stringify(toJson());
    }

    /** Whether a parsed JSON document looks like a bundle (its "format" field). */
    public static boolean isBundle(JsonAt root) {
        return root.node().isObject() && FORMAT.equals(root.node().path("format").asText());
    }

    /**
     * Reads a bundle. The proof's points are read but not checked to be on the curve (see
     * {@link ProofJson#readUnchecked(JsonAt)}); the derived fields are read as stated (see {@link #inconsistency()}).
     *
     * @throws io.zkml.core.io.FormatException if it is not a bundle of this version, naming the JSON path
     */
    public static ProofBundle read(JsonAt root) {
        JsonAt format = root.field("format");
        if (!FORMAT.equals(format.text())) {
            throw format.error("expected \"" + FORMAT + "\"");
        }
        JsonAt version = root.field("version");
        if (version.intValue() != VERSION) {
            throw version.error("unsupported bundle version " + version.intValue() + " (this zkml reads version " + VERSION + ")");
        }
        Proof proof = ProofJson.readUnchecked(root.field("proof"));
        List<BigInteger> pub = PublicSignalsJson.read(root.field("publicSignals"));
        JsonAt signalsAt = root.field("signals");
        List<PublicSignal> signals = PublicSignal.readAll(signalsAt);
        if (signals.size() != pub.size()) {
            throw signalsAt.error("describes " + signals.size() + " signals; publicSignals holds " + pub.size());
        }
        return new ProofBundle(proof, pub, signals, root.field("circuitHash").text(), root.field("zkeyHash").text(), object(root.field("provenance")),
                array(root.field("outputs")), array(root.field("inputs")), root.field("calldata").text());
    }

    /**
     * What in the bundle does not follow from its proof, public signals and signal descriptions: outputs, inputs
     * or calldata other than those they give. Empty for a bundle that {@link #of} made.
     */
    public Optional<String> inconsistency() {
        Comparator<JsonNode> numbersByValue = (a, b) -> a.isNumber() && b.isNumber()
                ? decimal(a).compareTo(decimal(b)) : a.equals(b) ? 0 : 1;
        if (!outputs.equals(numbersByValue, disclosed(signals, publicSignals, false))) {
            return Optional.of("its \"outputs\" are not the values its public signals carry");
        }
        if (!inputs.equals(numbersByValue, disclosed(signals, publicSignals, true))) {
            return Optional.of("its \"inputs\" are not the values its public signals carry");
        }
        if (!calldata.equals(EvmAbi.soliditycalldata(proof, publicSignals))) {
            return Optional.of("its \"calldata\" is not the encoding of its proof and public signals");
        }
        return Optional.empty();
    }

    private static BigDecimal decimal(JsonNode n) {
        return n.isDouble() || n.isFloat() ? new BigDecimal(Double.toString(n.doubleValue())) : n.decimalValue();
    }

    /**
     * The decoded values, one entry per run of consecutive signals of one tensor and visibility: those of graph
     * inputs, or of everything else.
     */
    static ArrayNode disclosed(List<PublicSignal> signals, List<BigInteger> values, boolean inputs) {
        ArrayNode out = JsonText.NODES.arrayNode();
        for (List<PublicSignal> run : PublicSignal.runs(signals)) {
            PublicSignal s = run.getFirst();
            if ("input".equals(s.kind()) != inputs) {
                continue;
            }
            ObjectNode o = out.addObject();
            o.put("tensor", s.tensor());
            o.put("kind", s.kind());
            o.put("visibility", s.visibility());
            ArrayNode shape = o.putArray("shape");
            s.shape().forEach(shape::add);
            o.put("firstSignal", s.index());
            boolean natural = true;
            for (int k = 0; k < run.size(); k++) {
                natural &= run.get(k).element() == k;
            }
            if (!natural) {
                ArrayNode e = o.putArray("elements");
                run.forEach(x -> e.add(x.element()));
            }
            s.scale().ifPresent(v -> o.put("scale", v));
            ArrayNode v = o.putArray("values");
            run.forEach(x -> v.add(x.decode(values.get(x.index()))));
        }
        return out;
    }

    private static ObjectNode object(JsonAt at) {
        if (!at.node().isObject()) {
            throw at.error("expected an object");
        }
        return (ObjectNode) at.node();
    }

    private static ArrayNode array(JsonAt at) {
        at.elements(); // checks the shape
        return (ArrayNode) at.node();
    }
}
