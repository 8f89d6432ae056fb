package io.zkml.prover.backend;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import io.zkml.core.encoding.G1Points;
import io.zkml.core.encoding.G2Points;
import io.zkml.core.encoding.PointArray;
import io.zkml.core.field.Fr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.IntFunction;

/**
 * The group operations of trusted-setup ceremonies in {@code libzkml}: the inverse FFT of {@code ptau prepare}
 * ({@code zkml_group_ifft_g1/g2}), the native twin of {@link GroupBatch#inverseFftG1} and
 * {@link GroupBatch#inverseFftG2}, and kᵢ·Pᵢ for a scalar per point ({@code zkml_mul_each_g1/g2}), the twin of
 * {@link GroupBatch#mulEach}; the same results byte for byte (the affine encoding of a point is unique). Natively
 * the multiplications take the endomorphism split (φ in G1, ψ in G2) as in Java, in C++ arithmetic on the library's
 * threads, sixteen at a time on AVX-512 IFMA.
 */
public final class NativeGroupFft {

    private static final boolean AVAILABLE = probe();

    private NativeGroupFft() {
    }

    /** Whether {@code libzkml} loads and has these entries (a library built before they were added has not). */
    public static boolean isAvailable() {
        return AVAILABLE;
    }

    private static boolean probe() {
        if (ZkmlNative.Holder.LIBRARY == null) {
            return false;
        }
        try {
            Function f = NativeLibrary.getInstance("zkml").getFunction("zkml_mul_each_g2");
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

    /** Points per native call of {@link #mulEach}: bounds the scalars and results held at once. */
    private static final int BLOCK = 1 << 16;

    /** As {@link GroupBatch#mulEach(String, G1Points, IntFunction)}: scalar(i)·Pᵢ for every point. */
    public static G1Points mulEach(String name, G1Points in, IntFunction<Fr> scalar) {
        ZkmlNative lib = lib();
        G1Points.Builder out = new G1Points.Builder(name, in.size());
        mulEach(lib::zkml_mul_each_g1, in, scalar, G1Points.BYTES, out::setEncoded);
        return out.build();
    }

    /** The same in G2. */
    public static G2Points mulEach(String name, G2Points in, IntFunction<Fr> scalar) {
        ZkmlNative lib = lib();
        G2Points.Builder out = new G2Points.Builder(name, in.size());
        mulEach(lib::zkml_mul_each_g2, in, scalar, G2Points.BYTES, out::setEncoded);
        return out.build();
    }

    private interface MulCall {
        int call(Pointer points, Pointer scalars, long n, Pointer out, ZkmlNative.Progress progress, Pointer user, Pointer cancel,
                byte[] msg, long msgLen);
    }

    private interface Encoded {
        void set(long at, MemorySegment points);
    }

    private static void mulEach(MulCall call, PointArray<?> in, IntFunction<Fr> scalar, int pointBytes, Encoded out) {
        long n = in.size();
        try (Arena arena = Arena.ofConfined()) {
            long block = Math.min(BLOCK, Math.max(1, n));
            MemorySegment points = arena.allocate(block * pointBytes, 8);
            MemorySegment scalars = arena.allocate(block * 32, 8);
            MemorySegment result = arena.allocate(block * pointBytes, 8);
            byte[] msg = new byte[ZkmlNative.MESSAGE_BYTES];
            Fr last = null;
            byte[] lastBytes = null;
            for (long from = 0; from < n; from += block) {
                long count = Math.min(block, n - from);
                MemorySegment.copy(in.segment(), from * pointBytes, points, 0, count * pointBytes);
                for (long i = 0; i < count; i++) {
                    Fr k = scalar.apply(Math.toIntExact(from + i));
                    if (k != last) {  // one scalar for every point (a phase-2 contribution): encoded once
                        last = k;
                        lastBytes = k.toBytesLE();
                    }
                    MemorySegment.copy(lastBytes, 0, scalars, ValueLayout.JAVA_BYTE, 32 * i, 32);
                }
                NativeBackend.check(call.call(new Pointer(points.address()), new Pointer(scalars.address()), count,
                        new Pointer(result.address()), null, null, null, msg, msg.length), msg);
                out.set(from, result.asSlice(0, count * pointBytes));
            }
        }
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
