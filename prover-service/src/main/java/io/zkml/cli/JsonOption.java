package io.zkml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.io.ByteString;
import io.zkml.core.io.JsonText;
import io.zkml.core.zkey.Provenance;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --json}: a verb's result as one JSON object on standard output, in place of the text it prints there; the
 * notes on standard error stay as they are.
 */
final class JsonOption {

    @Option(names = "--json", description = "print the result as one JSON object on standard output (notes stay on standard error)")
    boolean enabled;

    /** A fresh object to fill. */
    static ObjectNode object() {
        return JsonText.NODES.objectNode();
    }

    /** Prints {@code o} on one line of the command's standard output. */
    static void print(CommandSpec spec, JsonNode o) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(JsonText.stringify(o));
        out.flush();
    }

    /** A key's summary: where it is, its SHA-256 and its provenance. */
    static ObjectNode key(ObjectNode o, Path zkey, Provenance provenance) throws java.io.IOException {
        o.put("zkey", zkey.toString());
        o.put("sha256", io.zkml.bundle.KeyRecord.sha256(zkey));
        o.put("development", provenance.isDevelopment());
        o.put("forgeable", provenance.isForgeable());
        o.set("provenance", provenance.toJson());
        return o;
    }

    /** A transcript hash as one hex string (the text output prints it in snarkjs's four-line form). */
    static String hex(ByteString hash) {
        return "0x" + hash.toHex();
    }
}
