// The inverse FFT over G1 and G2 for `ptau prepare` (one kernel variant, namespace ZKML_NS): the Lagrange basis
// [Lᵢ(τ)] = (1/m)·Σⱼ ω^(−ij)·[τʲ] of a domain of m = 2^k points from the first m powers of τ.
//
// The cost is the twiddle multiplications of the radix-2 transform, m/2·k scalar multiplications by powers of
// ω^(−1), done by the endomorphism split of glv.hpp. With AVX-512 IFMA (glv_ifma.hpp) each butterfly's product and
// both sums run sixteen lanes at a time: in G1 two parts below 2^128 (φ), in G2 four below 2^66 (ψ, ψ², ψ³), in
// regular signed digits over affine tables, about 127 doublings in G1 and 64 in G2 per twiddle; a lane that meets a
// special case (the point at infinity, P ± P) is done again by the scalar code. Without IFMA: width-4 NAF of the
// two parts over P, 3P, 5P, 7P (affine, one inversion per chunk), one point at a time. Points stay Jacobian
// between the layers; the factor 1/m is folded into the last layer; one batched inversion per chunk at the end.
// This file also has the batch kᵢ·Pᵢ of zkml_mul_each_g1/g2 (ceremony contributions) on the same kernels.
//
// What was considered and not done (see benchmarks/RESULTS.md): the levels k and k − 1 share no work (the bases
// of k − 1 are the transform of the first m/2 powers, not of a fold of the first m), a radix-4 butterfly saves no
// scalar multiplication in a group (multiplying by the 4th root of unity is one more), and batch-affine lockstep
// arithmetic (one shared inversion per step over a chunk of butterflies) would make the additions cheaper but not
// the doublings (an affine doubling with its share of a batched inversion costs about a Jacobian one), which
// dominate; the twiddles are the same for the three G1 sections, but their recoding is ~1% of a multiplication and
// the points share nothing (α·τʲ for an unknown α). Folding 1/m into the last layer saves m/2 of the ≈ m/2·k
// multiplications of a basis (≈ 1/k).
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "curve.hpp"
#include "glv.hpp"
#include "glv_ifma.hpp"
#include "group_fft.hpp"
#include "msm.hpp"
#include "ntt.hpp"

namespace zkml::ZKML_NS {
namespace {

/** p[i] ← t[i]·p[i]: eight lanes at a time where the variant has AVX-512 IFMA. */
template <class F>
void mul_each(Jacobian<F>* const* p, const Fr* t, std::size_t n) {
#ifdef ZKML_IFMA
    glv::mul_each_ifma(p, t, n);
#else
    glv::mul_each(p, t, n);
#endif
}

/** Jacobian points to affine (infinity as zeros) with one inversion, written as the zkml.h encoding. */
template <class F>
void store_batch(const Jacobian<F>* p, std::size_t n, unsigned char* out) {
    std::vector<F> prefix(n);
    F acc = F::one();
    for (std::size_t i = 0; i < n; i++) {
        prefix[i] = acc;
        if (!p[i].is_infinity()) acc = acc * p[i].Z;
    }
    F inv = acc.inverse();
    for (std::size_t i = n; i-- > 0;) {
        unsigned char* o = out + 2 * sizeof(F) * i;
        if (p[i].is_infinity()) {
            std::memset(o, 0, 2 * sizeof(F));
            continue;
        }
        F zi = inv * prefix[i];
        inv = inv * p[i].Z;
        F zi2 = zi.sqr();
        store_affine(Affine<F>{p[i].X * zi2, p[i].Y * zi2 * zi}, o);
    }
}

#ifdef ZKML_IFMA
constexpr std::size_t CHUNK = 256;  // butterflies per task: 16 groups of 16 lanes, two batches of tables
#else
constexpr std::size_t CHUNK = 64;
#endif

template <class F>
void group_ifft(const unsigned char* in, std::size_t n_in, int log2m, unsigned char* out, Control& ctl, Progress& pr) {
    using J = Jacobian<F>;
    constexpr std::size_t BYTES = 2 * sizeof(F);
    const std::size_t m = std::size_t(1) << log2m, half_m = m / 2;
    const std::size_t have = std::min(m, n_in);
    std::vector<J> a(m);
    const std::size_t chunks_m = (m + CHUNK - 1) / CHUNK;
    ctl.pool->run(chunks_m, [&](std::size_t c) {
        for (std::size_t i = c * CHUNK; i < std::min(m, (c + 1) * CHUNK); i++) {
            std::size_t r = log2m == 0 ? 0 : std::size_t(ntt_detail::reverse64(i) >> (64 - log2m));
            a[r] = i < have ? J::from_affine(load_affine<F>(in + BYTES * i)) : J::infinity();
        }
    }, ctl);
    // the twiddles ω^(−j) for j < m/2
    std::vector<Fr> tw(std::max<std::size_t>(1, half_m));
    const Fr w = omega(log2m).inverse();
    tw[0] = Fr::one();
    for (std::size_t j = 1; j < tw.size(); j++) tw[j] = tw[j - 1] * w;
    // progress: one unit per butterfly and per point made affine
    pr.units = half_m * std::size_t(log2m) + m;
    pr.done.store(0);
    // the factor 1/m goes into the last layer: a[i0]/m ± (ω^(−j)/m)·a[i1], m multiplications instead of the
    // m/2 − 1 twiddles of that layer and m scalings after it
    const Fr inv_m = Fr::from_u64(m).inverse();
    for (std::size_t h = 1; h < m; h <<= 1) {
        const std::size_t stride = m / (2 * h);
        const bool last = 2 * h == m;
        const std::size_t chunks = (half_m + CHUNK - 1) / CHUNK;
        ctl.pool->run(chunks, [&](std::size_t c) {
            if (ctl.stopped()) return;
            const std::size_t end = std::min(half_m, (c + 1) * CHUNK);
#ifdef ZKML_IFMA
            // the products and both sums of each butterfly in the vector form; the last layer scales a[i0] first
            J *lo[CHUNK], *hi[CHUNK];
            Fr scalars[CHUNK];
            std::size_t n = 0;
            for (std::size_t b = c * CHUNK; b < end; b++) {
                const std::size_t j = b % h, i0 = (b / h) * 2 * h + j, i1 = i0 + h;
                if (!last && j == 0) {
                    const J v = a[i1];
                    a[i1] = a[i0].add(v.neg());
                    a[i0] = a[i0].add(v);
                    continue;
                }
                lo[n] = &a[i0];
                hi[n] = &a[i1];
                scalars[n++] = last ? tw[j * stride] * inv_m : tw[j * stride];
            }
            if (last) {
                Fr ms[CHUNK];
                for (std::size_t k = 0; k < n; k++) ms[k] = inv_m;
                mul_each(lo, ms, n);
            }
            glv::butterfly_each_ifma(lo, hi, scalars, n);
#else
            J* targets[2 * CHUNK] = {};
            Fr scalars[2 * CHUNK] = {};
            std::size_t n = 0;
            for (std::size_t b = c * CHUNK; b < end; b++) {
                const std::size_t j = b % h, i0 = (b / h) * 2 * h + j, i1 = i0 + h;
                if (last) {
                    targets[n] = &a[i0];
                    scalars[n++] = inv_m;
                    targets[n] = &a[i1];
                    scalars[n++] = tw[j * stride] * inv_m;
                } else if (j != 0) {
                    targets[n] = &a[i1];
                    scalars[n++] = tw[j * stride];
                }
            }
            mul_each(targets, scalars, n);
            for (std::size_t b = c * CHUNK; b < end; b++) {
                const std::size_t j = b % h, i0 = (b / h) * 2 * h + j, i1 = i0 + h;
                const J v = a[i1];
                a[i1] = a[i0].add(v.neg());
                a[i0] = a[i0].add(v);
            }
#endif
            pr.done.fetch_add(end - c * CHUNK);
        }, ctl);
        ctl.check();
    }
    ctl.pool->run(chunks_m, [&](std::size_t c) {
        if (ctl.stopped()) return;
        const std::size_t from = c * CHUNK, to = std::min(m, (c + 1) * CHUNK);
        store_batch(a.data() + from, to - from, out + BYTES * from);
        pr.done.fetch_add(to - from);
    }, ctl);
    ctl.check();
}

/** out[i] = kᵢ·Pᵢ (affine, the zkml.h encoding) for canonical plain scalars, in chunks on the pool. */
template <class F>
void mul_each_points(const unsigned char* in, const unsigned char* scalars, std::size_t n, unsigned char* out, Control& ctl,
                     Progress& pr) {
    using J = Jacobian<F>;
    constexpr std::size_t BYTES = 2 * sizeof(F), BLOCK = 256;
    for (std::size_t i = 0; i < n; i++) {
        if (!Fr::load(scalars + 32 * i).canonical()) {
            throw std::invalid_argument("scalar " + std::to_string(i) + " is not below r");
        }
    }
    pr.units = n;
    pr.done.store(0);
    ctl.pool->run((n + BLOCK - 1) / BLOCK, [&](std::size_t c) {
        if (ctl.stopped()) return;
        const std::size_t from = c * BLOCK, to = std::min(n, from + BLOCK);
        J pts[BLOCK];
        J* ptr[BLOCK];
        Fr ks[BLOCK];
        for (std::size_t i = from; i < to; i++) {
            pts[i - from] = J::from_affine(load_affine<F>(in + BYTES * i));
            ptr[i - from] = &pts[i - from];
            ks[i - from] = Fr::from_plain(Fr::load(scalars + 32 * i));
        }
        mul_each(ptr, ks, to - from);
        store_batch(pts, to - from, out + BYTES * from);
        pr.done.fetch_add(to - from);
    }, ctl);
    ctl.check();
}

}  // namespace

void mul_each_g1(const unsigned char* in, const unsigned char* k, std::size_t n, unsigned char* out, Control& ctl, Progress& pr) {
    mul_each_points<Fp>(in, k, n, out, ctl, pr);
}

void mul_each_g2(const unsigned char* in, const unsigned char* k, std::size_t n, unsigned char* out, Control& ctl, Progress& pr) {
    mul_each_points<Fp2>(in, k, n, out, ctl, pr);
}

void group_ifft_g1(const unsigned char* in, std::size_t n, int log2m, unsigned char* out, Control& ctl, Progress& pr) {
    group_ifft<Fp>(in, n, log2m, out, ctl, pr);
}

void group_ifft_g2(const unsigned char* in, std::size_t n, int log2m, unsigned char* out, Control& ctl, Progress& pr) {
    group_ifft<Fp2>(in, n, log2m, out, ctl, pr);
}

}  // namespace zkml::ZKML_NS
