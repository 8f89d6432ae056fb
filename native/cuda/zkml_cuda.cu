// libzkml_cuda: the simple, correct CUDA kernels (MSM G1/G2, NTT, the Groth16 prove with the key resident) behind the
// C ABI of zkml_cuda.h. Each kernel is a thin loop over its grid calling the per-thread functions of msm_plan.cuh,
// ntt_plan.cuh and prove_plan.cuh, which the host tests run too (host_emulation.hpp walks the same stages in the same
// order); sizes, the memory plan, the key's layout, its checks and the blinding are prove_plan.cuh's host code. Every
// CUDA error becomes a code and a message.
#include <cuda_runtime.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "msm_plan.cuh"
#include "ntt_plan.cuh"
#include "prove_plan.cuh"
#include "zkml_cuda.h"

using namespace zkml::cuda;

namespace {

struct NoDevice : std::runtime_error {
    using std::runtime_error::runtime_error;
};
/** The device has too little free memory for a proving context (ZKML_ENOMEM, with the sizes). */
struct OutOfDeviceMemory : std::runtime_error {
    using std::runtime_error::runtime_error;
};
struct Cancelled : std::runtime_error {
    Cancelled() : std::runtime_error("cancelled") {}
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
    } catch (const OutOfDeviceMemory& e) {
        set_message(msg, len, e.what());
        return ZKML_ENOMEM;
    } catch (const Cancelled& e) {
        set_message(msg, len, e.what());
        return ZKML_ECANCELLED;
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

/** Throws NoDevice unless index names a device, and makes it the calling thread's current device. */
void use_device(int32_t index) {
    const int count = device_count();
    require(index >= 0 && index < count,
            "device index " + std::to_string(index) + " out of range (" + std::to_string(count) + " devices)");
    CK(cudaSetDevice(index));
}

void after_launch(const char* kernel) {
    check(cudaGetLastError(), kernel);
}

// ---- MSM kernels ----

__global__ void k_digits(MsmPlan p, const u32* scalars, u32* bucket_of, u32* entry_of, u32* counts) {
    const u64 i = (u64)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= p.n) return;
    msm_digits(p, scalars, i, bucket_of, entry_of, counts, [](u32* a, u32 v) { atomicAdd(a, v); });
}
__global__ void k_scan_sum(const u32* counts, u64 len, u32 per, u64 chunks, u32* chunk_sums) {
    const u64 t = (u64)blockIdx.x * blockDim.x + threadIdx.x;
    if (t < chunks) scan_chunk_sum(counts, len, per, t, chunk_sums);
}
__global__ void k_scan_offsets(u32* chunk_sums, u64 chunks) { scan_chunk_offsets(chunk_sums, chunks); }
__global__ void k_scan_fill(const u32* counts, u64 len, u32 per, u64 chunks, const u32* offsets, u32* starts,
                            u32* cursors) {
    const u64 t = (u64)blockIdx.x * blockDim.x + threadIdx.x;
    if (t < chunks) scan_chunk_fill(counts, len, per, t, offsets, starts, cursors);
}
__global__ void k_scatter(u64 entries, const u32* bucket_of, const u32* entry_of, u32* cursors, u32* sorted) {
    const u64 slot = (u64)blockIdx.x * blockDim.x + threadIdx.x;
    if (slot < entries)
        msm_scatter(slot, bucket_of, entry_of, cursors, sorted, [](u32* a) { return atomicAdd(a, 1u); });
}
template <class F>
__global__ void k_piece_sum(MsmPlan p, const u32* total, const u32* bases, const u32* starts, const u32* counts,
                            const u32* piece_starts, const u32* sorted, u32* bucket_of_piece, Jacobian<F>* pieces) {
    const u64 j = (u64)blockIdx.x * blockDim.x + threadIdx.x;
    if (j < p.max_pieces())
        msm_piece_sum<F>(p, j, total, bases, starts, counts, piece_starts, sorted, bucket_of_piece, pieces);
}
template <class F>
__global__ void k_piece_round(MsmPlan p, u64 h, const u32* total, const u32* counts, const u32* piece_starts,
                              const u32* bucket_of_piece, Jacobian<F>* pieces) {
    const u64 j = (u64)blockIdx.x * blockDim.x + threadIdx.x;
    if (j < p.max_pieces()) msm_piece_round<F>(p, j, h, total, counts, piece_starts, bucket_of_piece, pieces);
}
template <class F>
__global__ void k_reduce(MsmPlan p, const u32* counts, const u32* piece_starts, const Jacobian<F>* pieces,
                         Jacobian<F>* segments) {
    const u64 t = (u64)blockIdx.x * blockDim.x + threadIdx.x;
    if (t < (u64)p.windows * p.segments)
        segments[t] = msm_reduce_segment<F>(p, (u32)(t / p.segments), (u32)(t % p.segments), counts, piece_starts, pieces);
}
template <class F>
__global__ void k_segment_round(MsmPlan p, u64 h, Jacobian<F>* segments) {
    const u64 t = (u64)blockIdx.x * blockDim.x + threadIdx.x;
    if (t < (u64)p.windows * p.segments) msm_segment_round<F>(p, t, h, segments);
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
    const void* kernels[] = {(const void*)k_piece_sum<F>, (const void*)k_piece_round<F>, (const void*)k_reduce<F>,
                             (const void*)k_segment_round<F>, (const void*)k_combine<F>};
    for (const void* k : kernels) {
        cudaFuncAttributes attr;
        CK(cudaFuncGetAttributes(&attr, k));
        need = attr.localSizeBytes > need ? attr.localSizeBytes : need;
    }
    size_t limit = 0;
    CK(cudaDeviceGetLimit(&limit, cudaLimitStackSize));
    if (need > limit) CK(cudaDeviceSetLimit(cudaLimitStackSize, need));
}

/** Σ k_i·P_i over device bases and plain scalars (n < 2^31), with the working memory scratch laid out by
 * msm_buffers<F>(n, scratch, …): the stages of msm_plan.cuh on stream st; waits for the sum. */
template <class F>
Jacobian<F> msm_device(const u32* bases, const u32* scalars, u64 n, char* scratch, cudaStream_t st) {
    if (n == 0) return Jacobian<F>::infinity();
    const MsmPlan p = msm_plan(n);
    MsmBuffers b;
    msm_buffers<F>(n, scratch, &b);
    const u64 nb = p.total_buckets(), entries = p.entries(), chunks = (nb + SCAN_CHUNK - 1) / SCAN_CHUNK;
    const u64 segs = (u64)p.windows * p.segments;
    Jacobian<F>* pieces = (Jacobian<F>*)b.pieces;
    Jacobian<F>* segments = (Jacobian<F>*)b.segments;
    Jacobian<F>* result = (Jacobian<F>*)b.result;
    const u32* total = b.chunk_sums + chunks;  // the second scan's total: the number of pieces
    // stage 2 over ⌈counts/per⌉: starts (and cursors unless null)
    auto scan = [&](u32 per, u32* starts, u32* cursors) {
        k_scan_sum<<<blocks_for(chunks), THREADS, 0, st>>>(b.counts, nb, per, chunks, b.chunk_sums);
        after_launch("k_scan_sum");
        k_scan_offsets<<<1, 1, 0, st>>>(b.chunk_sums, chunks);
        after_launch("k_scan_offsets");
        k_scan_fill<<<blocks_for(chunks), THREADS, 0, st>>>(b.counts, nb, per, chunks, b.chunk_sums, starts, cursors);
        after_launch("k_scan_fill");
    };
    CK(cudaMemsetAsync(b.counts, 0, nb * 4, st));
    k_digits<<<blocks_for(n), THREADS, 0, st>>>(p, scalars, b.bucket_of, b.entry_of, b.counts);
    after_launch("k_digits");
    scan(1, b.starts, b.cursors);
    k_scatter<<<blocks_for(entries), THREADS, 0, st>>>(entries, b.bucket_of, b.entry_of, b.cursors, b.sorted);
    after_launch("k_scatter");
    scan(p.piece_len, b.piece_starts, nullptr);
    k_piece_sum<F><<<blocks_for(p.max_pieces()), THREADS, 0, st>>>(p, total, bases, b.starts, b.counts, b.piece_starts,
                                                                   b.sorted, b.bucket_of_piece, pieces);
    after_launch("k_piece_sum");
    for (u64 h = 1; h < p.max_bucket_pieces(); h *= 2) {
        k_piece_round<F><<<blocks_for(p.max_pieces()), THREADS, 0, st>>>(p, h, total, b.counts, b.piece_starts,
                                                                         b.bucket_of_piece, pieces);
        after_launch("k_piece_round");
    }
    k_reduce<F><<<blocks_for(segs), THREADS, 0, st>>>(p, b.counts, b.piece_starts, pieces, segments);
    after_launch("k_reduce");
    for (u64 h = 1; h < p.segments; h *= 2) {
        k_segment_round<F><<<blocks_for(segs), THREADS, 0, st>>>(p, h, segments);
        after_launch("k_segment_round");
    }
    k_combine<F><<<1, 1, 0, st>>>(p, segments, result);
    after_launch("k_combine");
    Jacobian<F> sum;
    CK(cudaMemcpyAsync(&sum, result, sizeof sum, cudaMemcpyDeviceToHost, st));
    CK(cudaStreamSynchronize(st));
    return sum;
}

template <class F>
void msm(const uint8_t* bases_bytes, const uint8_t* scalar_bytes, uint64_t n, uint8_t* out) {
    constexpr int words = PointWords<F>::n;
    require(out != nullptr, "out must not be NULL");
    require(n == 0 || (bases_bytes != nullptr && scalar_bytes != nullptr), "bases and scalars must not be NULL");
    require(n < (1ull << 31), "n must be below 2^31, got " + std::to_string(n));
    require(msm_plan(n).entries() < (1ull << 32), "an MSM of " + std::to_string(n) +
                                                      " points is too large for the CUDA backend (its bucket sort "
                                                      "indexes the windows' entries in 32 bits)");
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
    DeviceBuffer<u32> bases(n * words), scalars(n * 8);
    DeviceBuffer<char> scratch(msm_buffers<F>(n, nullptr, nullptr));
    CK(cudaMemcpy(bases.p, bases_bytes, n * words * 4, cudaMemcpyHostToDevice));
    CK(cudaMemcpy(scalars.p, scalar_bytes, n * 32, cudaMemcpyHostToDevice));
    u32 affine[words];
    store_affine(msm_device<F>(bases.p, scalars.p, n, scratch.p, 0).to_affine(), affine);
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

// ---- the Groth16 prove with the key resident ----

__global__ void k_coset_factors(u32 n, Fr n_inv, Fr g, Fr* table) {
    const u32 i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) coset_factor(table, i, n_inv, g);
}
__global__ void k_qap_rows(u64 rows, const u32* starts, const u32* signals, const Fr* values, const u32* witness, Fr* ab) {
    const u64 t = (u64)blockIdx.x * blockDim.x + threadIdx.x;
    if (t < rows) ab[t] = qap_row(starts, signals, values, witness, t);
}
__global__ void k_qap_product(Fr* abc, u64 n) {
    const u64 i = (u64)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) qap_product(abc, n, i);
}
__global__ void k_scale_table(Fr* x, const Fr* table, u64 n) {
    const u64 i = (u64)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) scale_by_table(x, table, i);
}
__global__ void k_h_pointwise(Fr* abc, u64 n) {
    const u64 i = (u64)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) h_pointwise(abc, n, i);
}

/** The radix-2 transform of n = 2^log2n elements on st: bit reversal, then the butterflies with a table of n/2. */
void transform(Fr* x, u32 log2n, const Fr* table, cudaStream_t st) {
    if (log2n == 0) return;
    const u32 n = 1u << log2n;
    k_bit_reverse<<<blocks_for(n), THREADS, 0, st>>>(x, log2n);
    after_launch("k_bit_reverse");
    for (u32 s = 0; s < log2n; s++) {
        k_butterflies<<<blocks_for(n / 2), THREADS, 0, st>>>(x, table, log2n, s);
        after_launch("k_butterflies");
    }
}

/** One device allocation of a context, freed with it; out of memory names what it was for. */
char* device_alloc(u64 bytes, const char* what) {
    void* p = nullptr;
    const cudaError_t e = cudaMalloc(&p, bytes > 0 ? bytes : 1);
    if (e == cudaErrorMemoryAllocation) {
        cudaGetLastError();
        throw OutOfDeviceMemory("the device ran out of memory allocating " + mib(bytes) + " for " + what);
    }
    check(e, "cudaMalloc");
    return (char*)p;
}

std::string device_label(int32_t index) {
    cudaDeviceProp prop;
    CK(cudaGetDeviceProperties(&prop, index));
    return std::string(prop.name) + " (device " + std::to_string(index) + ")";
}

}  // namespace

struct zkml_cuda_prover {
    int32_t device = 0;
    ProveLayout L{};
    FixedPoints fixed{};
    cudaStream_t stream = nullptr;
    std::vector<char*> allocations;
    const u32 *a = nullptr, *b1 = nullptr, *b2 = nullptr, *c = nullptr, *h = nullptr;
    const u32 *starts = nullptr, *signals = nullptr;
    const Fr* values = nullptr;
    Fr *forward = nullptr, *inverse = nullptr, *coset = nullptr;
    u32* witness = nullptr;
    Fr* abc = nullptr;
    char* msm = nullptr;
    std::mutex lock;

    char* alloc(u64 bytes, const char* what) {
        allocations.push_back(nullptr);
        return allocations.back() = device_alloc(bytes, what);
    }
    ~zkml_cuda_prover() {
        if (stream == nullptr && allocations.empty()) return;  // refused before the device was used
        if (cudaSetDevice(device) != cudaSuccess) return;
        if (stream) cudaStreamDestroy(stream);
        for (char* p : allocations) cudaFree(p);
        cudaGetLastError();
    }
};

namespace {

void open_prover(zkml_cuda_prover& P, const uint8_t* fixed, const uint8_t* coef, const uint8_t* pa, const uint8_t* pb1,
                 const uint8_t* pb2, const uint8_t* pc, const uint8_t* ph) {
    const ProveLayout& L = P.L;
    check_records(L, coef);  // bad input is refused before the device is asked
    P.fixed = fixed_points(fixed);
    use_device(P.device);
    ensure_stack<Fp>();
    ensure_stack<Fp2>();
    size_t free_bytes = 0, total_bytes = 0;
    CK(cudaMemGetInfo(&free_bytes, &total_bytes));
    const std::string verdict = memory_verdict(L, free_bytes, total_bytes, device_label(P.device));
    if (!verdict.empty()) throw OutOfDeviceMemory(verdict);
    CK(cudaStreamCreateWithFlags(&P.stream, cudaStreamNonBlocking));
    auto upload = [&](const uint8_t* src, u64 bytes, u64 reserve, const char* what) -> const u32* {
        char* d = P.alloc(reserve, what);
        if (bytes) CK(cudaMemcpyAsync(d, src, bytes, cudaMemcpyHostToDevice, P.stream));
        return (const u32*)d;
    };
    P.a = upload(pa, 64ull * L.n_vars, L.points_a, "the A points");
    P.b1 = upload(pb1, 64ull * L.n_vars, L.points_b1, "the B1 points");
    P.b2 = upload(pb2, 128ull * L.n_vars, L.points_b2, "the B2 points");
    P.c = upload(pc, 64ull * L.n_private, L.points_c, "the C points");
    P.h = upload(ph, 64ull * L.domain, L.points_h, "the H points");
    const KeyRows rows = key_rows(L, coef);
    char* r = P.alloc(L.rows, "the coefficient rows");
    const u64 starts_bytes = align_up(4ull * rows.starts.size()), signals_bytes = align_up(4ull * L.n_coef);
    CK(cudaMemcpyAsync(r, rows.starts.data(), 4ull * rows.starts.size(), cudaMemcpyHostToDevice, P.stream));
    CK(cudaMemcpyAsync(r + starts_bytes, rows.signals.data(), 4ull * L.n_coef, cudaMemcpyHostToDevice, P.stream));
    CK(cudaMemcpyAsync(r + starts_bytes + signals_bytes, rows.values.data(), 32ull * L.n_coef, cudaMemcpyHostToDevice, P.stream));
    P.starts = (const u32*)r;
    P.signals = (const u32*)(r + starts_bytes);
    P.values = (const Fr*)(r + starts_bytes + signals_bytes);
    const NttTables t = ntt_tables(L);
    char* tb = P.alloc(L.tables, "the NTT tables");
    const u64 half_bytes = align_up(32ull * t.half);
    P.forward = (Fr*)tb;
    P.inverse = (Fr*)(tb + half_bytes);
    P.coset = (Fr*)(tb + 2 * half_bytes);
    if (L.domain > 1) {
        k_twiddles<<<blocks_for(L.domain / 2), THREADS, 0, P.stream>>>(L.domain / 2, t.omega, P.forward);
        after_launch("k_twiddles");
        k_twiddles<<<blocks_for(L.domain / 2), THREADS, 0, P.stream>>>(L.domain / 2, t.omega_inv, P.inverse);
        after_launch("k_twiddles");
    }
    k_coset_factors<<<blocks_for(L.domain), THREADS, 0, P.stream>>>(L.domain, t.n_inv, t.shift, P.coset);
    after_launch("k_coset_factors");
    char* work = P.alloc(L.scratch(), "the working memory of a proof");
    P.witness = (u32*)work;
    P.abc = (Fr*)(work + L.witness);
    P.msm = work + L.witness + L.vectors;
    CK(cudaStreamSynchronize(P.stream));  // the uploads (ordered on the stream) and the tables are done
}

void prove_on_device(zkml_cuda_prover& P, const uint8_t* witness, const uint8_t* r_bytes, const uint8_t* s_bytes,
                     zkml_progress_fn progress, void* user, const volatile int32_t* cancel, uint8_t* proof) {
    const ProveLayout& L = P.L;
    u32 r[8], s[8];
    scalar_words(r_bytes, r, "r");
    scalar_words(s_bytes, s, "s");
    const int64_t bad = first_bad_witness(witness, L.n_vars);
    if (bad >= 0) throw std::invalid_argument("witness value " + std::to_string(bad) + " is not below r");
    const ProveStages stages(L);
    cudaStream_t st = P.stream;
    // waits for the device's queued work, then tells progress and polls the cancel flag; ZKML_TRACE=1: the wall time
    // of each stage (the device's work included) on standard error, as the CPU prove prints its stages
    const bool tracing = std::getenv("ZKML_TRACE") != nullptr;
    const char* running = nullptr;
    auto started = std::chrono::steady_clock::now();
    auto poll = [&](const char* stage, double fraction) {
        CK(cudaStreamSynchronize(st));
        if (tracing && running != nullptr && std::strcmp(running, stage) != 0) {
            const auto t = std::chrono::steady_clock::now();
            std::fprintf(stderr, "zkml-cuda: %-7s %8.2f ms\n", running,
                         std::chrono::duration<double, std::milli>(t - started).count());
            started = t;
        }
        if (running == nullptr || std::strcmp(running, stage) != 0) running = stage;
        if (cancel != nullptr && *cancel != 0) throw Cancelled();
        if (progress != nullptr && progress(stage, fraction, user) != 0) throw Cancelled();
    };
    CK(cudaSetDevice(P.device));
    const u64 n = L.domain;
    poll(stages.name[0], stages.before(0));
    CK(cudaMemcpyAsync(P.witness, witness, 32ull * L.n_vars, cudaMemcpyHostToDevice, st));
    k_qap_rows<<<blocks_for(2 * n), THREADS, 0, st>>>(2 * n, P.starts, P.signals, P.values, P.witness, P.abc);
    after_launch("k_qap_rows");
    k_qap_product<<<blocks_for(n), THREADS, 0, st>>>(P.abc, n);
    after_launch("k_qap_product");
    poll(stages.name[1], stages.before(1));
    for (int v = 0; v < 3; v++) {
        Fr* x = P.abc + v * n;
        transform(x, L.log2n, P.inverse, st);
        k_scale_table<<<blocks_for(n), THREADS, 0, st>>>(x, P.coset, n);
        after_launch("k_scale_table");
        transform(x, L.log2n, P.forward, st);
        poll(stages.name[1], stages.within(1, (v + 1) / 3.0));
    }
    k_h_pointwise<<<blocks_for(n), THREADS, 0, st>>>(P.abc, n);
    after_launch("k_h_pointwise");
    poll(stages.name[2], stages.before(2));
    const G1 a = msm_device<Fp>(P.a, P.witness, L.n_vars, P.msm, st);
    poll(stages.name[3], stages.before(3));
    const G1 b1 = msm_device<Fp>(P.b1, P.witness, L.n_vars, P.msm, st);
    poll(stages.name[4], stages.before(4));
    const G2 b2 = msm_device<Fp2>(P.b2, P.witness, L.n_vars, P.msm, st);
    poll(stages.name[5], stages.before(5));
    const G1 c = msm_device<Fp>(P.c, P.witness + 8ull * (L.n_public + 1), L.n_private, P.msm, st);
    poll(stages.name[6], stages.before(6));
    const G1 h = msm_device<Fp>(P.h, (const u32*)P.abc, n, P.msm, st);
    if (cancel != nullptr && *cancel != 0) throw Cancelled();
    groth16_proof(P.fixed, a, b1, b2, c, h, r, s, proof);
    poll("done", 1.0);  // the trace's last stage ("msm H" and the blinding); progress told "done"
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

int zkml_cuda_device_memory(int32_t index, uint64_t* free_bytes, uint64_t* total_bytes, char* msg, size_t msg_len) {
    return guarded(msg, msg_len, [&] {
        require(free_bytes != nullptr && total_bytes != nullptr, "free_bytes and total_bytes must not be NULL");
        use_device(index);
        size_t f = 0, t = 0;
        CK(cudaMemGetInfo(&f, &t));
        *free_bytes = f;
        *total_bytes = t;
    });
}

int zkml_cuda_prover_memory(uint32_t n_vars, uint32_t n_public, uint32_t domain_size, uint64_t n_coefficients,
                            uint64_t* resident_bytes, uint64_t* working_bytes, char* msg, size_t msg_len) {
    return guarded(msg, msg_len, [&] {
        require(resident_bytes != nullptr && working_bytes != nullptr, "resident_bytes and working_bytes must not be NULL");
        const ProveLayout L = prove_layout(n_vars, n_public, domain_size, n_coefficients);
        *resident_bytes = L.resident();
        *working_bytes = L.scratch();
    });
}

int zkml_cuda_prover_open(int32_t device, uint32_t n_vars, uint32_t n_public, uint32_t domain_size,
                          const uint8_t* fixed_points, uint64_t n_coefficients, const uint8_t* coefficients,
                          const uint8_t* points_a, const uint8_t* points_b1, const uint8_t* points_b2,
                          const uint8_t* points_c, const uint8_t* points_h, zkml_cuda_prover** out, char* msg,
                          size_t msg_len) {
    return guarded(msg, msg_len, [&] {
        require(out != nullptr, "out must not be NULL");
        *out = nullptr;
        std::unique_ptr<zkml_cuda_prover> p(new zkml_cuda_prover());
        p->device = device;
        p->L = prove_layout(n_vars, n_public, domain_size, n_coefficients);
        require(fixed_points != nullptr, "fixed_points must not be NULL");
        require(n_coefficients == 0 || coefficients != nullptr, "coefficients must not be NULL");
        require(points_a != nullptr && points_b1 != nullptr && points_b2 != nullptr && points_h != nullptr,
                "the point sections must not be NULL");
        require(points_c != nullptr || n_vars == n_public + 1, "points_c must not be NULL");
        open_prover(*p, fixed_points, coefficients, points_a, points_b1, points_b2, points_c, points_h);
        *out = p.release();
    });
}

int zkml_cuda_prover_prove(zkml_cuda_prover* prover, const uint8_t* witness, uint64_t n_witness, const uint8_t* r,
                           const uint8_t* s, zkml_progress_fn progress, void* user, const volatile int32_t* cancel,
                           uint8_t* proof_out, char* msg, size_t msg_len) {
    return guarded(msg, msg_len, [&] {
        require(prover != nullptr, "prover must not be NULL");
        require(witness != nullptr && r != nullptr && s != nullptr && proof_out != nullptr,
                "witness, r, s and proof_out must not be NULL");
        if (n_witness != prover->L.n_vars)
            throw std::invalid_argument("the witness has " + std::to_string(n_witness) + " values but the key has " +
                                        std::to_string(prover->L.n_vars) + " wires");
        std::lock_guard<std::mutex> g(prover->lock);
        prove_on_device(*prover, witness, r, s, progress, user, cancel, proof_out);
    });
}

void zkml_cuda_prover_close(zkml_cuda_prover* prover) { delete prover; }

}  // extern "C"
