// Multi-scalar multiplication Σ kᵢ·Pᵢ: Pippenger's bucket method with signed digits and batched affine
// additions into the buckets.
//
// Digits: with k' = k + Σ_{j<W} 2^(jc + c − 1), digit j is (c bits of k' at jc) − 2^(c−1), in [−2^(c−1), 2^(c−1)):
// every window reads its digit on its own, no carry from window to window; W·c ≥ 256 holds every k < 2^254.
// Per window and range of points, Pᵢ goes into bucket |dᵢ| (negated when dᵢ < 0) by affine additions done a batch
// at a time with one shared inversion; the buckets are summed as Σ b·B_b with a Jacobian running sum, and the
// windows combined by Horner's rule. The top window reaches few buckets: there each bucket is spread over
// several (by point index) so that batches stay large, and gathered in the running sum. In the avx512ifma variant
// the buckets of both groups are msm_ifma.hpp's, which do a batch's additions eight at a time; the bucket of a
// point a few ahead is fetched into the cache while the current one is added.
#pragma once
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "curve.hpp"
#include "pool.hpp"

namespace zkml::ZKML_NS {

template <class F>
inline Affine<F> load_affine(const unsigned char* p) {
    return {F::load(p), F::load(p + sizeof(F))};
}
template <class F>
inline void store_affine(const Affine<F>& a, unsigned char* p) {
    a.x.store(p);
    a.y.store(p + sizeof(F));
}

namespace msm_detail {

constexpr int MAX_WINDOW_BITS = 16;
constexpr int MIN_BATCH_BUCKETS = 256;

/** The c that minimises ⌈256/c⌉·(n + 2.25·2^c): n batched affine additions (~6 products) per window, and per
 * bucket a mixed and a full Jacobian addition (~27 products). */
inline int window_bits(std::size_t n) {
    int best = 2;
    double best_cost = 1e300;
    for (int c = 2; c <= MAX_WINDOW_BITS; c++) {
        double cost = std::ceil(256.0 / c) * (double(n) + 2.25 * double(1u << c));
        if (cost < best_cost) {
            best_cost = cost;
            best = c;
        }
    }
    return best;
}

/** Buckets that window w can reach for scalars below 2^254 (digits of the top windows are small and ≥ 0). */
inline int reachable_buckets(int w, int c) {
    int n_buckets = 1 << (c - 1);
    int bits_left = 254 - w * c;
    if (bits_left >= c - 1) return n_buckets;
    return bits_left <= 0 ? 1 : std::min(n_buckets, (1 << bits_left) + 1);
}

/**
 * Affine buckets filled by batched additions (one inversion per batch). A point whose bucket already waits in the
 * current batch is deferred to the next batch (a list of up to capacity/2 points); when that list is full — skewed
 * digits: many points of few buckets — it goes into a Jacobian side sum of its bucket instead (a mixed addition),
 * so batches never shrink to a few points each.
 */
template <class F>
class AffineBuckets {
public:
    AffineBuckets(std::size_t n, std::size_t capacity)
        : buckets_(n), full_(n, 0), stamp_(n, 0), capacity_(capacity), deferred_cap_(std::max<std::size_t>(1, capacity / 2)) {
        batch_idx_.reserve(capacity + deferred_cap_);
        batch_pt_.reserve(capacity + deferred_cap_);
        den_.resize(capacity + deferred_cap_);
        acc_.resize(capacity + deferred_cap_);
        deferred_.reserve(deferred_cap_);
        retry_.reserve(deferred_cap_);
    }

    void add(std::uint32_t b, const Affine<F>& p) {
        push(b, p);
        if (batch_idx_.size() >= capacity_) flush();
    }

    void prefetch(std::uint32_t b) const { __builtin_prefetch(&buckets_[b]); }

    void finish() {
        flush();  // the batch, then the deferred points into the next one (or deferred again)
        for (const auto& d : deferred_) side_sum(d.first, d.second);
        deferred_.clear();
        if (!batch_idx_.empty()) flush();
    }

    /** Bucket b: the affine part (if full) plus the side sum. */
    Jacobian<F> add_bucket_to(const Jacobian<F>& acc, std::size_t b) const {
        Jacobian<F> r = full_[b] ? acc.add_mixed(buckets_[b]) : acc;
        return over_.empty() ? r : r.add(over_[b]);
    }

private:
    void side_sum(std::uint32_t b, const Affine<F>& p) {
        if (over_.empty()) over_.assign(buckets_.size(), Jacobian<F>::infinity());
        over_[b] = over_[b].add_mixed(p);
    }

    void push(std::uint32_t b, const Affine<F>& p) {
        if (!full_[b]) {
            buckets_[b] = p;
            full_[b] = 1;
        } else if (stamp_[b] == cur_) {
            // the bucket waits in this batch already
            if (deferred_.size() < deferred_cap_) deferred_.emplace_back(b, p);
            else side_sum(b, p);
        } else {
            stamp_[b] = cur_;
            batch_idx_.push_back(b);
            batch_pt_.push_back(p);
        }
    }

    /** Bucket ← bucket + point i of the batch, given 1/den_i. */
    ZKML_INLINE void apply(std::size_t i, const F& di) {
        Affine<F>& p = buckets_[batch_idx_[i]];
        const Affine<F>& q = batch_pt_[i];
        F lambda;
        if (q.x == p.x) {
            if (q.y != p.y || p.y.is_zero()) {  // P + (−P)
                full_[batch_idx_[i]] = 0;
                return;
            }
            F xx = p.x.sqr();
            lambda = (xx.dbl() + xx) * di;
        } else {
            lambda = (q.y - p.y) * di;
        }
        F x3 = lambda.sqr() - p.x - q.x;
        p.y = lambda * (p.x - x3) - p.y;
        p.x = x3;
    }

    void flush() {
        const std::size_t m = batch_idx_.size();
        if (m > 0) {
            // denominators: x₂ − x₁, or 2y for a doubling, or 1 for P + (−P)
            for (std::size_t i = 0; i < m; i++) {
                const Affine<F>& p = buckets_[batch_idx_[i]];
                const Affine<F>& q = batch_pt_[i];
                F d = q.x - p.x;
                if (d.is_zero()) d = (q.y == p.y && !p.y.is_zero()) ? p.y.dbl() : F::one();
                den_[i] = d;
            }
            // prefix products in two interleaved chains (even and odd indices), so that two multiplications
            // are in flight at a time; one inversion for both
            F acc0 = F::one(), acc1 = F::one();
            std::size_t i = 0;
            for (; i + 1 < m; i += 2) {
                acc_[i] = acc0;
                acc_[i + 1] = acc1;
                acc0 = acc0 * den_[i];
                acc1 = acc1 * den_[i + 1];
            }
            if (i < m) {
                acc_[i] = acc0;
                acc0 = acc0 * den_[i];
            }
            F inv = (acc0 * acc1).inverse();
            F inv0 = inv * acc1, inv1 = inv * acc0;
            if (m % 2 == 1) {
                apply(m - 1, inv0 * acc_[m - 1]);
                inv0 = inv0 * den_[m - 1];
            }
            for (std::size_t j = m - (m % 2); j >= 2; j -= 2) {
                F d0 = inv0 * acc_[j - 2], d1 = inv1 * acc_[j - 1];
                inv0 = inv0 * den_[j - 2];
                inv1 = inv1 * den_[j - 1];
                apply(j - 2, d0);
                apply(j - 1, d1);
            }
            batch_idx_.clear();
            batch_pt_.clear();
        }
        cur_++;
        // the deferred points into the new batch; one meeting another of its bucket there waits again
        retry_.swap(deferred_);
        for (const auto& d : retry_) push(d.first, d.second);
        retry_.clear();
    }

    std::vector<Affine<F>> buckets_;
    std::vector<unsigned char> full_;
    std::vector<std::uint32_t> stamp_;
    std::uint32_t cur_ = 1;
    std::size_t capacity_;
    std::vector<std::uint32_t> batch_idx_;
    std::vector<Affine<F>> batch_pt_;
    std::vector<F> den_, acc_;
    std::size_t deferred_cap_;
    std::vector<std::pair<std::uint32_t, Affine<F>>> deferred_, retry_;  // points that met their bucket busy in the batch
    std::vector<Jacobian<F>> over_;  // side sums of the points that found the deferred list full
};

}  // namespace msm_detail
}  // namespace zkml::ZKML_NS

#include "msm_ifma.hpp"

namespace zkml::ZKML_NS {
namespace msm_detail {
/** The buckets of one window: eight additions at a time on AVX-512 IFMA for G1 in that variant. */
template <class F>
struct BucketsOf {
    using type = AffineBuckets<F>;
    static constexpr std::size_t capacity(std::size_t nb) { return std::max<std::size_t>(4, std::min<std::size_t>(512, nb / 4)); }
};
#ifdef ZKML_IFMA
template <>
struct BucketsOf<Field<FpParams>> {
    using type = IfmaBuckets<ifma::VecFp>;
    static constexpr std::size_t capacity(std::size_t nb) { return std::max<std::size_t>(8, std::min<std::size_t>(1024, nb / 4)); }
};
template <>
struct BucketsOf<Fp2> {
    using type = IfmaBuckets<ifma::VecFp2>;
    static constexpr std::size_t capacity(std::size_t nb) { return std::max<std::size_t>(8, std::min<std::size_t>(512, nb / 4)); }
};
#endif
}  // namespace msm_detail

/**
 * Σ kᵢ·Pᵢ over n affine bases (encoding of zkml.h) and n plain scalars (32 bytes little-endian, below r).
 * done (if given) is incremented once per finished task of `tasks_out` tasks, for progress.
 *
 * @throws std::invalid_argument if a scalar is not below r
 */
template <class F>
Jacobian<F> msm(const unsigned char* bases, const unsigned char* scalars, std::size_t n, Control& ctl,
                std::atomic<std::size_t>* done = nullptr, int c = 0) {
    using namespace msm_detail;
    if (n == 0) return Jacobian<F>::infinity();
    if (c == 0) c = window_bits(n);
    if (const char* forced = std::getenv("ZKML_MSM_WINDOW")) c = std::max(2, std::min(MAX_WINDOW_BITS, std::atoi(forced)));  // tuning
    const int windows = (256 + c - 1) / c;
    // k' = k + Σ 2^(jc + c − 1), five limbs per scalar
    u64 half[5] = {0, 0, 0, 0, 0};
    for (int j = 0; j < windows; j++) {
        int bit = j * c + c - 1;
        half[bit >> 6] |= u64(1) << (bit & 63);
    }
    std::vector<u64> ks(5 * n);
    const std::size_t per_conv = 1 << 14;
    const std::size_t conv_tasks = (n + per_conv - 1) / per_conv;
    std::atomic<std::size_t> bad{SIZE_MAX};
    ctl.pool->run(conv_tasks, [&](std::size_t t) {
        std::size_t from = t * per_conv, to = std::min(n, from + per_conv);
        for (std::size_t i = from; i < to; i++) {
            Fr k = Fr::load(scalars + 32 * i);
            if (!k.canonical()) {
                std::size_t cur = bad.load();
                while (i < cur && !bad.compare_exchange_weak(cur, i)) {}
                continue;
            }
            u128 s = 0;
            for (int l = 0; l < 5; l++) {
                s = s + (l < 4 ? k.v[l] : 0) + half[l];
                ks[5 * i + l] = (u64)s;
                s >>= 64;
            }
        }
    }, ctl);
    if (bad.load() != SIZE_MAX) throw std::invalid_argument("scalar " + std::to_string(bad.load()) + " is not below r");

    const unsigned threads = ctl.pool->size();
    const std::size_t chunks = std::max<std::size_t>(1, std::min<std::size_t>(n / 64 + 1, (2 * threads + windows - 1) / windows));
    const std::size_t chunk = (n + chunks - 1) / chunks;
    std::vector<Jacobian<F>> sums(windows * chunks, Jacobian<F>::infinity());
    constexpr std::size_t BASE_BYTES = 2 * sizeof(F);
    ctl.pool->run(windows * chunks, [&](std::size_t task) {
        const int w = int(task / chunks);
        const std::size_t from = (task % chunks) * chunk, to = std::min(n, from + chunk);
        const int reach = reachable_buckets(w, c);
        const int spread = reach >= MIN_BATCH_BUCKETS ? 1 : (MIN_BATCH_BUCKETS + reach - 1) / reach;
        const std::size_t nb = std::size_t(reach) * spread;
        typename BucketsOf<F>::type buckets(nb, BucketsOf<F>::capacity(nb));
        const int bit = w * c, limb = bit >> 6, shift = bit & 63;
        const u64 mask = (u64(1) << c) - 1;
        const int offset = 1 << (c - 1);
        auto digit_of = [&](std::size_t i) {
            const u64* k = &ks[5 * i];
            u64 bits = k[limb] >> shift;
            if (shift + c > 64 && limb < 4) bits |= k[limb + 1] << (64 - shift);
            return int(bits & mask) - offset;
        };
        constexpr std::size_t AHEAD = 16;  // the bucket of point i + AHEAD is fetched into the cache while i is added
        for (std::size_t i = from; i < to; i++) {
            if (((i - from) & 4095) == 0 && ctl.stopped()) return;
            if (spread == 1 && i + AHEAD < to) {
                const int ahead = digit_of(i + AHEAD);
                if (ahead != 0) buckets.prefetch(std::uint32_t((ahead > 0 ? ahead : -ahead) - 1));
            }
            const int digit = digit_of(i);
            if (digit == 0) continue;
            Affine<F> p = load_affine<F>(bases + BASE_BYTES * i);
            if (p.is_infinity()) continue;
            int b = (digit > 0 ? digit : -digit) - 1;
            if (b >= reach) throw std::logic_error("msm: digit outside the window's reach");
            if (digit < 0) p.y = p.y.neg();
            buckets.add(std::uint32_t(spread == 1 ? b : b * spread + int(i % spread)), p);
        }
        buckets.finish();
        Jacobian<F> running = Jacobian<F>::infinity(), sum = Jacobian<F>::infinity();
        for (int b = reach - 1; b >= 0; b--) {
            for (int k = b * spread; k < (b + 1) * spread; k++) {
                running = buckets.add_bucket_to(running, k);
            }
            sum = sum.add(running);
        }
        sums[task] = sum;
        if (done != nullptr) done->fetch_add(1);
    }, ctl);
    Jacobian<F> result = Jacobian<F>::infinity();
    for (int w = windows - 1; w >= 0; w--) {
        for (int i = 0; i < c; i++) result = result.dbl();
        for (std::size_t k = 0; k < chunks; k++) result = result.add(sums[w * chunks + k]);
    }
    return result;
}

/** The number of tasks msm() counts in `done` for n points. */
inline std::size_t msm_tasks(std::size_t n, unsigned threads) {
    if (n == 0) return 0;
    int c = msm_detail::window_bits(n);
    std::size_t windows = (256 + c - 1) / c;
    std::size_t chunks = std::max<std::size_t>(1, std::min<std::size_t>(n / 64 + 1, (2 * threads + windows - 1) / windows));
    return windows * chunks;
}

}  // namespace zkml::ZKML_NS
