package io.zkml.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.compiler.ExampleModel;
import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.witness.WitnessGenerator;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.zkey.Zkey;
import io.zkml.prover.backend.ProverBackend;
import io.zkml.prover.backend.ProverBackends;
import io.zkml.prover.groth16.ProvingContext;
import io.zkml.prover.groth16.Setup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * Writes {@code models/<name>/report.json} for the example models: the quantized circuit against ONNX Runtime on
 * the whole held-out split (what {@code ExampleModelsTest} recomputes), plus times measured here: compile, witness
 * per sample, a development key, and Groth16 proofs of the first held-out samples (each verified before it counts).
 *
 * <p>Run from the repository root: {@code java -cp benchmarks/target/benchmarks.jar io.zkml.bench.ModelReports
 * [backend] [model ...]} (backend {@code native} by default).
 */
public final class ModelReports {

    private static final int PROOFS = 5;

    private ModelReports() {
    }

    public static void main(String[] args) throws Exception {
        String backendName = args.length > 0 ? args[0] : "native";
        List<String> names = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : ExampleModel.NAMES;
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        for (String name : names) {
            ExampleModel m = ExampleModel.load(name);
            double load0 = loadAverage();
            long t0 = System.nanoTime();
            Circuit c = m.compile();
            double compileS = seconds(t0);
            t0 = System.nanoTime();
            ExampleModel.Evaluation e = m.evaluate();
            double evaluateS = seconds(t0);
            t0 = System.nanoTime();
            for (double[] x : m.samples()) {
                WitnessGenerator.generate(c, List.of(x), m.salts(), null);
            }
            double witnessMs = seconds(t0) * 1000 / m.samples().size();
            R1cs r1cs = c.r1cs();
            t0 = System.nanoTime();
            Zkey key = Setup.development(r1cs, new SecureRandom());
            double setupS = seconds(t0);
            double[] prove = new double[PROOFS];
            String backendUsed;
            try (ProverBackend backend = ProverBackends.open(backendName); ProvingContext ctx = ProvingContext.of(key, r1cs, backend)) {
                backendUsed = backend.name();
                ctx.prove(WitnessGenerator.generate(c, List.of(m.samples().getFirst()), m.salts(), null).witness()); // warm-up
                for (int i = 0; i < PROOFS; i++) {
                    var w = WitnessGenerator.generate(c, List.of(m.samples().get(i % m.samples().size())), m.salts(), null).witness();
                    t0 = System.nanoTime();
                    ctx.prove(w); // verified inside before it returns
                    prove[i] = seconds(t0);
                }
            }
            Arrays.sort(prove);
            ObjectNode report = e.toJson(m);
            ObjectNode p = report.putObject("timing");
            p.put("backend", backendUsed);
            p.put("compile_s", round(compileS));
            p.put("evaluate_whole_split_s", round(evaluateS));
            p.put("witness_ms_per_sample", round(witnessMs));
            p.put("development_setup_s", round(setupS));
            p.put("proofs", PROOFS);
            p.put("prove_median_s", round(prove[PROOFS / 2]));
            p.put("prove_min_s", round(prove[0]));
            p.put("machine", machine());
            p.put("load_average_before", load0);
            p.put("load_average_after", loadAverage());
            p.put("note", "wall-clock times of one run on a machine shared with other work; the proof times include"
                    + " verifying each proof (ProvingContext does before it returns); measured by io.zkml.bench.ModelReports");
            Path out = m.dir().resolve("report.json");
            Files.writeString(out, json.writeValueAsString(report) + "\n");
            System.out.println(name + ": " + e + "; prove median " + round(prove[PROOFS / 2]) + " s (" + backendUsed + ") -> " + out);
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }

    private static double loadAverage() {
        return Math.round(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100) / 100.0;
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
        } catch (java.io.IOException | RuntimeException ignored) {
            // not Linux: the processor count alone
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + Runtime.version();
    }
}
