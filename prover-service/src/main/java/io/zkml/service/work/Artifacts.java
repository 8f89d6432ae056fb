package io.zkml.service.work;

import io.zkml.cli.AtomicFile;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Immutable files stored by their content: {@code ROOT/sha256/ab/abcdef…} holds the bytes whose SHA-256 is
 * {@code abcdef…} (64 lower-case hex digits; the first two name the sub-folder). A file is written to
 * {@code ROOT/tmp/}, hashed while written, forced to disk and renamed into place, and its folder forced too, so
 * a crash leaves either the whole file or only a temporary one, which nothing reads and {@link #open} deletes
 * once it is {@link #STALE} old. The same content is stored once; two writers of it at once (threads, processes,
 * nodes sharing the folder) each rename an identical file into place, which leaves one. Stored files are
 * read-only (r--r--r--).
 *
 * <p>Reading checks the content against its name: {@link #read} every time (small files: verification keys,
 * bundles, circuit.json), {@link #open} the first time this process opens a file of that size and modification
 * time (large files: circuits and keys, which the prover then maps). A mismatch is a {@link CorruptArtifactException}.
 */
public final class Artifacts {

    /** A file in {@code tmp/} older than this is a crash's leftover (no writer takes that long): deleted on open. */
    public static final Duration STALE = Duration.ofHours(6);

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** The stored content does not hash to its name: the folder was altered or damaged. */
    public static final class CorruptArtifactException extends IOException {
        CorruptArtifactException(String message) {
            super(message);
        }
    }

    private final Path root;
    private final Path tmp;
    /** The files this process checked: hash → (size, modification time) when checked. */
    private final Map<String, String> checked = new ConcurrentHashMap<>();

    private Artifacts(Path root) {
        this.root = root;
        this.tmp = root.resolve("tmp");
    }

    /** Opens (creating if missing) the store at {@code root}; deletes stale temporary files. */
    public static Artifacts open(Path root) throws IOException {
        Artifacts a = new Artifacts(root);
        Files.createDirectories(root.resolve("sha256"));
        Files.createDirectories(a.tmp);
        a.deleteStaleTemporaryFiles(System.currentTimeMillis() - STALE.toMillis());
        return a;
    }

    /** Deletes the temporary files last modified before {@code before} (ms since the epoch); how many. */
    int deleteStaleTemporaryFiles(long before) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(tmp)) {
            for (Path p : s) {
                try {
                    if (Files.getLastModifiedTime(p).compareTo(FileTime.fromMillis(before)) < 0) {
                        Pipeline.deleteTree(p); // a file, or a folder of a compile's files
                        n++;
                    }
                } catch (IOException e) {
                    // another node removed or is using it
                }
            }
        }
        return n;
    }

    public Path root() {
        return root;
    }

    /** Whether {@code sha256} is the name of a stored file's content (64 lower-case hex digits). */
    public static boolean isHash(String sha256) {
        return sha256 != null && SHA256.matcher(sha256).matches();
    }

    /** Where the content with this hash is (or would be) stored. */
    public Path path(String sha256) {
        if (!isHash(sha256)) {
            throw new IllegalArgumentException("not a SHA-256 in lower-case hex: " + sha256);
        }
        return root.resolve("sha256").resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    /** Whether the content with this hash is stored. */
    public boolean has(String sha256) {
        return Files.isRegularFile(path(sha256));
    }

    /** A new temporary file in this store's folder (so that {@link #adopt} renames it in), e.g. for an upload. */
    public Path newTemporaryFile(String suffix) throws IOException {
        return Files.createTempFile(tmp, "upload-", suffix);
    }

    /** A new temporary folder in this store's folder, for files to {@link #adopt}. */
    public Path newTemporaryFolder() throws IOException {
        return Files.createTempDirectory(tmp, "files-");
    }

    /** Stores what {@code body} writes; its SHA-256. */
    public String put(AtomicFile.Body body) throws IOException {
        Path t = Files.createTempFile(tmp, "put-", ".tmp");
        try {
            MessageDigest md = sha256();
            try (FileChannel ch = FileChannel.open(t, StandardOpenOption.WRITE)) {
                try (OutputStream out = new BufferedOutputStream(new DigestOutputStream(new NonClosing(java.nio.channels.Channels.newOutputStream(ch)), md),
                        1 << 16)) {
                    body.writeTo(out);
                }
                ch.force(true);
            }
            return moveIn(t, HexFormat.of().formatHex(md.digest()));
        } finally {
            Files.deleteIfExists(t);
        }
    }

    public String put(byte[] content) throws IOException {
        return put(out -> out.write(content));
    }

    public String putString(String text) throws IOException {
        return put(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Stores a copy of a file (streamed); its SHA-256. */
    public String putCopy(Path file) throws IOException {
        return put(out -> Files.copy(file, out));
    }

    /**
     * Stores a file written in this store's temporary folder ({@link #newTemporaryFile}, {@link #newTemporaryFolder}) by renaming it in, after
     * hashing it and forcing it to disk; its SHA-256.
     */
    public String adopt(Path file) throws IOException {
        if (!file.toAbsolutePath().normalize().startsWith(tmp.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException(file + " is not in " + tmp);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            return moveIn(file, hash(file));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Renames a complete, forced temporary file to its content's place and forces the folder. */
    private String moveIn(Path t, String sha256) throws IOException {
        Path target = path(sha256);
        Files.createDirectories(target.getParent());
        if (Files.getFileStore(t).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("r--r--r--"));
        }
        try {
            // the same content again (or from another writer at once) replaces an identical file, atomically; a
            // damaged file of this name is repaired
            Files.move(t, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(t, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceFolder(target.getParent());
        return sha256;
    }

    /** Forces a folder's entries to disk (a rename into it is durable after this); a no-op where unsupported. */
    static void forceFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every system opens folders for forcing; the rename stands either way
        }
    }

    /** The stored content with this hash, checked against it. */
    public byte[] read(String sha256) throws IOException {
        Path p = existing(sha256);
        byte[] b = Files.readAllBytes(p);
        String actual = HexFormat.of().formatHex(sha256().digest(b));
        if (!actual.equals(sha256)) {
            throw corrupt(sha256, actual);
        }
        return b;
    }

    public String readString(String sha256) throws IOException {
        return new String(read(sha256), StandardCharsets.UTF_8);
    }

    /**
     * The stored file with this hash, for reading in place: checked against its name the first time this process
     * opens it (and again if its size or modification time changed since).
     */
    public Path open(String sha256) throws IOException {
        Path p = existing(sha256);
        String stamp = Files.size(p) + "/" + Files.getLastModifiedTime(p).toMillis();
        if (!stamp.equals(checked.get(sha256))) {
            String actual = hash(p);
            if (!actual.equals(sha256)) {
                throw corrupt(sha256, actual);
            }
            checked.put(sha256, stamp);
        }
        return p;
    }

    private Path existing(String sha256) throws IOException {
        Path p = path(sha256);
        if (!Files.isRegularFile(p)) {
            throw new java.nio.file.NoSuchFileException(p.toString(), null, "artifact sha256:" + sha256 + " is missing from " + root);
        }
        return p;
    }

    private CorruptArtifactException corrupt(String sha256, String actual) {
        checked.remove(sha256);
        return new CorruptArtifactException("the stored artifact sha256:" + sha256 + " does not match its hash (its content hashes to sha256:" + actual
                + "): the data folder was altered or damaged, and the file is not used");
    }

    /** The SHA-256 of a file, streamed, in lower-case hex. */
    static String hash(Path file) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** Keeps the channel open when the stream over it closes, so that it can be forced after the last write. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
