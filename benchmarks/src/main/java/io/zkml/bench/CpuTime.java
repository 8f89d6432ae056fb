package io.zkml.bench;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.groth16.Proof;
import io.zkml.core.groth16.VerifyingKey;
import io.zkml.core.snarkjs.ProofJson;
import io.zkml.core.snarkjs.PublicSignalsJson;
import io.zkml.core.snarkjs.VerificationKeyJson;
import io.zkml.core.testing.SnarkjsFixtures;
import io.zkml.verifier.Groth16;
import io.zkml.verifier.PreparedVerifyingKey;
import io.zkml.verifier.pairing.Fp12;
import io.zkml.verifier.pairing.Pairing;
import io.zkml.verifier.pairing.PreparedG2;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The pairing and Groth16 verification timed by the CPU time of the measuring thread, not the wall clock: on a
 * machine shared with other work (this project's 2-vCPU one) the wall-clock times of JMH stretch with the load,
 * while the thread's CPU time only picks up the slowdown of a shared core. A complement to {@link PairingBenchmark}
 * and {@link Groth16VerifyBenchmark}, for comparing two builds in the same time window:
 * {@code java -cp benchmarks/target/benchmarks.jar io.zkml.bench.CpuTime [rounds]}. Prints, per operation, the
 * minimum and the median over the rounds of the mean CPU time per call in a round, after a warm-up of at least 2 s
 * of CPU per operation. To time another build's library with this harness, put this module's classes first:
 * {@code java -cp benchmarks/target/classes:<other>/benchmarks.jar io.zkml.bench.CpuTime}.
 */
public final class CpuTime {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long WARM_UP_NANOS = 2_000_000_000L;
    private static Object sink;

    private CpuTime() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        G1 p = G1.GENERATOR.mul(new BigInteger("1234567891234567891234567891"));
        G2 q = G2.GENERATOR.mul(new BigInteger("9876543219876543219876543219")).toAffine();
        PreparedG2 qPrepared = PreparedG2.of(q);
        Fp12 millerValue = Pairing.millerLoop(List.of(p), List.of(qPrepared));
        String circuit = "five_public";
        VerifyingKey vk = VerificationKeyJson.read(circuit, SnarkjsFixtures.text(circuit + "_vk.json"));
        Proof proof = ProofJson.read(circuit, SnarkjsFixtures.text(circuit + "_proof.json"));
        List<BigInteger> signals = PublicSignalsJson.read(circuit, SnarkjsFixtures.text(circuit + "_public.json"));
        PreparedVerifyingKey pvk = Groth16.prepare(vk);
        if (!Groth16.verify(pvk, proof, signals)) {
            throw new IllegalStateException("fixture proof does not verify: " + circuit);
        }
        time("pair", () -> Pairing.pair(p, q), 20, rounds);
        time("millerLoopPrepared", () -> Pairing.millerLoop(List.of(p), List.of(qPrepared)), 50, rounds);
        time("finalExponentiation", () -> Pairing.finalExponentiation(millerValue), 30, rounds);
        time("prepareG2", () -> PreparedG2.of(q), 50, rounds);
        time("verifyPrepared " + circuit, () -> Groth16.verify(pvk, proof, signals), 20, rounds);
        time("verifyCold " + circuit, () -> Groth16.verify(vk, proof, signals), 10, rounds);
    }

    private static void time(String name, Supplier<Object> op, int calls, int rounds) {
        // warm-up: at least 3 rounds' worth of calls and 2 s of CPU, so that the JIT has compiled the whole call
        // tree (60 calls of a pairing, about 70 ms, left parts of it interpreted or at tier 3)
        long warmStart = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < 3 * calls || THREADS.getCurrentThreadCpuTime() - warmStart < WARM_UP_NANOS; i++) {
            sink = op.get();
        }
        double[] us = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < calls; i++) {
                sink = op.get();
            }
            us[r] = (THREADS.getCurrentThreadCpuTime() - start) / 1e3 / calls;
        }
        Arrays.sort(us);
        System.out.printf("%-28s min %8.1f  median %8.1f  µs CPU per call%n", name, us[0], us[rounds / 2]);
    }
}
