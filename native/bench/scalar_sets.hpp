// Scalar sets for the MSM tests and the benchmark: uniform random ones, and the skewed ones of real witnesses (ML
// circuits hold mostly 0, 1 and small integers, and small negatives r − k), which pile the bucket sort's entries into a
// few buckets: small values fill the low windows only, r − k has the same digits in every high window, equal scalars
// put every point into one bucket per window.
#pragma once
#include <cstring>
#include <string>
#include <vector>

#include "../cuda/field.cuh"

namespace zkml::bench {

inline const char* const SCALAR_SETS[] = {"random", "small", "neg-small", "equal", "ones", "one-nonzero", "mixed"};
inline constexpr int SCALAR_SET_COUNT = sizeof SCALAR_SETS / sizeof SCALAR_SETS[0];

inline bool is_scalar_set(const std::string& name) {
    for (const char* s : SCALAR_SETS)
        if (name == s) return true;
    return false;
}

/** n scalars (8 little-endian words each, all below r) of the named set, drawn from next() (uniform 64-bit values):
 *  random: below 2^253; small: below 2^16; neg-small: r − k, 1 ≤ k ≤ 2^16; equal: one random value n times; ones: 1;
 *  one-nonzero: 0 but scalar n/2, random; mixed: by i mod 5 zero, one, small, neg-small, random.
 * An empty vector for an unknown name. */
template <class Next>
std::vector<cuda::u32> scalar_set(const std::string& name, cuda::u64 n, Next&& next) {
    using cuda::u32;
    using cuda::u64;
    auto random = [&](u32* w) {
        for (int k = 0; k < 8; k += 2) {
            const u64 v = next();
            w[k] = (u32)v;
            w[k + 1] = (u32)(v >> 32);
        }
        w[7] &= 0x1fffffffu;
    };
    auto small = [&](u32* w) { w[0] = (u32)(next() & 0xffff); };
    auto neg_small = [&](u32* w) {  // r − k with r's low word above 2^16: no borrow
        for (int k = 0; k < 8; k++) w[k] = cuda::FrParams::m(k);
        w[0] -= 1 + (u32)(next() & 0xffff);
    };
    std::vector<u32> s(8 * n, 0);
    if (name == "random") {
        for (u64 i = 0; i < n; i++) random(&s[8 * i]);
    } else if (name == "small") {
        for (u64 i = 0; i < n; i++) small(&s[8 * i]);
    } else if (name == "neg-small") {
        for (u64 i = 0; i < n; i++) neg_small(&s[8 * i]);
    } else if (name == "equal") {
        u32 w[8];
        random(w);
        for (u64 i = 0; i < n; i++) std::memcpy(&s[8 * i], w, 32);
    } else if (name == "ones") {
        for (u64 i = 0; i < n; i++) s[8 * i] = 1;
    } else if (name == "one-nonzero") {
        if (n > 0) random(&s[8 * (n / 2)]);
    } else if (name == "mixed") {
        for (u64 i = 0; i < n; i++) {
            u32* w = &s[8 * i];
            switch (i % 5) {
                case 0: break;
                case 1: w[0] = 1; break;
                case 2: small(w); break;
                case 3: neg_small(w); break;
                default: random(w);
            }
        }
    } else {
        s.clear();
    }
    return s;
}

}  // namespace zkml::bench
