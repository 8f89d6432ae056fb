// The number-theoretic transform over F_r on Montgomery elements in natural order: radix-2 Cooley–Tukey,
// decimation in time after a bit-reversal permutation, twiddles precomputed stage by stage (the stage of
// half-length h reads ω_{2h}^j, j < h, contiguously from index h − 1). The first stages run on independent
// chunks, the later ones split each stage's butterflies into equal ranges.
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

}  // namespace ntt_detail

/** In place over 2^log2n elements; with inverse, ω⁻¹ and no 1/n factor. */
inline void ntt(Fr* a, int log2n, bool inverse, Control& ctl) {
    using namespace ntt_detail;
    const std::size_t n = std::size_t(1) << log2n;
    if (n < 2) return;
    const std::vector<Fr>& tw = twiddles(log2n, inverse);
    const unsigned threads = ctl.pool->size();
    int log2_chunks = 0;
    while ((1u << log2_chunks) < 2 * threads && log2n - log2_chunks > 10) log2_chunks++;
    const std::size_t chunks = std::size_t(1) << log2_chunks, chunk_len = n >> log2_chunks;
    // bit reversal: the owner of the smaller index of each pair swaps
    ctl.pool->run(chunks, [&](std::size_t k) {
        const int shift = 64 - log2n;
        for (std::size_t i = k * chunk_len; i < (k + 1) * chunk_len; i++) {
            std::size_t j = std::size_t(reverse64(i) >> shift);
            if (i < j) std::swap(a[i], a[j]);
        }
    }, ctl);
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
        const std::size_t per = (n / 2) / chunks;
        const Fr* t = tw.data() + (h - 1);
        ctl.pool->run(chunks, [&](std::size_t k) {
            std::size_t b = k * per, end = b + per;
            while (b < end) {
                std::size_t blk = b / h, j = b % h;
                std::size_t upto = std::min(h, j + (end - b));
                butterflies(a, t, blk * 2 * h, h, j, upto);
                b += upto - j;
            }
        }, ctl);
    }
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

}  // namespace zkml::ZKML_NS
