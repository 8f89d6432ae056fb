package io.zkml.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.circuit.CircuitFiles;
import io.zkml.compiler.lower.CircuitBuilder;
import io.zkml.compiler.lower.FLin;
import io.zkml.compiler.lower.Lowering;
import io.zkml.compiler.lower.PoseidonLowering;
import io.zkml.compiler.quant.ProgramBuilder;
import io.zkml.compiler.quant.QProgram;
import io.zkml.compiler.quant.QValue;
import io.zkml.compiler.witness.WitnessGenerator;
import io.zkml.core.field.Fr;
import io.zkml.core.hash.Commitment;
import io.zkml.core.hash.PoseidonVectors;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.wtns.Witness;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Poseidon gadget and visibility {@code hashed}: commitments equal zk-core's {@link Commitment#commit} (and so
 * circomlibjs's), malicious witnesses fail, compiled circuits stay determined.
 */
class HashedVisibilityTest {

    private static final Fr SALT = Fr.of(new java.math.BigInteger("1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff0", 16));

    /** A program whose hashed input x of n integers in [−100, 100] is also its (public) output. */
    private static QProgram hashedIdentity(int n) {
        ProgramBuilder b = new ProgramBuilder(0);
        long[] lo = new long[n];
        long[] hi = new long[n];
        Arrays.fill(lo, -100);
        Arrays.fill(hi, 100);
        QValue x = b.value(new int[] {n}, 0, lo, hi);
        return new QProgram(List.of(new QProgram.Input("x", x, RANGE, -100, 100, Visibility.HASHED)), b.values(), b.ops(),
                List.of(new QProgram.Output("y", x, Visibility.PUBLIC)));
    }

    private static final CompileOptions.InputRange RANGE = new CompileOptions.InputRange(-100, 100);

    private static Circuit assemble(QProgram p, Lowering.Lowered lowered) {
        return Circuit.assemble(p, new CompileOptions(0, 0, List.of(RANGE), List.of(Visibility.HASHED), List.of(Visibility.PUBLIC)), "test", lowered);
    }

    private static double[] values(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i * 37) % 201 - 100; // negative and positive, −100 and 100 included for n ≥ 7
        }
        return v;
    }

    private static List<Fr> embedded(double[] v) {
        return Arrays.stream(v).mapToObj(x -> Fr.of((long) x)).toList();
    }

    @Test
    void theCommitmentIsZkCoresForEveryChainLength() {
        for (int n : new int[] {1, 15, 16, 17, 40}) {
            QProgram p = hashedIdentity(n);
            Circuit c = assemble(p, Lowering.lower(p));
            double[] v = values(n);
            WitnessGenerator.Result r = WitnessGenerator.generate(c, List.of(v), new WitnessGenerator.Salts(Map.of("x", SALT), Map.of()), null);
            R1cs r1cs = c.r1cs();
            assertThat(r1cs.isSatisfiedBy(r.witness())).as("n = %d", n).isTrue();
            Fr expected = Commitment.commit(SALT, embedded(v)).value();
            // public signals: the output y (n elements), then the input's commitment
            List<Fr> pub = r1cs.publicSignals(r.witness());
            assertThat(pub).as("n = %d", n).hasSize(n + 1).last().isEqualTo(expected);
            assertThat(r.commitments()).singleElement().satisfies(k -> {
                assertThat(k.input()).isTrue();
                assertThat(k.tensor()).isEqualTo("x");
                assertThat(k.commitment()).isEqualTo(new Commitment(SALT, expected));
            });
            assertThat(r1cs.wires().nPrvIn()).isEqualTo(n + 1);
        }
    }

    @Test
    void theGadgetHashesCircomlibjsVectors() {
        // circomlibjs's hashes (stored by zk-core), of field elements beyond the range of longs too
        int checked = 0;
        for (PoseidonVectors.Vector vec : PoseidonVectors.all()) {
            if (vec.inputs().size() > 40) {
                continue;
            }
            CircuitBuilder b = new CircuitBuilder();
            List<FLin> in = new ArrayList<>();
            int[] wires = new int[vec.inputs().size()];
            for (int i = 0; i < wires.length; i++) {
                wires[i] = b.fieldWire();
                in.add(FLin.wire(wires[i]));
            }
            int h = b.materialize(PoseidonLowering.hash(b, in));
            Fr[] v = new Fr[b.nWires()];
            Arrays.fill(v, Fr.ZERO);
            v[0] = Fr.ONE;
            for (int i = 0; i < wires.length; i++) {
                v[wires[i]] = vec.inputs().get(i);
            }
            b.fieldSolvers().forEach(s -> s.solve(v));
            assertThat(v[h]).as("%s", vec.inputs()).isEqualTo(vec.hash());
            for (CircuitBuilder.FieldRc rc : b.fieldConstraints()) {
                assertThat(rc.a().eval(v).mul(rc.b().eval(v))).isEqualTo(rc.c().eval(v));
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(40);
    }

    @Test
    void aPermutationCostsThreeConstraintsPerSbox() {
        // the README's table: 3·(8t + R_P) − 3 for a hash of t − 1 inputs (element 0 enters as the constant 0)
        for (int t = 2; t <= 17; t++) {
            CircuitBuilder b = new CircuitBuilder();
            List<FLin> in = new ArrayList<>();
            for (int i = 0; i < t - 1; i++) {
                in.add(FLin.wire(b.fieldWire()));
            }
            int w0 = b.nWires();
            FLin h = PoseidonLowering.hash(b, in);
            int expected = 3 * (8 * t + io.zkml.core.hash.PoseidonParameters.partialRounds(t)) - 3;
            assertThat(b.nConstraints()).as("t = %d", t).isEqualTo(expected);
            assertThat(b.nWires() - w0).isEqualTo(expected);
            assertThat(h.size()).isEqualTo(t);
        }
    }

    @Test
    void maliciousWitnessesViolateAConstraint() {
        int n = 17; // two chained permutations
        QProgram p = hashedIdentity(n);
        Lowering.Lowered lowered = Lowering.lower(p);
        Circuit c = assemble(p, lowered);
        R1cs r1cs = c.r1cs();
        double[] v = values(n);
        long[][] q = WitnessGenerator.quantize(c.program(), List.of(v));
        long[] ints = c.solve(q);
        Fr[] honest = c.solveField(ints, List.of(SALT));
        assertThat(r1cs.firstViolatedConstraint(c.witness(honest))).isEmpty();
        int commitment = c.hashed().getFirst().commitmentWire();
        int salt = c.hashed().getFirst().saltWire();
        List<CircuitBuilder.FieldSolver> solvers = lowered.builder().fieldSolvers();

        // the commitment alone changed
        assertRejected(c, r1cs, honest, w -> w[commitment] = w[commitment].add(Fr.ONE), "another commitment");

        // every 17th S-box (full and partial rounds): its x⁵ (or x²) wire changed, every later field wire
        // recomputed (the commitment too)
        CircuitBuilder bld = lowered.builder();
        List<Integer> sboxX4 = new ArrayList<>();
        for (CircuitBuilder.FieldRc rc : bld.fieldConstraints()) {
            if (rc.a().isSingleWire() && rc.b().isSingleWire() && rc.c().isSingleWire() && rc.a().wires()[0] == rc.b().wires()[0]) {
                sboxX4.add(rc.c().wires()[0]); // x²·x² = x⁴; x² and x⁵ are its neighbours
            }
        }
        assertThat(sboxX4).hasSizeGreaterThan(2 * 100);
        int tried = 0;
        for (int i = 0; i < sboxX4.size(); i += 17) {
            int x4 = sboxX4.get(i);
            for (int target : new int[] {x4 + 1, x4 - 1}) {
                Fr[] m = new Fr[ints.length];
                for (int k = 0; k < m.length; k++) {
                    m[k] = bld.isFieldWire(k) ? null : Fr.of(ints[k]);
                }
                m[salt] = SALT;
                int k = 0;
                while (m[x4 + 1] == null) {
                    solvers.get(k++).solve(m);
                }
                m[target] = m[target].add(Fr.of(3));
                while (k < solvers.size()) {
                    solvers.get(k++).solve(m);
                }
                assertThat(r1cs.firstViolatedConstraint(c.witness(m))).as("S-box %d, wire %d", i, target).isPresent();
                assertThat(c.firstViolated(ints, m)).isNotNegative();
                tried++;
            }
        }
        assertThat(tried).isGreaterThan(40);

        // another salt, everything recomputed, the published commitment kept
        Fr[] otherSalt = c.solveField(ints, List.of(SALT.add(Fr.ONE)));
        assertThat(otherSalt[commitment]).isNotEqualTo(honest[commitment]);
        assertRejected(c, r1cs, otherSalt, w -> w[commitment] = honest[commitment], "another salt");

        // another record (one element changed by one), everything recomputed, the published commitment kept
        double[] other = v.clone();
        other[5] += 1;
        long[] otherInts = c.solve(WitnessGenerator.quantize(c.program(), List.of(other)));
        Fr[] otherRecord = c.solveField(otherInts, List.of(SALT));
        assertThat(otherRecord[commitment]).isNotEqualTo(honest[commitment]);
        assertRejected(c, r1cs, otherRecord, w -> w[commitment] = honest[commitment], "another record");
    }

    @Test
    void aModelWithAHashedInputAndOutputIsDeterminedAndDescribed() {
        byte[] model = Corpus.model("2l_relu_fc");
        List<double[]> input = Corpus.input("2l_relu_fc");
        CompileOptions o = CompileOptions.withRange(-2, 2).withVisibility(List.of(Visibility.HASHED), List.of(Visibility.HASHED));
        Circuit c = Compiler.compile(model, o);
        R1cs r1cs = c.r1cs();
        assertThat(r1cs.wires().nPubOut()).isEqualTo(1);
        assertThat(r1cs.wires().nPubIn()).isEqualTo(1);
        int n = c.program().inputs().getFirst().value().size();
        assertThat(r1cs.wires().nPrvIn()).isEqualTo(n + 2); // the elements, their salt, the output's salt
        assertThat(Determinism.check(r1cs).undetermined()).isZero();
        assertThat(c.fingerprint()).isNotEqualTo(Compiler.compile(model, CompileOptions.withRange(-2, 2)).fingerprint());

        // circuit.json describes both commitments, and its options compile the same circuit
        JsonNode json = CircuitFiles.circuitJson(c, "sha");
        JsonNode out = json.path("publicSignals").get(0);
        JsonNode in = json.path("publicSignals").get(1);
        assertThat(out.path("kind").asText()).isEqualTo("output");
        assertThat(in.path("kind").asText()).isEqualTo("input");
        for (JsonNode e : List.of(out, in)) {
            assertThat(e.path("visibility").asText()).isEqualTo("hashed");
            assertThat(e.path("count").asInt()).isEqualTo(1);
            assertThat(e.path("commitment").path("scheme").asText()).isEqualTo(CircuitFiles.COMMITMENT_SCHEME);
        }
        assertThat(in.path("firstSignal").asInt()).isEqualTo(2);
        assertThat(in.path("commitment").path("elements").asInt()).isEqualTo(n);
        CompileOptions back = CircuitFiles.options(json);
        assertThat(back.inputVisibility()).containsExactly(Visibility.HASHED);
        assertThat(back.outputVisibility()).containsExactly(Visibility.HASHED);
        assertThat(Compiler.compile(model, back).fingerprint()).isEqualTo(c.fingerprint());

        // the output's salt: fresh unless given; the input's: required, and only for hashed tensors
        String inName = c.program().inputs().getFirst().name();
        String outName = c.program().outputs().getFirst().name();
        WitnessGenerator.Salts inOnly = new WitnessGenerator.Salts(Map.of(inName, SALT), Map.of());
        WitnessGenerator.Result a = WitnessGenerator.generate(c, input, inOnly, new SecureRandom());
        WitnessGenerator.Result b = WitnessGenerator.generate(c, input, inOnly, new SecureRandom());
        assertThat(r1cs.isSatisfiedBy(a.witness())).isTrue();
        Fr outSalt = a.commitments().get(1).commitment().salt();
        assertThat(a.commitments().get(1).input()).isFalse();
        assertThat(b.commitments().get(1).commitment().salt()).isNotEqualTo(outSalt);
        assertThat(b.commitments().get(1).commitment().value()).isNotEqualTo(a.commitments().get(1).commitment().value());
        assertThat(a.commitments().get(0).commitment().value()).isEqualTo(b.commitments().get(0).commitment().value());
        List<Fr> outputs = Arrays.stream(a.quantizedOutputs()[0]).mapToObj(Fr::of).toList();
        assertThat(r1cs.publicSignals(a.witness()).getFirst()).isEqualTo(Commitment.commit(outSalt, outputs).value());
        WitnessGenerator.Result again = WitnessGenerator.generate(c, input, new WitnessGenerator.Salts(Map.of(inName, SALT), Map.of(outName, outSalt)), null);
        assertThat(again.witness()).isEqualTo(a.witness());

        assertThatThrownBy(() -> WitnessGenerator.generate(c, input))
                .isInstanceOf(CompileException.class).hasMessageContaining("input '" + inName + "' is hashed: its salt is needed");
        assertThatThrownBy(() -> WitnessGenerator.generate(c, input, new WitnessGenerator.Salts(Map.of(inName, SALT, "nope", SALT), Map.of()), null))
                .isInstanceOf(CompileException.class).hasMessageContaining("input 'nope', which is not a hashed input");
    }

    private static void assertRejected(Circuit c, R1cs r1cs, Fr[] values, java.util.function.Consumer<Fr[]> mutate, String what) {
        Fr[] m = values.clone();
        mutate.accept(m);
        Witness w = c.witness(m);
        assertThat(r1cs.firstViolatedConstraint(w)).as(what).isPresent();
    }
}
