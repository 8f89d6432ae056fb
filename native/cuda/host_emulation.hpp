// The MSM and NTT of the CUDA backend run on the host: the same per-thread functions (msm_plan.cuh, ntt_plan.cuh),
// called in loops over the grid each kernel launches, stage after stage, in the order of zkml_cuda.cu. Single-threaded
// and slow; for the host tests, which compare it with the CPU backend on every machine.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include "msm_plan.cuh"
#include "ntt_plan.cuh"
#include "prove_plan.cuh"

namespace zkml::cuda::emulation {

/** The prefix sums of stage 2 over ⌈counts/per⌉ into starts (and cursors unless null); their total. */
inline u32 scan(const u32* counts, u64 len, u32 per, u32* starts, u32* cursors) {
    const u64 chunks = (len + SCAN_CHUNK - 1) / SCAN_CHUNK;
    std::vector<u32> chunk_sums(chunks + 1);
    for (u64 t = 0; t < chunks; t++) scan_chunk_sum(counts, len, per, t, chunk_sums.data());
    scan_chunk_offsets(chunk_sums.data(), chunks);
    for (u64 t = 0; t < chunks; t++) scan_chunk_fill(counts, len, per, t, chunk_sums.data(), starts, cursors);
    return chunk_sums[chunks];
}

/** Σ k_i·P_i: bases (x ‖ y words per point, the zkey layout) and plain scalars below r (8 words each). */
template <class F>
Jacobian<F> msm_jacobian(const u32* bases, const u32* scalars, u64 n) {
    if (n == 0) return Jacobian<F>::infinity();
    const MsmPlan p = msm_plan(n);
    const u64 nb = p.total_buckets();
    std::vector<u32> bucket_of(p.entries()), entry_of(p.entries()), counts(nb, 0), starts(nb), cursors(nb),
        sorted(p.entries());
    auto add = [](u32* a, u32 v) { *a += v; };
    for (u64 i = 0; i < n; i++) msm_digits(p, scalars, i, bucket_of.data(), entry_of.data(), counts.data(), add);
    scan(counts.data(), nb, 1, starts.data(), cursors.data());
    auto take = [](u32* a) { return (*a)++; };
    // the device scatters in any order; the emulation walks the slots backwards to differ from the digit order
    for (u64 slot = p.entries(); slot-- > 0;)
        msm_scatter(slot, bucket_of.data(), entry_of.data(), cursors.data(), sorted.data(), take);
    // stage 4: the pieces' starts into cursors and their buckets into bucket_of, as the device reuses them
    u32* piece_starts = cursors.data();
    u32* bucket_of_piece = bucket_of.data();
    const u32 total = scan(counts.data(), nb, p.piece_len, piece_starts, nullptr);
    if (total > p.max_pieces())  // the device allocates and launches max_pieces(): a wrong bound fails every test
        throw std::logic_error("the MSM made " + std::to_string(total) + " pieces, above its bound " +
                               std::to_string(p.max_pieces()));
    std::vector<Jacobian<F>> pieces(p.max_pieces());
    for (u64 j = 0; j < p.max_pieces(); j++)
        msm_piece_sum<F>(p, j, &total, bases, starts.data(), counts.data(), piece_starts, sorted.data(),
                         bucket_of_piece, pieces.data());
    for (u64 h = 1; h < p.max_bucket_pieces(); h *= 2)
        for (u64 j = 0; j < p.max_pieces(); j++)
            msm_piece_round<F>(p, j, h, &total, counts.data(), piece_starts, bucket_of_piece, pieces.data());
    const u64 segs = (u64)p.windows * p.segments;
    std::vector<Jacobian<F>> segments(segs);
    for (u64 t = 0; t < segs; t++)
        segments[t] = msm_reduce_segment<F>(p, (u32)(t / p.segments), (u32)(t % p.segments), counts.data(),
                                            piece_starts, pieces.data());
    for (u64 h = 1; h < p.segments; h *= 2)
        for (u64 t = 0; t < segs; t++) msm_segment_round<F>(p, t, h, segments.data());
    return msm_combine<F>(p, segments.data());
}

template <class F>
Affine<F> msm(const u32* bases, const u32* scalars, u64 n) {
    return msm_jacobian<F>(bases, scalars, n).to_affine();
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

/** The radix-2 transform stages of the kernels (bit reversal, butterflies) with a twiddle table of n/2 entries. */
inline void transform(Fr* x, u32 log2n, const Fr* table) {
    const u32 n = 1u << log2n;
    if (log2n == 0) return;
    for (u32 i = 0; i < n; i++) ntt_bit_reverse(x, log2n, i);
    for (u32 s = 0; s < log2n; s++)
        for (u32 t = 0; t < n / 2; t++) ntt_butterfly(x, table, log2n, s, t);
}

/** The key as a proving context keeps it (the device's buffers, here host vectors), built by the plain host code. */
struct ResidentKey {
    ProveLayout layout;
    FixedPoints fixed;
    KeyRows rows;
    std::vector<Fr> forward, inverse, coset;  // twiddles ω^j, ω^−j (n/2 each) and factors n⁻¹·gⁱ
    const u32 *a, *b1, *b2, *c, *h;           // the key's point sections (words)
};

inline ResidentKey open(u32 n_vars, u32 n_public, u32 domain, const uint8_t* fixed, u64 n_coef, const uint8_t* coef,
                        const u32* a, const u32* b1, const u32* b2, const u32* c, const u32* h) {
    ResidentKey k{prove_layout(n_vars, n_public, domain, n_coef), fixed_points(fixed), {}, {}, {}, {}, a, b1, b2, c, h};
    check_records(k.layout, coef);
    k.rows = key_rows(k.layout, coef);
    const NttTables t = ntt_tables(k.layout);
    k.forward.resize(t.half);
    k.inverse.resize(t.half);
    k.coset.resize(domain);
    for (u32 j = 0; j < domain / 2; j++) {
        ntt_twiddle(j, t.omega, k.forward.data());
        ntt_twiddle(j, t.omega_inv, k.inverse.data());
    }
    for (u32 i = 0; i < domain; i++) coset_factor(k.coset.data(), i, t.n_inv, t.shift);
    return k;
}

/** The proof of zkml_cuda_prover_prove, stage by stage with the kernels' per-thread functions. */
inline void prove(const ResidentKey& k, const uint8_t* witness_bytes, const uint8_t* r_bytes, const uint8_t* s_bytes,
                  uint8_t* proof) {
    const ProveLayout& L = k.layout;
    const u64 n = L.domain;
    u32 r[8], s[8];
    scalar_words(r_bytes, r, "r");
    scalar_words(s_bytes, s, "s");
    const int64_t bad = first_bad_witness(witness_bytes, L.n_vars);
    if (bad >= 0) throw std::invalid_argument("witness value " + std::to_string(bad) + " is not below r");
    std::vector<u32> witness(8ull * L.n_vars);
    std::memcpy(witness.data(), witness_bytes, 32ull * L.n_vars);
    std::vector<Fr> abc(3 * n);
    for (u64 t = 0; t < 2 * n; t++)
        abc[t] = qap_row(k.rows.starts.data(), k.rows.signals.data(), k.rows.values.data(), witness.data(), t);
    for (u64 i = 0; i < n; i++) qap_product(abc.data(), n, i);
    for (int v = 0; v < 3; v++) {
        Fr* x = abc.data() + v * n;
        transform(x, L.log2n, k.inverse.data());
        for (u64 i = 0; i < n; i++) scale_by_table(x, k.coset.data(), i);
        transform(x, L.log2n, k.forward.data());
    }
    for (u64 i = 0; i < n; i++) h_pointwise(abc.data(), n, i);
    const u32* w = witness.data();
    const G1 a = msm_jacobian<Fp>(k.a, w, L.n_vars);
    const G1 b1 = msm_jacobian<Fp>(k.b1, w, L.n_vars);
    const G2 b2 = msm_jacobian<Fp2>(k.b2, w, L.n_vars);
    const G1 c = msm_jacobian<Fp>(k.c, w + 8ull * (L.n_public + 1), L.n_private);
    const G1 h = msm_jacobian<Fp>(k.h, abc[0].v, n);
    groth16_proof(k.fixed, a, b1, b2, c, h, r, s, proof);
}

}  // namespace zkml::cuda::emulation
