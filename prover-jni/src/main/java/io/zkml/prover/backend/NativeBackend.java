package io.zkml.prover.backend;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The native CPU backend: {@code libzkml} (the {@code native/} CMake project: C++ BN254 arithmetic, Pippenger MSM
 * with batched affine buckets, NTT, the whole proof in one call) through JNA. Segments cross as addresses, with no
 * copy, when they are native (memory-mapped key sections, off-heap buffers); heap segments are copied into native
 * memory for the call. The library's threads (one per hardware thread) are shared by all instances.
 *
 * <p>Errors of the library become {@link IllegalArgumentException} (bad input, with the library's message),
 * {@link CancellationException}, {@link OutOfMemoryError} or {@link NativeProverException}.
 */
public final class NativeBackend implements ProverBackend {

    private final ZkmlNative lib;

    /** @throws IllegalStateException if the library cannot be loaded (with the reason) */
    public NativeBackend() {
        this.lib = ZkmlNative.Holder.LIBRARY;
        if (lib == null) {
            throw new IllegalStateException("the native library libzkml is not available (" + ZkmlNative.Holder.FAILURE
                    + "); build it with cmake and g++ (./mvnw -pl prover-jni -am package) or use --backend java");
        }
    }

    /** Whether {@code libzkml} loads on this machine. */
    public static boolean isAvailable() {
        return ZkmlNative.Holder.LIBRARY != null;
    }

    /** Why the library does not load, if it does not. */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(ZkmlNative.Holder.FAILURE);
    }

    @Override
    public String name() {
        return "native";
    }

    /** The library's version and kernel variant ({@code avx512ifma}, {@code bmi2_adx} or {@code generic}). */
    public String version() {
        return lib.zkml_version();
    }

    @Override
    public G1 msmG1(MemorySegment bases, MemorySegment scalars, int n) {
        BackendInputs.checkMsm(bases, scalars, n, KeySegments.G1_BYTES);
        return g1(msm(lib::zkml_msm_g1, bases, scalars, n, KeySegments.G1_BYTES), 0);
    }

    @Override
    public G2 msmG2(MemorySegment bases, MemorySegment scalars, int n) {
        BackendInputs.checkMsm(bases, scalars, n, KeySegments.G2_BYTES);
        return g2(msm(lib::zkml_msm_g2, bases, scalars, n, KeySegments.G2_BYTES), 0);
    }

    /** zkml_msm_g1 or zkml_msm_g2 (or their CUDA twins). */
    interface MsmCall {
        int call(Pointer bases, Pointer scalars, long n, byte[] out, byte[] msg, long msgLen);
    }

    static byte[] msm(MsmCall call, MemorySegment bases, MemorySegment scalars, int n, int pointBytes) {
        byte[] out = new byte[pointBytes];
        try (Arena arena = Arena.ofConfined()) {
            byte[] msg = new byte[ZkmlNative.MESSAGE_BYTES];
            check(call.call(pointer(bases, arena), pointer(scalars, arena), n, out, msg, msg.length), msg);
        }
        return out;
    }

    @Override
    public long firstInvalidG1(MemorySegment points) {
        return firstInvalid(points, KeySegments.G1_BYTES, 1);
    }

    @Override
    public long firstInvalidG2(MemorySegment points) {
        return firstInvalid(points, KeySegments.G2_BYTES, 2);
    }

    private long firstInvalid(MemorySegment points, int pointBytes, int group) {
        if (points.byteSize() % pointBytes != 0) {
            throw new IllegalArgumentException(points.byteSize() + " bytes is not a whole number of " + pointBytes + "-byte points");
        }
        try (Arena arena = Arena.ofConfined()) {
            byte[] msg = new byte[ZkmlNative.MESSAGE_BYTES];
            LongByReference first = new LongByReference();
            check(lib.zkml_first_invalid_point(pointer(points, arena), points.byteSize() / pointBytes, group, first, msg, msg.length), msg);
            return first.getValue();
        }
    }

    @Override
    public void ntt(MemorySegment values, int log2n) {
        transform(values, log2n, false, null);
    }

    @Override
    public void intt(MemorySegment values, int log2n) {
        transform(values, log2n, true, null);
    }

    @Override
    public void cosetNtt(MemorySegment values, int log2n, Fr shift) {
        transform(values, log2n, false, Objects.requireNonNull(shift, "shift must not be null"));
    }

    @Override
    public void cosetIntt(MemorySegment values, int log2n, Fr shift) {
        Objects.requireNonNull(shift, "shift must not be null");
        if (shift.isZero()) {
            throw new IllegalArgumentException("the coset shift must not be zero");
        }
        transform(values, log2n, true, shift);
    }

    private void transform(MemorySegment values, int log2n, boolean inverse, Fr shift) {
        transform(lib::zkml_ntt, values, log2n, inverse, shift);
    }

    /** zkml_ntt (or its CUDA twin). */
    interface NttCall {
        int call(Pointer values, int log2n, int inverse, byte[] shift, byte[] msg, long msgLen);
    }

    static void transform(NttCall call, MemorySegment values, int log2n, boolean inverse, Fr shift) {
        BackendInputs.checkNtt(values, log2n);
        if (values.isReadOnly()) {
            throw new IllegalArgumentException("the NTT works in place: the segment must be writable");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = values.isNative() ? values : arena.allocate(values.byteSize(), 8).copyFrom(values);
            byte[] msg = new byte[ZkmlNative.MESSAGE_BYTES];
            check(call.call(new Pointer(buffer.address()), log2n, inverse ? 1 : 0, shift == null ? null : shift.toBytesLE(), msg,
                    msg.length), msg);
            if (buffer != values) {
                values.copyFrom(buffer);
            }
        }
    }

    @Override
    public Proof prove(KeySegments key, MemorySegment witness, Fr r, Fr s, ProgressListener progress, AtomicBoolean cancel) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(witness, "witness must not be null");
        Objects.requireNonNull(r, "r must not be null");
        Objects.requireNonNull(s, "s must not be null");
        Objects.requireNonNull(progress, "progress must not be null");
        Objects.requireNonNull(cancel, "cancel must not be null");
        BackendInputs.checkWitness(key, witness);
        byte[] msg = new byte[ZkmlNative.MESSAGE_BYTES];
        try (Arena arena = Arena.ofConfined()) {
            PointerByReference handle = new PointerByReference();
            check(lib.zkml_prover_open(key.nVars(), key.nPublic(), key.domainSize(), fixedPoints(key), key.nCoefficients(),
                    pointer(key.coefficients(), arena), pointer(key.pointsA(), arena), pointer(key.pointsB1(), arena),
                    pointer(key.pointsB2(), arena), pointer(key.pointsC(), arena), pointer(key.pointsH(), arena), 0, handle, msg,
                    msg.length), msg);
            Pointer prover = handle.getValue();
            try {
                MemorySegment flag = arena.allocate(ValueLayout.JAVA_INT);
                byte[] out = new byte[PROOF_BYTES];
                int rc = lib.zkml_prover_prove(prover, pointer(witness, arena), key.nVars(), r.toBytesLE(), s.toBytesLE(),
                        callback(progress, cancel), null, new Pointer(flag.address()), out, msg, msg.length);
                check(rc, msg);
                return proof(out);
            } finally {
                lib.zkml_prover_close(prover);
            }
        }
    }

    /** Bytes of a proof: πA (G1) ‖ πB (G2) ‖ πC (G1), affine. */
    static final int PROOF_BYTES = 2 * KeySegments.G1_BYTES + KeySegments.G2_BYTES;

    /** The progress callback of a native prove, called on the proving thread only (every ~50 ms and at each stage):
     * forwards progress and answers the cancel flag. */
    static ZkmlNative.Progress callback(ProgressListener progress, AtomicBoolean cancel) {
        return (stage, fraction, user) -> {
            progress.progress(stage, fraction);
            return cancel.get() ? 1 : 0;
        };
    }

    static Proof proof(byte[] out) {
        return new Proof(g1(out, 0), g2(out, KeySegments.G1_BYTES), g1(out, KeySegments.G1_BYTES + KeySegments.G2_BYTES));
    }

    /** α₁ ‖ β₁ ‖ β₂ ‖ δ₁ ‖ δ₂ in the affine encoding. */
    static byte[] fixedPoints(KeySegments key) {
        byte[] f = new byte[448];
        putG1(f, 0, key.alpha1());
        putG1(f, 64, key.beta1());
        putG2(f, 128, key.beta2());
        putG1(f, 256, key.delta1());
        putG2(f, 320, key.delta2());
        return f;
    }

    private static void putG1(byte[] out, int off, G1 p) {
        if (p.isInfinity()) {
            return;
        }
        putFp(out, off, p.affineX());
        putFp(out, off + 32, p.affineY());
    }

    private static void putG2(byte[] out, int off, G2 p) {
        if (p.isInfinity()) {
            return;
        }
        Fp2 x = p.affineX(), y = p.affineY();
        putFp(out, off, x.c0());
        putFp(out, off + 32, x.c1());
        putFp(out, off + 64, y.c0());
        putFp(out, off + 96, y.c1());
    }

    private static void putFp(byte[] out, int off, Fp x) {
        for (int i = 0; i < 4; i++) {
            long limb = x.montgomeryLimb(i);
            for (int b = 0; b < 8; b++) {
                out[off + 8 * i + b] = (byte) (limb >>> (8 * b));
            }
        }
    }

    private static Fp fp(byte[] in, int off) {
        long[] l = new long[4];
        for (int i = 0; i < 4; i++) {
            long v = 0;
            for (int b = 7; b >= 0; b--) {
                v = (v << 8) | (in[off + 8 * i + b] & 0xff);
            }
            l[i] = v;
        }
        return Fp.fromMontgomeryLimbs(l[0], l[1], l[2], l[3]);
    }

    static G1 g1(byte[] in, int off) {
        return G1.fromAffineOrZero(fp(in, off), fp(in, off + 32));
    }

    static G2 g2(byte[] in, int off) {
        return G2.fromAffineOrZero(new Fp2(fp(in, off), fp(in, off + 32)), new Fp2(fp(in, off + 64), fp(in, off + 96)));
    }

    /** The segment's address, or that of a native copy (allocated in the arena) of a heap segment. */
    static Pointer pointer(MemorySegment s, Arena arena) {
        if (s.byteSize() == 0) {
            return new Pointer(arena.allocate(8).address());
        }
        MemorySegment nativeSegment = s.isNative() ? s : arena.allocate(s.byteSize(), 8).copyFrom(s);
        return new Pointer(nativeSegment.address());
    }

    static void check(int rc, byte[] msg) {
        if (rc == ZkmlNative.OK) {
            return;
        }
        String text = text(msg);
        switch (rc) {
            case ZkmlNative.EINVAL -> throw new IllegalArgumentException(text);
            case ZkmlNative.ECANCELLED -> throw new CancellationException(text);
            case ZkmlNative.ENOMEM -> throw new OutOfMemoryError("libzkml: " + text);
            default -> throw new NativeProverException(rc, text);
        }
    }

    /** A NUL-terminated message buffer as text. */
    static String text(byte[] nul) {
        int len = 0;
        while (len < nul.length && nul[len] != 0) {
            len++;
        }
        return new String(nul, 0, len, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        // the library's threads are shared and live as long as the process
    }

    @Override
    public String toString() {
        return "native (" + lib.zkml_version() + ")";
    }
}
