package io.zkml.bench;

import io.zkml.core.field.Fr;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.wtns.Witness;
import io.zkml.core.zkey.Zkey;
import io.zkml.prover.backend.JavaBackend;
import io.zkml.prover.groth16.ProvingContext;
import io.zkml.prover.groth16.Setup;
import java.security.SecureRandom;

/**
 * The peer-comparison circuit of {@code ../shared/PEERS.md}, {@link io.zkml.prover.groth16.SquareChain}: a chain of
 * n squarings s[i] = s[i−1]² + 7 from a private input x = s[0] to the one public output s[n]. n constraints, n + 2 wires (the constant, the output,
 * x, then s[1] … s[n−1]); with its public-input row the domain is 2n for n a power of two.
 */
public final class SquareChain {

    private SquareChain() {
    }

    public static R1cs r1cs(int n) {
        return io.zkml.prover.groth16.SquareChain.r1cs(n);
    }

    public static Witness witness(int n, Fr x) {
        return io.zkml.prover.groth16.SquareChain.witness(n, x);
    }

    /**
     * Times the development key and a few proofs: {@code java -cp benchmarks.jar io.zkml.bench.SquareChain [log2n] [proofs]};
     * or writes {@code chain<log2n>.zkey} (a development key) and {@code chain<log2n>.wtns} (x = 3) into a folder, for
     * {@code benchmarks/compare.sh} where circom2 is not at hand: {@code … SquareChain files <log2n> <folder>}.
     */
    public static void main(String[] args) throws java.io.IOException {
        if (args.length == 3 && args[0].equals("files")) {
            int n = 1 << Integer.parseInt(args[1]);
            java.nio.file.Path dir = java.nio.file.Path.of(args[2]);
            io.zkml.core.wtns.WtnsWriter.write(witness(n, Fr.of(3)), dir.resolve("chain" + args[1] + ".wtns"));
            Setup.development(r1cs(n), new SecureRandom()).write(dir.resolve("chain" + args[1] + ".zkey"));
            return;
        }
        int log2n = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int proofs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int n = 1 << log2n;
        R1cs r1cs = r1cs(n);
        Witness w = witness(n, Fr.of(3));
        if (!r1cs.isSatisfiedBy(w)) {
            throw new AssertionError("square chain witness does not satisfy its circuit");
        }
        long t0 = System.nanoTime();
        Zkey key = Setup.development(r1cs, new SecureRandom());
        System.out.printf("development key for 2^%d constraints (domain %d): %.1f s%n", log2n, key.domainSize(), (System.nanoTime() - t0) / 1e9);
        try (JavaBackend backend = new JavaBackend(); ProvingContext ctx = ProvingContext.of(key, null, backend)) {
            for (int i = 0; i < proofs; i++) {
                long t = System.nanoTime();
                ctx.prove(w);
                System.out.printf("proof %d (proved and verified, %s): %.3f s%n", i + 1, backend, (System.nanoTime() - t) / 1e9);
            }
        }
    }
}
