package io.zkml.prover.backend;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The C ABI of {@code libzkml_cuda} ({@code native/include/zkml_cuda.h}: the encodings and error codes of
 * {@link ZkmlNative}, plus {@link #ENODEV} and {@link #ECUDA}), bound by JNA. The library is built only where the
 * CUDA compiler is; it links the CUDA runtime statically and loads on machines without a GPU or driver, where its
 * device count answers {@link #ENODEV} with the reason.
 */
interface ZkmlCudaNative extends Library {

    /** No usable CUDA device (no driver, no device, a driver too old). */
    int ENODEV = 5;
    /** A CUDA call failed. */
    int ECUDA = 6;

    /** The library, or the reason it cannot be loaded. */
    final class Holder {
        static final ZkmlCudaNative LIBRARY;
        static final String FAILURE;

        static {
            ZkmlCudaNative lib = null;
            String failure = null;
            try {
                lib = Native.load("zkml_cuda", ZkmlCudaNative.class);
            } catch (LinkageError | RuntimeException e) {
                failure = "libzkml_cuda does not load (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                        + "); it is built only where nvcc is found";
            }
            LIBRARY = lib;
            FAILURE = failure;
        }

        private Holder() {
        }
    }

    int zkml_cuda_device_count(IntByReference count, byte[] msg, long msgLen);

    int zkml_cuda_device_name(int index, byte[] name, long nameLen, byte[] msg, long msgLen);

    int zkml_cuda_msm_g1(Pointer bases, Pointer scalars, long n, byte[] out, byte[] msg, long msgLen);

    int zkml_cuda_msm_g2(Pointer bases, Pointer scalars, long n, byte[] out, byte[] msg, long msgLen);

    int zkml_cuda_ntt(Pointer values, int log2n, int inverse, byte[] shift, byte[] msg, long msgLen);

    int zkml_cuda_device_memory(int index, LongByReference freeBytes, LongByReference totalBytes, byte[] msg, long msgLen);

    int zkml_cuda_prover_memory(int nVars, int nPublic, int domainSize, long nCoefficients, LongByReference residentBytes,
            LongByReference workingBytes, byte[] msg, long msgLen);

    int zkml_cuda_prover_open(int device, int nVars, int nPublic, int domainSize, byte[] fixedPoints, long nCoefficients,
            Pointer coefficients, Pointer pointsA, Pointer pointsB1, Pointer pointsB2, Pointer pointsC, Pointer pointsH,
            PointerByReference out, byte[] msg, long msgLen);

    int zkml_cuda_prover_prove(Pointer prover, Pointer witness, long nWitness, byte[] r, byte[] s, ZkmlNative.Progress progress,
            Pointer user, Pointer cancel, byte[] proofOut, byte[] msg, long msgLen);

    void zkml_cuda_prover_close(Pointer prover);
}
