// libzkml_cuda: the simple, correct CUDA kernels (MSM G1/G2, NTT) behind the C ABI of zkml_cuda.h. Each kernel is a
// thin loop over its grid calling the per-thread functions of msm_plan.cuh / ntt_plan.cuh, which the host tests run
// too (host_emulation.hpp walks the same stages in the same order). Every CUDA error becomes a code and a message.
#include <cuda_runtime.h>

#include <cstdio>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "msm_plan.cuh"
#include "ntt_plan.cuh"
#include "zkml_cuda.h"

using namespace zkml::cuda;

namespace {

struct NoDevice : std::runtime_error {
    using std::runtime_error::runtime_error;
};
struct CudaFailure : std::runtime_error {
    cudaError_t code;
    CudaFailure(const std::string& what, cudaError_t c) : std::runtime_error(what), code(c) {}
};

void check(cudaError_t e, const char* call) {
    if (e == cudaSuccess) return;
    throw CudaFailure(std::string(call) + ": " + cudaGetErrorName(e) + " (" + cudaGetErrorString(e) + ")", e);
}
#define CK(call) check((call), #call)

void set_message(char* msg, size_t len, const std::string& text) {
    if (msg == nullptr || len == 0) return;
    std::snprintf(msg, len, "%s", text.c_str());
}

bool no_device_error(cudaError_t e) {
    return e == cudaErrorNoDevice || e == cudaErrorInsufficientDriver || e == cudaErrorInitializationError ||
           e == cudaErrorCompatNotSupportedOnDevice || e == cudaErrorSystemDriverMismatch ||
           e == cudaErrorNoKernelImageForDevice || e == cudaErrorUnsupportedPtxVersion;
}

/** Throws NoDevice with the runtime's reason when no device can be used. */
int device_count() {
    int count = 0;
    cudaError_t e = cudaGetDeviceCount(&count);
    if (e != cudaSuccess) {
        cudaGetLastError();  // clear
        throw NoDevice(std::string("no usable CUDA device: ") + cudaGetErrorName(e) + " (" + cudaGetErrorString(e) +
                       ")");
    }
    if (count == 0) throw NoDevice("no CUDA device");
    return count;
}

template <class Fn>
int guarded(char* msg, size_t len, Fn&& f) {
    try {
        f();
        set_message(msg, len, "");
        return ZKML_OK;
    } catch (const std::invalid_argument& e) {
        set_message(msg, len, e.what());
        return ZKML_EINVAL;
    } catch (const NoDevice& e) {
        set_message(msg, len, e.what());
        return ZKML_ENODEV;
    } catch (const CudaFailure& e) {
        cudaGetLastError();  // a sticky error stays; a plain one is cleared for the next call
        set_message(msg, len, e.what());
        if (e.code == cudaErrorMemoryAllocation) return ZKML_ENOMEM;
        return no_device_error(e.code) ? ZKML_ENODEV : ZKML_ECUDA;
    } catch (const std::bad_alloc&) {
        set_message(msg, len, "out of host memory");
        return ZKML_ENOMEM;
    } catch (const std::exception& e) {
        set_message(msg, len, std::string("internal error: ") + e.what());
        return ZKML_EINTERNAL;
    } catch (...) {
        set_message(msg, len, "internal error: unknown exception");
        return ZKML_EINTERNAL;
    }
}

void require(bool ok, const std::string& what) {
    if (!ok) throw std::invalid_argument(what);
}

/** A device allocation, freed on scope exit. */
template <class T>
struct DeviceBuffer {
    T* p = nullptr;
    explicit DeviceBuffer(size_t count) { CK(cudaMalloc(&p, count * sizeof(T) > 0 ? count * sizeof(T) : 1)); }
    ~DeviceBuffer() { cudaFree(p); }
    DeviceBuffer(const DeviceBuffer&) = delete;
    DeviceBuffer& operator=(const DeviceBuffer&) = delete;
};

constexpr u32 THREADS = 128;
u32 blocks_for(u64 n) { return (u32)((n + THREADS - 1) / THREADS); }

void after_launch(const char* kernel) {
    check(cudaGetLastError(), kernel);
}

// ---- MSM kernels ----

__global__ void k_digits(MsmPlan p, const u32* scalars, u32* bucket_of, u32* entry_of, u32* counts) {
    const u64 i = (u64)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= p.n) return;
    msm_digits(p, scalars, i, bucket_of, entry_of, counts, [](u32* a, u32 v) { atomicAdd(a, v); });
}
__global__ void k_scan_sum(const u32* counts, u64 len, u64 chunks, u32* chunk_sums) {
    const u64 t = (u64)blockIdx.x * blockDim.x + threadIdx.x;
    if (t < chunks) scan_chunk_sum(counts, len, t, chunk_sums);
}
__global__ void k_scan_offsets(u32* chunk_sums, u64 chunks) { scan_chunk_offsets(chunk_sums, chunks); }
__global__ void k_scan_fill(const u32* counts, u64 len, u64 chunks, const u32* offsets, u32* starts, u32* cursors) {
    const u64 t = (u64)blockIdx.x * blockDim.x + threadIdx.x;
    if (t < chunks) scan_chunk_fill(counts, len, t, offsets, starts, cursors);
}
__global__ void k_scatter(u64 entries, const u32* bucket_of, const u32* entry_of, u32* cursors, u32* sorted) {
    const u64 slot = (u64)blockIdx.x * blockDim.x + threadIdx.x;
    if (slot < entries)
        msm_scatter(slot, bucket_of, entry_of, cursors, sorted, [](u32* a) { return atomicAdd(a, 1u); });
}
template <class F>
__global__ void k_accumulate(u64 nb, const u32* bases, const u32* starts, const u32* counts, const u32* sorted,
                             Jacobian<F>* buckets) {
    const u64 b = (u64)blockIdx.x * blockDim.x + threadIdx.x;
    if (b < nb) buckets[b] = msm_accumulate<F>(b, bases, starts, counts, sorted);
}
template <class F>
__global__ void k_reduce(MsmPlan p, const Jacobian<F>* buckets, Jacobian<F>* segments) {
    const u64 t = (u64)blockIdx.x * blockDim.x + threadIdx.x;
    if (t < (u64)p.windows * p.segments) segments[t] = msm_reduce_segment<F>(p, (u32)(t / p.segments), (u32)(t % p.segments), buckets);
}
template <class F>
__global__ void k_combine(MsmPlan p, const Jacobian<F>* segments, Jacobian<F>* out) {
    *out = msm_combine<F>(p, segments);
}

/** Raises the per-thread stack limit to what the G2 point formulas (kept as calls, see field.cuh) need: ptxas reports
 * up to about 2 KiB for the bucket reduction, above the default limit of 1 KiB. Only ever raises it. */
template <class F>
void ensure_stack() {
    size_t need = 0;
    const void* kernels[] = {(const void*)k_accumulate<F>, (const void*)k_reduce<F>, (const void*)k_combine<F>};
    for (const void* k : kernels) {
        cudaFuncAttributes attr;
        CK(cudaFuncGetAttributes(&attr, k));
        need = attr.localSizeBytes > need ? attr.localSizeBytes : need;
    }
    size_t limit = 0;
    CK(cudaDeviceGetLimit(&limit, cudaLimitStackSize));
    if (need > limit) CK(cudaDeviceSetLimit(cudaLimitStackSize, need));
}

template <class F>
void msm(const uint8_t* bases_bytes, const uint8_t* scalar_bytes, uint64_t n, uint8_t* out) {
    constexpr int words = PointWords<F>::n;
    require(out != nullptr, "out must not be NULL");
    require(n == 0 || (bases_bytes != nullptr && scalar_bytes != nullptr), "bases and scalars must not be NULL");
    require(n < (1ull << 31), "n must be below 2^31, got " + std::to_string(n));
    for (uint64_t i = 0; i < n; i++) {
        u32 s[8];
        std::memcpy(s, scalar_bytes + 32 * i, 32);
        require(scalar_below_r(s), "scalar " + std::to_string(i) + " is not below r");
    }
    device_count();
    if (n == 0) {
        std::memset(out, 0, 4 * words);
        return;
    }
    ensure_stack<F>();
    const MsmPlan p = msm_plan(n);
    const u64 nb = p.total_buckets(), entries = p.entries(), chunks = (nb + SCAN_CHUNK - 1) / SCAN_CHUNK;
    DeviceBuffer<u32> bases(n * words), scalars(n * 8), bucket_of(entries), entry_of(entries), counts(nb), starts(nb),
        cursors(nb), sorted(entries), chunk_sums(chunks);
    DeviceBuffer<Jacobian<F>> buckets(nb), segments((u64)p.windows * p.segments), result(1);
    CK(cudaMemcpy(bases.p, bases_bytes, n * words * 4, cudaMemcpyHostToDevice));
    CK(cudaMemcpy(scalars.p, scalar_bytes, n * 32, cudaMemcpyHostToDevice));
    CK(cudaMemset(counts.p, 0, nb * 4));
    k_digits<<<blocks_for(n), THREADS>>>(p, scalars.p, bucket_of.p, entry_of.p, counts.p);
    after_launch("k_digits");
    k_scan_sum<<<blocks_for(chunks), THREADS>>>(counts.p, nb, chunks, chunk_sums.p);
    after_launch("k_scan_sum");
    k_scan_offsets<<<1, 1>>>(chunk_sums.p, chunks);
    after_launch("k_scan_offsets");
    k_scan_fill<<<blocks_for(chunks), THREADS>>>(counts.p, nb, chunks, chunk_sums.p, starts.p, cursors.p);
    after_launch("k_scan_fill");
    k_scatter<<<blocks_for(entries), THREADS>>>(entries, bucket_of.p, entry_of.p, cursors.p, sorted.p);
    after_launch("k_scatter");
    k_accumulate<F><<<blocks_for(nb), THREADS>>>(nb, bases.p, starts.p, counts.p, sorted.p, buckets.p);
    after_launch("k_accumulate");
    k_reduce<F><<<blocks_for((u64)p.windows * p.segments), THREADS>>>(p, buckets.p, segments.p);
    after_launch("k_reduce");
    k_combine<F><<<1, 1>>>(p, segments.p, result.p);
    after_launch("k_combine");
    Jacobian<F> sum;
    CK(cudaMemcpy(&sum, result.p, sizeof sum, cudaMemcpyDeviceToHost));  // waits for the kernels
    u32 affine[words];
    store_affine(sum.to_affine(), affine);
    std::memcpy(out, affine, 4 * words);
}

// ---- NTT kernels ----

__global__ void k_twiddles(u32 count, Fr omega, Fr* table) {
    const u32 j = blockIdx.x * blockDim.x + threadIdx.x;
    if (j < count) ntt_twiddle(j, omega, table);
}
__global__ void k_bit_reverse(Fr* x, u32 log2n) {
    const u32 i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < (1u << log2n)) ntt_bit_reverse(x, log2n, i);
}
__global__ void k_butterflies(Fr* x, const Fr* table, u32 log2n, u32 stage) {
    const u32 t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t < (1u << (log2n - 1))) ntt_butterfly(x, table, log2n, stage, t);
}
__global__ void k_scale(Fr* x, u32 n, Fr factor, Fr g) {
    const u32 i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) ntt_scale(x, i, factor, g);
}

void ntt(uint8_t* values, uint32_t log2n, int32_t inverse, const uint8_t* shift_bytes) {
    require(values != nullptr, "values must not be NULL");
    require(log2n <= 28, "log2n must be at most 28, got " + std::to_string(log2n));
    const u32 n = 1u << log2n;
    Fr g = Fr::one();
    if (shift_bytes != nullptr) {
        u32 s[8];
        std::memcpy(s, shift_bytes, 32);
        require(scalar_below_r(s), "the shift is not below r");
        g = Fr::from_plain(Fr::load(s));
    }
    device_count();
    DeviceBuffer<Fr> x(n), table(n / 2 > 0 ? n / 2 : 1);
    CK(cudaMemcpy(x.p, values, 32ull * n, cudaMemcpyHostToDevice));
    const Fr one = Fr::one();
    if (!inverse && shift_bytes != nullptr) {
        k_scale<<<blocks_for(n), THREADS>>>(x.p, n, one, g);
        after_launch("k_scale");
    }
    if (log2n > 0) {
        k_twiddles<<<blocks_for(n / 2), THREADS>>>(n / 2, ntt_root(log2n, inverse != 0), table.p);
        after_launch("k_twiddles");
        k_bit_reverse<<<blocks_for(n), THREADS>>>(x.p, log2n);
        after_launch("k_bit_reverse");
        for (u32 s = 0; s < log2n; s++) {
            k_butterflies<<<blocks_for(n / 2), THREADS>>>(x.p, table.p, log2n, s);
            after_launch("k_butterflies");
        }
    }
    if (inverse) {
        k_scale<<<blocks_for(n), THREADS>>>(x.p, n, Fr::from_u32(n).inverse(), shift_bytes ? g.inverse() : one);
        after_launch("k_scale");
    }
    CK(cudaMemcpy(values, x.p, 32ull * n, cudaMemcpyDeviceToHost));
}

}  // namespace

extern "C" {

int zkml_cuda_device_count(int32_t* count, char* msg, size_t msg_len) {
    if (count) *count = 0;
    return guarded(msg, msg_len, [&] {
        require(count != nullptr, "count must not be NULL");
        *count = device_count();
    });
}

int zkml_cuda_device_name(int32_t index, char* name, size_t name_len, char* msg, size_t msg_len) {
    return guarded(msg, msg_len, [&] {
        require(name != nullptr && name_len > 0, "name must not be NULL or empty");
        const int count = device_count();
        require(index >= 0 && index < count,
                "device index " + std::to_string(index) + " out of range (" + std::to_string(count) + " devices)");
        cudaDeviceProp prop;
        CK(cudaGetDeviceProperties(&prop, index));
        std::snprintf(name, name_len, "%s (sm_%d%d, %zu GiB)", prop.name, prop.major, prop.minor,
                      (size_t)(prop.totalGlobalMem >> 30));
    });
}

int zkml_cuda_msm_g1(const uint8_t* bases, const uint8_t* scalars, uint64_t n, uint8_t* out, char* msg,
                     size_t msg_len) {
    return guarded(msg, msg_len, [&] { msm<Fp>(bases, scalars, n, out); });
}

int zkml_cuda_msm_g2(const uint8_t* bases, const uint8_t* scalars, uint64_t n, uint8_t* out, char* msg,
                     size_t msg_len) {
    return guarded(msg, msg_len, [&] { msm<Fp2>(bases, scalars, n, out); });
}

int zkml_cuda_ntt(uint8_t* values, uint32_t log2n, int32_t inverse, const uint8_t* shift, char* msg, size_t msg_len) {
    return guarded(msg, msg_len, [&] { ntt(values, log2n, inverse, shift); });
}

}  // extern "C"
