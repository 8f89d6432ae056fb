package io.zkml.cli;

import io.zkml.bundle.CircuitFolder;
import io.zkml.bundle.KeyRecord;
import io.zkml.core.io.FormatException;
import io.zkml.core.zkey.Provenance;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Records a proving key made for a circuit folder in the folder's circuit.json ({@code "key"}: file, SHA-256,
 * provenance), so that the folder says which key belongs to it and whether a development key or a ceremony made
 * it. Only a key that belongs to the folder's circuit is recorded: one set up from the folder's own
 * circuit.r1cs (its SHA-256 as circuit.json records it), or one contributed to from the key recorded there.
 */
final class KeyRecording {

    private KeyRecording() {
    }

    /**
     * The circuit folder of an R1CS file, if it is a folder's circuit.r1cs. Read before the key is made; a
     * circuit.json that is not zkml's is left alone, with a note.
     */
    static Optional<CircuitFolder> folderOfR1cs(PrintWriter err, Path r1cs) throws IOException {
        Path dir = r1cs.toAbsolutePath().getParent();
        if (!CircuitFolder.R1CS.equals(String.valueOf(r1cs.getFileName())) || dir == null) {
            return Optional.empty();
        }
        return folder(err, dir);
    }

    /** The circuit folder that a written key lands in, if any (as {@link #folderOfR1cs}). */
    static Optional<CircuitFolder> folderOfKey(PrintWriter err, Path zkey) throws IOException {
        Path dir = zkey.toAbsolutePath().getParent();
        return dir == null ? Optional.empty() : folder(err, dir);
    }

    private static Optional<CircuitFolder> folder(PrintWriter err, Path dir) throws IOException {
        if (!CircuitFolder.isCircuitFolder(dir)) {
            return Optional.empty();
        }
        try {
            return Optional.of(CircuitFolder.read(dir));
        } catch (FormatException e) {
            err.println("note: the key is not recorded in " + dir.resolve(CircuitFolder.CIRCUIT_JSON) + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** After {@code setup}: records the key if the R1CS is the folder's, unchanged since compiling; whether it did. */
    static boolean afterSetup(PrintWriter err, CircuitFolder folder, Path r1cs, Path zkey, Provenance provenance) throws IOException {
        if (!KeyRecord.sha256(r1cs).equals(folder.r1csSha256())) {
            err.println("note: not recorded in " + folder.dir().resolve(CircuitFolder.CIRCUIT_JSON) + ": " + r1cs
                    + " does not match the SHA-256 recorded there");
            return false;
        }
        record(err, folder, zkey, provenance);
        return true;
    }

    /** After {@code contribute} or {@code beacon}: records the key if its input was the folder's recorded key; whether it did. */
    static boolean afterContribution(PrintWriter err, CircuitFolder folder, String inSha256, Path in, Path out, Provenance provenance)
            throws IOException {
        if (folder.key().map(k -> k.sha256().equals(inSha256)).orElse(false)) {
            record(err, folder, out, provenance);
            return true;
        }
        err.println("note: not recorded in " + folder.dir().resolve(CircuitFolder.CIRCUIT_JSON) + ": " + in
                + " is not the key recorded there");
        return false;
    }

    private static void record(PrintWriter err, CircuitFolder folder, Path zkey, Provenance provenance) throws IOException {
        Path json = folder.dir().resolve(CircuitFolder.CIRCUIT_JSON);
        AtomicFile.writeString(json, folder.withKey(KeyRecord.of(folder.dir(), zkey, provenance.toJson())));
        err.println("recorded the key and its provenance in " + json);
    }
}
