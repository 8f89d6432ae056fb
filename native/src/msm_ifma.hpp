// The G1 and G2 buckets of msm.hpp on AVX-512 IFMA: the same batched affine additions as AffineBuckets (one shared
// inversion per batch, a point whose bucket waits in the batch deferred to the next), with the field arithmetic of a
// batch done eight additions at a time (ifma.hpp). Buckets are held in ifma.hpp's representation (x·2^260 mod p,
// five 52-bit limbs, below 2.2p) until finish() converts them back.
//
// A batch is processed in three passes over groups of eight entries:
//   1. the points converted (x·2^256 → x·2^260), the denominators x_Q − x_P and their running products per lane;
//   2. the eight lanes' products inverted together in F_p (one inversion);
//   3. backwards: each entry's inverse, λ = (y_Q − y_P)/(x_Q − x_P), x₃ = λ² − x_P − x_Q, y₃ = λ(x_P − x₃) − y_P.
// An entry whose bucket is empty takes the point as it is (its denominator set to 1). When a lane's product is zero
// — some x_Q = x_P: a doubling, or P + (−P) — the whole batch takes the exact path of Jacobian additions instead.
#pragma once
#ifdef ZKML_IFMA
#include <cstdint>
#include <utility>
#include <vector>

#include "curve.hpp"
#include "ifma.hpp"

namespace zkml::ZKML_NS::msm_detail {

/** VF: ifma::VecFp (G1) or ifma::VecFp2 (G2). */
template <class VF>
class IfmaBuckets {
public:
    using F = typename VF::F;
    using T = typename VF::T;
    static constexpr int L = VF::LIMBS;  // limbs per coordinate
    static constexpr std::uint32_t NONE = 0xffffffffu;

    IfmaBuckets(std::size_t n, std::size_t capacity)
        : n_(n), bk_(2 * L * n, 0), full_(n, 0), stamp_(n, 0), cap_((std::max<std::size_t>(8, capacity) + 7) / 8 * 8),
          deferred_cap_(std::max<std::size_t>(1, cap_ / 2)) {
        for (auto* a : {&qx_, &qy_, &px_, &py_}) a->assign(L * cap_, 0);
        idx_.assign(cap_, NONE);
        fill_.assign(cap_ / 8, 0);
        acc_.resize(cap_ / 8);
        den_.resize(cap_ / 8);
        deferred_.reserve(deferred_cap_);
        retry_.reserve(deferred_cap_);
    }

    void add(std::uint32_t b, const Affine<F>& p) {
        push(b, p);
        if (m_ >= cap_) flush();
    }

    void prefetch(std::uint32_t b) const {
        if (b < n_) {
            const u64* s = &bk_[2 * L * std::size_t(b)];
            for (int o = 0; o < 2 * L; o += 8) __builtin_prefetch(s + o);
        }
    }

    void finish() {
        flush();
        for (const auto& d : deferred_) side_sum(d.first, d.second);
        deferred_.clear();
        if (m_ > 0) flush();
        convert_out();
    }

    Jacobian<F> add_bucket_to(const Jacobian<F>& acc, std::size_t b) const {
        Jacobian<F> r = full_[b] ? acc.add_mixed(out_[b]) : acc;
        return over_.empty() ? r : r.add(over_[b]);
    }

private:
    void side_sum(std::uint32_t b, const Affine<F>& p) {
        if (over_.empty()) over_.assign(n_, Jacobian<F>::infinity());
        over_[b] = over_[b].add_mixed(p);
    }

    /** Stages entry m_: the point's limbs (not yet converted), the bucket's (when it holds a point). */
    void stage(std::uint32_t b, const Affine<F>& p, bool fill) {
        const std::size_t e = m_++;
        u64 l[L];
        VF::split(p.x, l);
        for (int j = 0; j < L; j++) qx_[j * cap_ + e] = l[j];
        VF::split(p.y, l);
        for (int j = 0; j < L; j++) qy_[j * cap_ + e] = l[j];
        if (fill) {
            fill_[e / 8] |= (unsigned char)(1u << (e % 8));
        } else {
            const u64* s = &bk_[2 * L * std::size_t(b)];
            for (int j = 0; j < L; j++) {
                px_[j * cap_ + e] = s[j];
                py_[j * cap_ + e] = s[L + j];
            }
        }
        idx_[e] = b;
    }

    void push(std::uint32_t b, const Affine<F>& p) {
        if (stamp_[b] == cur_) {
            // the bucket waits in this batch already
            if (deferred_.size() < deferred_cap_) deferred_.emplace_back(b, p);
            else side_sum(b, p);
            return;
        }
        stamp_[b] = cur_;
        const bool fill = !full_[b];
        full_[b] = 1;
        stage(b, p, fill);
    }

    void flush() {
        if (m_ > 0) {
            // pad to whole groups with entries that change nothing (denominator 1, no bucket)
            const std::size_t groups = (m_ + 7) / 8;
            for (std::size_t e = m_; e < groups * 8; e++) {
                for (int j = 0; j < L; j++) qx_[j * cap_ + e] = qy_[j * cap_ + e] = 0;
                fill_[e / 8] |= (unsigned char)(1u << (e % 8));
                idx_[e] = NONE;
            }
            if (!batch_fast(groups)) batch_exact(groups);
            for (std::size_t g = 0; g < groups; g++) fill_[g] = 0;
            m_ = 0;
        }
        cur_++;
        retry_.swap(deferred_);
        for (const auto& d : retry_) push(d.first, d.second);
        retry_.clear();
    }

    /** The element whose limb j is at at[j·stride] (limbs of a value below 2p), canonical. */
    static F gather(const u64* at, std::size_t stride) {
        u64 l[L];
        for (int j = 0; j < L; j++) l[j] = at[j * stride];
        return VF::join(l);
    }
    /** Lane k of eight elements stored limb-major with stride 8. */
    static F lane(const u64* lanes, int k) { return gather(lanes + k, 8); }
    /** Entry e of a staging array. */
    F element(const std::vector<u64>& a, std::size_t e) const { return gather(a.data() + e, cap_); }

    /** Passes 1–3 of the header; false (nothing written) when some denominator is zero. */
    bool batch_fast(std::size_t groups) {
        const T one = VF::one();
        T acc = one;
        for (std::size_t g = 0; g < groups; g++) {
            const std::size_t o = 8 * g;
            const T qx = VF::to260(VF::load(&qx_[o], cap_)), qy = VF::to260(VF::load(&qy_[o], cap_));
            VF::store(qx, &qx_[o], cap_);
            VF::store(qy, &qy_[o], cap_);
            const T den = VF::select(fill_[g], VF::sub4p(qx, VF::load(&px_[o], cap_)), one);
            acc_[g] = acc;
            den_[g] = den;
            acc = VF::mul(acc, den);
        }
        // the eight products, inverted together (x·2^260 → x·2^256, canonical)
        alignas(64) u64 lanes[L * 8];
        VF::store(VF::to256(acc), lanes, 8);
        F prod[8], pre[8];
        F run = F::one();
        for (int k = 0; k < 8; k++) {
            const F x = lane(lanes, k);
            if (x == F::zero()) return false;
            prod[k] = x;
            pre[k] = run;
            run = run * x;
        }
        F inv = run.inverse();
        for (int k = 7; k >= 0; k--) {
            const F ik = inv * pre[k];
            inv = inv * prod[k];
            u64 l[L];
            VF::split(ik, l);
            for (int j = 0; j < L; j++) lanes[8 * j + k] = l[j];
        }
        T linv = VF::to260(VF::load(lanes, 8));
        for (std::size_t g = groups; g-- > 0;) {
            const std::size_t o = 8 * g;
            const T d = VF::mul(linv, acc_[g]);
            linv = VF::mul(linv, den_[g]);
            const T qx = VF::load(&qx_[o], cap_), qy = VF::load(&qy_[o], cap_);
            const T px = VF::load(&px_[o], cap_), py = VF::load(&py_[o], cap_);
            const T lambda = VF::mul(VF::sub4p(qy, py), d);
            const T x3 = VF::reduce(VF::sub4p(VF::sub4p(VF::sqr(lambda), px), qx));
            const T y3 = VF::reduce(VF::sub4p(VF::mul(lambda, VF::sub4p(px, x3)), py));
            VF::store(VF::select(fill_[g], x3, qx), &px_[o], cap_);
            VF::store(VF::select(fill_[g], y3, qy), &py_[o], cap_);
        }
        write_back(groups);
        return true;
    }

    /** The staged results (px_, py_) into their buckets, where the bucket holds a point. */
    void write_back(std::size_t groups) {
        for (std::size_t e = 0; e < 8 * groups; e++) {
            if (idx_[e] == NONE || !full_[idx_[e]]) continue;
            u64* s = &bk_[2 * L * std::size_t(idx_[e])];
            for (int j = 0; j < L; j++) {
                s[j] = px_[j * cap_ + e];
                s[L + j] = py_[j * cap_ + e];
            }
        }
    }

    /** The batch by exact Jacobian additions (doublings and P + (−P) included), one entry at a time. */
    void batch_exact(std::size_t groups) {
        // everything back to x·2^256 (batch_fast's first pass converted the staged points)
        for (std::size_t g = 0; g < groups; g++) {
            const std::size_t o = 8 * g;
            for (auto* a : {&px_, &py_, &qx_, &qy_}) VF::store(VF::to256(VF::load(&(*a)[o], cap_)), &(*a)[o], cap_);
        }
        for (std::size_t e = 0; e < 8 * groups; e++) {
            if (idx_[e] == NONE) continue;
            const Affine<F> q{element(qx_, e), element(qy_, e)};
            Affine<F> r = q;
            if (!(fill_[e / 8] >> (e % 8) & 1)) {
                const Affine<F> p{element(px_, e), element(py_, e)};
                r = Jacobian<F>::from_affine(p).add_mixed(q).to_affine();
            }
            if (r.is_infinity()) full_[idx_[e]] = 0;
            u64 l[L];
            VF::split(r.x, l);
            for (int j = 0; j < L; j++) px_[j * cap_ + e] = l[j];
            VF::split(r.y, l);
            for (int j = 0; j < L; j++) py_[j * cap_ + e] = l[j];
        }
        for (std::size_t g = 0; g < groups; g++) {
            const std::size_t o = 8 * g;
            VF::store(VF::to260(VF::load(&px_[o], cap_)), &px_[o], cap_);
            VF::store(VF::to260(VF::load(&py_[o], cap_)), &py_[o], cap_);
        }
        write_back(groups);
    }

    /** Every bucket back to an affine point of field.hpp (x·2^256, canonical). */
    void convert_out() {
        out_.assign(n_, Affine<F>::infinity());
        alignas(64) u64 x[L * 8], y[L * 8];
        for (std::size_t b0 = 0; b0 < n_; b0 += 8) {
            const std::size_t cnt = std::min<std::size_t>(8, n_ - b0);
            for (std::size_t k = 0; k < 8; k++) {
                const u64* s = &bk_[2 * L * (b0 + (k < cnt ? k : 0))];
                for (int j = 0; j < L; j++) {
                    x[8 * j + k] = s[j];
                    y[8 * j + k] = s[L + j];
                }
            }
            VF::store(VF::to256(VF::load(x, 8)), x, 8);
            VF::store(VF::to256(VF::load(y, 8)), y, 8);
            for (std::size_t k = 0; k < cnt; k++) {
                if (full_[b0 + k]) out_[b0 + k] = {lane(x, int(k)), lane(y, int(k))};
            }
        }
        std::vector<u64>().swap(bk_);
    }

    std::size_t n_;
    std::vector<u64> bk_;  // bucket b: x limbs at 2L·b, y limbs at 2L·b + L (ifma.hpp's form)
    std::vector<unsigned char> full_;
    std::vector<std::uint32_t> stamp_;
    std::uint32_t cur_ = 1;
    std::size_t cap_, m_ = 0;
    std::vector<u64> qx_, qy_, px_, py_;  // the batch, limb-major: limb j of entry e at j·cap_ + e
    std::vector<std::uint32_t> idx_;
    std::vector<unsigned char> fill_;  // per group of eight: the entries whose bucket was empty (or padding)
    std::vector<T> acc_, den_;
    std::size_t deferred_cap_;
    std::vector<std::pair<std::uint32_t, Affine<F>>> deferred_, retry_;
    std::vector<Jacobian<F>> over_;
    std::vector<Affine<F>> out_;
};

}  // namespace zkml::ZKML_NS::msm_detail
#endif
