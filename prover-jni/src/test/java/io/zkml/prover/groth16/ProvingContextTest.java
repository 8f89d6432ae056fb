package io.zkml.prover.groth16;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import io.zkml.core.io.FormatException;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.r1cs.R1csReader;
import io.zkml.core.testing.SnarkjsFixtures;
import io.zkml.core.wtns.Witness;
import io.zkml.core.wtns.WtnsReader;
import io.zkml.core.zkey.Zkey;
import io.zkml.prover.backend.ForwardingBackend;
import io.zkml.prover.backend.JavaBackend;
import io.zkml.prover.backend.KeySegments;
import io.zkml.prover.backend.PreparedKey;
import io.zkml.prover.backend.ProgressListener;
import io.zkml.prover.backend.ProverBackend;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Refusals (unsatisfying, mis-sized or damaged inputs), progress, cancellation, and determinism of the backend. */
class ProvingContextTest {

    static final JavaBackend BACKEND = new JavaBackend();
    static final String CIRCUIT = "square_chain";

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    static Witness witness() {
        return WtnsReader.read(CIRCUIT + ".wtns", SnarkjsFixtures.bytes(CIRCUIT + ".wtns"));
    }

    static R1cs r1cs() {
        return R1csReader.read(CIRCUIT + ".r1cs", SnarkjsFixtures.bytes(CIRCUIT + ".r1cs"));
    }

    static ProvingContext context(R1cs r1cs) {
        return ProvingContext.of(Zkey.read(CIRCUIT + ".zkey", SnarkjsFixtures.bytes(CIRCUIT + ".zkey")), r1cs, BACKEND);
    }

    /** The fixture witness with its first private wire changed. */
    static Witness wrongWitness() {
        Witness w = witness();
        int wire = r1cs().nPublic() + 1;
        return w.with(wire, w.get(wire).add(Fr.ONE));
    }

    @Test
    void anUnsatisfyingWitnessIsRefusedWithTheConstraintNamed() {
        R1cs r1cs = r1cs();
        Witness bad = wrongWitness();
        int expected = r1cs.firstViolatedConstraint(bad).orElseThrow();
        try (ProvingContext ctx = context(r1cs)) {
            assertThatThrownBy(() -> ctx.prove(bad)).isInstanceOfSatisfying(InvalidWitnessException.class, e -> {
                assertThat(e.violatedConstraint()).hasValue(expected);
                assertThat(e.getMessage()).startsWith("the witness violates constraint " + expected + " of " + r1cs.nConstraints() + ": ");
            });
        }
    }

    @Test
    void withoutTheR1csAnUnsatisfyingWitnessIsRefusedBecauseItsProofDoesNotVerify() {
        try (ProvingContext ctx = context(null)) {
            assertThatThrownBy(() -> ctx.prove(wrongWitness())).isInstanceOfSatisfying(InvalidWitnessException.class, e -> {
                assertThat(e.violatedConstraint()).isEmpty();
                assertThat(e.getMessage()).contains("the proof does not verify").contains("give the circuit's .r1cs");
            });
        }
    }

    @Test
    void aWitnessWithoutTheConstantOneIsRefused() {
        try (ProvingContext ctx = context(null)) {
            assertThatThrownBy(() -> ctx.prove(witness().with(0, Fr.TWO))).isInstanceOf(InvalidWitnessException.class)
                    .hasMessage("witness wire 0 must hold the constant 1, holds 2");
        }
    }

    @Test
    void aWitnessOfTheWrongLengthIsRefused() {
        List<Fr> values = new ArrayList<>(witness().values());
        values.add(Fr.ONE);
        try (ProvingContext ctx = context(null)) {
            assertThatThrownBy(() -> ctx.prove(Witness.of(values))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the witness has " + values.size() + " values but the key's circuit has " + (values.size() - 1) + " wires");
        }
    }

    @Test
    void anR1csOfAnotherCircuitIsRefused() {
        R1cs other = R1csReader.read("five_public.r1cs", SnarkjsFixtures.bytes("five_public.r1cs"));
        assertThatThrownBy(() -> context(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the R1CS (").hasMessageContaining("does not belong to the key");
    }

    @Test
    void aWitnessFileWithAnotherPrimeOrAValueNotBelowRIsAFormatExceptionWithItsOffset() {
        byte[] wtns = SnarkjsFixtures.bytes(CIRCUIT + ".wtns");
        // header: magic, version, nSections (12 bytes), section 1 header (12), n8 (4), then the prime
        byte[] otherPrime = wtns.clone();
        otherPrime[28] ^= 1;
        assertThatThrownBy(() -> WtnsReader.read("w.wtns", otherPrime)).isInstanceOfSatisfying(FormatException.class,
                e -> assertThat(e.offset()).hasValue(28));
        byte[] tooLarge = wtns.clone();
        int last = tooLarge.length - 1; // top byte of the last value
        tooLarge[last] = (byte) 0xFF;
        assertThatThrownBy(() -> WtnsReader.read("w.wtns", tooLarge)).isInstanceOfSatisfying(FormatException.class,
                e -> assertThat(e.offset()).hasValue(tooLarge.length - 32L));
    }

    @Test
    void aKeyWithAPointOffItsCurveIsAFormatExceptionAtThatPoint() {
        byte[] zkey = SnarkjsFixtures.bytes(CIRCUIT + ".zkey");
        Zkey good = Zkey.read("k.zkey", zkey);
        record Case(String name, long offset) { }
        List<Case> cases = List.of(new Case("A", good.a().fileOffset() + 2 * 64), new Case("B1", good.b1().fileOffset() + 64),
                new Case("C", good.c().fileOffset()), new Case("H", good.h().fileOffset() + 5 * 64 + 40),
                new Case("B2", good.b2().fileOffset() + 128 + 70));
        for (Case c : cases) {
            byte[] bad = zkey.clone();
            bad[(int) c.offset()] ^= 0x10;
            long pointBytes = c.name().equals("B2") ? 128 : 64;
            long pointStart = c.offset() - (c.offset() - sectionStart(good, c.name())) % pointBytes;
            assertThatThrownBy(() -> ProvingContext.of(Zkey.read("k.zkey", bad), null, BACKEND)).as(c.name())
                    .isInstanceOfSatisfying(FormatException.class, e -> {
                        assertThat(e.offset()).hasValue(pointStart);
                        assertThat(e.getMessage()).startsWith("k.zkey: offset 0x" + Long.toHexString(pointStart) + ": " + c.name() + " point ");
                    });
        }
    }

    private static long sectionStart(Zkey z, String name) {
        return switch (name) {
            case "A" -> z.a().fileOffset();
            case "B1" -> z.b1().fileOffset();
            case "B2" -> z.b2().fileOffset();
            case "C" -> z.c().fileOffset();
            default -> z.h().fileOffset();
        };
    }

    @Test
    void truncatedOrMalformedKeysAreFormatExceptions() {
        byte[] zkey = SnarkjsFixtures.bytes(CIRCUIT + ".zkey");
        for (int len : new int[] {0, 11, 200, zkey.length / 2, zkey.length - 1}) {
            byte[] cut = java.util.Arrays.copyOf(zkey, len);
            assertThatThrownBy(() -> ProvingContext.of(Zkey.read("k.zkey", cut), null, BACKEND)).as("%d bytes", len)
                    .isInstanceOf(FormatException.class).hasMessageStartingWith("k.zkey: ");
        }
    }

    @Test
    void progressRisesToOneAndCancellationStopsTheProof() {
        try (ProvingContext ctx = context(r1cs())) {
            List<Double> seen = Collections.synchronizedList(new ArrayList<>());
            List<String> stages = Collections.synchronizedList(new ArrayList<>());
            ctx.prove(witness(), (stage, f) -> {
                seen.add(f);
                stages.add(stage);
            }, new AtomicBoolean());
            assertThat(seen.getFirst()).isEqualTo(0.0);
            assertThat(seen.getLast()).isEqualTo(1.0);
            assertThat(seen).allMatch(f -> f >= 0 && f <= 1);
            assertThat(stages).contains("qap", "ntt", "msm A", "msm B1", "msm B2", "msm C", "msm H", "done");

            AtomicBoolean cancel = new AtomicBoolean();
            ProgressListener cancelAtTheMsms = (stage, f) -> {
                if (stage.startsWith("msm")) {
                    cancel.set(true);
                }
            };
            assertThatThrownBy(() -> ctx.prove(witness(), cancelAtTheMsms, cancel)).isInstanceOf(CancellationException.class);
            AtomicBoolean already = new AtomicBoolean(true);
            assertThatThrownBy(() -> ctx.prove(witness(), ProgressListener.NONE, already)).isInstanceOf(CancellationException.class);
        }
    }

    /** With r and s fixed the proof is a function of the key and witness: one thread and three give the same bytes. */
    @Test
    void theProofDoesNotDependOnTheNumberOfThreads() {
        Witness w = witness();
        byte[] values = new byte[32 * w.size()];
        for (int i = 0; i < w.size(); i++) {
            System.arraycopy(w.get(i).toBytesLE(), 0, values, 32 * i, 32);
        }
        Fr r = Fr.of(123456789), s = Fr.of(987654321);
        try (ProvingContext ctx = context(null); JavaBackend one = new JavaBackend(1); JavaBackend three = new JavaBackend(3)) {
            Proof p1 = one.prove(ctx.key(), MemorySegment.ofArray(values), r, s, ProgressListener.NONE, new AtomicBoolean());
            Proof p3 = three.prove(ctx.key(), MemorySegment.ofArray(values), r, s, ProgressListener.NONE, new AtomicBoolean());
            assertThat(p3).isEqualTo(p1);
            assertThat(io.zkml.verifier.Groth16.verify(ctx.verifyingKey(), p1, ctx.prove(w).publicSignalValues())).isTrue();
        }
    }

    /** A backend that counts the keys it prepares and releases, proving with the Java backend. */
    static final class CountingBackend implements ForwardingBackend {
        final AtomicInteger prepared = new AtomicInteger();
        final AtomicInteger released = new AtomicInteger();

        @Override
        public ProverBackend delegate() {
            return BACKEND;
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public Proof prove(KeySegments key, MemorySegment witness, Fr r, Fr s, ProgressListener progress, AtomicBoolean cancel) {
            throw new AssertionError("the context proves with its prepared key");
        }

        @Override
        public PreparedKey prepare(KeySegments key) {
            prepared.incrementAndGet();
            PreparedKey inner = BACKEND.prepare(key);
            return new PreparedKey() {
                @Override
                public Proof prove(MemorySegment witness, Fr r, Fr s, ProgressListener progress, AtomicBoolean cancel) {
                    return inner.prove(witness, r, s, progress, cancel);
                }

                @Override
                public void close() {
                    released.incrementAndGet();
                    inner.close();
                }
            };
        }

        @Override
        public void close() {
            // BACKEND is shared by the class's tests
        }
    }

    /** The context prepares its key on the backend once (the CUDA backend: uploads it), proves with it, and releases it. */
    @Test
    void theKeyIsPreparedOnceAndReleasedWhenTheContextCloses() {
        CountingBackend backend = new CountingBackend();
        ProvingContext ctx = ProvingContext.of(Zkey.read(CIRCUIT + ".zkey", SnarkjsFixtures.bytes(CIRCUIT + ".zkey")), null, backend);
        assertThat(backend.prepared.get()).isEqualTo(1);
        ctx.prove(witness());
        ctx.prove(witness());
        assertThat(backend.prepared.get()).isEqualTo(1);
        assertThat(backend.released.get()).isZero();
        ctx.close();
        assertThat(backend.released.get()).isEqualTo(1);
        // the default prepared key refuses proofs once closed
        PreparedKey k = BACKEND.prepare(context(null).key());
        k.close();
        assertThatThrownBy(() -> k.prove(MemorySegment.ofArray(new byte[0]), Fr.ONE, Fr.ONE, ProgressListener.NONE, new AtomicBoolean()))
                .isInstanceOf(IllegalStateException.class);
    }
}
