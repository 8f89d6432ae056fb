package io.zkml.core.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.core.field.Fr;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommitmentTest {

    @Test
    void commitmentIsPoseidonOfSaltThenValuesAsCircomlibjsComputesIt() {
        // every stored vector read as (salt, values…)
        for (PoseidonVectors.Vector v : PoseidonVectors.all()) {
            if (v.inputs().size() < 2) {
                continue;
            }
            Commitment c = Commitment.commit(v.inputs().getFirst(), v.inputs().subList(1, v.inputs().size()));
            assertThat(c.value()).isEqualTo(v.hash());
            assertThat(c.salt()).isEqualTo(v.inputs().getFirst());
        }
    }

    @Test
    void anotherSaltOrAnotherValueGivesAnotherCommitment() {
        SecureRandom random = new SecureRandom();
        List<Fr> record = List.of(Commitment.embed(BigInteger.valueOf(-3)), Fr.of(42), Fr.ZERO);
        Commitment c = Commitment.commit(random, record);
        assertThat(c.opensTo(record)).isTrue();
        assertThat(Commitment.commit(Commitment.randomSalt(random), record).value()).isNotEqualTo(c.value());
        List<Fr> changed = new ArrayList<>(record);
        changed.set(2, Fr.ONE);
        assertThat(c.opensTo(changed)).isFalse();
        assertThat(c.opensTo(record.subList(0, 2))).isFalse();
        assertThat(c.opensTo(List.of())).isFalse();
        assertThatThrownBy(() -> Commitment.commit(random, List.of())).hasMessageContaining("at least one value");
    }

    @Test
    void saltsAre248RandomBits() {
        SecureRandom random = new SecureRandom();
        Set<Fr> seen = new HashSet<>();
        int topByteSet = 0;
        for (int i = 0; i < 200; i++) {
            Fr s = Commitment.randomSalt(random);
            assertThat(s.toBigInteger().bitLength()).isLessThanOrEqualTo(248);
            topByteSet += s.toBigInteger().bitLength() > 240 ? 1 : 0;
            seen.add(s);
        }
        assertThat(seen).hasSize(200);
        assertThat(topByteSet).isGreaterThan(150); // the top byte is used: about 199 of 200 have a bit above 2^240
    }

    @Test
    void signedIntegersAreEmbeddedAsRMinusTheirMagnitude() {
        BigInteger r = Fr.MODULUS;
        assertThat(Commitment.embed(BigInteger.valueOf(-1)).toBigInteger()).isEqualTo(r.subtract(BigInteger.ONE));
        assertThat(Commitment.embed(BigInteger.valueOf(-1000)).toBigInteger()).isEqualTo(r.subtract(BigInteger.valueOf(1000)));
        assertThat(Commitment.embed(BigInteger.valueOf(7)).toBigInteger()).isEqualTo(BigInteger.valueOf(7));
        BigInteger half = r.subtract(BigInteger.ONE).shiftRight(1);
        assertThat(Commitment.embed(half.subtract(BigInteger.ONE).negate()).toBigInteger()).isEqualTo(half.add(BigInteger.TWO));
        assertThatThrownBy(() -> Commitment.embed(half)).hasMessageContaining("too large");
        assertThatThrownBy(() -> Commitment.embed(half.negate())).hasMessageContaining("too large");
    }
}
