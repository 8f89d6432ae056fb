package io.zkml.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.field.Fr;
import io.zkml.core.io.JsonText;
import io.zkml.core.r1cs.Constraint;
import io.zkml.core.r1cs.LinearCombination;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.r1cs.WireLayout;
import io.zkml.core.wtns.Witness;
import io.zkml.core.zkey.Zkey;
import io.zkml.prover.backend.ProverBackend;
import io.zkml.prover.backend.ProverBackends;
import io.zkml.prover.groth16.ProvingContext;
import io.zkml.prover.groth16.Setup;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
        description = {"Times Groth16 proving on this machine: a synthetic circuit, a chain of squarings s[i] = s[i-1]^2 + 7 with",
                "2^log2n - 2 constraints (domain 2^log2n), a development key made first (not timed), then --proofs proofs, each",
                "verified (as zkml prove does). Prints each proof's time, the best, and constraints per second.",
                "For JMH numbers and comparisons with snarkjs and rapidsnark see benchmarks/ (ProveBenchmark, compare.sh)."})
final class BenchCommand implements Callable<Integer> {

    private static final Fr SEVEN = Fr.of(7);

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
        boolean quiet = ((ZkmlCommand) spec.root().userObject()).quiet;
        int n = (1 << log2n) - 2;
        R1cs r1cs = chain(n);
        Witness w = witness(n, Fr.of(3));
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
                try (Progress progress = Progress.of(err, "proof " + (i + 1) + "/" + proofs, quiet)) {
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

    /** The wire of s[i]: the output s[n] is the public wire 1, the input s[0] wire 2, then s[1] … s[n−1]. */
    private static int wire(int i, int n) {
        return i == n ? 1 : i == 0 ? 2 : 2 + i;
    }

    static R1cs chain(int n) {
        List<Constraint> cs = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            LinearCombination prev = LinearCombination.term(wire(i - 1, n), Fr.ONE);
            LinearCombination next = LinearCombination.of(new int[] {WireLayout.CONSTANT_WIRE, wire(i, n)}, new Fr[] {SEVEN.neg(), Fr.ONE});
            cs.add(new Constraint(prev, prev, next));
        }
        return R1cs.of(new WireLayout(n + 2, 1, 0, 1), cs);
    }

    static Witness witness(int n, Fr x) {
        Fr[] w = new Fr[n + 2];
        w[0] = Fr.ONE;
        Fr s = x;
        w[wire(0, n)] = s;
        for (int i = 1; i <= n; i++) {
            s = s.square().add(SEVEN);
            w[wire(i, n)] = s;
        }
        return Witness.of(w);
    }
}
