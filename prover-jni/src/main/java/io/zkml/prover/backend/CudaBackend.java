package io.zkml.prover.backend;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The CUDA backend: Groth16 proofs, MSM (G1, G2) and NTT on the GPU (device 0) through {@code libzkml_cuda}
 * ({@code native/cuda}: the simple, correct kernels). {@link #prepare} uploads a key once and keeps it resident on the
 * device (a {@link io.zkml.prover.groth16.ProvingContext} does this when it opens and frees the device memory when it
 * closes), so that a proof ships only the witness; {@link #prove} without a prepared key uploads it for that one
 * proof. MSM and NTT calls upload their inputs each time. The key's point checks run on the native CPU backend, which
 * this backend therefore needs too. Available when both libraries load and the CUDA runtime sees a device;
 * {@link #unavailableReason} says why not otherwise.
 *
 * <p>Errors become {@link IllegalArgumentException} (bad input), {@link DeviceMemoryException} (a key that does not
 * fit in the device's free memory, with the sizes), {@link OutOfMemoryError} (host memory) or
 * {@link NativeProverException} (a CUDA failure, with the CUDA error's name).
 */
public final class CudaBackend implements ProverBackend {

    private final ZkmlCudaNative lib;
    private final NativeBackend cpu;
    private final String device;

    /** @throws IllegalStateException if no CUDA device can be used (with the reason) */
    public CudaBackend() {
        Optional<String> reason = unavailableReason();
        if (reason.isPresent()) {
            throw new IllegalStateException("the CUDA backend is not available: " + reason.get());
        }
        this.lib = ZkmlCudaNative.Holder.LIBRARY;
        this.cpu = new NativeBackend();
        byte[] name = new byte[256];
        byte[] msg = new byte[ZkmlNative.MESSAGE_BYTES];
        check(lib.zkml_cuda_device_name(0, name, name.length, msg, msg.length), msg);
        this.device = NativeBackend.text(name);
    }

    /** Whether a CUDA device can be used. */
    public static boolean isAvailable() {
        return unavailableReason().isEmpty();
    }

    /** Why the CUDA backend cannot be used here (no library, no driver, no device), or empty when it can. */
    public static Optional<String> unavailableReason() {
        ZkmlCudaNative lib = ZkmlCudaNative.Holder.LIBRARY;
        if (lib == null) {
            return Optional.of(ZkmlCudaNative.Holder.FAILURE);
        }
        if (!NativeBackend.isAvailable()) {
            return Optional.of("it needs the native CPU library too, which does not load: " + NativeBackend.unavailableReason().orElse("?"));
        }
        IntByReference count = new IntByReference();
        byte[] msg = new byte[ZkmlNative.MESSAGE_BYTES];
        int rc = lib.zkml_cuda_device_count(count, msg, msg.length);
        if (rc != ZkmlNative.OK || count.getValue() <= 0) {
            String text = NativeBackend.text(msg);
            return Optional.of(text.isEmpty() ? "no CUDA device (code " + rc + ")" : text);
        }
        return Optional.empty();
    }

    @Override
    public String name() {
        return "cuda";
    }

    /** The device's name, compute capability and memory. */
    public String device() {
        return device;
    }

    @Override
    public G1 msmG1(MemorySegment bases, MemorySegment scalars, int n) {
        BackendInputs.checkMsm(bases, scalars, n, KeySegments.G1_BYTES);
        return NativeBackend.g1(NativeBackend.msm(lib::zkml_cuda_msm_g1, bases, scalars, n, KeySegments.G1_BYTES), 0);
    }

    @Override
    public G2 msmG2(MemorySegment bases, MemorySegment scalars, int n) {
        BackendInputs.checkMsm(bases, scalars, n, KeySegments.G2_BYTES);
        return NativeBackend.g2(NativeBackend.msm(lib::zkml_cuda_msm_g2, bases, scalars, n, KeySegments.G2_BYTES), 0);
    }

    @Override
    public void ntt(MemorySegment values, int log2n) {
        NativeBackend.transform(lib::zkml_cuda_ntt, values, log2n, false, null);
    }

    @Override
    public void intt(MemorySegment values, int log2n) {
        NativeBackend.transform(lib::zkml_cuda_ntt, values, log2n, true, null);
    }

    @Override
    public void cosetNtt(MemorySegment values, int log2n, Fr shift) {
        NativeBackend.transform(lib::zkml_cuda_ntt, values, log2n, false, Objects.requireNonNull(shift, "shift must not be null"));
    }

    @Override
    public void cosetIntt(MemorySegment values, int log2n, Fr shift) {
        Objects.requireNonNull(shift, "shift must not be null");
        if (shift.isZero()) {
            throw new IllegalArgumentException("the coset shift must not be zero");
        }
        NativeBackend.transform(lib::zkml_cuda_ntt, values, log2n, true, shift);
    }

    @Override
    public long firstInvalidG1(MemorySegment points) {
        return cpu.firstInvalidG1(points);
    }

    @Override
    public long firstInvalidG2(MemorySegment points) {
        return cpu.firstInvalidG2(points);
    }

    /** The device memory a proving context takes, in bytes: the resident key and the working memory of a proof. */
    public record DeviceMemory(long residentBytes, long workingBytes) {

        public long totalBytes() {
            return residentBytes + workingBytes;
        }
    }

    /**
     * What {@link #prepare} will take on the device for a key of these sizes; needs the library, not a device.
     *
     * @throws IllegalArgumentException for sizes the CUDA prover does not take
     * @throws IllegalStateException if {@code libzkml_cuda} does not load
     */
    public static DeviceMemory memoryFor(int nVars, int nPublic, int domainSize, long nCoefficients) {
        ZkmlCudaNative cuda = ZkmlCudaNative.Holder.LIBRARY;
        if (cuda == null) {
            throw new IllegalStateException(ZkmlCudaNative.Holder.FAILURE);
        }
        LongByReference resident = new LongByReference();
        LongByReference working = new LongByReference();
        byte[] msg = new byte[ZkmlNative.MESSAGE_BYTES];
        check(cuda.zkml_cuda_prover_memory(nVars, nPublic, domainSize, nCoefficients, resident, working, msg, msg.length), msg);
        return new DeviceMemory(resident.getValue(), working.getValue());
    }

    /** The device's free and total memory now, in bytes: {@code [free, total]}. */
    public long[] deviceMemory() {
        LongByReference free = new LongByReference();
        LongByReference total = new LongByReference();
        byte[] msg = new byte[ZkmlNative.MESSAGE_BYTES];
        check(lib.zkml_cuda_device_memory(0, free, total, msg, msg.length), msg);
        return new long[] {free.getValue(), total.getValue()};
    }

    /**
     * Uploads the key to the device and keeps it there until the prepared key is closed.
     *
     * @throws DeviceMemoryException if the key does not fit in the device's free memory (the message gives the sizes)
     * @throws IllegalArgumentException if a coefficient record or fixed point is invalid
     */
    @Override
    public PreparedKey prepare(KeySegments key) {
        return new ResidentKey(Objects.requireNonNull(key, "key must not be null"));
    }

    /** Uploads the key, proves, and frees the device memory again; {@link #prepare} keeps it for many proofs. */
    @Override
    public Proof prove(KeySegments key, MemorySegment witness, Fr r, Fr s, ProgressListener progress, AtomicBoolean cancel) {
        Objects.requireNonNull(key, "key must not be null");
        BackendInputs.checkWitness(key, Objects.requireNonNull(witness, "witness must not be null"));
        try (PreparedKey k = prepare(key)) {
            return k.prove(witness, r, s, progress, cancel);
        }
    }

    /** A key resident on the device: a {@code zkml_cuda_prover} context. */
    private final class ResidentKey implements PreparedKey {

        private final KeySegments key;
        private Pointer handle;

        ResidentKey(KeySegments key) {
            this.key = key;
            byte[] msg = new byte[ZkmlNative.MESSAGE_BYTES];
            try (Arena arena = Arena.ofConfined()) {
                PointerByReference out = new PointerByReference();
                check(lib.zkml_cuda_prover_open(0, key.nVars(), key.nPublic(), key.domainSize(), NativeBackend.fixedPoints(key),
                        key.nCoefficients(), NativeBackend.pointer(key.coefficients(), arena), NativeBackend.pointer(key.pointsA(), arena),
                        NativeBackend.pointer(key.pointsB1(), arena), NativeBackend.pointer(key.pointsB2(), arena),
                        NativeBackend.pointer(key.pointsC(), arena), NativeBackend.pointer(key.pointsH(), arena), out, msg, msg.length),
                        msg);
                this.handle = out.getValue();
            }
        }

        @Override
        public synchronized Proof prove(MemorySegment witness, Fr r, Fr s, ProgressListener progress, AtomicBoolean cancel) {
            Objects.requireNonNull(witness, "witness must not be null");
            Objects.requireNonNull(r, "r must not be null");
            Objects.requireNonNull(s, "s must not be null");
            Objects.requireNonNull(progress, "progress must not be null");
            Objects.requireNonNull(cancel, "cancel must not be null");
            if (handle == null) {
                throw new IllegalStateException("the key's device context is closed");
            }
            BackendInputs.checkWitness(key, witness);
            byte[] msg = new byte[ZkmlNative.MESSAGE_BYTES];
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment flag = arena.allocate(ValueLayout.JAVA_INT);
                byte[] out = new byte[NativeBackend.PROOF_BYTES];
                check(lib.zkml_cuda_prover_prove(handle, NativeBackend.pointer(witness, arena), key.nVars(), r.toBytesLE(), s.toBytesLE(),
                        NativeBackend.callback(progress, cancel), null, new Pointer(flag.address()), out, msg, msg.length), msg);
                return NativeBackend.proof(out);
            }
        }

        /** Frees the device memory (after a proof in progress on another thread has ended). */
        @Override
        public synchronized void close() {
            if (handle != null) {
                lib.zkml_cuda_prover_close(handle);
                handle = null;
            }
        }
    }

    /** The library's codes: device memory exhausted (a key that does not fit, a failed allocation) is a
     * {@link DeviceMemoryException}, no device an {@link IllegalStateException}; the rest as libzkml's. */
    private static void check(int rc, byte[] msg) {
        if (rc == ZkmlNative.ENOMEM && !NativeBackend.text(msg).startsWith("out of host memory")) {
            throw new DeviceMemoryException(NativeBackend.text(msg) + "; prove on the CPU with --backend native");
        }
        if (rc == ZkmlCudaNative.ENODEV) {
            throw new IllegalStateException("no usable CUDA device: " + NativeBackend.text(msg));
        }
        NativeBackend.check(rc, msg);
    }

    @Override
    public void close() {
        cpu.close();
    }

    @Override
    public String toString() {
        return "cuda (" + device + ")";
    }
}
