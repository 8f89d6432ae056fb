package io.zkml.prover.backend;

import com.sun.jna.ptr.IntByReference;
import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The CUDA backend: MSM (G1, G2) and NTT on the GPU through {@code libzkml_cuda} ({@code native/cuda}: the simple,
 * correct kernels; each call uploads its inputs and waits). The whole proof on the device, with the key resident, is
 * not written yet: {@link #prove} and the point checks run on the native CPU backend, which this backend therefore
 * needs too. Available when both libraries load and the CUDA runtime sees a device; {@link #unavailableReason} says
 * why not otherwise.
 *
 * <p>Errors become {@link IllegalArgumentException} (bad input), {@link OutOfMemoryError} or
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
        NativeBackend.check(lib.zkml_cuda_device_name(0, name, name.length, msg, msg.length), msg);
        this.device = text(name);
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
            return Optional.of(text(msg).isEmpty() ? "no CUDA device (code " + rc + ")" : text(msg));
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

    /** On the native CPU backend for now (see the class comment). */
    @Override
    public Proof prove(KeySegments key, MemorySegment witness, Fr r, Fr s, ProgressListener progress, AtomicBoolean cancel) {
        return cpu.prove(key, witness, r, s, progress, cancel);
    }

    @Override
    public void close() {
        cpu.close();
    }

    @Override
    public String toString() {
        return "cuda (" + device + "; proofs on the CPU for now)";
    }

    private static String text(byte[] nul) {
        int len = 0;
        while (len < nul.length && nul[len] != 0) {
            len++;
        }
        return new String(nul, 0, len, StandardCharsets.UTF_8);
    }
}
