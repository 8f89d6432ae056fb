package io.zkml.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.compiler.circuit.Circuit;
import io.zkml.core.field.Fr;
import io.zkml.core.r1cs.Constraint;
import io.zkml.core.r1cs.R1cs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exhaustive search finds every witness, not just the honest one (it is no rubber stamp either). */
class ExhaustiveTest {

    @Test
    void aRescaleWithoutItsEquationHasEveryBitPatternAsWitness() {
        // x in [−8, 7] rescaled by 2^2 to a 3-bit quotient: 2 remainder bits and 3 quotient bits
        Circuit c = Gadgets.circuit(1, -8, 7, 0, 2, (b, x) -> b.rescale(Gadgets.NODE, x, 2));
        R1cs r = c.r1cs();
        Fr[] x = {Fr.of(5)};
        assertThat(Exhaustive.witnesses(r, x, 22)).hasSize(1);
        List<Constraint> cs = new ArrayList<>(r.constraints());
        // the rescale's equation is the linear constraint over the input wire and both groups of bits
        int in = c.inputWires(0)[0];
        Constraint eq = cs.stream().filter(k -> k.a().isEmpty() && k.c().size() == 1 + 1 + 2 + 3 && k.c().wire(1) == in).findFirst().orElseThrow();
        cs.remove(eq);
        List<Fr[]> all = Exhaustive.witnesses(R1cs.of(r.wires(), cs), x, 22);
        assertThat(all).hasSize(1 << (2 + 3));
        // and each is a different output: the quotient bits are free
        assertThat(all.stream().map(w -> w[c.outputWires(0)[0]]).distinct().count()).isEqualTo(1 << 3);
    }
}
