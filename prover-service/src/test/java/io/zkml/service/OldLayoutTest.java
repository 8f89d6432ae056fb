package io.zkml.service;

import static io.zkml.service.ServiceTesting.ADMIN;
import static io.zkml.service.ServiceTesting.input;
import static io.zkml.service.ServiceTesting.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml.bundle.CircuitFolder;
import io.zkml.bundle.KeyRecord;
import io.zkml.compiler.Compiler;
import io.zkml.compiler.circuit.CircuitFiles;
import io.zkml.core.io.JsonText;
import io.zkml.core.r1cs.R1csReader;
import io.zkml.core.zkey.Zkey;
import io.zkml.prover.groth16.Setup;
import io.zkml.prover.groth16.VerificationKeyExport;
import io.zkml.service.http.Api;
import io.zkml.service.store.H2JobStore;
import io.zkml.service.store.Job;
import io.zkml.service.store.JobKind;
import io.zkml.service.store.JobStatus;
import io.zkml.service.store.ModelRecord;
import io.zkml.service.work.DataFolder;
import io.zkml.service.work.ModelOptions;
import io.zkml.verifier.solidity.SolidityVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data folder of the layout before content addressing (a model's files in {@code models/ID/}, bundles as
 * {@code proofs/ID/bundle-N.json}), written here as that version wrote it: its models are migrated when a node
 * opens it, and served and proved on as before; its published bundles are served from where they are.
 */
class OldLayoutTest {

    @TempDir
    Path data;

    @Test
    void anOldDataFolderIsMigratedOnStartAndServedAsBefore() throws Exception {
        byte[] onnx = resource(ServiceTesting.MODEL);
        ModelOptions options = ModelOptions.fromQuery(Map.of("input_range", List.of("-2:2")));
        Path model = Files.createDirectories(data.resolve("models").resolve("m_old"));
        Files.write(model.resolve("model.onnx"), onnx);
        Path circuit = model.resolve("circuit");
        CircuitFiles.write(Compiler.compile(onnx, options.compileOptions()), onnx, circuit);
        String vk;
        String zkeySha;
        try (Zkey key = Setup.development(R1csReader.read(circuit.resolve("circuit.r1cs")), new SecureRandom())) {
            try (var out = Files.newOutputStream(circuit.resolve("circuit.zkey"))) {
                key.write(out);
            }
            vk = VerificationKeyExport.json(key);
            Files.writeString(model.resolve("verification_key.json"), vk);
            Files.writeString(model.resolve("Verifier.sol"), SolidityVerifier.generate(key.verifyingKey()));
            KeyRecord record = KeyRecord.of(circuit, circuit.resolve("circuit.zkey"), key.provenance().toJson());
            zkeySha = record.sha256();
            Files.writeString(circuit.resolve("circuit.json"), CircuitFolder.read(circuit).withKey(record));
        }
        String legacyBundle = "{\"legacy\": true}";
        Files.createDirectories(data.resolve("proofs").resolve("p_old"));
        Files.writeString(data.resolve("proofs").resolve("p_old").resolve("bundle-1.json"), legacyBundle);
        try (H2JobStore store = H2JobStore.open(data)) {
            long now = System.currentTimeMillis();
            store.insertModel(new ModelRecord("m_old", "admin", ModelRecord.READY, null, JsonText.stringify(options.toJson()), now),
                    new Job("m_old", JobKind.MODEL, "m_old", "admin", JobStatus.QUEUED, 0, 0, null, 0, null, false, now, 0, null));
            assertThat(store.succeed(store.claim("old", now, 60_000, 3).orElseThrow(), now)).isTrue();
            store.submit(new Job("p_old", JobKind.PROOF, "m_old", "admin", JobStatus.QUEUED, 0, 0, null, 0, null, false, now, 0, null), null, "h", 10, 10);
            assertThat(store.succeed(store.claim("old", now, 60_000, 3).orElseThrow(), "bundle-1.json", now)).isTrue();
        }

        try (ProvingNode node = ProvingNode.start(ServiceTesting.config(data))) {
            Http http = new Http(node.port());
            assertThat(model.resolve(DataFolder.MANIFEST)).exists();
            assertThat(circuit).as("migrated: the old files are gone").doesNotExist();
            assertThat(model.resolve("model.onnx")).doesNotExist();
            assertThat(model.resolve("verification_key.json")).doesNotExist();

            JsonNode m = http.get(Api.MODEL, ADMIN, "m_old").json();
            assertThat(m.path("status").asText()).isEqualTo("ready");
            assertThat(m.path("zkeyHash").asText()).isEqualTo(zkeySha);
            assertThat(http.get(Api.VK, ADMIN, "m_old").body()).isEqualTo(vk);
            assertThat(http.get(Api.VERIFIER, ADMIN, "m_old").body()).contains("verifyProof");

            JsonNode old = http.get(Api.PROOF, ADMIN, "p_old").json();
            assertThat(old.path("status").asText()).isEqualTo("succeeded");
            assertThat(old.path("bundle").path("legacy").asBoolean()).as(old.toString()).isTrue();
            assertThat(old.path("bundle").has("signature")).isTrue();

            Http.Response p = http.json(Api.PROVE, ADMIN, input(), "m_old");
            assertThat(p.status()).as(p.body()).isEqualTo(202);
            JsonNode done = ServiceTesting.awaitProof(http, ADMIN, p.json().path("id").asText());
            assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
            assertThat(done.path("bundle").path("zkeyHash").asText()).isEqualTo(zkeySha);
            ServiceTesting.assertVerifies(done.path("bundle"), vk);
        }
        // opening it again changes nothing
        Map<String, String> files = DataFolder.create(data).files("m_old");
        assertThat(files).containsKeys("model.onnx", "circuit.json", "circuit.r1cs", "circuit.zkey", "verification_key.json", "Verifier.sol");
        assertThat(files.get("circuit.zkey")).isEqualTo(zkeySha);
    }
}
