package io.zkml.bench;

import io.zkml.core.encoding.PointArray;
import io.zkml.core.ptau.Ptau;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.zkey.Zkey;
import io.zkml.prover.backend.NativeGroupFft;
import io.zkml.prover.backend.ProgressListener;
import io.zkml.prover.ceremony.Phase2;
import io.zkml.prover.ceremony.Phase2Verifier;
import io.zkml.prover.ceremony.PowersOfTau;
import io.zkml.prover.ceremony.PreparePhase2;
import io.zkml.prover.ceremony.PtauVerifier;
import io.zkml.prover.ceremony.SnarkjsRandom;
import io.zkml.prover.groth16.Setup;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Wall-clock times of the ceremony steps, in memory (no file I/O), one run each: these steps take seconds to
 * hours, so one run says enough and JMH's repetitions would not fit. Usage:
 * {@code java -cp benchmarks/target/benchmarks.jar io.zkml.bench.CeremonyTimings POWER [phase2]}: the phase-1
 * steps at 2^POWER; with {@code phase2}, then the initial key of the (2^(POWER−1) − 2)-constraint square chain from the
 * prepared file, a contribution, a beacon and the verification of the chain; with {@code phase2-dev} instead of all
 * that, a contribution and a beacon on a development key of that circuit (the same work: C and H times 1/d). With
 * {@code prepare [native|java|both]} (default both): only a contribution (random powers) and {@code ptau prepare} with the
 * group FFTs in libzkml, in Java or both (then checked to give the same sections). {@code ptau prepare} takes the native
 * group FFT whenever libzkml loads.
 */
public final class CeremonyTimings {

    private CeremonyTimings() {
    }

    public static void main(String[] args) {
        int power = Integer.parseInt(args[0]);
        boolean phase2 = args.length > 1 && args[1].equals("phase2");
        byte[] beacon = HexFormat.of().parseHex("0123456789abcdef");
        System.out.printf("ceremony steps at power %d, %d processors%n", power, Runtime.getRuntime().availableProcessors());
        if (args.length > 1 && args[1].equals("phase2-dev")) {
            // contributions to a development key of 2^power − 2 constraints: the same work as to a ceremony key (C and
            // H times 1/d), without the prepared file of power + 1 that a ceremony key of that size needs
            R1cs r1cs = SquareChain.r1cs((1 << power) - 2);
            Zkey k0 = time("groth16 development setup (" + r1cs.nConstraints() + " constraints)", () -> Setup.development(r1cs, new SecureRandom()));
            Zkey k1 = time("zkey contribute", () -> Phase2.contribute(k0, SnarkjsRandom.contribution(new SecureRandom(), "bench"), "one").key());
            time("zkey beacon (2^10 SHA-256)", () -> Phase2.beacon(k1, beacon, 10, "beacon").key());
            return;
        }
        if (args.length > 1 && args[1].equals("prepare")) {
            String which = args.length > 2 ? args[2] : "both";
            Ptau p0 = time("ptau new", () -> PowersOfTau.newAccumulator(power));
            Ptau p1 = time("ptau contribute", () -> PowersOfTau.contribute(p0, SnarkjsRandom.contribution(new SecureRandom(), "bench"), "one").ptau());
            Ptau nat = which.equals("java") ? null : time("ptau prepare (native group FFT)", () -> PreparePhase2.prepare(p1, ProgressListener.NONE, true));
            Ptau java = which.equals("native") ? null : time("ptau prepare (Java group FFT)", () -> PreparePhase2.prepare(p1, ProgressListener.NONE, false));
            if (nat != null && java != null) {
                List<PointArray<?>> a = nat.lagrangeSections().orElseThrow(), b = java.lagrangeSections().orElseThrow();
                for (int s = 0; s < a.size(); s++) {
                    if (a.get(s).segment().mismatch(b.get(s).segment()) >= 0) {
                        throw new IllegalStateException("native and Java prepare differ in section " + (12 + s));
                    }
                }
                System.out.println("native and Java prepared sections are identical");
            }
            return;
        }
        Ptau p0 = time("ptau new", () -> PowersOfTau.newAccumulator(power));
        Ptau p1 = time("ptau contribute", () -> PowersOfTau.contribute(p0, SnarkjsRandom.contribution(new SecureRandom(), "bench"), "one").ptau());
        Ptau p2 = time("ptau beacon (2^10 SHA-256)", () -> PowersOfTau.beacon(p1, beacon, 10, "beacon").ptau());
        Ptau p3 = time("ptau prepare (" + (NativeGroupFft.isAvailable() ? "native" : "Java") + " group FFT)", () -> PreparePhase2.prepare(p2));
        PtauVerifier v = time("ptau verify (prepared)", () -> PtauVerifier.verify(p3));
        if (!v.ok()) {
            throw new IllegalStateException(v.mismatch().orElseThrow());
        }
        if (phase2) {
            // domain 2^(power − 1): the largest that Setup.fromPtau takes from a file of this power (snarkjs's circuit
            // hash reads one point past tauG1 for a domain of 2^power)
            R1cs r1cs = SquareChain.r1cs((1 << (power - 1)) - 2);
            Zkey k0 = time("groth16 setup from the ptau (" + r1cs.nConstraints() + " constraints)", () -> Setup.fromPtau(r1cs, p3));
            Zkey k1 = time("zkey contribute", () -> Phase2.contribute(k0, SnarkjsRandom.contribution(new SecureRandom(), "bench"), "one").key());
            Zkey k2 = time("zkey beacon (2^10 SHA-256)", () -> Phase2.beacon(k1, beacon, 10, "beacon").key());
            Phase2Verifier z = time("zkey verify", () -> Phase2Verifier.verify(r1cs, p3, k2));
            if (!z.ok()) {
                throw new IllegalStateException(z.mismatch().orElseThrow());
            }
        }
    }

    private static <T> T time(String what, Supplier<T> step) {
        long start = System.nanoTime();
        T result = step.get();
        System.out.printf("%-60s %10.2f s%n", what, (System.nanoTime() - start) / 1e9);
        return result;
    }
}
