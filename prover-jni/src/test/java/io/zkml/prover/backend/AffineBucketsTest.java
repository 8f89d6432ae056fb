package io.zkml.prover.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Batched affine bucket additions against plain sums, with few distinct points so that batches meet the same
 * bucket again (the queue), P + P (doubling inside a batch) and P + (−P) (the bucket empties).
 */
class AffineBucketsTest {

    @Property(tries = 40)
    void g1BucketsHoldTheSums(@ForAll @IntRange(min = 1, max = 64) int nBuckets, @ForAll @IntRange(min = 4, max = 32) int capacity,
            @ForAll @IntRange(max = 400) int additions, @ForAll long seed) {
        Random rnd = new Random(seed);
        List<G1> points = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            points.add(G1.generatorTimes(BigInteger.valueOf(rnd.nextInt(1000) + 1)).toAffine());
        }
        AffineBuckets buckets = new AffineBuckets(new AffineField.OverFp(), nBuckets, capacity);
        G1[] expected = new G1[nBuckets];
        java.util.Arrays.fill(expected, G1.INFINITY);
        for (int i = 0; i < additions; i++) {
            int b = rnd.nextInt(nBuckets);
            G1 p = points.get(rnd.nextInt(points.size()));
            boolean negate = rnd.nextBoolean();
            buckets.add(b, LimbArithmeticTest.affine(p), 0, negate);
            expected[b] = expected[b].add(negate ? p.neg() : p);
        }
        buckets.finish();
        for (int b = 0; b < nBuckets; b++) {
            G1 got = buckets.full[b] ? G1.affine(LimbArithmeticTest.fp(buckets.buckets, 8 * b), LimbArithmeticTest.fp(buckets.buckets, 8 * b + 4))
                    : G1.INFINITY;
            assertThat(got).as("bucket %d", b).isEqualTo(expected[b]);
        }
    }

    @Property(tries = 10)
    void g2BucketsHoldTheSums(@ForAll @IntRange(min = 1, max = 16) int nBuckets, @ForAll @IntRange(max = 120) int additions, @ForAll long seed) {
        Random rnd = new Random(seed);
        List<G2> points = List.of(G2.GENERATOR, G2.generatorTimes(BigInteger.valueOf(rnd.nextInt(1000) + 2)).toAffine());
        AffineBuckets buckets = new AffineBuckets(new AffineField.OverFp2(), nBuckets, 8);
        G2[] expected = new G2[nBuckets];
        java.util.Arrays.fill(expected, G2.INFINITY);
        for (int i = 0; i < additions; i++) {
            int b = rnd.nextInt(nBuckets);
            G2 p = points.get(rnd.nextInt(points.size()));
            boolean negate = rnd.nextBoolean();
            buckets.add(b, LimbArithmeticTest.affine(p), 0, negate);
            expected[b] = expected[b].add(negate ? p.neg() : p);
        }
        buckets.finish();
        for (int b = 0; b < nBuckets; b++) {
            G2 got = G2.INFINITY;
            if (buckets.full[b]) {
                long[] l = buckets.buckets;
                got = G2.affine(new io.zkml.core.field.Fp2(LimbArithmeticTest.fp(l, 16 * b), LimbArithmeticTest.fp(l, 16 * b + 4)),
                        new io.zkml.core.field.Fp2(LimbArithmeticTest.fp(l, 16 * b + 8), LimbArithmeticTest.fp(l, 16 * b + 12)));
            }
            assertThat(got).as("bucket %d", b).isEqualTo(expected[b]);
        }
    }
}
