package io.zkml.prover.groth16;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import io.zkml.core.r1cs.Constraint;
import io.zkml.core.r1cs.LinearCombination;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.r1cs.R1csReader;
import io.zkml.core.r1cs.WireLayout;
import io.zkml.core.testing.SnarkjsFixtures;
import io.zkml.core.wtns.Witness;
import io.zkml.core.wtns.WtnsReader;
import io.zkml.core.zkey.Zkey;
import io.zkml.prover.backend.JavaBackend;
import io.zkml.prover.backend.KeySegments;
import io.zkml.prover.backend.NativeBackend;
import io.zkml.prover.backend.NativeLibrary;
import io.zkml.prover.backend.ProgressListener;
import io.zkml.verifier.Groth16;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whole proofs of the native backend: bit for bit those of the Java backend for fixed r, s; verified; progress, cancellation, bad input. */
class NativeProveTest {

    static NativeBackend nativeBackend;
    static final JavaBackend JAVA = new JavaBackend();

    @BeforeAll
    static void load() {
        NativeLibrary.require();
        nativeBackend = new NativeBackend();
    }

    @AfterAll
    static void close() {
        JAVA.close();
    }

    static MemorySegment values(Witness w) {
        byte[] values = new byte[32 * w.size()];
        for (int i = 0; i < w.size(); i++) {
            System.arraycopy(w.get(i).toBytesLE(), 0, values, 32 * i, 32);
        }
        return MemorySegment.ofArray(values);
    }

    static void assertSameProofs(ProvingContext ctx, Witness w, Fr r, Fr s) {
        Proof p = nativeBackend.prove(ctx.key(), values(w), r, s, ProgressListener.NONE, new AtomicBoolean());
        Proof q = JAVA.prove(ctx.key(), values(w), r, s, ProgressListener.NONE, new AtomicBoolean());
        assertThat(p).isEqualTo(q);
        List<Fr> signals = w.values().subList(1, 1 + ctx.key().nPublic());
        assertThat(Groth16.verify(ctx.verifyingKey(), p, signals.stream().map(Fr::toBigInteger).toList())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"square_chain", "five_public"})
    void snarkjsKeysProveAsTheJavaBackendDoes(String circuit) {
        Witness w = WtnsReader.read(circuit + ".wtns", SnarkjsFixtures.bytes(circuit + ".wtns"));
        try (ProvingContext ctx = ProvingContext.of(Zkey.read(circuit + ".zkey", SnarkjsFixtures.bytes(circuit + ".zkey")), null, nativeBackend)) {
            assertSameProofs(ctx, w, Fr.of(123456789), Fr.of(987654321));
            assertSameProofs(ctx, w, Fr.ONE.neg(), Fr.ONE);
            // the context's own proof: fresh r, s, verified before it is returned
            assertThat(ctx.prove(w).publicSignals()).isEqualTo(w.values().subList(1, 1 + ctx.key().nPublic()));
        }
    }

    /** s[i] = s[i−1]² + 7, n constraints: a domain of 2n, wide MSM windows and multi-threaded NTT stages. */
    static R1cs squareChain(int n) {
        List<Constraint> cs = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            int prev = i - 1 == 0 ? 2 : 2 + i - 1, next = i == n ? 1 : 2 + i;
            LinearCombination a = LinearCombination.term(prev, Fr.ONE);
            cs.add(new Constraint(a, a, LinearCombination.of(new int[] {WireLayout.CONSTANT_WIRE, next}, new Fr[] {Fr.of(7).neg(), Fr.ONE})));
        }
        return R1cs.of(new WireLayout(n + 2, 1, 0, 1), cs);
    }

    static Witness squareChainWitness(int n) {
        Fr[] w = new Fr[n + 2];
        w[0] = Fr.ONE;
        Fr s = Fr.of(3);
        w[2] = s;
        for (int i = 1; i <= n; i++) {
            s = s.square().add(Fr.of(7));
            w[i == n ? 1 : 2 + i] = s;
        }
        return Witness.of(w);
    }

    @Test
    void aMappedKeyOf2To11ConstraintsProvesAsTheJavaBackendDoes(@TempDir Path dir) throws Exception {
        int n = 1 << 11;
        R1cs r1cs = squareChain(n);
        Witness w = squareChainWitness(n);
        assertThat(r1cs.isSatisfiedBy(w)).isTrue();
        Path file = dir.resolve("chain.zkey");
        Setup.development(r1cs, new SecureRandom()).write(file);
        try (ProvingContext ctx = ProvingContext.open(file, r1cs, nativeBackend)) {
            assertSameProofs(ctx, w, Fr.of(5), Fr.of(77));
            ctx.prove(w);
            Witness wrong = w.with(5, w.get(5).add(Fr.ONE));
            assertThatThrownBy(() -> ctx.prove(wrong)).isInstanceOf(InvalidWitnessException.class);
        }
        try (ProvingContext ctx = ProvingContext.open(file, nativeBackend)) {
            Witness wrong = w.with(5, w.get(5).add(Fr.ONE));
            assertThatThrownBy(() -> ctx.prove(wrong)).isInstanceOf(InvalidWitnessException.class)
                    .hasMessageContaining("the proof does not verify");
        }
    }

    @Test
    void progressRisesToOneAndCancellationStopsTheProof() {
        Witness w = WtnsReader.read("square_chain.wtns", SnarkjsFixtures.bytes("square_chain.wtns"));
        try (ProvingContext ctx = ProvingContext.of(Zkey.read("k.zkey", SnarkjsFixtures.bytes("square_chain.zkey")), null, nativeBackend)) {
            assertProgressAndCancellation(ctx, w);
        }
    }

    /** Progress rises from 0 to 1 through every stage; cancelling at the first MSM stops before the next; a set flag stops at once. */
    static void assertProgressAndCancellation(ProvingContext ctx, Witness w) {
        List<Double> seen = Collections.synchronizedList(new ArrayList<>());
        List<String> stages = Collections.synchronizedList(new ArrayList<>());
        ctx.prove(w, (stage, f) -> {
            seen.add(f);
            stages.add(stage);
        }, new AtomicBoolean());
        assertThat(seen.getFirst()).isEqualTo(0.0);
        assertThat(seen.getLast()).isEqualTo(1.0);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)).isGreaterThanOrEqualTo(seen.get(i - 1));
        }
        assertThat(stages).contains("qap", "ntt", "msm A", "msm B1", "msm B2", "msm C", "msm H", "done");

        AtomicBoolean cancel = new AtomicBoolean();
        ProgressListener cancelAtTheMsms = (stage, f) -> {
            if (stage.startsWith("msm")) {
                cancel.set(true);
            }
        };
        List<String> after = Collections.synchronizedList(new ArrayList<>());
        assertThatThrownBy(() -> ctx.prove(w, (stage, f) -> {
            after.add(stage);
            cancelAtTheMsms.progress(stage, f);
        }, cancel)).isInstanceOf(CancellationException.class);
        assertThat(after).doesNotContain("msm B1", "done");
        assertThatThrownBy(() -> ctx.prove(w, ProgressListener.NONE, new AtomicBoolean(true))).isInstanceOf(CancellationException.class);
    }

    @Test
    void badKeysAndWitnessesAreErrorsWithMessages() {
        Zkey z = Zkey.read("k.zkey", SnarkjsFixtures.bytes("square_chain.zkey"));
        R1cs r1cs = R1csReader.read("c.r1cs", SnarkjsFixtures.bytes("square_chain.r1cs"));
        try (ProvingContext ctx = ProvingContext.of(z, r1cs, nativeBackend)) {
            KeySegments k = ctx.key();
            byte[] coefficients = k.coefficients().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            coefficients[44 * 3 + 4] = (byte) 0x7f; // record 3's constraint far outside the domain
            coefficients[44 * 3 + 7] = (byte) 0x7f;
            KeySegments bad = new KeySegments(k.nVars(), k.nPublic(), k.domainSize(), k.alpha1(), k.beta1(), k.beta2(), k.delta1(), k.delta2(),
                    k.nCoefficients(), MemorySegment.ofArray(coefficients), k.pointsA(), k.pointsB1(), k.pointsB2(), k.pointsC(), k.pointsH());
            Witness w = WtnsReader.read("w.wtns", SnarkjsFixtures.bytes("square_chain.wtns"));
            assertThatThrownBy(() -> nativeBackend.prove(bad, values(w), Fr.ONE, Fr.ONE, ProgressListener.NONE, new AtomicBoolean()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("coefficient record 3 (matrix ");
            byte[] wv = values(w).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            java.util.Arrays.fill(wv, 32 * 2, 32 * 3, (byte) 0xff);
            assertThatThrownBy(() -> nativeBackend.prove(k, MemorySegment.ofArray(wv), Fr.ONE, Fr.ONE, ProgressListener.NONE, new AtomicBoolean()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("witness value 2 is not below r");
            assertThatThrownBy(() -> nativeBackend.prove(k, MemorySegment.ofArray(new byte[32]), Fr.ONE, Fr.ONE, ProgressListener.NONE,
                    new AtomicBoolean())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wires");
        }
    }
}
