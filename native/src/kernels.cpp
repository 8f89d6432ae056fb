// One variant of the kernels (namespace ZKML_NS, compiled with that variant's instruction-set flags): MSM, NTT
// and the whole Groth16 proof.
#include "kernels.hpp"

#include <atomic>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "curve.hpp"
#include "msm.hpp"
#include "ntt.hpp"

namespace zkml::ZKML_NS {
namespace {

void msm_g1(const unsigned char* bases, const unsigned char* scalars, std::size_t n, unsigned char* out, Control& ctl) {
    store_affine(msm<Fp>(bases, scalars, n, ctl).to_affine(), out);
}

void msm_g2(const unsigned char* bases, const unsigned char* scalars, std::size_t n, unsigned char* out, Control& ctl) {
    store_affine(msm<Fp2>(bases, scalars, n, ctl).to_affine(), out);
}

template <class F>
std::int64_t first_invalid(const unsigned char* points, std::size_t n, Control& ctl) {
    constexpr std::size_t BYTES = 2 * sizeof(F), PER = 1 << 12;
    std::atomic<std::int64_t> first{INT64_MAX};
    ctl.pool->run((n + PER - 1) / PER, [&](std::size_t t) {
        for (std::size_t i = t * PER; i < std::min(n, (t + 1) * PER); i++) {
            Affine<F> p = load_affine<F>(points + BYTES * i);
            if (p.x.canonical() && p.y.canonical() && on_curve(p)) continue;
            std::int64_t cur = first.load();
            while (std::int64_t(i) < cur && !first.compare_exchange_weak(cur, std::int64_t(i))) {}
            return;
        }
    }, ctl);
    return first.load() == INT64_MAX ? -1 : first.load();
}

std::int64_t first_invalid_g1(const unsigned char* points, std::size_t n, Control& ctl) { return first_invalid<Fp>(points, n, ctl); }
std::int64_t first_invalid_g2(const unsigned char* points, std::size_t n, Control& ctl) { return first_invalid<Fp2>(points, n, ctl); }

Fr load_scalar(const unsigned char* p, const char* what) {
    Fr x = Fr::load(p);
    if (!x.canonical()) throw std::invalid_argument(std::string(what) + " is not below r");
    return x;
}

void check_elements(const Fr* a, std::size_t n, const char* what) {
    for (std::size_t i = 0; i < n; i++) {
        if (!a[i].canonical()) throw std::invalid_argument(std::string(what) + " " + std::to_string(i) + " is not below r");
    }
}

void ntt_entry(unsigned char* values, int log2n, bool inverse, const unsigned char* shift_bytes, Control& ctl) {
    const std::size_t n = std::size_t(1) << log2n;
    Fr shift = Fr::one();
    if (shift_bytes != nullptr) {
        shift = Fr::from_plain(load_scalar(shift_bytes, "the coset shift"));
        if (shift.is_zero()) throw std::invalid_argument("the coset shift must not be zero");
    }
    // in place when aligned, else through an aligned copy
    std::vector<Fr> copy;
    Fr* a = reinterpret_cast<Fr*>(values);
    const bool aligned = reinterpret_cast<std::uintptr_t>(values) % alignof(Fr) == 0;
    if (!aligned) {
        copy.resize(n);
        std::memcpy(copy.data(), values, 32 * n);
        a = copy.data();
    }
    check_elements(a, n, "element");
    if (!inverse) {
        if (shift_bytes != nullptr) scale_by_powers(a, n, Fr::one(), shift, ctl);
        ntt(a, log2n, false, ctl);
    } else {
        ntt(a, log2n, true, ctl);
        scale_by_powers(a, n, Fr::from_u64(n).inverse(), shift.inverse(), ctl);
    }
    if (!aligned) std::memcpy(values, copy.data(), 32 * n);
}

struct Fixed {
    G1Affine alpha1, beta1, delta1;
    G2Affine beta2, delta2;
};

Fixed load_fixed(const unsigned char* f) {
    Fixed x{load_affine<Fp>(f), load_affine<Fp>(f + 64), load_affine<Fp>(f + 256), load_affine<Fp2>(f + 128),
            load_affine<Fp2>(f + 320)};
    const char* names[] = {"alpha1", "beta1", "delta1"};
    const G1Affine* g1[] = {&x.alpha1, &x.beta1, &x.delta1};
    for (int i = 0; i < 3; i++) {
        if (!g1[i]->x.canonical() || !g1[i]->y.canonical() || !on_curve(*g1[i]))
            throw std::invalid_argument(std::string("fixed point ") + names[i] + " is not a point of G1");
    }
    if (!x.beta2.x.canonical() || !x.beta2.y.canonical() || !on_curve(x.beta2))
        throw std::invalid_argument("fixed point beta2 is not a point of the twist");
    if (!x.delta2.x.canonical() || !x.delta2.y.canonical() || !on_curve(x.delta2))
        throw std::invalid_argument("fixed point delta2 is not a point of the twist");
    return x;
}

std::uint32_t u32_at(const unsigned char* p) {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

void check_key(const KeyPointers& k) {
    load_fixed(k.fixed);
    for (std::uint64_t i = 0; i < k.n_coef; i++) {
        const unsigned char* rec = k.coef + 44 * i;
        std::uint32_t matrix = u32_at(rec), constraint = u32_at(rec + 4), signal = u32_at(rec + 8);
        if (matrix > 1 || constraint >= k.domain || signal >= k.n_vars) {
            throw std::invalid_argument("coefficient record " + std::to_string(i) + " (matrix " + std::to_string(matrix) +
                                        ", constraint " + std::to_string(constraint) + ", signal " + std::to_string(signal) +
                                        ") lies outside the key's " + std::to_string(k.domain) + " constraints and " +
                                        std::to_string(k.n_vars) + " wires");
        }
        if (!Fr::load(rec + 12).canonical())
            throw std::invalid_argument("coefficient record " + std::to_string(i) + ": value not below r");
    }
}

void prove(const KeyPointers& k, const unsigned char* witness, const unsigned char* r_bytes, const unsigned char* s_bytes,
           unsigned char* proof, Control& ctl, Progress& pr) {
    const std::size_t n = k.domain, n_vars = k.n_vars, n_private = k.n_vars - k.n_public - 1;
    int log2n = 0;
    while ((std::size_t(1) << log2n) < n) log2n++;
    const Fixed fx = load_fixed(k.fixed);
    const Fr r = load_scalar(r_bytes, "r"), s = load_scalar(s_bytes, "s");
    Pool& pool = *ctl.pool;
    const unsigned threads = pool.size();
    {
        std::size_t per = 1 << 14;
        std::atomic<std::size_t> bad{SIZE_MAX};
        pool.run((n_vars + per - 1) / per, [&](std::size_t t) {
            for (std::size_t i = t * per; i < std::min(n_vars, (t + 1) * per); i++) {
                if (!Fr::load(witness + 32 * i).canonical()) {
                    std::size_t cur = bad.load();
                    while (i < cur && !bad.compare_exchange_weak(cur, i)) {}
                }
            }
        }, ctl);
        if (bad.load() != SIZE_MAX) throw std::invalid_argument("witness value " + std::to_string(bad.load()) + " is not below r");
    }
    // weights of the stages for progress: G1 MSMs ~ points, G2 ~ 3 × points
    const double w_qap = 0.02 * n, w_ntt = 0.15 * n, w_a = n_vars, w_b1 = n_vars, w_b2 = 3.0 * n_vars, w_c = n_private, w_h = n;
    pr.total = w_qap + w_ntt + w_a + w_b1 + w_b2 + w_c + w_h;
    auto stage = [&](const char* name, double w, std::size_t units) {
        if (!pr.start(name, w, units)) ctl.cancelled.store(true);
        ctl.check();
    };

    // 1. A·w and B·w per constraint; C·w = (A·w)∘(B·w)
    stage("qap", w_qap, 2);
    std::vector<Fr> a(n, Fr::zero()), b(n, Fr::zero()), c(n);
    pool.run(2, [&](std::size_t matrix) {
        Fr* target = matrix == 0 ? a.data() : b.data();
        for (std::uint64_t i = 0; i < k.n_coef; i++) {
            const unsigned char* rec = k.coef + 44 * i;
            if (u32_at(rec) != matrix) continue;
            if ((i & 65535) == 0 && ctl.stopped()) return;
            std::uint32_t constraint = u32_at(rec + 4), signal = u32_at(rec + 8);
            target[constraint] = target[constraint] + Fr::load(rec + 12) * Fr::load(witness + 32 * std::size_t(signal));
        }
        pr.done.fetch_add(1);
    }, ctl);
    const std::size_t per = 1 << 13, blocks = (n + per - 1) / per;
    pool.run(blocks, [&](std::size_t t) {
        for (std::size_t i = t * per; i < std::min(n, (t + 1) * per); i++) c[i] = a[i] * b[i];
    }, ctl);

    // 2. each to the coset: inverse NTT, the factors (1/n)·gⁱ, forward NTT
    stage("ntt", w_ntt, 3);
    for (std::vector<Fr>* p : {&a, &b, &c}) {
        domain_to_coset(p->data(), log2n, ctl);
        pr.done.fetch_add(1);
    }
    // h = A·B − C on the coset, plain, in a's memory (the scalar encoding)
    pool.run(blocks, [&](std::size_t t) {
        for (std::size_t i = t * per; i < std::min(n, (t + 1) * per); i++) a[i] = (a[i] * b[i] - c[i]).to_plain();
    }, ctl);
    std::vector<Fr>().swap(b);
    std::vector<Fr>().swap(c);

    // 3. the MSMs
    stage("msm A", w_a, msm_tasks(n_vars, threads));
    G1 msm_a = msm<Fp>(k.a, witness, n_vars, ctl, &pr.done);
    stage("msm B1", w_b1, msm_tasks(n_vars, threads));
    G1 msm_b1 = msm<Fp>(k.b1, witness, n_vars, ctl, &pr.done);
    stage("msm B2", w_b2, msm_tasks(n_vars, threads));
    G2 msm_b2 = msm<Fp2>(k.b2, witness, n_vars, ctl, &pr.done);
    stage("msm C", w_c, msm_tasks(n_private, threads));
    G1 msm_c = msm<Fp>(k.c, witness + 32 * (std::size_t(k.n_public) + 1), n_private, ctl, &pr.done);
    stage("msm H", w_h, msm_tasks(n, threads));
    G1 msm_h = msm<Fp>(k.h, reinterpret_cast<const unsigned char*>(a.data()), n, ctl, &pr.done);

    // 4. blinding: πA = α₁ + A + r·δ₁, πB = β₂ + B2 + s·δ₂, πC = C + H + s·πA + r·(β₁ + B1 + s·δ₁) − r·s·δ₁
    ctl.check();
    Fr rs = (Fr::from_plain(r) * Fr::from_plain(s)).to_plain().neg();
    const G1 delta1 = G1::from_affine(fx.delta1);
    G1 pi_a = msm_a.add_mixed(fx.alpha1).add(delta1.mul(r.v));
    G2 pi_b = msm_b2.add_mixed(fx.beta2).add(G2::from_affine(fx.delta2).mul(s.v));
    G1 pi_b1 = msm_b1.add_mixed(fx.beta1).add(delta1.mul(s.v));
    G1 pi_c = msm_c.add(msm_h).add(pi_a.mul(s.v)).add(pi_b1.mul(r.v)).add(delta1.mul(rs.v));
    store_affine(pi_a.to_affine(), proof);
    store_affine(pi_b.to_affine(), proof + 64);
    store_affine(pi_c.to_affine(), proof + 192);
    pr.finish("done");
}

}  // namespace
}  // namespace zkml::ZKML_NS

#define ZKML_CAT2(a, b) a##b
#define ZKML_CAT(a, b) ZKML_CAT2(a, b)

const zkml::Kernels& zkml::ZKML_CAT(kernels_, ZKML_NS)() {
#define ZKML_STR2(x) #x
#define ZKML_STR(x) ZKML_STR2(x)
    static const Kernels k{ZKML_STR(ZKML_NS), ZKML_NS::msm_g1, ZKML_NS::msm_g2, ZKML_NS::ntt_entry,
                           ZKML_NS::first_invalid_g1, ZKML_NS::first_invalid_g2, ZKML_NS::check_key,
                           ZKML_NS::prove};
    return k;
}
