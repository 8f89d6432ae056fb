package io.zkml.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.compiler.circuit.Circuit;
import io.zkml.core.r1cs.Constraint;
import io.zkml.core.r1cs.R1cs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The structural determinism check finds under-constrained wires (it is no rubber stamp). */
class DeterminismTest {

    private static R1cs without(R1cs r, int constraint) {
        List<Constraint> cs = new ArrayList<>(r.constraints());
        cs.remove(constraint);
        return R1cs.of(r.wires(), cs);
    }

    @Test
    void aCompiledModelIsDeterminedAndLosingAnyBooleanConstraintIsNoticed() {
        Circuit c = Compiler.compile(Corpus.model("1l_relu"), CompileOptions.withRange(-4, 4));
        R1cs r = c.r1cs();
        assertThat(Determinism.check(r).undetermined()).isZero();
        int checked = 0;
        for (int i = 0; i < r.nConstraints(); i++) {
            Constraint k = r.constraint(i);
            boolean isBoolean = k.c().isEmpty() && k.a().size() == 1 && k.b().size() == 2;
            boolean isProduct = !k.a().isEmpty() && !k.c().isEmpty();
            if (isBoolean || isProduct) {
                assertThat(Determinism.check(without(r, i)).undetermined()).as("constraint %d removed", i).isPositive();
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(20);
    }

    @Test
    void aDivisionWithoutItsRemainderBoundIsNoticed() {
        Circuit c = Gadgets.circuit(2, -50, 50, 0, 4, (b, x) -> b.divRound(Gadgets.NODE, x, 7));
        R1cs r = c.r1cs();
        assertThat(Determinism.check(r).undetermined()).isZero();
        // drop the linear constraint d − 1 = rem + t of the first element
        for (int i = 0; i < r.nConstraints(); i++) {
            Constraint k = r.constraint(i);
            if (k.a().isEmpty() && k.c().size() == 2 * 3 + 1 && k.c().wire(0) == 0) {
                assertThat(Determinism.check(without(r, i)).undetermined()).isPositive();
                return;
            }
        }
        throw new AssertionError("no remainder-bound constraint found");
    }

    @Test
    void aFreeWireIsNamed() {
        Circuit c = Gadgets.circuit(1, -8, 7, 0, 4, (b, x) -> b.rescale(Gadgets.NODE, x, 2));
        R1cs r = c.r1cs();
        R1cs wider = R1cs.of(new io.zkml.core.r1cs.WireLayout(r.nWires() + 1, r.wires().nPubOut(), r.wires().nPubIn(), r.wires().nPrvIn()), r.constraints());
        Determinism.Result d = Determinism.check(wider);
        assertThat(d.undetermined()).isEqualTo(1);
        assertThat(d.firstUndetermined()).isEqualTo(r.nWires());
    }
}
