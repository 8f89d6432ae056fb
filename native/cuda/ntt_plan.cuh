// The per-thread work of the NTT kernels over Fr (radix-2, decimation in time after a bit-reversal permutation), as
// plain functions for the CUDA kernels and the host emulation alike. Conventions of the CPU backend (zkml.h): size
// 2^k, ω_k = 5^((r−1)/2^k), x̂_j = Σ_i x_i·ω^(ij); forward with shift g: x_i ← x_i·g^i first; inverse: the inverse
// transform with the 1/n factor, then x_i ← x_i·g^(−i).
#pragma once
#include "field.cuh"

namespace zkml::cuda {

ZKC_HD u32 bit_reverse(u32 i, u32 log2n) {
    u32 r = 0;
    for (u32 b = 0; b < log2n; b++) r |= ((i >> b) & 1u) << (log2n - 1 - b);
    return r;
}

/** ω_k = 5^((r−1)/2^k), and its inverse when inverse is set (host side, once per transform). */
inline Fr ntt_root(u32 log2n, bool inverse) {
    u32 e[8];
    for (int i = 0; i < 8; i++) e[i] = FrParams::m(i);
    e[0] -= 1;
    for (u32 s = 0; s < log2n; s++) {  // e >>= 1, log2n times
        for (int i = 0; i < 8; i++) e[i] = (e[i] >> 1) | (i < 7 ? e[i + 1] << 31 : 0);
    }
    Fr w = Fr::from_u32(5).pow(e);
    return inverse ? w.inverse() : w;
}

/** Twiddle j of the table (j < n/2): ω^j. */
ZKC_HD void ntt_twiddle(u32 j, const Fr& omega, Fr* table) { table[j] = omega.pow(j); }

/** The bit-reversal permutation, thread i (in place: the pairs {i, rev(i)} are disjoint). */
ZKC_HD void ntt_bit_reverse(Fr* x, u32 log2n, u32 i) {
    const u32 j = bit_reverse(i, log2n);
    if (i < j) {
        Fr t = x[i];
        x[i] = x[j];
        x[j] = t;
    }
}

/** Butterfly t (t < n/2) of stage s (0 ≤ s < log2n): the pair (i, i + 2^s) with i = (t ÷ 2^s)·2^(s+1) + t mod 2^s,
 * twiddle ω^((t mod 2^s)·2^(log2n−1−s)). */
ZKC_HD void ntt_butterfly(Fr* x, const Fr* table, u32 log2n, u32 s, u32 t) {
    const u32 half = 1u << s;
    const u32 k = t & (half - 1);
    const u32 i = ((t >> s) << (s + 1)) + k;
    const Fr u = x[i], v = x[i + half] * table[k << (log2n - 1 - s)];
    x[i] = u + v;
    x[i + half] = u - v;
}

/** Thread i: x_i ← x_i·factor·g^i (the coset shift and the 1/n factor; factor = 1, g = 1 for none). */
ZKC_HD void ntt_scale(Fr* x, u32 i, const Fr& factor, const Fr& g) { x[i] = x[i] * factor * g.pow(i); }

}  // namespace zkml::cuda
