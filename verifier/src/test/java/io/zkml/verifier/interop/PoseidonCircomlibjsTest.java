package io.zkml.verifier.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.field.Fr;
import io.zkml.core.hash.Commitment;
import io.zkml.core.hash.Poseidon;
import io.zkml.core.hash.PoseidonParameters;
import io.zkml.core.hash.PoseidonVectors;
import io.zkml.core.io.JsonAt;
import io.zkml.core.io.JsonText;
import io.zkml.verifier.node.NodeTools;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * zkml's Poseidon against circomlibjs (pinned in {@code verifier/node}), run through {@code node poseidon.mjs}:
 * the generated round constants and MDS matrices of every width equal circomlibjs's table, and hashes agree on
 * random and edge inputs of every width 1..16, on long inputs under the chaining rule (computed in JS by the
 * same rule), on salted commitments, and on the vectors stored in zk-core's test resources.
 */
class PoseidonCircomlibjsTest {

    private static final BigInteger R = Fr.MODULUS;

    @Test
    void hashesAndParametersEqualCircomlibjs(@TempDir Path dir) throws Exception {
        long seed = new SecureRandom().nextLong();
        Random random = new Random(seed);
        List<List<Fr>> cases = new ArrayList<>();
        Fr minusOne = Fr.of(R.subtract(BigInteger.ONE));
        for (int n = 1; n <= 16; n++) {
            cases.add(random(random, n));
            cases.add(random(random, n));
            cases.add(Collections.nCopies(n, Fr.ZERO));
            cases.add(Collections.nCopies(n, minusOne));
            List<Fr> mixed = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                mixed.add(switch (random.nextInt(4)) {
                    case 0 -> Fr.ZERO;
                    case 1 -> minusOne;
                    case 2 -> Fr.ONE;
                    default -> Fr.of(BigInteger.ONE.shiftLeft(random.nextInt(254)));
                });
            }
            cases.add(mixed);
        }
        for (int n : new int[] {17, 18, 31, 32, 33, 48, 64, 100, 257}) {
            cases.add(random(random, n));
        }
        cases.add(Collections.nCopies(33, minusOne));
        cases.add(Collections.nCopies(17, Fr.ZERO));
        // salted commitments: Poseidon(salt, values…)
        SecureRandom secure = new SecureRandom();
        List<Commitment> commitments = new ArrayList<>();
        List<List<Fr>> committed = new ArrayList<>();
        for (int n : new int[] {1, 4, 15, 16, 40}) {
            List<Fr> values = random(random, n);
            values.set(0, Commitment.embed(BigInteger.valueOf(-12345)));
            Commitment c = Commitment.commit(secure, values);
            commitments.add(c);
            committed.add(values);
            List<Fr> preimage = new ArrayList<>();
            preimage.add(c.salt());
            preimage.addAll(values);
            cases.add(preimage);
        }
        List<PoseidonVectors.Vector> stored = PoseidonVectors.all();
        stored.forEach(v -> cases.add(v.inputs()));

        ObjectNode request = JsonText.NODES.objectNode();
        ArrayNode hashes = request.putArray("hashes");
        for (List<Fr> c : cases) {
            ArrayNode a = hashes.addArray();
            c.forEach(x -> a.add(x.toString()));
        }
        request.put("constants", true);
        Path file = dir.resolve("request.json");
        Files.write(file, JsonText.stringifyUtf8(request));
        String out = NodeTools.node(dir, 120, NodeTools.dir().resolve("poseidon.mjs").toString(), file.toString())
                .requireSuccess("node poseidon.mjs").output();
        JsonAt answer = JsonText.parse("poseidon.mjs output", out);

        List<JsonAt> js = answer.field("hashes").elements(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            Fr expected = Fr.ofCanonical(js.get(i).decimal());
            assertThat(Poseidon.hash(cases.get(i)))
                    .as("case %d, %d inputs %s (seed %d)", i, cases.get(i).size(), cases.get(i), seed).isEqualTo(expected);
        }
        int firstStored = cases.size() - stored.size();
        for (int i = 0; i < stored.size(); i++) {
            assertThat(Fr.ofCanonical(js.get(firstStored + i).decimal())).as("stored vector %d", i).isEqualTo(stored.get(i).hash());
        }
        for (int i = 0; i < commitments.size(); i++) {
            assertThat(commitments.get(i).value()).isEqualTo(Fr.ofCanonical(js.get(firstStored - commitments.size() + i).decimal()));
            assertThat(commitments.get(i).opensTo(committed.get(i))).isTrue();
        }

        JsonAt constants = answer.field("constants");
        List<JsonAt> c = constants.field("C").elements(16);
        List<JsonAt> m = constants.field("M").elements(16);
        for (int t = 2; t <= 17; t++) {
            PoseidonParameters p = PoseidonParameters.of(t);
            assertThat(c.get(t - 2).elements().stream().map(x -> Fr.ofCanonical(x.decimal())).toList())
                    .as("round constants, t = %d", t).isEqualTo(p.roundConstants());
            List<List<Fr>> mds = m.get(t - 2).elements(t).stream()
                    .map(row -> row.elements().stream().map(x -> Fr.ofCanonical(x.decimal())).toList()).toList();
            assertThat(mds).as("MDS matrix, t = %d", t).isEqualTo(p.mds());
        }
    }

    private static List<Fr> random(Random random, int n) {
        List<Fr> xs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            xs.add(Fr.of(new BigInteger(254, random).mod(R)));
        }
        return xs;
    }
}
