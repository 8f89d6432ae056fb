package io.zkml.service.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The content-addressed store: one copy per content, safe concurrent writers, tampering found, crash leftovers. */
class ArtifactsTest {

    @TempDir
    Path dir;

    private static final byte[] CONTENT = "{\"protocol\": \"groth16\"}\n".getBytes(StandardCharsets.UTF_8);
    /** SHA-256 of CONTENT, computed independently (sha256sum). */
    private static final String CONTENT_SHA = "a4732dd637beb9fea7200a8a4d4ebcecce07656c2f27486bb08c3c6e22ded115";

    private List<Path> stored() throws Exception {
        try (var s = Files.walk(dir.resolve("sha256"))) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private List<Path> temporary() throws Exception {
        try (var s = Files.list(dir.resolve("tmp"))) {
            return s.toList();
        }
    }

    @Test
    void theSameContentIsStoredOnceUnderItsHash() throws Exception {
        Artifacts a = Artifacts.open(dir);
        String sha = a.put(CONTENT);
        assertThat(sha).isEqualTo(CONTENT_SHA).isEqualTo(Artifacts.hash(writeTo(dir.resolve("plain"), CONTENT)));
        assertThat(a.path(sha)).isEqualTo(dir.resolve("sha256").resolve(sha.substring(0, 2)).resolve(sha));
        assertThat(a.putString(new String(CONTENT, StandardCharsets.UTF_8))).isEqualTo(sha);
        assertThat(a.putCopy(dir.resolve("plain"))).isEqualTo(sha);
        assertThat(stored()).containsExactly(a.path(sha));
        assertThat(a.read(sha)).isEqualTo(CONTENT);
        assertThat(Files.getPosixFilePermissions(a.path(sha))).isEqualTo(PosixFilePermissions.fromString("r--r--r--"));
        assertThat(temporary()).as("nothing left behind").isEmpty();
        assertThat(a.has(CONTENT_SHA)).isTrue();
        assertThat(a.has(CONTENT_SHA.replace('a', 'b'))).isFalse();
        assertThatThrownBy(() -> a.path("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentWritersOfTheSameContentLeaveOneWholeFile() throws Exception {
        Artifacts a = Artifacts.open(dir);
        byte[] big = new byte[3 << 20];
        new java.util.Random(7).nextBytes(big);
        int writers = 6;
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                // one process's store each, as several nodes on one shared folder
                Artifacts own = i % 2 == 0 ? a : Artifacts.open(dir);
                results.add(pool.submit(() -> {
                    start.await();
                    return own.put(big);
                }));
            }
            Set<String> hashes = new HashSet<>();
            for (Future<String> f : results) {
                hashes.add(f.get());
            }
            assertThat(hashes).hasSize(1);
            assertThat(stored()).hasSize(1);
            assertThat(a.read(hashes.iterator().next())).isEqualTo(big);
            assertThat(temporary()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTamperedArtifactIsFoundAndRefusedUntilStoredAgain() throws Exception {
        Artifacts a = Artifacts.open(dir);
        String sha = a.put(CONTENT);
        Path p = a.open(sha);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        byte[] bad = CONTENT.clone();
        bad[3] ^= 1; // same size
        Files.write(p, bad);
        Files.setLastModifiedTime(p, FileTime.fromMillis(Files.getLastModifiedTime(p).toMillis() + 2000));
        assertThatThrownBy(() -> a.read(sha)).isInstanceOf(Artifacts.CorruptArtifactException.class).hasMessageContaining(sha)
                .hasMessageContaining("does not match its hash");
        assertThatThrownBy(() -> a.open(sha)).as("checked again: its size or time changed").isInstanceOf(Artifacts.CorruptArtifactException.class);
        assertThatThrownBy(() -> Artifacts.open(dir).open(sha)).as("another process's first open").isInstanceOf(Artifacts.CorruptArtifactException.class);
        // storing the content again repairs it
        assertThat(a.put(CONTENT)).isEqualTo(sha);
        assertThat(a.read(sha)).isEqualTo(CONTENT);
        assertThat(a.open(sha)).isEqualTo(p);
        Files.delete(p);
        assertThatThrownBy(() -> a.read(sha)).isInstanceOf(java.nio.file.NoSuchFileException.class).hasMessageContaining("missing");
    }

    @Test
    void aCrashLeavesOnlyTemporaryFilesWhichAreIgnoredAndCleanedOnceStale() throws Exception {
        Artifacts a = Artifacts.open(dir);
        // a writer killed half-way: a partial file in tmp/ (and a compile's folder), never under its hash
        Path partial = writeTo(dir.resolve("tmp").resolve("put-123.tmp"), new byte[] {1, 2, 3});
        Path folder = Files.createDirectories(dir.resolve("tmp").resolve("files-9"));
        writeTo(folder.resolve("circuit.r1cs"), new byte[] {4});
        Path fresh = writeTo(dir.resolve("tmp").resolve("upload-5.zkey"), new byte[] {5}); // another node's upload, still going
        long old = System.currentTimeMillis() - Artifacts.STALE.toMillis() - 60_000;
        Files.setLastModifiedTime(partial, FileTime.fromMillis(old));
        Files.setLastModifiedTime(folder, FileTime.fromMillis(old));
        assertThat(stored()).isEmpty();
        String sha = a.put(CONTENT);
        assertThat(stored()).containsExactly(a.path(sha));

        Artifacts.open(dir); // the next start
        assertThat(partial).doesNotExist();
        assertThat(folder).doesNotExist();
        assertThat(fresh).as("not stale: perhaps still being written").exists();
        assertThat(a.read(sha)).isEqualTo(CONTENT);
    }

    @Test
    void aFileWrittenInTheTemporaryFolderIsAdoptedByRenaming() throws Exception {
        Artifacts a = Artifacts.open(dir);
        Path upload = a.newTemporaryFile(".zkey");
        Files.write(upload, CONTENT);
        String sha = a.adopt(upload);
        assertThat(upload).doesNotExist();
        assertThat(a.read(sha)).isEqualTo(CONTENT);
        Path outside = writeTo(dir.resolve("elsewhere"), CONTENT);
        assertThatThrownBy(() -> a.adopt(outside)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aModelsManifestNamesItsFilesAndSameUploadsShareThem() throws Exception {
        DataFolder data = DataFolder.create(dir.resolve("data"));
        try (Pipeline p = new Pipeline(data, null, 1)) {
            String first = p.storeModel("m_1", CONTENT);
            String second = p.storeModel("m_2", CONTENT);
            assertThat(second).isEqualTo(first);
            assertThat(data.files("m_1")).isEqualTo(Map.of(DataFolder.ONNX, first));
            assertThat(data.read("m_2", DataFolder.ONNX)).isEqualTo(CONTENT);
            assertThat(data.files("m_3")).isEmpty();
            assertThatThrownBy(() -> data.record("m_1", Map.of(DataFolder.VK, CONTENT_SHA.replace('a', 'b')))).as("only stored files are recorded")
                    .isInstanceOf(IllegalStateException.class);
            try (var s = Files.walk(data.artifacts().root().resolve("sha256"))) {
                assertThat(s.filter(Files::isRegularFile).count()).isEqualTo(1);
            }
        }
    }

    private static Path writeTo(Path p, byte[] b) throws Exception {
        Files.write(p, b);
        return p;
    }
}
