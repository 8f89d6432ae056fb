package io.zkml.verifier.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pinned Node tools of {@code verifier/node} (snarkjs, circom2, solc, @ethereumjs/evm), installed by the
 * build. Tests that need them fail with a clear message when they are missing: they are part of the suite,
 * not optional.
 */
public final class NodeTools {

    private NodeTools() {
    }

    /** The {@code verifier/node} folder (system property {@code zkml.node.dir}, set by Surefire). */
    public static Path dir() {
        String p = System.getProperty("zkml.node.dir");
        Path d = p != null ? Path.of(p) : Path.of("node").toAbsolutePath();
        if (!Files.isDirectory(d.resolve("node_modules/snarkjs"))) {
            throw new IllegalStateException("Node packages missing in " + d
                    + ": run `bash verifier/node/install.sh` (the Maven build does it before the tests)");
        }
        return d;
    }

    /** The output of a finished command. */
    public record Result(int exitCode, String output) {
        public Result requireSuccess(String what) {
            if (exitCode != 0) {
                throw new IllegalStateException(what + " failed with exit code " + exitCode + ":\n" + output);
            }
            return this;
        }
    }

    /** Runs {@code node <script> args…} in {@code workDir}, with a time limit. */
    public static Result node(Path workDir, long timeoutSeconds, String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("node");
        cmd.add(script);
        cmd.addAll(List.of(args));
        return run(workDir, timeoutSeconds, cmd);
    }

    /** Runs snarkjs's command line ({@code node node_modules/snarkjs/cli.js args…}). */
    public static Result snarkjs(Path workDir, String... args) throws IOException, InterruptedException {
        return node(workDir, 300, dir().resolve("node_modules/snarkjs/build/cli.cjs").toString(), args)
                .requireSuccess("snarkjs " + String.join(" ", args));
    }

    /** Runs the circom 2 compiler (WebAssembly build from npm). */
    public static Result circom(Path workDir, String... args) throws IOException, InterruptedException {
        return node(workDir, 300, dir().resolve("node_modules/circom2/cli.js").toString(), args)
                .requireSuccess("circom2 " + String.join(" ", args));
    }

    static Result run(Path workDir, long timeoutSeconds, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out;
        try (var in = p.getInputStream()) {
            out = in.readAllBytes(); // the tools write little; reading to the end also waits for exit
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " timed out after " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
