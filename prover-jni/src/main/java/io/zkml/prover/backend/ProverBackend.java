package io.zkml.prover.backend;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The seam between the Groth16 prover and the code that does its arithmetic: pure Java ({@link JavaBackend}),
 * native CPU ({@link NativeBackend}) and CUDA ({@link CudaBackend}). Everything crosses it as off-heap (or heap)
 * {@link MemorySegment}s in the byte layouts of snarkjs's files, documented once here, so that a native backend can
 * take the addresses as they are:
 * <ul>
 *   <li><b>bases</b>: affine points, G1 as x ‖ y (64 bytes), G2 as x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1 (128 bytes), each
 *       coordinate 32 bytes little-endian Montgomery (a·2^256 mod p); all zeros is the point at infinity
 *       (the {@code .zkey} point sections);
 *   <li><b>scalars</b>: 32 bytes little-endian, the plain value, below r (the {@code .wtns} values section);
 *   <li><b>F_r vectors</b> of the NTT: 32 bytes little-endian Montgomery per element (a·2^256 mod r), natural order;
 *   <li><b>keys</b>: {@link KeySegments}; <b>witness</b>: nVars scalars.
 * </ul>
 * The NTT of size 2^k uses snarkjs's root of unity ω_k ({@link RootsOfUnity}): x̂ⱼ = Σᵢ xᵢ·ω_k^(ij).
 *
 * <p>Implementations are thread-safe (calls may come from several threads) and own their threads or devices
 * until {@link #close()}.
 */
public interface ProverBackend extends AutoCloseable {

    /** A short name for messages and the command line ({@code "java"}). */
    String name();

    /**
     * Σ kᵢ·Pᵢ in G1 over the first n bases and scalars.
     *
     * @throws IllegalArgumentException if a segment is too small or a scalar is not below r
     */
    G1 msmG1(MemorySegment bases, MemorySegment scalars, int n);

    /** Σ kᵢ·Qᵢ in G2, as {@link #msmG1}. */
    G2 msmG2(MemorySegment bases, MemorySegment scalars, int n);

    /**
     * The forward NTT of 2^log2n elements, in place.
     *
     * @throws IllegalArgumentException if the segment does not hold exactly 2^log2n elements below r
     */
    void ntt(MemorySegment values, int log2n);

    /** The inverse NTT (with the 1/n factor), in place: {@code intt(ntt(x)) = x}. */
    void intt(MemorySegment values, int log2n);

    /** The evaluations on the coset shift·⟨ω⟩ of the polynomial with these coefficients: xᵢ ← xᵢ·shiftⁱ, then {@link #ntt}. */
    void cosetNtt(MemorySegment values, int log2n, Fr shift);

    /** The inverse of {@link #cosetNtt}: {@link #intt}, then xᵢ ← xᵢ·shift⁻ⁱ. */
    void cosetIntt(MemorySegment values, int log2n, Fr shift);

    /**
     * The index of the first G1 point (64 bytes each) with a coordinate not below p or off the curve (infinity
     * passes), or −1 if all are valid: the check of a key's point sections when it is opened.
     */
    default long firstInvalidG1(MemorySegment points) {
        return CurveChecks.firstInvalidG1(points);
    }

    /** As {@link #firstInvalidG1} for G2 points (128 bytes each) on the twist; subgroup membership is not checked. */
    default long firstInvalidG2(MemorySegment points) {
        return CurveChecks.firstInvalidG2(points);
    }

    /**
     * A whole Groth16 proof, as snarkjs and rapidsnark compute it, for the given blinding scalars r and s (the
     * caller draws them fresh from a CSPRNG for every proof; fixing them makes backends comparable bit for bit).
     * Not verified here: {@link io.zkml.prover.groth16.ProvingContext} verifies every proof it returns.
     *
     * @param witness nVars scalars, wire 0 first
     * @param progress told the stage and the fraction done
     * @param cancel polled while proving; once it is set the call ends soon with a {@link CancellationException}
     * @throws IllegalArgumentException if the witness has the wrong size or a value not below r, or the key's
     *     coefficient records point outside the domain or the witness
     */
    Proof prove(KeySegments key, MemorySegment witness, Fr r, Fr s, ProgressListener progress, AtomicBoolean cancel);

    /**
     * Makes a key ready for many proofs; {@link io.zkml.prover.groth16.ProvingContext} does this once and closes it
     * with itself. The default proves with {@link #prove} over the caller's segments, which must stay valid until
     * the prepared key is closed; the CUDA backend uploads the key to the device here (and may then fail with
     * {@link DeviceMemoryException} when it does not fit).
     */
    default PreparedKey prepare(KeySegments key) {
        Objects.requireNonNull(key, "key must not be null");
        AtomicBoolean closed = new AtomicBoolean();
        return new PreparedKey() {
            @Override
            public Proof prove(MemorySegment witness, Fr r, Fr s, ProgressListener progress, AtomicBoolean cancel) {
                if (closed.get()) {
                    throw new IllegalStateException("the prepared key is closed");
                }
                return ProverBackend.this.prove(key, witness, r, s, progress, cancel);
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
    }

    /** Releases threads, native memory or devices; the backend is unusable afterwards. */
    @Override
    void close();
}
