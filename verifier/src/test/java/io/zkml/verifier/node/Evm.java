package io.zkml.verifier.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real EVM for tests: {@code verifier/node/evm.mjs} (@ethereumjs/evm with Prague rules, solc-js) started
 * once as a subprocess and driven over its JSON-lines protocol (documented in evm.mjs).
 */
public final class Evm implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;

    /** The outcome of a message call. */
    public record CallResult(boolean success, String returnData, long executionGasUsed) {
        /** Whether the call succeeded and returned the ABI encoding of {@code true}. */
        public boolean returnedTrue() {
            return success && returnData.equals("0x" + "0".repeat(63) + "1");
        }

        public boolean returnedFalse() {
            return success && returnData.equals("0x" + "0".repeat(64));
        }
    }

    public Evm() throws IOException {
        process = new ProcessBuilder("node", NodeTools.dir().resolve("evm.mjs").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * A compiled contract: creation bytecode, ABI, and solc's method identifiers (canonical signature → selector
     * as 8 hex digits without {@code 0x}).
     */
    public record Compiled(String bytecode, JsonNode abi, Map<String, String> methodIdentifiers) {
    }

    /** Compiles {@code source} with solc (optimizer on, 200 runs) and returns the creation bytecode. */
    public String compile(String source, String contract) {
        return compileContract(source, contract).bytecode();
    }

    /** Compiles {@code source} with solc (optimizer on, 200 runs): bytecode, ABI and selectors. */
    public Compiled compileContract(String source, String contract) {
        ObjectNode req = JSON.createObjectNode().put("op", "compile").put("source", source).put("contract", contract);
        JsonNode r = request(req);
        Map<String, String> ids = new LinkedHashMap<>();
        r.path("methodIdentifiers").properties().forEach(e -> ids.put(e.getKey(), e.getValue().asText()));
        return new Compiled(r.get("bytecode").asText(), r.get("abi"), Map.copyOf(ids));
    }

    /** Deploys creation code and returns the contract's address. */
    public String deploy(String bytecode) {
        return request(JSON.createObjectNode().put("op", "deploy").put("bytecode", bytecode)).get("address").asText();
    }

    /** Compiles and deploys; returns the address. */
    public String deploySource(String source, String contract) {
        return deploy(compile(source, contract));
    }

    public CallResult call(String address, String data) {
        JsonNode r = request(JSON.createObjectNode().put("op", "call").put("address", address).put("data", data));
        return new CallResult(r.get("success").asBoolean(), r.get("returnData").asText(), r.get("executionGasUsed").asLong());
    }

    /** Calls a precompile (0x06 ecAdd, 0x07 ecMul, 0x08 ecPairing); returns (success, output, gas). */
    public CallResult precompile(String address, String input) {
        JsonNode r = request(JSON.createObjectNode().put("op", "precompile").put("address", address).put("input", input));
        return new CallResult(r.get("success").asBoolean(), r.get("output").asText(), r.get("executionGasUsed").asLong());
    }

    private synchronized JsonNode request(ObjectNode req) {
        try {
            in.write(JSON.writeValueAsString(req));
            in.newLine();
            in.flush();
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("evm.mjs exited (exit code " + process.waitFor() + ")");
            }
            JsonNode r = JSON.readTree(line);
            if (!r.path("ok").asBoolean()) {
                throw new IllegalStateException("evm.mjs: " + r.path("error").asText());
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
