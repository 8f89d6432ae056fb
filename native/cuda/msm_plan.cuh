// The per-thread work of the MSM kernels (Pippenger with signed digits), as plain functions: the CUDA kernels call
// them with their thread index, and the host emulation (test/cuda_host_tests.cpp) calls them in loops over the same
// grid. The stages, for n scalars below r (< 2^254) and a window of c bits, W = ⌈255/c⌉ windows, B = 2^(c−1) buckets
// per window (digits in [−B, B] \ {0}; a digit d goes to bucket |d| − 1 of its window, with P or −P):
//   1. digits:     thread i writes scalar i's W digits as (bucket, entry = i·2 + sign) and counts each bucket;
//   2. scan:       exclusive prefix sums of the counts (chunked: chunk sums, one thread over the sums, chunk offsets);
//   3. scatter:    thread (w, i) places its entry at its bucket's next free slot (a counting sort by bucket);
//   4. accumulate: thread b adds the points of bucket b;
//   5. reduce:     thread (w, s) forms Σ k·bucket_k over segment s of window w's buckets (running sums);
//   6. combine:    one thread: Σ_w 2^(c·w)·Σ_s segment(w, s) by Horner's rule.
// The order of the points within a bucket depends on the scheduling; group addition is exact, so the result does not.
#pragma once
#include "curve.cuh"

namespace zkml::cuda {

constexpr u32 MSM_EMPTY = 0xffffffffu;  // the bucket of a zero digit: none
constexpr u32 SCAN_CHUNK = 256;          // counts per thread in the prefix sums

struct MsmPlan {
    u64 n;
    u32 c;          // window bits
    u32 windows;    // W
    u32 buckets;    // B per window
    u32 segments;   // per window, for the reduction
    ZKC_HD u64 total_buckets() const { return (u64)windows * buckets; }
    ZKC_HD u64 entries() const { return (u64)windows * n; }
    ZKC_HD u32 segment_len() const { return (buckets + segments - 1) / segments; }
};

/** The window width for n points (c ≈ log₂n − 3, between 3 and 16) and the resulting shape. */
inline MsmPlan msm_plan(u64 n) {
    u32 lg = 0;
    while (lg < 63 && (u64(1) << (lg + 1)) <= n) lg++;
    u32 c = lg > 6 ? lg - 3 : 3;
    if (c > 16) c = 16;
    MsmPlan p;
    p.n = n;
    p.c = c;
    p.windows = (255 + c - 1) / c;
    p.buckets = 1u << (c - 1);
    p.segments = p.buckets >= 64 ? 64 : p.buckets;
    return p;
}

/** Bits [start, start + c) of a 256-bit little-endian value (c ≤ 16). */
ZKC_HD u32 window_bits(const u32* s, u32 start, u32 c) {
    const u32 limb = start >> 5, off = start & 31;
    if (limb >= 8) return 0;
    u64 w = s[limb];
    if (limb + 1 < 8) w |= (u64)s[limb + 1] << 32;
    return (u32)(w >> off) & ((1u << c) - 1);
}

/** Stage 1 for scalar i: its signed digits, each as (bucket | MSM_EMPTY, entry), and the bucket counts. AddFn
 * increments a count (atomically on the device). */
template <class AddFn>
ZKC_HD void msm_digits(const MsmPlan& p, const u32* scalars, u64 i, u32* bucket_of, u32* entry_of, u32* counts,
                       AddFn add) {
    const u32* s = scalars + 8 * i;
    u32 carry = 0;
    for (u32 w = 0; w < p.windows; w++) {
        u32 v = window_bits(s, w * p.c, p.c) + carry;
        u32 neg = 0, mag = v;
        carry = 0;
        if (v > p.buckets) {  // v − 2^c < 0: the digit −(2^c − v), and a carry into the next window
            mag = (1u << p.c) - v;
            neg = 1;
            carry = 1;
        }
        const u64 slot = (u64)w * p.n + i;
        if (mag == 0) {
            bucket_of[slot] = MSM_EMPTY;
        } else {
            const u32 b = w * p.buckets + (mag - 1);
            bucket_of[slot] = b;
            entry_of[slot] = (u32)(i << 1) | neg;
            add(&counts[b], 1u);
        }
    }
}

/** Stage 2a: the sum of chunk t of counts[0, len). */
ZKC_HD void scan_chunk_sum(const u32* counts, u64 len, u64 t, u32* chunk_sums) {
    u32 s = 0;
    const u64 end = (t + 1) * SCAN_CHUNK < len ? (t + 1) * SCAN_CHUNK : len;
    for (u64 k = t * SCAN_CHUNK; k < end; k++) s += counts[k];
    chunk_sums[t] = s;
}
/** Stage 2b (one thread): exclusive prefix sums of the chunk sums, in place. */
ZKC_HD void scan_chunk_offsets(u32* chunk_sums, u64 chunks) {
    u32 run = 0;
    for (u64 t = 0; t < chunks; t++) {
        u32 v = chunk_sums[t];
        chunk_sums[t] = run;
        run += v;
    }
}
/** Stage 2c: the start of each bucket of chunk t (into starts and cursors). */
ZKC_HD void scan_chunk_fill(const u32* counts, u64 len, u64 t, const u32* chunk_offsets, u32* starts, u32* cursors) {
    u32 run = chunk_offsets[t];
    const u64 end = (t + 1) * SCAN_CHUNK < len ? (t + 1) * SCAN_CHUNK : len;
    for (u64 k = t * SCAN_CHUNK; k < end; k++) {
        starts[k] = run;
        cursors[k] = run;
        run += counts[k];
    }
}

/** Stage 3 for entry slot (w·n + i). TakeFn returns the old value of a cursor and increments it. */
template <class TakeFn>
ZKC_HD void msm_scatter(u64 slot, const u32* bucket_of, const u32* entry_of, u32* cursors, u32* sorted, TakeFn take) {
    const u32 b = bucket_of[slot];
    if (b == MSM_EMPTY) return;
    sorted[take(&cursors[b])] = entry_of[slot];
}

/** Stage 4 for bucket b: the sum of its points (entry i·2 + sign: ±P_i), bases in the zkey layout. */
template <class F>
ZKC_HD Jacobian<F> msm_accumulate(u64 b, const u32* bases, const u32* starts, const u32* counts, const u32* sorted) {
    Jacobian<F> acc = Jacobian<F>::infinity();
    const u32 begin = starts[b], end = begin + counts[b];
    for (u32 k = begin; k < end; k++) {
        const u32 e = sorted[k];
        Affine<F> pt = load_affine<F>(bases + (u64)(e >> 1) * PointWords<F>::n);
        acc = acc.add_mixed((e & 1) ? pt.neg() : pt);
    }
    return acc;
}

/** Stage 5 for segment s of window w: Σ k·bucket_k over the segment's digits k = lo..hi, as
 * Σ (k − lo + 1)·bucket_k (running sums from the top) + (lo − 1)·Σ bucket_k. */
template <class F>
ZKC_HD Jacobian<F> msm_reduce_segment(const MsmPlan& p, u32 w, u32 s, const Jacobian<F>* buckets) {
    const u32 len = p.segment_len();
    const u32 lo = 1 + s * len;  // digits lo..hi
    if (lo > p.buckets) return Jacobian<F>::infinity();
    const u32 hi = lo + len - 1 < p.buckets ? lo + len - 1 : p.buckets;
    Jacobian<F> running = Jacobian<F>::infinity(), weighted = Jacobian<F>::infinity();
    for (u32 k = hi; k >= lo; k--) {
        running = running.add(buckets[(u64)w * p.buckets + (k - 1)]);
        weighted = weighted.add(running);
    }
    return weighted.add(running.mul_small(lo - 1));
}

/** Stage 6 (one thread): Σ_w 2^(c·w)·window_w, with window_w = Σ_s segments[w·S + s]. */
template <class F>
ZKC_HD Jacobian<F> msm_combine(const MsmPlan& p, const Jacobian<F>* segments) {
    Jacobian<F> acc = Jacobian<F>::infinity();
    for (int w = (int)p.windows - 1; w >= 0; w--) {
        for (u32 k = 0; k < p.c; k++) acc = acc.dbl();
        for (u32 s = 0; s < p.segments; s++) acc = acc.add(segments[(u64)w * p.segments + s]);
    }
    return acc;
}

/** Whether a plain 256-bit scalar is below r. */
ZKC_HD bool scalar_below_r(const u32* s) {
    for (int i = 7; i >= 0; i--) {
        if (s[i] != FrParams::m(i)) return s[i] < FrParams::m(i);
    }
    return false;
}

}  // namespace zkml::cuda
