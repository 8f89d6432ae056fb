package io.zkml.prover.backend;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import io.zkml.core.encoding.G1Points;
import io.zkml.core.encoding.G2Points;
import io.zkml.core.encoding.PointArray;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The group inverse FFT of {@code ptau prepare} in {@code libzkml} ({@code zkml_group_ifft_g1/g2}): the native twin
 * of {@link GroupBatch#inverseFftG1} and {@link GroupBatch#inverseFftG2}, with the same results byte for byte (the
 * affine encoding of a point is unique). Natively the twiddle multiplications take the endomorphism split (φ in G1,
 * ψ in G2) and width-4 NAF as in Java, in C++ arithmetic on the library's threads.
 */
public final class NativeGroupFft {

    private static final boolean AVAILABLE = probe();

    private NativeGroupFft() {
    }

    /** Whether {@code libzkml} loads and has the group FFT (a library built before it was added has not). */
    public static boolean isAvailable() {
        return AVAILABLE;
    }

    private static boolean probe() {
        if (ZkmlNative.Holder.LIBRARY == null) {
            return false;
        }
        try {
            Function f = NativeLibrary.getInstance("zkml").getFunction("zkml_group_ifft_g2");
            return f != null;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    private static ZkmlNative lib() {
        if (!AVAILABLE) {
            throw new IllegalStateException("the native library libzkml with zkml_group_ifft_g1 is not available"
                    + NativeBackend.unavailableReason().map(r -> " (" + r + ")").orElse(""));
        }
        return ZkmlNative.Holder.LIBRARY;
    }

    /** As {@link GroupBatch#inverseFftG1}: the Lagrange basis of 2^k points into {@code out} from index {@code at}. */
    public static void inverseFftG1(G1Points powers, int k, G1Points.Builder out, long at) {
        ZkmlNative lib = lib();
        MemorySegment result = transform(lib::zkml_group_ifft_g1, powers, k, G1Points.BYTES);
        out.setEncoded(at, result);
    }

    /** As {@link GroupBatch#inverseFftG2}. */
    public static void inverseFftG2(G2Points powers, int k, G2Points.Builder out, long at) {
        ZkmlNative lib = lib();
        MemorySegment result = transform(lib::zkml_group_ifft_g2, powers, k, G2Points.BYTES);
        out.setEncoded(at, result);
    }

    private interface Call {
        int call(Pointer points, long nPoints, int log2m, Pointer out, ZkmlNative.Progress progress, Pointer user, Pointer cancel,
                byte[] msg, long msgLen);
    }

    private static MemorySegment transform(Call call, PointArray<?> powers, int k, int pointBytes) {
        if (k < 0 || k > 28) {
            throw new IllegalArgumentException("domain size 2^" + k + " out of range (F_r has roots of unity up to 2^28)");
        }
        long m = 1L << k;
        long n = Math.min(m, powers.size());
        Arena arena = Arena.ofAuto();
        MemorySegment out = arena.allocate(m * pointBytes, 8);
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment in = powers.segment().asSlice(0, n * pointBytes);
            if (!in.isNative()) {
                in = scratch.allocate(Math.max(8, in.byteSize()), 8).copyFrom(in);
            }
            byte[] msg = new byte[ZkmlNative.MESSAGE_BYTES];
            NativeBackend.check(call.call(new Pointer(in.address()), n, k, new Pointer(out.address()), null, null, null, msg,
                    msg.length), msg);
        }
        return out;
    }
}
