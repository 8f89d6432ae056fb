package io.zkml.core.zkey;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.JsonAt;
import io.zkml.core.io.JsonText;
import io.zkml.core.io.RawSection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a Groth16 key's secrets went, as far as the key can tell: whoever knows τ (or δ and the rest of the
 * "toxic waste") can forge proofs, so every key, verifying key and proof bundle says which kind it is.
 *
 * <ul>
 *   <li>{@link Development}: made from a τ, α, β, γ, δ drawn on one machine ({@code zkml setup --dev}). Fine
 *       for tests and demos, worthless as evidence to anyone who does not trust that machine.
 *   <li>{@link PowersOfTau}: derived from a powers-of-tau ceremony file exactly as {@code snarkjs groth16 setup}
 *       derives it, followed by its phase-2 contributions. With none, δ = γ = the generator and anyone can
 *       make proofs for public inputs of their choosing: such a key needs at least one contribution.
 * </ul>
 *
 * <p>A development key is marked twice in its {@code .zkey}, in ways that snarkjs and rapidsnark ignore: an
 * extra section ({@link #SECTION}, a small JSON object) and the first 32 bytes of its circuit hash
 * ({@link #DEVELOPMENT_HASH_PREFIX}). snarkjs's {@code zkey contribute} and {@code beacon} drop the section
 * but copy the circuit hash, so a development key stays recognisable after snarkjs contributes to it (the
 * contribution does not make it safe: τ is still known).
 */
public sealed interface Provenance {

    /** The {@code .zkey} section type of zkml's provenance marker (snarkjs's Groth16 sections are 1–10). */
    int SECTION = 100;

    /** The first 32 bytes of a development key's circuit hash (ASCII). */
    String DEVELOPMENT_HASH_PREFIX = "zkml development key (known tau)";

    /** Whether the key's secrets were drawn on one machine. */
    boolean isDevelopment();

    /** Whether anyone could be holding the secrets that forge proofs, as far as the key shows. */
    boolean isForgeable();

    /** One line for people. */
    String summary();

    /** The JSON object that verifying keys and proof bundles carry as {@code "zkml_provenance"}. */
    ObjectNode toJson();

    /**
     * A key made from locally drawn secrets.
     *
     * @param tool the program that made it, if recorded ("zkml 0.1.0")
     * @param created when, if recorded
     * @param laterContributions phase-2 contributions made to it afterwards (they do not hide τ)
     */
    record Development(Optional<String> tool, Optional<Instant> created, int laterContributions) implements Provenance {

        public Development {
            Objects.requireNonNull(tool, "tool must not be null");
            Objects.requireNonNull(created, "created must not be null");
            if (laterContributions < 0) {
                throw new IllegalArgumentException("laterContributions must not be negative: " + laterContributions);
            }
        }

        @Override
        public boolean isDevelopment() {
            return true;
        }

        @Override
        public boolean isForgeable() {
            return true;
        }

        @Override
        public String summary() {
            return "DEVELOPMENT key: its secrets (tau) were drawn on one machine" + tool.map(t -> " by " + t).orElse("")
                    + created.map(c -> " at " + c).orElse("") + "; whoever kept them can forge proofs"
                    + (laterContributions == 0 ? "" : " (" + laterContributions + " later phase-2 contribution"
                    + (laterContributions == 1 ? "" : "s") + " do not change that)");
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = JsonText.NODES.objectNode();
            o.put("kind", "development");
            tool.ifPresent(t -> o.put("tool", t));
            created.ifPresent(c -> o.put("created", c.toString()));
            o.put("phase2_contributions", laterContributions);
            o.put("warning", "the secrets of this key were drawn on one machine; whoever kept them can forge proofs");
            return o;
        }
    }

    /**
     * A key derived from a powers-of-tau file as {@code snarkjs groth16 setup} derives it, then contributed to.
     *
     * @param contributions the number of phase-2 contributions (0 for the initial key)
     * @param contributors their names, where recorded, in order ("" where not)
     * @param beacon whether the last contribution is a random beacon (a ceremony is normally closed by one, so
     *     that the last participant could not choose δ's final value)
     */
    record PowersOfTau(int contributions, List<String> contributors, boolean beacon) implements Provenance {

        public PowersOfTau {
            contributors = List.copyOf(contributors);
            if (contributions != contributors.size()) {
                throw new IllegalArgumentException(contributions + " contributions but " + contributors.size() + " names");
            }
        }

        @Override
        public boolean isDevelopment() {
            return false;
        }

        /** With no phase-2 contribution δ = γ = the generator, and public inputs can be forged. */
        @Override
        public boolean isForgeable() {
            return contributions == 0;
        }

        /** "no-contribution", "contributions-without-beacon" or "contributions-and-beacon". */
        public String status() {
            return contributions == 0 ? "no-contribution" : beacon ? "contributions-and-beacon" : "contributions-without-beacon";
        }

        @Override
        public String summary() {
            if (contributions == 0) {
                return "powers-of-tau key WITHOUT phase-2 contributions: delta = gamma = the generator, so anyone can "
                        + "forge proofs for public inputs of their choosing; add a contribution before use";
            }
            return "ceremony key: " + contributions + " phase-2 contribution" + (contributions == 1 ? "" : "s")
                    + (beacon ? ", closed by a random beacon" : " and no final random beacon")
                    + "; sound if any one contributor destroyed their secret (check the chain with 'zkml zkey verify')";
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = JsonText.NODES.objectNode();
            o.put("kind", "powers-of-tau");
            o.put("status", status());
            o.put("phase2_contributions", contributions);
            ArrayNode names = o.putArray("contributors");
            contributors.forEach(names::add);
            o.put("beacon", beacon);
            if (contributions == 0) {
                o.put("warning", "no phase-2 contribution: delta = gamma = the generator, anyone can forge proofs");
            }
            return o;
        }
    }

    /** The marker section of a development key. */
    static RawSection developmentSection(String tool, Instant created) {
        ObjectNode o = JsonText.NODES.objectNode();
        o.put("kind", "development");
        o.put("tool", tool);
        o.put("created", created.toString());
        return new RawSection(SECTION, JsonText.stringifyUtf8(o));
    }

    /** The provenance of a key, from its marker section, its circuit hash and its contributions. */
    static Provenance of(Zkey key) {
        List<ZkeyContribution> cs = key.mpcParams().contributions();
        Optional<JsonAt> marker = key.otherSections().stream().filter(s -> s.type() == SECTION).findFirst().map(Provenance::parseMarker);
        boolean markedKind = marker.flatMap(m -> m.optionalField("kind")).map(k -> "development".equals(k.node().asText())).orElse(false);
        boolean markedHash = key.mpcParams().csHash().startsWith(DEVELOPMENT_HASH_PREFIX.getBytes(StandardCharsets.US_ASCII));
        if (markedKind || markedHash) {
            Optional<String> tool = marker.flatMap(m -> m.optionalField("tool")).map(t -> t.node().asText());
            Optional<Instant> created = marker.flatMap(m -> m.optionalField("created")).flatMap(c -> {
                try {
                    return Optional.of(Instant.parse(c.node().asText()));
                } catch (DateTimeParseException e) {
                    return Optional.empty();
                }
            });
            return new Development(tool, created, cs.size());
        }
        List<String> names = new ArrayList<>();
        for (ZkeyContribution c : cs) {
            names.add(c.params().name().orElse(""));
        }
        return new PowersOfTau(cs.size(), names, !cs.isEmpty() && cs.getLast().isBeacon());
    }

    private static JsonAt parseMarker(RawSection s) {
        try {
            return JsonText.parse("zkey section " + SECTION, s.payload());
        } catch (FormatException e) {
            return JsonText.parse("empty", "{}");
        }
    }
}
