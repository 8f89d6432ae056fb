package io.zkml.service.work;

import io.zkml.service.store.Claim;
import io.zkml.service.store.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the service keeps its files:
 * <pre>
 * DIR/zkml.mv.db                          the job store (H2)
 * DIR/admin.key                           the generated bootstrap admin key (rw-------), if none was given
 * DIR/models/ID/model.onnx                the uploaded model
 * DIR/models/ID/circuit/                  the circuit folder (zkml compile's files, circuit.zkey, its key record)
 * DIR/models/ID/verification_key.json     snarkjs's verification key, with its provenance
 * DIR/models/ID/Verifier.sol              the Solidity verifier
 * DIR/proofs/ID/input.json                a proof's input (rw-------), deleted once the job finishes
 * DIR/proofs/ID/bundle-N.json             the proof bundle of the job's claim N (attempt N); the store records
 *                                         which one the winning claim published (a store from before that: bundle.json)
 * </pre>
 * Every file is written next to its place and moved in, so a crash never leaves half a file. A worker writes
 * only its own claim's bundle file, so one whose lease expired unnoticed cannot change a published bundle.
 */
public record DataFolder(Path root) {

    public static final String VK = "verification_key.json";
    public static final String VERIFIER = "Verifier.sol";

    public static DataFolder create(Path root) throws IOException {
        Files.createDirectories(root.resolve("models"));
        Files.createDirectories(root.resolve("proofs"));
        return new DataFolder(root);
    }

    public Path model(String id) {
        return root.resolve("models").resolve(id);
    }

    public Path onnx(String id) {
        return model(id).resolve("model.onnx");
    }

    public Path circuit(String id) {
        return model(id).resolve("circuit");
    }

    public Path vk(String id) {
        return model(id).resolve(VK);
    }

    public Path verifier(String id) {
        return model(id).resolve(VERIFIER);
    }

    public Path proof(String id) {
        return root.resolve("proofs").resolve(id);
    }

    public Path input(String id) {
        return proof(id).resolve("input.json");
    }

    /** The bundle file name of a claim of a proof job: one per attempt, so no two claims write the same file. */
    public static String bundleName(Claim claim) {
        return "bundle-" + claim.job().attempts() + ".json";
    }

    /** The bundle file a succeeded proof job published: the one its winning claim recorded. */
    public Path bundle(Job job) {
        return bundle(job.id(), job.bundle() == null ? "bundle.json" : job.bundle());
    }

    /** A bundle file of a proof ({@code name} as {@link #bundleName} makes it). */
    public Path bundle(String id, String name) {
        if (!name.matches("bundle(-[0-9]+)?\\.json")) {
            throw new IllegalArgumentException("not a bundle file name: " + name);
        }
        return proof(id).resolve(name);
    }
}
