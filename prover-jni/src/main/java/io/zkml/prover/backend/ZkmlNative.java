package io.zkml.prover.backend;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The C ABI of {@code libzkml} ({@code native/include/zkml.h}, where the byte encoding is documented — the same
 * as {@link ProverBackend}'s), bound by JNA. {@code size_t} is a Java {@code long}: the library is built for
 * x86-64 Linux only. Loaded once, from {@code jna.library.path}, the system paths or the class path
 * ({@code linux-x86-64/libzkml.so}, where the Maven build puts it).
 */
interface ZkmlNative extends Library {

    int OK = 0;
    int EINVAL = 1;
    int ECANCELLED = 2;
    int ENOMEM = 3;

    /** Bytes of the message buffers passed to every call. */
    int MESSAGE_BYTES = 512;

    /** The library, or the reason it cannot be loaded. */
    final class Holder {
        static final ZkmlNative LIBRARY;
        static final String FAILURE;

        static {
            ZkmlNative lib = null;
            String failure = null;
            try {
                lib = Native.load("zkml", ZkmlNative.class);
                lib.zkml_version();
            } catch (LinkageError | RuntimeException e) {
                lib = null;
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            LIBRARY = lib;
            FAILURE = failure;
        }

        private Holder() {
        }
    }

    /** Told the stage and fraction of a proof; a non-zero return cancels it. */
    interface Progress extends Callback {
        int invoke(String stage, double fraction, Pointer user);
    }

    String zkml_version();

    String zkml_kernels();

    int zkml_msm_g1(Pointer bases, Pointer scalars, long n, byte[] out, byte[] msg, long msgLen);

    int zkml_msm_g2(Pointer bases, Pointer scalars, long n, byte[] out, byte[] msg, long msgLen);

    int zkml_first_invalid_point(Pointer points, long n, int group, LongByReference firstInvalid, byte[] msg, long msgLen);

    int zkml_ntt(Pointer values, int log2n, int inverse, byte[] shift, byte[] msg, long msgLen);

    int zkml_prover_open(int nVars, int nPublic, int domainSize, byte[] fixedPoints, long nCoefficients, Pointer coefficients,
            Pointer pointsA, Pointer pointsB1, Pointer pointsB2, Pointer pointsC, Pointer pointsH, int threads, PointerByReference out,
            byte[] msg, long msgLen);

    int zkml_prover_prove(Pointer prover, Pointer witness, long nWitness, byte[] r, byte[] s, Progress progress, Pointer user,
            Pointer cancel, byte[] proofOut, byte[] msg, long msgLen);

    void zkml_prover_close(Pointer prover);

    int zkml_group_ifft_g1(Pointer points, long nPoints, int log2m, Pointer out, Progress progress, Pointer user, Pointer cancel,
            byte[] msg, long msgLen);

    int zkml_group_ifft_g2(Pointer points, long nPoints, int log2m, Pointer out, Progress progress, Pointer user, Pointer cancel,
            byte[] msg, long msgLen);

    int zkml_mul_each_g1(Pointer points, Pointer scalars, long n, Pointer out, Progress progress, Pointer user, Pointer cancel,
            byte[] msg, long msgLen);

    int zkml_mul_each_g2(Pointer points, Pointer scalars, long n, Pointer out, Progress progress, Pointer user, Pointer cancel,
            byte[] msg, long msgLen);
}
