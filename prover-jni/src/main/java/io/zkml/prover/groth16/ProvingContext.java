package io.zkml.prover.groth16;

import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import io.zkml.core.groth16.VerifyingKey;
import io.zkml.core.io.FormatException;
import io.zkml.core.io.Trace;
import io.zkml.core.r1cs.Constraint;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.wtns.Witness;
import io.zkml.core.zkey.Provenance;
import io.zkml.core.zkey.Zkey;
import io.zkml.prover.backend.KeySegments;
import io.zkml.prover.backend.PreparedKey;
import io.zkml.prover.backend.ProgressListener;
import io.zkml.prover.backend.ProverBackend;
import io.zkml.verifier.Groth16;
import io.zkml.verifier.PreparedVerifyingKey;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One circuit's proving key, opened once and used for many proofs: the {@code .zkey} stays memory-mapped (never
 * copied onto the heap) and its verifying key prepared. {@link #prove} draws fresh blinding scalars r, s from a
 * {@link SecureRandom} for every proof, computes it on the {@link ProverBackend} and verifies it before returning
 * it: a proof that does not verify is never handed out.
 *
 * <p>Opening checks the key: its structure and header (the {@link Zkey} reader), and that every point of the
 * A, B1, B2, C and H sections lies on its curve, so that a corrupt key fails here with the offset of the bad
 * point rather than as a proof that does not verify. With the circuit's {@link R1cs} (optional) every witness
 * is checked against the constraints first and the first violated one is named.
 *
 * <p>The key is {@linkplain ProverBackend#prepare prepared} on the backend once, when the context opens: the CUDA
 * backend uploads it to the GPU and keeps it resident until {@link #close}, so a proof ships only the witness.
 *
 * <p>Thread-safe: proofs may run concurrently, as far as the backend allows. The backend is the caller's to close.
 */
public final class ProvingContext implements AutoCloseable {

    private final Zkey zkey;
    private final boolean ownsZkey;
    private final KeySegments key;
    private final VerifyingKey vk;
    private final PreparedVerifyingKey pvk;
    private final R1cs r1cs;
    private final ProverBackend backend;
    private final PreparedKey prepared;
    private final SecureRandom random = new SecureRandom();

    private ProvingContext(Zkey zkey, boolean ownsZkey, KeySegments key, VerifyingKey vk, R1cs r1cs, ProverBackend backend) {
        this.zkey = zkey;
        this.ownsZkey = ownsZkey;
        this.key = key;
        this.vk = vk;
        this.pvk = Groth16.prepare(vk);
        Trace.mark("verifying key prepared");
        this.r1cs = r1cs;
        this.backend = Objects.requireNonNull(backend, "backend must not be null");
        if (r1cs != null) {
            requireMatch(r1cs, key);
        }
        this.prepared = backend.prepare(key);
    }

    /**
     * Memory-maps a {@code .zkey} and checks it.
     *
     * @param r1cs the circuit, to check witnesses against, or null
     * @throws FormatException if the key is malformed or holds a point off its curve (with the file offset)
     * @throws IllegalArgumentException if the R1CS does not belong to the key
     */
    public static ProvingContext open(Path zkeyPath, R1cs r1cs, ProverBackend backend) throws IOException {
        Zkey z = Zkey.open(zkeyPath);
        Trace.mark("key mapped");
        try {
            return of(z, true, r1cs, backend);
        } catch (RuntimeException e) {
            z.close();
            throw e;
        }
    }

    /** {@link #open(Path, R1cs, ProverBackend)} without an R1CS. */
    public static ProvingContext open(Path zkeyPath, ProverBackend backend) throws IOException {
        return open(zkeyPath, null, backend);
    }

    /** A context over a key already read (which stays the caller's to close, after this context). */
    public static ProvingContext of(Zkey zkey, R1cs r1cs, ProverBackend backend) {
        return of(zkey, false, r1cs, backend);
    }

    private static ProvingContext of(Zkey z, boolean owns, R1cs r1cs, ProverBackend backend) {
        checkPoints(z, Objects.requireNonNull(backend, "backend must not be null"));
        Trace.mark("key points checked");
        KeySegments key = new KeySegments(z.nVars(), z.nPublic(), z.domainSize(), z.alphaG1(), z.betaG1(), z.betaG2(), z.deltaG1(),
                z.deltaG2(), z.coefficients().size(), z.coefficients().entries(), z.a().segment(), z.b1().segment(), z.b2().segment(),
                z.c().segment(), z.h().segment());
        return new ProvingContext(z, owns, key, z.verifyingKey(), r1cs, backend);
    }

    /**
     * A context over a key given as segments with its verifying key (keys made in memory, benchmarks). The points
     * are checked to be on their curves.
     *
     * @throws IllegalArgumentException if a point is invalid or the R1CS does not match
     */
    public static ProvingContext of(KeySegments key, VerifyingKey vk, R1cs r1cs, ProverBackend backend) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(vk, "vk must not be null");
        if (vk.nPublic() != key.nPublic()) {
            throw new IllegalArgumentException("the verifying key has " + vk.nPublic() + " public signals, the proving key " + key.nPublic());
        }
        String[] names = {"A", "B1", "C", "H"};
        MemorySegment[] g1 = {key.pointsA(), key.pointsB1(), key.pointsC(), key.pointsH()};
        for (int k = 0; k < g1.length; k++) {
            long bad = backend.firstInvalidG1(g1[k]);
            if (bad >= 0) {
                throw new IllegalArgumentException(names[k] + " point " + bad + " is not a point of G1");
            }
        }
        long bad = backend.firstInvalidG2(key.pointsB2());
        if (bad >= 0) {
            throw new IllegalArgumentException("B2 point " + bad + " is not on the twist");
        }
        return new ProvingContext(null, false, key, vk, r1cs, backend);
    }

    /** Every point of the key's sections, checked by the backend (natively where it is native). */
    private static void checkPoints(Zkey z, ProverBackend backend) {
        checkG1(backend, z.source(), "A", z.a().segment(), z.a().fileOffset());
        checkG1(backend, z.source(), "B1", z.b1().segment(), z.b1().fileOffset());
        checkG1(backend, z.source(), "C", z.c().segment(), z.c().fileOffset());
        checkG1(backend, z.source(), "H", z.h().segment(), z.h().fileOffset());
        long bad = backend.firstInvalidG2(z.b2().segment());
        if (bad >= 0) {
            throw FormatException.atOffset(z.source(), z.b2().fileOffset() + bad * KeySegments.G2_BYTES,
                    "B2 point " + bad + " is not a point of the twist (or a coordinate is not below p)");
        }
    }

    private static void checkG1(ProverBackend backend, String source, String name, MemorySegment points, long fileOffset) {
        long bad = backend.firstInvalidG1(points);
        if (bad >= 0) {
            throw FormatException.atOffset(source, fileOffset + bad * KeySegments.G1_BYTES,
                    name + " point " + bad + " is not a point of G1 (or a coordinate is not below p)");
        }
    }

    private static void requireMatch(R1cs r1cs, KeySegments key) {
        if (r1cs.nWires() != key.nVars() || r1cs.nPublic() != key.nPublic()
                || (long) r1cs.nConstraints() + r1cs.nPublic() + 1 > key.domainSize()) {
            throw new IllegalArgumentException("the R1CS (" + r1cs.nWires() + " wires, " + r1cs.nPublic() + " public signals, "
                    + r1cs.nConstraints() + " constraints) does not belong to the key (" + key.nVars() + " wires, " + key.nPublic()
                    + " public signals, domain " + key.domainSize() + ")");
        }
    }

    /** The key's sizes, fixed points and sections, as backends read them. */
    public KeySegments key() {
        return key;
    }

    public VerifyingKey verifyingKey() {
        return vk;
    }

    /** The provenance recorded in the {@code .zkey}, for keys read from one. */
    public Optional<Provenance> provenance() {
        return zkey == null ? Optional.empty() : Optional.of(zkey.provenance());
    }

    public ProverBackend backend() {
        return backend;
    }

    /** {@link #prove(Witness, ProgressListener, AtomicBoolean)} without progress or cancellation. */
    public ProofWithSignals prove(Witness witness) {
        return prove(witness, ProgressListener.NONE, new AtomicBoolean());
    }

    /**
     * Proves a witness and verifies the proof.
     *
     * @throws IllegalArgumentException if the witness does not have one value per wire of the key
     * @throws InvalidWitnessException if the witness violates a constraint, has wire 0 ≠ 1, or its proof does not verify
     * @throws java.util.concurrent.CancellationException if {@code cancel} was set meanwhile
     */
    public ProofWithSignals prove(Witness witness, ProgressListener progress, AtomicBoolean cancel) {
        Objects.requireNonNull(witness, "witness must not be null");
        if (witness.size() != key.nVars()) {
            throw new IllegalArgumentException("the witness has " + witness.size() + " values but the key's circuit has " + key.nVars()
                    + " wires");
        }
        if (!witness.get(0).isOne()) {
            throw new InvalidWitnessException("witness wire 0 must hold the constant 1, holds " + witness.get(0));
        }
        if (r1cs != null) {
            OptionalInt bad = r1cs.firstViolatedConstraint(witness);
            if (bad.isPresent()) {
                int i = bad.getAsInt();
                throw new InvalidWitnessException("the witness violates constraint " + i + " of " + r1cs.nConstraints() + ": "
                        + describe(r1cs.constraint(i)), i);
            }
        }
        byte[] values = witness.toBytesLE();
        Trace.mark("witness checked, encoded");
        Proof proof = prepared.prove(MemorySegment.ofArray(values), randomScalar(), randomScalar(), progress, cancel);
        List<Fr> signals = new ArrayList<>(key.nPublic());
        for (int i = 1; i <= key.nPublic(); i++) {
            signals.add(witness.get(i));
        }
        ProofWithSignals result = new ProofWithSignals(proof, signals);
        Trace.mark("proof computed");
        if (!Groth16.verify(pvk, proof, result.publicSignalValues())) {
            throw new InvalidWitnessException("the proof does not verify, so the witness does not satisfy the circuit of this key"
                    + (r1cs == null ? " (give the circuit's .r1cs to have the violated constraint named)" : "")
                    + "; no proof was written");
        }
        Trace.mark("proof verified");
        return result;
    }

    /** A uniformly random nonzero element of F_r, by rejection from 254 random bits. */
    private Fr randomScalar() {
        while (true) {
            BigInteger v = new BigInteger(254, random);
            if (v.signum() != 0 && v.compareTo(Fr.MODULUS) < 0) {
                return Fr.of(v);
            }
        }
    }

    private static String describe(Constraint c) {
        String s = c.toString();
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    /** Releases the key on the backend (the CUDA backend's device memory) and unmaps it if this context opened it. */
    @Override
    public void close() {
        try {
            prepared.close();
        } finally {
            if (ownsZkey) {
                zkey.close();
            }
        }
    }

    @Override
    public String toString() {
        return "ProvingContext[" + key.nVars() + " wires, " + key.nPublic() + " public, domain " + key.domainSize() + ", backend "
                + backend.name() + "]";
    }
}
