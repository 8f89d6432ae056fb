package io.zkml.prover.ceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;

/** The building blocks of the ceremonies, against independent references. */
class CeremonyPrimitivesTest {

    @Test
    void chachaWithTheZeroKeyGivesTheKnownKeystream() {
        // ChaCha20, all-zero key, nonce and counter: keystream 76b8e0ad a0f13d90 … (RFC 7539's test vectors)
        ChaCha c = new ChaCha(new int[8]);
        assertThat(Integer.toHexString(c.nextU32())).isEqualTo("ade0b876");
        assertThat(Integer.toHexString(c.nextU32())).isEqualTo("903df1a0");
        for (int i = 2; i < 16; i++) {
            c.nextU32();
        }
        int firstOfSecondBlock = c.nextU32();
        assertThat(firstOfSecondBlock).isNotEqualTo(0xade0b876); // the counter moved on
        assertThatThrownBy(() -> new ChaCha(new int[7])).hasMessageContaining("8 words");
    }

    @Test
    void resumableBlake2bIsBlake2bAndResumesFromItsSavedState() {
        Random rnd = new Random(7);
        for (int len : new int[] {0, 1, 63, 64, 127, 128, 129, 255, 256, 257, 1000, 4096, 5000}) {
            byte[] data = new byte[len];
            rnd.nextBytes(data);
            Blake2bDigest bc = new Blake2bDigest(512);
            bc.update(data, 0, len);
            byte[] expected = new byte[64];
            bc.doFinal(expected, 0);
            for (int split : new int[] {0, Math.min(1, len), len / 3, len / 2, len}) {
                ResumableBlake2b h = new ResumableBlake2b().update(data, 0, split);
                ResumableBlake2b resumed = ResumableBlake2b.resume(h.save());
                assertThat(resumed.update(data, split, len - split).digest()).as("len %d split %d", len, split).isEqualTo(expected);
            }
        }
        assertThatThrownBy(() -> ResumableBlake2b.resume(new byte[10])).hasMessageContaining("216 bytes");
    }

    @Test
    void beaconStreamsDependOnHashAndIterationsOnly() {
        byte[] hash = {1, 2, 3};
        assertThat(SnarkjsRandom.fr(SnarkjsRandom.beacon(hash, 3))).isEqualTo(SnarkjsRandom.fr(SnarkjsRandom.beacon(hash, 3)));
        assertThat(SnarkjsRandom.fr(SnarkjsRandom.beacon(hash, 3))).isNotEqualTo(SnarkjsRandom.fr(SnarkjsRandom.beacon(hash, 4)));
        assertThatThrownBy(() -> SnarkjsRandom.beacon(new byte[0], 10)).hasMessageContaining("1 to 255 bytes");
        assertThatThrownBy(() -> SnarkjsRandom.beacon(hash, 64)).hasMessageContaining("[0, 63]");
    }

    @Test
    void sampledPointsAreInTheirGroups() {
        ChaCha rng = ChaCha.fromHash(new byte[32]);
        for (int i = 0; i < 5; i++) {
            assertThat(SnarkjsRandom.g1(rng).isOnCurve()).isTrue();
            var q = SnarkjsRandom.g2(rng);
            assertThat(q.isOnCurve()).isTrue();
            assertThat(q.isInSubgroupByOrder()).isTrue();
        }
    }
}
