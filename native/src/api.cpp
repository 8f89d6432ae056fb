// The C ABI of zkml.h: argument checks, the choice of kernels, and the translation of every C++ exception into
// an error code and message.
#include "zkml.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>

#include "group_fft.hpp"
#include "kernels.hpp"

namespace {

/** The fastest variant the CPU runs, or the one ZKML_KERNELS names (generic, bmi2_adx, avx512ifma) where it runs. */
const zkml::Kernels& pick_kernels() {
    __builtin_cpu_init();
    const bool adx = __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("adx");
    const bool ifma = adx && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512ifma");
    const char* forced = std::getenv("ZKML_KERNELS");
    if (forced != nullptr && std::strcmp(forced, "generic") == 0) return zkml::kernels_generic();
    if (forced != nullptr && std::strcmp(forced, "bmi2_adx") == 0 && adx) return zkml::kernels_bmi2_adx();
    if (ifma) return zkml::kernels_avx512ifma();
    if (adx) return zkml::kernels_bmi2_adx();
    return zkml::kernels_generic();
}

const zkml::Kernels& kernels() {
    static const zkml::Kernels& k = pick_kernels();
    return k;
}

void set_message(char* msg, size_t len, const char* text) {
    if (msg == nullptr || len == 0) return;
    std::snprintf(msg, len, "%s", text);
}

/** Runs f, mapping exceptions to error codes; the message goes into msg. */
template <class Fn>
int guarded(char* msg, size_t len, Fn&& f) {
    try {
        f();
        set_message(msg, len, "");
        return ZKML_OK;
    } catch (const zkml::Cancelled&) {
        set_message(msg, len, "cancelled");
        return ZKML_ECANCELLED;
    } catch (const std::invalid_argument& e) {
        set_message(msg, len, e.what());
        return ZKML_EINVAL;
    } catch (const std::bad_alloc&) {
        set_message(msg, len, "out of memory");
        return ZKML_ENOMEM;
    } catch (const std::exception& e) {
        set_message(msg, len, (std::string("internal error: ") + e.what()).c_str());
        return ZKML_EINTERNAL;
    } catch (...) {
        set_message(msg, len, "internal error: unknown exception");
        return ZKML_EINTERNAL;
    }
}

void require(bool ok, const char* what) {
    if (!ok) throw std::invalid_argument(what);
}

using MsmKernel = void (*)(const unsigned char*, const unsigned char*, std::size_t, unsigned char*, zkml::Control&);

int msm_entry(MsmKernel kernel, const uint8_t* bases, const uint8_t* scalars, uint64_t n, uint8_t* out, char* msg, size_t len) {
    return guarded(msg, len, [&] {
        require(out != nullptr, "out must not be NULL");
        require(n == 0 || (bases != nullptr && scalars != nullptr), "bases and scalars must not be NULL");
        zkml::Control ctl;
        ctl.pool = &zkml::Pool::shared();
        kernel(bases, scalars, n, out, ctl);
    });
}

}  // namespace

struct zkml_prover {
    zkml::KeyPointers key;
    unsigned char fixed[448];
    std::unique_ptr<zkml::Pool> own_pool;  // when the caller asked for a number of threads
    zkml::Pool* pool;
};

extern "C" {

const char* zkml_version(void) {
    static const std::string v = std::string("zkml-native 0.1.0 (kernels: ") + kernels().name + ")";
    return v.c_str();
}

const char* zkml_kernels(void) { return kernels().name; }

int zkml_msm_g1(const uint8_t* bases, const uint8_t* scalars, uint64_t n, uint8_t* out, char* msg, size_t msg_len) {
    return msm_entry(kernels().msm_g1, bases, scalars, n, out, msg, msg_len);
}

int zkml_msm_g2(const uint8_t* bases, const uint8_t* scalars, uint64_t n, uint8_t* out, char* msg, size_t msg_len) {
    return msm_entry(kernels().msm_g2, bases, scalars, n, out, msg, msg_len);
}

int zkml_first_invalid_point(const uint8_t* points, uint64_t n, int32_t group, int64_t* first_invalid, char* msg,
                             size_t msg_len) {
    return guarded(msg, msg_len, [&] {
        require(first_invalid != nullptr, "first_invalid must not be NULL");
        require(n == 0 || points != nullptr, "points must not be NULL");
        if (group != 1 && group != 2) throw std::invalid_argument("group must be 1 (G1) or 2 (G2), got " + std::to_string(group));
        zkml::Control ctl;
        ctl.pool = &zkml::Pool::shared();
        *first_invalid = group == 1 ? kernels().first_invalid_g1(points, n, ctl) : kernels().first_invalid_g2(points, n, ctl);
    });
}

int zkml_ntt(uint8_t* values, uint32_t log2n, int32_t inverse, const uint8_t* shift, char* msg, size_t msg_len) {
    return guarded(msg, msg_len, [&] {
        require(values != nullptr, "values must not be NULL");
        if (log2n > 28) throw std::invalid_argument("domain size 2^" + std::to_string(log2n) + " out of range (F_r has roots of unity up to 2^28)");
        zkml::Control ctl;
        ctl.pool = &zkml::Pool::shared();
        kernels().ntt(values, int(log2n), inverse != 0, shift, ctl);
    });
}

int zkml_prover_open(uint32_t n_vars, uint32_t n_public, uint32_t domain_size, const uint8_t* fixed_points,
                     uint64_t n_coefficients, const uint8_t* coefficients, const uint8_t* points_a,
                     const uint8_t* points_b1, const uint8_t* points_b2, const uint8_t* points_c,
                     const uint8_t* points_h, uint32_t threads, zkml_prover** out, char* msg, size_t msg_len) {
    return guarded(msg, msg_len, [&] {
        require(out != nullptr, "out must not be NULL");
        *out = nullptr;
        if (n_vars <= n_public)
            throw std::invalid_argument("n_vars " + std::to_string(n_vars) + " must exceed n_public " + std::to_string(n_public) +
                                        " (wire 0 is the constant)");
        if (domain_size == 0 || (domain_size & (domain_size - 1)) != 0 || domain_size > (1u << 28))
            throw std::invalid_argument("domain size must be a power of two up to 2^28, got " + std::to_string(domain_size));
        require(fixed_points != nullptr, "fixed_points must not be NULL");
        require(n_coefficients == 0 || coefficients != nullptr, "coefficients must not be NULL");
        require(points_a != nullptr && points_b1 != nullptr && points_b2 != nullptr && points_h != nullptr,
                "the point sections must not be NULL");
        require(points_c != nullptr || n_vars == n_public + 1, "points_c must not be NULL");
        auto p = std::make_unique<zkml_prover>();
        std::memcpy(p->fixed, fixed_points, sizeof p->fixed);
        p->key = zkml::KeyPointers{n_vars, n_public, domain_size, p->fixed, n_coefficients, coefficients,
                                   points_a, points_b1, points_b2, points_c, points_h};
        kernels().check_key(p->key);
        if (threads != 0) p->own_pool = std::make_unique<zkml::Pool>(threads);
        p->pool = threads != 0 ? p->own_pool.get() : &zkml::Pool::shared();
        *out = p.release();
    });
}

int zkml_prover_prove(zkml_prover* prover, const uint8_t* witness, uint64_t n_witness, const uint8_t* r,
                      const uint8_t* s, zkml_progress_fn progress, void* user, const volatile int32_t* cancel,
                      uint8_t* proof_out, char* msg, size_t msg_len) {
    return guarded(msg, msg_len, [&] {
        require(prover != nullptr, "prover must not be NULL");
        require(witness != nullptr && r != nullptr && s != nullptr && proof_out != nullptr,
                "witness, r, s and proof_out must not be NULL");
        if (n_witness != prover->key.n_vars)
            throw std::invalid_argument("the witness has " + std::to_string(n_witness) + " values but the key has " +
                                        std::to_string(prover->key.n_vars) + " wires");
        zkml::Control ctl;
        ctl.pool = prover->pool;
        ctl.cancel_flag = cancel;
        zkml::Progress pr;
        if (progress != nullptr) {
            pr.listener = [&](const char* stage, double f) { return progress(stage, f, user) == 0; };
        }
        ctl.tick = [&] { return pr.report(); };
        kernels().prove(prover->key, witness, r, s, proof_out, ctl, pr);
    });
}

void zkml_prover_close(zkml_prover* prover) { delete prover; }

}  // extern "C"

// ---- the group FFT of trusted-setup ceremonies (group_fft.cpp)

namespace {

/** Runs body(ctl, pr) on the shared pool as one stage, with the caller's progress callback and cancel flag. */
template <class Body>
void on_pool(const char* stage, zkml_progress_fn progress, void* user, const volatile int32_t* cancel, Body body) {
    zkml::Control ctl;
    ctl.pool = &zkml::Pool::shared();
    ctl.cancel_flag = cancel;
    zkml::Progress pr;
    pr.stage = stage;
    if (progress != nullptr) {
        pr.listener = [&](const char* s, double f) { return progress(s, f, user) == 0; };
    }
    ctl.tick = [&] { return pr.report(); };
    pr.weight = 1;
    if (!pr.report()) throw zkml::Cancelled();
    body(ctl, pr);
    pr.finish("done");
}

int group_ifft_entry(bool g2, const uint8_t* points, uint64_t n_points, uint32_t log2m, uint8_t* out,
                     zkml_progress_fn progress, void* user, const volatile int32_t* cancel, char* msg, size_t msg_len) {
    return guarded(msg, msg_len, [&] {
        require(out != nullptr, "out must not be NULL");
        require(n_points == 0 || points != nullptr, "points must not be NULL");
        if (log2m > 28) throw std::invalid_argument("domain size 2^" + std::to_string(log2m) + " out of range (F_r has roots of unity up to 2^28)");
        const char* name = kernels().name;
        zkml::GroupIfft fn = std::strcmp(name, "avx512ifma") == 0
                                 ? (g2 ? zkml::avx512ifma::group_ifft_g2 : zkml::avx512ifma::group_ifft_g1)
                             : std::strcmp(name, "bmi2_adx") == 0
                                 ? (g2 ? zkml::bmi2_adx::group_ifft_g2 : zkml::bmi2_adx::group_ifft_g1)
                                 : (g2 ? zkml::generic::group_ifft_g2 : zkml::generic::group_ifft_g1);
        on_pool("group fft", progress, user, cancel,
                [&](zkml::Control& ctl, zkml::Progress& pr) { fn(points, n_points, int(log2m), out, ctl, pr); });
    });
}

int mul_each_entry(bool g2, const uint8_t* points, const uint8_t* scalars, uint64_t n, uint8_t* out, zkml_progress_fn progress,
                   void* user, const volatile int32_t* cancel, char* msg, size_t msg_len) {
    return guarded(msg, msg_len, [&] {
        require(n == 0 || (points != nullptr && scalars != nullptr && out != nullptr), "points, scalars and out must not be NULL");
        const char* name = kernels().name;
        zkml::MulEach fn = std::strcmp(name, "avx512ifma") == 0
                               ? (g2 ? zkml::avx512ifma::mul_each_g2 : zkml::avx512ifma::mul_each_g1)
                           : std::strcmp(name, "bmi2_adx") == 0
                               ? (g2 ? zkml::bmi2_adx::mul_each_g2 : zkml::bmi2_adx::mul_each_g1)
                               : (g2 ? zkml::generic::mul_each_g2 : zkml::generic::mul_each_g1);
        on_pool("scalar multiplications", progress, user, cancel,
                [&](zkml::Control& ctl, zkml::Progress& pr) { fn(points, scalars, n, out, ctl, pr); });
    });
}

}  // namespace

extern "C" {

int zkml_mul_each_g1(const uint8_t* points, const uint8_t* scalars, uint64_t n, uint8_t* out, zkml_progress_fn progress,
                     void* user, const volatile int32_t* cancel, char* msg, size_t msg_len) {
    return mul_each_entry(false, points, scalars, n, out, progress, user, cancel, msg, msg_len);
}

int zkml_mul_each_g2(const uint8_t* points, const uint8_t* scalars, uint64_t n, uint8_t* out, zkml_progress_fn progress,
                     void* user, const volatile int32_t* cancel, char* msg, size_t msg_len) {
    return mul_each_entry(true, points, scalars, n, out, progress, user, cancel, msg, msg_len);
}

int zkml_group_ifft_g1(const uint8_t* points, uint64_t n_points, uint32_t log2m, uint8_t* out, zkml_progress_fn progress,
                       void* user, const volatile int32_t* cancel, char* msg, size_t msg_len) {
    return group_ifft_entry(false, points, n_points, log2m, out, progress, user, cancel, msg, msg_len);
}

int zkml_group_ifft_g2(const uint8_t* points, uint64_t n_points, uint32_t log2m, uint8_t* out, zkml_progress_fn progress,
                       void* user, const volatile int32_t* cancel, char* msg, size_t msg_len) {
    return group_ifft_entry(true, points, n_points, log2m, out, progress, user, cancel, msg, msg_len);
}

}  // extern "C"
