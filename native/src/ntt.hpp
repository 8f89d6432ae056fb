// The number-theoretic transform over F_r on Montgomery elements: radix 4 (below), decimation in time after a
// bit-reversal permutation; and the radix-2 reference (decimation in time after a bit-reversal permutation, twiddles
// precomputed stage by stage: the stage of half-length h reads ω_{2h}^j, j < h, contiguously from index h − 1).
// Roots of unity as snarkjs: ω₂₈ = 5^((r−1)/2^28), ω_k = ω₂₈^(2^(28−k)).
#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <utility>
#include <vector>

#include "field.hpp"
#include "pool.hpp"

namespace zkml::ZKML_NS {

constexpr int MAX_LOG2_DOMAIN = 28;

/** ω_k, the primitive 2^k-th root of unity of snarkjs's domains (Montgomery form). */
inline Fr omega(int log2n) {
    // (r − 1) / 2^28
    u64 t[4];
    const u64* m = FrParams::M;
    u64 rm1[4] = {m[0] - 1, m[1], m[2], m[3]};
    for (int i = 0; i < 4; i++) t[i] = (rm1[i] >> 28) | (i < 3 ? rm1[i + 1] << 36 : 0);
    Fr w = Fr::from_u64(5).pow(t);
    for (int k = MAX_LOG2_DOMAIN; k > log2n; k--) w = w.sqr();
    return w;
}

/** The coset shift of the Groth16 prover for a domain of 2^log2n: ω_{log2n+1}, or 5² for 2^28. */
inline Fr prover_coset_shift(int log2n) {
    return log2n < MAX_LOG2_DOMAIN ? omega(log2n + 1) : Fr::from_u64(25);
}

/** Twiddle tables, built once per (size, direction). */
inline const std::vector<Fr>& twiddles(int log2n, bool inverse) {
    static std::mutex m;
    static std::map<int, std::unique_ptr<std::vector<Fr>>> cache;
    std::lock_guard<std::mutex> g(m);
    auto& slot = cache[2 * log2n + (inverse ? 1 : 0)];
    if (!slot) {
        const std::size_t n = std::size_t(1) << log2n, half = n / 2;
        auto t = std::make_unique<std::vector<Fr>>(n > 1 ? n - 1 : 0);
        if (n > 1) {
            Fr w = omega(log2n);
            if (inverse) w = w.inverse();
            Fr* last = t->data() + (half - 1);
            last[0] = Fr::one();
            for (std::size_t j = 1; j < half; j++) last[j] = last[j - 1] * w;
            for (std::size_t h = 1; h < half; h <<= 1) {
                std::size_t stride = half / h;
                for (std::size_t j = 0; j < h; j++) (*t)[h - 1 + j] = last[j * stride];
            }
        }
        slot = std::move(t);
    }
    return *slot;
}

namespace ntt_detail {

inline void butterflies(Fr* a, const Fr* tw, std::size_t blk, std::size_t h, std::size_t j0, std::size_t j1) {
    if (j0 == 0 && j1 > 0) {
        Fr& u = a[blk];
        Fr& v = a[blk + h];
        Fr t = v;
        v = u - t;
        u = u + t;
        j0 = 1;
    }
    for (std::size_t j = j0; j < j1; j++) {
        Fr& u = a[blk + j];
        Fr& v = a[blk + j + h];
        Fr t = v * tw[j];
        v = u - t;
        u = u + t;
    }
}

inline u64 reverse64(u64 x) {
    x = ((x >> 1) & 0x5555555555555555ULL) | ((x & 0x5555555555555555ULL) << 1);
    x = ((x >> 2) & 0x3333333333333333ULL) | ((x & 0x3333333333333333ULL) << 2);
    x = ((x >> 4) & 0x0f0f0f0f0f0f0f0fULL) | ((x & 0x0f0f0f0f0f0f0f0fULL) << 4);
    return __builtin_bswap64(x);
}

/** The first log2_chunks with 2^log2_chunks ≥ 2·threads contiguous chunks of at least 2^10 elements each. */
inline int chunk_bits(int log2n, unsigned threads) {
    int log2_chunks = 0;
    while ((1u << log2_chunks) < 2 * threads && log2n - log2_chunks > 10) log2_chunks++;
    return log2_chunks;
}

/** The bit-reversal permutation; the owner of the smaller index of each pair swaps. */
inline void bit_reverse(Fr* a, int log2n, Control& ctl) {
    const std::size_t n = std::size_t(1) << log2n;
    const int log2_chunks = chunk_bits(log2n, ctl.pool->size());
    const std::size_t chunks = std::size_t(1) << log2_chunks, chunk_len = n >> log2_chunks;
    ctl.pool->run(chunks, [&](std::size_t k) {
        const int shift = 64 - log2n;
        for (std::size_t i = k * chunk_len; i < (k + 1) * chunk_len; i++) {
            std::size_t j = std::size_t(reverse64(i) >> shift);
            if (i < j) std::swap(a[i], a[j]);
        }
    }, ctl);
}

/** Butterfly groups [0, groups) — j < h within each block — split into `tasks` equal ranges: fn(block, j0, j1) per piece. */
template <class Fn>
void split_groups(std::size_t groups, std::size_t h, std::size_t tasks, Control& ctl, const Fn& fn) {
    const std::size_t per = groups / tasks;
    ctl.pool->run(tasks, [&](std::size_t k) {
        std::size_t b = k * per, end = b + per;
        while (b < end) {
            std::size_t blk = b / h, j = b % h;
            std::size_t upto = std::min(h, j + (end - b));
            fn(blk, j, upto);
            b += upto - j;
        }
    }, ctl);
}

}  // namespace ntt_detail

/**
 * The reference: radix-2 decimation in time after a bit-reversal permutation, one stage at a time. In place over
 * 2^log2n elements in natural order; with inverse, ω⁻¹ and no 1/n factor.
 */
inline void ntt_radix2(Fr* a, int log2n, bool inverse, Control& ctl) {
    using namespace ntt_detail;
    const std::size_t n = std::size_t(1) << log2n;
    if (n < 2) return;
    const std::vector<Fr>& tw = twiddles(log2n, inverse);
    const int log2_chunks = chunk_bits(log2n, ctl.pool->size());
    const std::size_t chunks = std::size_t(1) << log2_chunks, chunk_len = n >> log2_chunks;
    bit_reverse(a, log2n, ctl);
    const int local = log2n - log2_chunks;
    ctl.pool->run(chunks, [&](std::size_t k) {
        const std::size_t from = k * chunk_len;
        for (int s = 0; s < local; s++) {
            const std::size_t h = std::size_t(1) << s;
            const Fr* t = tw.data() + (h - 1);
            for (std::size_t blk = from; blk < from + chunk_len; blk += 2 * h) butterflies(a, t, blk, h, 0, h);
        }
    }, ctl);
    for (int s = local; s < log2n; s++) {
        const std::size_t h = std::size_t(1) << s;
        const Fr* t = tw.data() + (h - 1);
        split_groups(n / 2, h, chunks, ctl, [&](std::size_t blk, std::size_t j0, std::size_t j1) { butterflies(a, t, blk * 2 * h, h, j0, j1); });
    }
}

// ---- radix 4 ----
//
// A radix-4 pass of quarter h does two radix-2 stages (half-lengths h and 2h) at once on blocks of 4h elements:
// for j < h it reads a₀..a₃ at j, j + h, j + 2h, j + 3h of the block, with t₁ = ω_{4h}^j, t₂ = t₁², t₃ = t₁³ and
// ι = ω_{4h}^h = ω₄ (ω₄⁻¹ inverse), in time (bit-reversed in, natural out; stage h then 2h):
//     b₀ = a₀ + t₂a₁, b₁ = a₀ − t₂a₁, X = t₁a₂ + t₃a₃, Y = ι(t₁a₂ − t₃a₃);  a ← (b₀ + X, b₁ + Y, b₀ − X, b₁ − Y)
// Four products per four elements, as radix 2 (ι is a full product in a prime field), but half the passes over
// memory. When log2n is odd, one radix-2 stage of half-length 1 (twiddle 1: an addition and a subtraction) comes
// first. (A radix-4 pass in frequency — natural in, bit-reversed out — would spare the prover's round trip its
// permutations, but its products wait for the additions: here it cost about a fifth more per transform.)
// The passes run on 2·threads contiguous chunks while a block fits in a chunk; the larger ones split each pass's
// n/4 butterflies into equal ranges.

/** The twiddles of the radix-4 passes of one size and direction: per pass of quarter h, (t₁, t₂, t₃) for j < h. */
struct Twiddles4 {
    std::vector<Fr> t;      // the passes' triples, smallest quarter first
    std::vector<std::size_t> offset;  // per pass (index e/2 of quarter 2^e, e ≡ log2n mod 2), the index of its first triple
    Fr iota;                // ω₄, or ω₄⁻¹ for the inverse
    const Fr* pass(std::size_t h) const {
        int e = __builtin_ctzll(h);
        return t.data() + offset[e / 2];
    }
};

inline const Twiddles4& twiddles4(int log2n, bool inverse) {
    static std::mutex m;
    static std::map<int, std::unique_ptr<Twiddles4>> cache;
    std::lock_guard<std::mutex> g(m);
    auto& slot = cache[2 * log2n + (inverse ? 1 : 0)];
    if (!slot) {
        auto tw = std::make_unique<Twiddles4>();
        const std::size_t n = std::size_t(1) << log2n;
        if (n >= 4) {
            Fr w = omega(log2n);
            if (inverse) w = w.inverse();
            // pass of quarter h: (ω_{4h}^j, ω_{4h}^{2j}, ω_{4h}^{3j}) for j < h, ω_{4h} = ω^(n/4h), by running products
            // (no table of all the powers: the triples alone are about n elements)
            std::size_t total = 0;
            for (int e = log2n & 1; e + 2 <= log2n; e += 2) total += 3 * (std::size_t(1) << e);
            tw->t.reserve(total);
            tw->offset.assign(std::size_t(log2n / 2 + 1), 0);
            for (int e = log2n & 1; e + 2 <= log2n; e += 2) {
                const std::size_t h = std::size_t(1) << e;
                Fr w_pass = w;
                for (int k = e + 2; k < log2n; k++) w_pass = w_pass.sqr();
                if (e + 2 == log2n) tw->iota = w_pass.pow(u64(h));  // ω^(n/4)
                tw->offset[e / 2] = tw->t.size();
                Fr t1 = Fr::one();
                for (std::size_t j = 0; j < h; j++) {
                    const Fr t2 = t1.sqr();
                    tw->t.push_back(t1);
                    tw->t.push_back(t2);
                    tw->t.push_back(t2 * t1);
                    t1 = t1 * w_pass;
                }
            }
        }
        slot = std::move(tw);
    }
    return *slot;
}

namespace ntt_detail {

/** Butterflies j ∈ [j0, j1) of the radix-4 pass of quarter h on the block at blk, in time. */
template <bool UNIT>
ZKML_INLINE void dit4_one(Fr* p, const Fr* t, const Fr& iota, std::size_t h) {
    // the products read their factors where they lie (the multiplication takes memory operands: no copies)
    const Fr a1 = UNIT ? p[h] : p[h] * t[1], a2 = UNIT ? p[2 * h] : p[2 * h] * t[0], a3 = UNIT ? p[3 * h] : p[3 * h] * t[2];
    const Fr a0 = p[0];
    Fr b0 = a0 + a1, b1 = a0 - a1, x = a2 + a3, y = (a2 - a3) * iota;
    p[0] = b0 + x;
    p[h] = b1 + y;
    p[2 * h] = b0 - x;
    p[3 * h] = b1 - y;
}

inline void dit4(Fr* a, const Fr* tw, const Fr& iota, std::size_t blk, std::size_t h, std::size_t j0, std::size_t j1) {
    if (j0 == 0 && j1 > 0) dit4_one<true>(a + blk, tw, iota, h), j0 = 1;
    for (std::size_t j = j0; j < j1; j++) dit4_one<false>(a + blk + j, tw + 3 * j, iota, h);
}

/** The radix-2 stage of half-length 1 (twiddle 1) on [from, to). */
inline void radix2_unit(Fr* a, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; i += 2) {
        Fr u = a[i], v = a[i + 1];
        a[i] = u + v;
        a[i + 1] = u - v;
    }
}

}  // namespace ntt_detail

/** Radix-4 decimation in time, in place: bit-reversed order in, natural order out; inverse: ω⁻¹, no 1/n factor. */
inline void ntt_dit(Fr* a, int log2n, bool inverse, Control& ctl) {
    using namespace ntt_detail;
    const std::size_t n = std::size_t(1) << log2n;
    if (n < 2) return;
    const Twiddles4& tw = twiddles4(log2n, inverse);
    const int log2_chunks = chunk_bits(log2n, ctl.pool->size());
    const std::size_t chunks = std::size_t(1) << log2_chunks, chunk_len = n >> log2_chunks;
    const int first = log2n & 1;
    // the passes whose blocks fit in a chunk, chunk by chunk
    ctl.pool->run(chunks, [&](std::size_t k) {
        const std::size_t from = k * chunk_len;
        if (first) radix2_unit(a, from, from + chunk_len);
        for (int e = first; e + 2 <= log2n && (std::size_t(4) << e) <= chunk_len; e += 2) {
            const std::size_t h = std::size_t(1) << e;
            const Fr* t = tw.pass(h);
            for (std::size_t blk = from; blk < from + chunk_len; blk += 4 * h) dit4(a, t, tw.iota, blk, h, 0, h);
        }
    }, ctl);
    for (int e = first; e + 2 <= log2n; e += 2) {
        const std::size_t h = std::size_t(1) << e;
        if (4 * h <= chunk_len) continue;
        const Fr* t = tw.pass(h);
        split_groups(n / 4, h, chunks, ctl, [&](std::size_t blk, std::size_t j0, std::size_t j1) { dit4(a, t, tw.iota, blk * 4 * h, h, j0, j1); });
    }
}

/** The NTT in natural order, in place (radix 4 after a bit-reversal permutation); inverse: ω⁻¹, no 1/n factor. */
inline void ntt(Fr* a, int log2n, bool inverse, Control& ctl) {
    if (log2n == 0) return;
    ntt_detail::bit_reverse(a, log2n, ctl);
    ntt_dit(a, log2n, inverse, ctl);
}

/** aᵢ ← aᵢ·c·gⁱ. */
inline void scale_by_powers(Fr* a, std::size_t n, const Fr& c, const Fr& g, Control& ctl) {
    const std::size_t per = 1 << 13;
    const std::size_t tasks = (n + per - 1) / per;
    ctl.pool->run(tasks, [&](std::size_t k) {
        const std::size_t from = k * per, to = std::min(n, from + per);
        Fr f = c * g.pow(u64(from));
        for (std::size_t i = from; i < to; i++) {
            a[i] = a[i] * f;
            f = f * g;
        }
    }, ctl);
}

/**
 * Evaluations on the domain ⟨ω⟩ (natural order) to evaluations on the prover's coset g·⟨ω⟩ (natural order), in
 * place: the inverse transform, the factors n⁻¹·gⁱ (one product per element), the forward transform.
 */
inline void domain_to_coset(Fr* a, int log2n, Control& ctl) {
    const std::size_t n = std::size_t(1) << log2n;
    ntt(a, log2n, true, ctl);
    // the factors n⁻¹·gⁱ computed as they are used (a table of them would be n elements held for the process' life)
    scale_by_powers(a, n, Fr::from_u64(n).inverse(), prover_coset_shift(log2n), ctl);
    ntt(a, log2n, false, ctl);
}

}  // namespace zkml::ZKML_NS
