package io.zkml.core.r1cs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.core.field.Fr;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.RawSection;
import io.zkml.core.snarkjs.PublicSignalsJson;
import io.zkml.core.testing.Corruption;
import io.zkml.core.testing.SnarkjsFixtures;
import io.zkml.core.wtns.Witness;
import io.zkml.core.wtns.WtnsReader;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class R1csTest {

    /** square_chain.r1cs: the constraint section starts at 24, the header payload at 1596, the map at 1672. */
    private static final int SQ_HEADER = 1596;

    private static R1cs r1cs(String circuit) {
        return R1csReader.read(circuit + ".r1cs", SnarkjsFixtures.bytes(circuit + ".r1cs"));
    }

    private static Witness wtns(String circuit) {
        return WtnsReader.read(circuit + ".wtns", SnarkjsFixtures.bytes(circuit + ".wtns"));
    }

    @Test
    void readsTheHeaders() throws IOException {
        R1cs sq = R1csReader.read(SnarkjsFixtures.path("square_chain.r1cs"));
        assertThat(sq.wires()).isEqualTo(new WireLayout(13, 1, 1, 1));
        assertThat(sq.nLabels()).isEqualTo(15);
        assertThat(sq.nConstraints()).isEqualTo(10);
        assertThat(sq.nPublic()).isEqualTo(2);
        assertThat(sq.wireToLabel()).containsExactly(0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13);
        assertThat(sq.otherSections()).isEmpty();
        // acc[1] = x·x + y: (w3)·(w3) = w4 − w2 over Fr
        assertThat(sq.constraint(0).a().terms()).containsExactly(new LinearCombination.Term(3, Fr.ONE.neg()));

        R1cs fp = r1cs("five_public");
        assertThat(fp.wires()).isEqualTo(new WireLayout(12, 1, 5, 1));
        assertThat(fp.nConstraints()).isEqualTo(5);
        assertThat(fp.nLabels()).isEqualTo(13);
    }

    @Test
    void fixtureWitnessesSatisfyTheirCircuits() {
        for (String c : SnarkjsFixtures.CIRCUITS) {
            R1cs r = r1cs(c);
            Witness w = wtns(c);
            assertThat(r.firstViolatedConstraint(w)).as(c).isEmpty();
            assertThat(r.isSatisfiedBy(w)).isTrue();
            List<BigInteger> pub = PublicSignalsJson.read(c + "_public.json", SnarkjsFixtures.text(c + "_public.json"));
            assertThat(r.publicSignals(w)).extracting(Fr::toBigInteger).isEqualTo(pub);
        }
    }

    @Test
    void aChangedValueIsCaughtByTheFirstConstraintThatUsesIt() {
        R1cs sq = r1cs("square_chain");
        Witness w = wtns("square_chain");
        // wires: 0 = 1, 1 = out, 2 = y, 3 = x, 4… = acc[1]…acc[9]; constraint i computes acc[i+1]
        assertThat(sq.firstViolatedConstraint(w.with(4, w.get(4).add(Fr.ONE)))).isEqualTo(OptionalInt.of(0));
        assertThat(sq.firstViolatedConstraint(w.with(8, Fr.ZERO))).isEqualTo(OptionalInt.of(4));
        assertThat(sq.firstViolatedConstraint(w.with(1, Fr.of(42)))).isEqualTo(OptionalInt.of(9));
        assertThat(sq.firstViolatedConstraint(w.with(2, Fr.of(8)))).isEqualTo(OptionalInt.of(0));
        assertThat(sq.isSatisfiedBy(w.with(12, Fr.ONE))).isFalse();

        R1cs fp = r1cs("five_public");
        Witness fw = wtns("five_public");
        assertThat(fp.firstViolatedConstraint(fw.with(1, Fr.of(30031)))).isEqualTo(OptionalInt.of(4));
    }

    @Test
    void witnessMustFitTheCircuit() {
        R1cs sq = r1cs("square_chain");
        Witness w = wtns("square_chain");
        assertThatThrownBy(() -> sq.isSatisfiedBy(wtns("five_public"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("witness has 12 values but the circuit has 13 wires");
        assertThatThrownBy(() -> sq.isSatisfiedBy(w.with(0, Fr.TWO))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("witness wire 0 must hold the constant 1, holds 2");
    }

    @Test
    void roundTripsAreByteIdentical() {
        for (String c : SnarkjsFixtures.CIRCUITS) {
            byte[] original = SnarkjsFixtures.bytes(c + ".r1cs");
            R1cs r = r1cs(c);
            assertThat(R1csWriter.toBytes(r)).as(c).isEqualTo(original);
            assertThat(R1csReader.read("again", R1csWriter.toBytes(r))).isEqualTo(r);
        }
    }

    @Test
    void customGateSectionsAreKeptVerbatim() {
        R1cs sq = r1cs("square_chain");
        List<RawSection> gates = List.of(new RawSection(4, new byte[] {1, 0, 0, 0, 'x', 0}), new RawSection(5, new byte[] {0, 0, 0, 0}));
        R1cs withGates = new R1cs(sq.wires(), sq.nLabels(), sq.constraints(), sq.wireToLabel(), gates);
        byte[] bytes = R1csWriter.toBytes(withGates);
        R1cs back = R1csReader.read("g.r1cs", bytes);
        assertThat(back.otherSections()).isEqualTo(gates);
        assertThat(R1csWriter.toBytes(back)).isEqualTo(bytes);
    }

    @Test
    void everyTruncationIsAFormatException() {
        for (String c : SnarkjsFixtures.CIRCUITS) {
            Corruption.everyTruncationIsAFormatException(c + ".r1cs", SnarkjsFixtures.bytes(c + ".r1cs"), b -> R1csReader.read(c + ".r1cs", b));
        }
    }

    @Property(tries = 500)
    void anyChangedByteReadsOrIsAFormatException(@ForAll @IntRange(min = 0, max = 1775) int index, @ForAll byte value) {
        Corruption.readsOrIsAFormatException("c.r1cs", SnarkjsFixtures.bytes("square_chain.r1cs"), index, value, b -> R1csReader.read("c.r1cs", b));
    }

    @Test
    void wrongMagicAndWrongPrime() {
        assertThatThrownBy(() -> R1csReader.read("x.r1cs", SnarkjsFixtures.bytes("square_chain.zkey"))).isInstanceOf(FormatException.class)
                .hasMessage("x.r1cs: offset 0x0: not a .r1cs file: magic \"zkey\" (7a 6b 65 79), expected \"r1cs\"");
        byte[] b = SnarkjsFixtures.bytes("square_chain.r1cs");
        byte[] p = new BigInteger("21888242871839275222246405745257275088696311157297823662689037894645226208583").toByteArray();
        for (int i = 0; i < 32; i++) {
            b[SQ_HEADER + 4 + i] = p[p.length - 1 - i];
        }
        assertThatThrownBy(() -> R1csReader.read("c.r1cs", b)).isInstanceOf(FormatException.class)
                .hasMessage("c.r1cs: offset 0x640: prime 21888242871839275222246405745257275088696311157297823662689037894645226208583"
                        + " (BN254's base field p (also grumpkin's scalar field)) is not BN254's scalar field r = " + Fr.MODULUS);
    }

    @Test
    void wiresOutOfRange() {
        byte[] b = SnarkjsFixtures.bytes("square_chain.r1cs");
        // constraint 0: A has one term at 24: count (4), wire (4) = 3, coefficient (32)
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(28, 13);
        assertThatThrownBy(() -> R1csReader.read("c.r1cs", b))
                .hasMessage("c.r1cs: offset 0x1c: constraint 0, A term 0: wire 13 out of range (the header declares 13 wires)");
    }

    @Test
    void countsThatDoNotAddUp() {
        byte[] b = SnarkjsFixtures.bytes("square_chain.r1cs");
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(SQ_HEADER + 36 + 12, 11); // nPrvIn
        assertThatThrownBy(() -> R1csReader.read("c.r1cs", b))
                .hasMessage("c.r1cs: offset 0x660: nWires = 13 is less than the 14 wires that the constant, the outputs and the inputs need");

        byte[] m = SnarkjsFixtures.bytes("square_chain.r1cs");
        ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).putInt(SQ_HEADER + 36 + 24, 9); // mConstraints
        assertThatThrownBy(() -> R1csReader.read("c.r1cs", m)).hasMessageEndingWith("bytes left over in section 2 after the 9 constraints that the header declares");

        byte[] n = SnarkjsFixtures.bytes("square_chain.r1cs");
        ByteBuffer.wrap(n).order(ByteOrder.LITTLE_ENDIAN).putInt(SQ_HEADER + 36, 12); // nWires
        assertThatThrownBy(() -> R1csReader.read("c.r1cs", n)).isInstanceOf(FormatException.class)
                .hasMessageContaining("out of range (the header declares 12 wires)");
    }

    @Test
    void termCountBeyondTheSection() {
        byte[] b = SnarkjsFixtures.bytes("square_chain.r1cs");
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 1000);
        assertThatThrownBy(() -> R1csReader.read("c.r1cs", b))
                .hasMessage("c.r1cs: offset 0x18: truncated constraint 0: A has 1000 terms (need 36000 bytes, 1556 left in section 2)");
    }

    @Test
    void modelPreconditions() {
        WireLayout l = new WireLayout(3, 1, 0, 1);
        assertThat(l.firstPrivateInput()).isEqualTo(2);
        assertThat(l.firstInternal()).isEqualTo(3);
        assertThat(l.isPublic(1)).isTrue();
        assertThat(l.isPublic(0)).isFalse();
        Constraint c = new Constraint(LinearCombination.term(1, Fr.ONE), LinearCombination.term(2, Fr.ONE), LinearCombination.term(3, Fr.ONE));
        assertThatThrownBy(() -> R1cs.of(l, List.of(c))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("constraint 0 uses wire 3 but there are only 3 wires");
        assertThatThrownBy(() -> new WireLayout(2, 1, 1, 0)).hasMessageContaining("nWires = 2 is less than the 3 wires");
        assertThatThrownBy(() -> LinearCombination.of(new int[] {1}, new Fr[0])).hasMessage("1 wires but 0 coefficients");

        // x·x = y with x = 3: a satisfied system built by hand, the identity label map
        WireLayout xy = new WireLayout(3, 1, 0, 1);
        R1cs square = R1cs.of(xy, List.of(new Constraint(LinearCombination.term(2, Fr.ONE), LinearCombination.term(2, Fr.ONE), LinearCombination.term(1, Fr.ONE))));
        assertThat(square.isSatisfiedBy(Witness.of(Fr.ONE, Fr.of(9), Fr.of(3)))).isTrue();
        assertThat(square.isSatisfiedBy(Witness.of(Fr.ONE, Fr.of(10), Fr.of(3)))).isFalse();
        assertThat(R1csReader.read("s.r1cs", R1csWriter.toBytes(square))).isEqualTo(square);
        List<Constraint> none = new ArrayList<>();
        assertThat(R1cs.of(xy, none).isSatisfiedBy(Witness.of(Fr.ONE, Fr.ZERO, Fr.ZERO))).isTrue();
    }
}
