// The MSM and NTT of the CUDA backend run on the host: the same per-thread functions (msm_plan.cuh, ntt_plan.cuh),
// called in loops over the grid each kernel launches, stage after stage, in the order of zkml_cuda.cu. Single-threaded
// and slow; for the host tests, which compare it with the CPU backend on every machine.
#pragma once
#include <vector>

#include "msm_plan.cuh"
#include "ntt_plan.cuh"

namespace zkml::cuda::emulation {

/** Σ k_i·P_i: bases (x ‖ y words per point, the zkey layout) and plain scalars below r (8 words each). */
template <class F>
Affine<F> msm(const u32* bases, const u32* scalars, u64 n) {
    if (n == 0) return Affine<F>::infinity();
    const MsmPlan p = msm_plan(n);
    const u64 nb = p.total_buckets();
    std::vector<u32> bucket_of(p.entries()), entry_of(p.entries()), counts(nb, 0), starts(nb), cursors(nb),
        sorted(p.entries());
    auto add = [](u32* a, u32 v) { *a += v; };
    for (u64 i = 0; i < n; i++) msm_digits(p, scalars, i, bucket_of.data(), entry_of.data(), counts.data(), add);
    const u64 chunks = (nb + SCAN_CHUNK - 1) / SCAN_CHUNK;
    std::vector<u32> chunk_sums(chunks);
    for (u64 t = 0; t < chunks; t++) scan_chunk_sum(counts.data(), nb, t, chunk_sums.data());
    scan_chunk_offsets(chunk_sums.data(), chunks);
    for (u64 t = 0; t < chunks; t++)
        scan_chunk_fill(counts.data(), nb, t, chunk_sums.data(), starts.data(), cursors.data());
    auto take = [](u32* a) { return (*a)++; };
    // the device scatters in any order; the emulation walks the slots backwards to differ from the digit order
    for (u64 slot = p.entries(); slot-- > 0;)
        msm_scatter(slot, bucket_of.data(), entry_of.data(), cursors.data(), sorted.data(), take);
    std::vector<Jacobian<F>> buckets(nb);
    for (u64 b = 0; b < nb; b++) buckets[b] = msm_accumulate<F>(b, bases, starts.data(), counts.data(), sorted.data());
    std::vector<Jacobian<F>> segments((u64)p.windows * p.segments);
    for (u32 w = 0; w < p.windows; w++)
        for (u32 s = 0; s < p.segments; s++)
            segments[(u64)w * p.segments + s] = msm_reduce_segment<F>(p, w, s, buckets.data());
    return msm_combine<F>(p, segments.data()).to_affine();
}

/** The NTT of 2^log2n elements (Montgomery form) in place, with the conventions of zkml_ntt; shift: Montgomery form
 * of g, or null for 1. */
inline void ntt(Fr* x, u32 log2n, bool inverse, const Fr* shift) {
    const u32 n = 1u << log2n;
    const Fr one = Fr::one();
    if (!inverse && shift)
        for (u32 i = 0; i < n; i++) ntt_scale(x, i, one, *shift);
    if (log2n > 0) {
        std::vector<Fr> table(n / 2);
        const Fr omega = ntt_root(log2n, inverse);
        for (u32 j = 0; j < n / 2; j++) ntt_twiddle(j, omega, table.data());
        for (u32 i = 0; i < n; i++) ntt_bit_reverse(x, log2n, i);
        for (u32 s = 0; s < log2n; s++)
            for (u32 t = 0; t < n / 2; t++) ntt_butterfly(x, table.data(), log2n, s, t);
    }
    if (inverse) {
        const Fr n_inv = Fr::from_u32(n).inverse();
        const Fr g_inv = shift ? shift->inverse() : one;
        for (u32 i = 0; i < n; i++) ntt_scale(x, i, n_inv, g_inv);
    }
}

}  // namespace zkml::cuda::emulation
