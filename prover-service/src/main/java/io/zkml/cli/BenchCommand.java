package io.zkml.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.field.Fr;
import io.zkml.core.io.JsonText;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.wtns.Witness;
import io.zkml.core.zkey.Zkey;
import io.zkml.prover.backend.ProverBackend;
import io.zkml.prover.backend.ProverBackends;
import io.zkml.prover.groth16.ProvingContext;
import io.zkml.prover.groth16.Setup;
import io.zkml.prover.groth16.SquareChain;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {"Times Groth16 proving on this machine and prints constraints per second.",
                "The circuit is synthetic: a chain of squarings s[i] = s[i-1]^2 + 7 with",
                "2^log2n - 2 constraints (domain 2^log2n), a development key made first (not timed), then --proofs proofs, each",
                "verified (as zkml prove does). Prints each proof's time, the best, and constraints per second.",
                "For JMH numbers and comparisons with snarkjs and rapidsnark see benchmarks/ (ProveBenchmark, compare.sh)."})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--log2n", defaultValue = "16", paramLabel = "K", description = "log2 of the domain, 4 to 24 (default ${DEFAULT-VALUE})")
    int log2n;

    @Option(names = "--proofs", defaultValue = "3", paramLabel = "N", description = "how many proofs to time, 1 to 100 (default ${DEFAULT-VALUE})")
    int proofs;

    @Option(names = "--backend", defaultValue = "auto", paramLabel = "auto|native|java",
            description = "auto: native when libzkml loads, else java (default ${DEFAULT-VALUE})")
    String backendName;

    @Option(names = "--json", description = "print the results as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (log2n < 4 || log2n > 24) {
            throw new ParameterException(spec.commandLine(), "--log2n must be in [4, 24], got " + log2n);
        }
        if (proofs < 1 || proofs > 100) {
            throw new ParameterException(spec.commandLine(), "--proofs must be in [1, 100], got " + proofs);
        }
        PrintWriter err = spec.commandLine().getErr();
        int n = (1 << log2n) - 2;
        R1cs r1cs = SquareChain.r1cs(n);
        Witness w = SquareChain.witness(n, Fr.of(3));
        long t0 = System.nanoTime();
        Zkey key = Setup.development(r1cs, new SecureRandom());
        double setupSeconds = (System.nanoTime() - t0) / 1e9;
        err.printf(Locale.ROOT, "zkml bench: %d constraints, domain 2^%d; development key in %.2f s (not timed below)%n", n,
                Integer.numberOfTrailingZeros(key.domainSize()), setupSeconds);
        double[] seconds = new double[proofs];
        String backendLabel;
        try (ProverBackend backend = ProverBackends.open(backendName); ProvingContext ctx = ProvingContext.of(key, null, backend)) {
            backendLabel = backend.toString();
            for (int i = 0; i < proofs; i++) {
                long t = System.nanoTime();
                try (Progress progress = Progress.of(spec, "proof " + (i + 1) + "/" + proofs)) {
                    ctx.prove(w, progress, new AtomicBoolean());
                }
                seconds[i] = (System.nanoTime() - t) / 1e9;
                err.printf(Locale.ROOT, "zkml bench: proof %d/%d (%s, proved and verified): %.3f s%n", i + 1, proofs, backendLabel, seconds[i]);
            }
        }
        double best = Arrays.stream(seconds).min().orElseThrow();
        double rate = n / best;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = JsonText.NODES.objectNode();
            o.put("circuit", "square-chain");
            o.put("constraints", n);
            o.put("log2n", log2n);
            o.put("backend", backendLabel);
            o.put("cpus", Runtime.getRuntime().availableProcessors());
            o.put("setupSeconds", setupSeconds);
            ArrayNode a = o.putArray("proveSeconds");
            Arrays.stream(seconds).forEach(a::add);
            o.put("bestSeconds", best);
            o.put("constraintsPerSecond", rate);
            out.println(JsonText.stringify(o));
        } else {
            out.printf(Locale.ROOT, "%d constraints (2^%d domain), %s backend, %d CPUs: best of %d proofs %.3f s, %,.0f constraints/s%n", n, log2n,
                    backendLabel, Runtime.getRuntime().availableProcessors(), proofs, best, rate);
        }
        out.flush();
        return 0;
    }
}
