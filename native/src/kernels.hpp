// The table of arithmetic kernels of one instruction-set variant; api.cpp picks a table at load time.
#pragma once
#include <cstddef>
#include <cstdint>

#include "pool.hpp"

namespace zkml {

/** A proving key as zkml_prover_open receives it (the caller's memory). */
struct KeyPointers {
    std::uint32_t n_vars, n_public, domain;
    const unsigned char* fixed;  // α₁ ‖ β₁ ‖ β₂ ‖ δ₁ ‖ δ₂, 448 bytes
    std::uint64_t n_coef;
    const unsigned char *coef, *a, *b1, *b2, *c, *h;
};

struct Kernels {
    const char* name;
    void (*msm_g1)(const unsigned char* bases, const unsigned char* scalars, std::size_t n, unsigned char* out, Control& ctl);
    void (*msm_g2)(const unsigned char* bases, const unsigned char* scalars, std::size_t n, unsigned char* out, Control& ctl);
    void (*ntt)(unsigned char* values, int log2n, bool inverse, const unsigned char* shift, Control& ctl);
    /** The index of the first point with a coordinate not below p or off its curve, or −1. */
    std::int64_t (*first_invalid_g1)(const unsigned char* points, std::size_t n, Control& ctl);
    std::int64_t (*first_invalid_g2)(const unsigned char* points, std::size_t n, Control& ctl);
    /** Throws std::invalid_argument naming the first bad record or fixed point. */
    void (*check_key)(const KeyPointers& key);
    void (*prove)(const KeyPointers& key, const unsigned char* witness, const unsigned char* r, const unsigned char* s,
                  unsigned char* proof, Control& ctl, Progress& progress);
};

const Kernels& kernels_generic();
const Kernels& kernels_bmi2_adx();
const Kernels& kernels_avx512ifma();

}  // namespace zkml
