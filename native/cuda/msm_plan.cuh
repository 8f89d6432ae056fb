// The per-thread work of the MSM kernels (Pippenger with signed digits), as plain functions: the CUDA kernels call
// them with their thread index, and the host emulation (host_emulation.hpp, run by test/cuda_host_tests.cpp) calls them
// in loops over the same grid. The stages, for n scalars below r (< 2^254) and a window of c bits, W = ⌈255/c⌉
// windows, B = 2^(c−1) buckets per window (digits in [−B, B] \ {0}; a digit d goes to bucket |d| − 1 of its window,
// with P or −P):
//   1. digits:     thread i writes scalar i's W digits as (bucket, entry = i·2 + sign) and counts each bucket;
//   2. scan:       exclusive prefix sums of the counts (chunked: chunk sums, one thread over the sums, chunk offsets);
//   3. scatter:    thread (w, i) places its entry at its bucket's next free slot (a counting sort by bucket);
//   4. pieces:     each bucket's sorted entries are cut into pieces of at most L (plan.piece_len) that never cross a
//                  bucket boundary: the same scan over ⌈count/L⌉ gives each bucket's first piece; thread j sums the
//                  points of piece j (at most L mixed additions, whatever the scalars);
//   5. bucket sums: rounds h = 1, 2, 4, … below ⌈n/L⌉ (a bucket holds at most n entries): piece k of a bucket adds
//                  piece k + h of the same bucket when 2h divides k; the bucket's first piece then holds its sum, after
//                  ⌈log₂⌈count/L⌉⌉ rounds (a bucket of all n points: ⌈log₂(n/L)⌉ rounds, not n/L serial additions);
//   6. reduce:     thread (w, s) forms Σ k·bucket_k over segment s of window w's buckets (running sums, at most
//                  SEGMENT_LEN buckets a thread), then the same pairwise rounds sum each window's segments;
//   7. combine:    one thread: Σ_w 2^(c·w)·window_w by Horner's rule (W additions, W·c doublings).
// Every stage's work per thread is bounded by L, SEGMENT_LEN or W whatever the scalars are: a bucket that all n points
// share (equal scalars, small values in the low window, r − k in every high one) costs log-many rounds. What still
// depends on the scalars is the atomics of stages 1 and 3, which serialise on a shared bucket's counter (on an H200,
// 2^22 equal scalars: stage 3 50 ms against 2 ms for random ones, out of about 100 ms of kernels). The window c
// minimises W·(n + 2^(c+1)) (the mixed additions of the entries plus the running sums' two additions a bucket), which
// also avoids a top window of only a bit or two when one more or one less bit a window saves work. The order of the
// points within a bucket depends on the scheduling, the pairing of pieces does not; group addition is exact, so the
// result depends on neither.
#pragma once
#include "curve.cuh"

namespace zkml::cuda {

constexpr u32 MSM_EMPTY = 0xffffffffu;  // the bucket of a zero digit: none
constexpr u32 SCAN_CHUNK = 256;          // counts per thread in the prefix sums
constexpr u32 SEGMENT_LEN = 32;          // buckets per thread in the reduction (fewer when a window has fewer)
constexpr u64 PIECE_THREADS = 1u << 18;  // pieces aimed at when choosing L: enough threads to fill a large GPU

struct MsmPlan {
    u64 n;
    u32 c;          // window bits
    u32 windows;    // W
    u32 buckets;    // B per window
    u32 segments;   // per window, for the reduction
    u32 piece_len;  // L: the most entries one thread adds in stage 4 (a power of two)
    ZKC_HD u64 total_buckets() const { return (u64)windows * buckets; }
    ZKC_HD u64 entries() const { return (u64)windows * n; }
    ZKC_HD u32 segment_len() const { return buckets / segments; }
    /** A bound on Σ_b ⌈count_b/L⌉: Σ count_b/L + (L−1)/L per bucket ≤ ⌊entries/L⌋ + buckets. */
    ZKC_HD u64 max_pieces() const { return entries() / piece_len + total_buckets(); }
    /** The most pieces one bucket can have: a bucket holds at most one entry per scalar. */
    ZKC_HD u64 max_bucket_pieces() const { return (n + piece_len - 1) / piece_len; }
};

/** The shape for n points: the window c in [3, 16] minimising W·(n + 2^(c+1)), and L a power of two in [16, 64]
 * giving about PIECE_THREADS pieces for random scalars. */
inline MsmPlan msm_plan(u64 n) {
    u32 c = 3;
    u64 best = ~u64(0);
    for (u32 w = 3; w <= 16; w++) {
        const u64 cost = (u64)((255 + w - 1) / w) * (n + (u64(1) << (w + 1)));
        if (cost < best) {
            best = cost;
            c = w;
        }
    }
    MsmPlan p;
    p.n = n;
    p.c = c;
    p.windows = (255 + c - 1) / c;
    p.buckets = 1u << (c - 1);
    p.segments = p.buckets > SEGMENT_LEN ? p.buckets / SEGMENT_LEN : 1;
    p.piece_len = 16;
    while (p.piece_len < 64 && p.entries() / (2 * p.piece_len) >= PIECE_THREADS) p.piece_len *= 2;
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

ZKC_HD u32 ceil_div(u32 a, u32 b) { return (a + b - 1) / b; }

/** Stage 2a: the sum of chunk t of ⌈counts[k]/per⌉ over k < len (per = 1: the counts; per = L: the pieces). */
ZKC_HD void scan_chunk_sum(const u32* counts, u64 len, u32 per, u64 t, u32* chunk_sums) {
    u32 s = 0;
    const u64 end = (t + 1) * SCAN_CHUNK < len ? (t + 1) * SCAN_CHUNK : len;
    for (u64 k = t * SCAN_CHUNK; k < end; k++) s += ceil_div(counts[k], per);
    chunk_sums[t] = s;
}
/** Stage 2b (one thread): exclusive prefix sums of the chunk sums, in place, and their total in chunk_sums[chunks]. */
ZKC_HD void scan_chunk_offsets(u32* chunk_sums, u64 chunks) {
    u32 run = 0;
    for (u64 t = 0; t < chunks; t++) {
        u32 v = chunk_sums[t];
        chunk_sums[t] = run;
        run += v;
    }
    chunk_sums[chunks] = run;
}
/** Stage 2c: the start of each of chunk t's ⌈counts[k]/per⌉ (into starts, and into cursors unless null). */
ZKC_HD void scan_chunk_fill(const u32* counts, u64 len, u32 per, u64 t, const u32* chunk_offsets, u32* starts,
                            u32* cursors) {
    u32 run = chunk_offsets[t];
    const u64 end = (t + 1) * SCAN_CHUNK < len ? (t + 1) * SCAN_CHUNK : len;
    for (u64 k = t * SCAN_CHUNK; k < end; k++) {
        starts[k] = run;
        if (cursors) cursors[k] = run;
        run += ceil_div(counts[k], per);
    }
}

/** Stage 3 for entry slot (w·n + i). TakeFn returns the old value of a cursor and increments it. */
template <class TakeFn>
ZKC_HD void msm_scatter(u64 slot, const u32* bucket_of, const u32* entry_of, u32* cursors, u32* sorted, TakeFn take) {
    const u32 b = bucket_of[slot];
    if (b == MSM_EMPTY) return;
    sorted[take(&cursors[b])] = entry_of[slot];
}

/** The bucket of piece j < total pieces: the last b with piece_starts[b] ≤ j (a bucket with no entries has no
 * pieces, so its start equals the next one's and it is never the last). */
ZKC_HD u32 piece_bucket(const u32* piece_starts, u64 nb, u64 j) {
    u64 lo = 0, hi = nb;  // piece_starts[lo] ≤ j < piece_starts[hi] (piece_starts[nb]: the total)
    while (hi - lo > 1) {
        const u64 mid = (lo + hi) / 2;
        if (piece_starts[mid] <= j) lo = mid;
        else hi = mid;
    }
    return (u32)lo;
}

/** Stage 4 for piece j (total: the number of pieces, chunk_sums[chunks] of the second scan): the sum of its at most
 * L points (entry i·2 + sign: ±P_i, bases in the zkey layout) into pieces[j], its bucket into bucket_of_piece[j]. */
template <class F>
ZKC_HD void msm_piece_sum(const MsmPlan& p, u64 j, const u32* total, const u32* bases, const u32* starts,
                          const u32* counts, const u32* piece_starts, const u32* sorted, u32* bucket_of_piece,
                          Jacobian<F>* pieces) {
    if (j >= *total) return;
    const u32 b = piece_bucket(piece_starts, p.total_buckets(), j);
    const u32 end = starts[b] + counts[b];
    const u32 begin = starts[b] + (u32)(j - piece_starts[b]) * p.piece_len;
    const u32 stop = begin + p.piece_len < end ? begin + p.piece_len : end;
    Jacobian<F> acc = Jacobian<F>::infinity();
    for (u32 k = begin; k < stop; k++) {
        const u32 e = sorted[k];
        Affine<F> pt = load_affine<F>(bases + (u64)(e >> 1) * PointWords<F>::n);
        acc = acc.add_mixed((e & 1) ? pt.neg() : pt);
    }
    bucket_of_piece[j] = b;
    pieces[j] = acc;
}

/** One round of pairwise sums inside a group: item j, the k-th of its group's m items, adds item j + h when 2h divides
 * k and k + h < m. In a round no item is both written and read (j + h is an odd multiple of h in its group); after the
 * rounds h = 1, 2, 4, … < m, a group's first item holds the group's sum. */
template <class F>
ZKC_HD void tree_round(Jacobian<F>* items, u64 j, u64 k, u64 m, u64 h) {
    if (k % (2 * h) == 0 && k + h < m) items[j] = items[j].add(items[j + h]);
}

/** Stage 5, round h, for piece j: the pieces of a bucket form a group. */
template <class F>
ZKC_HD void msm_piece_round(const MsmPlan& p, u64 j, u64 h, const u32* total, const u32* counts,
                            const u32* piece_starts, const u32* bucket_of_piece, Jacobian<F>* pieces) {
    if (j >= *total) return;
    const u32 b = bucket_of_piece[j];
    tree_round(pieces, j, j - piece_starts[b], ceil_div(counts[b], p.piece_len), h);
}

/** Bucket b's sum after stage 5: its first piece, or infinity when it has none. */
template <class F>
ZKC_HD Jacobian<F> bucket_sum(u64 b, const u32* counts, const u32* piece_starts, const Jacobian<F>* pieces) {
    return counts[b] ? pieces[piece_starts[b]] : Jacobian<F>::infinity();
}

/** Stage 6 for segment s of window w: Σ k·bucket_k over the segment's digits k = lo..hi, as
 * Σ (k − lo + 1)·bucket_k (running sums from the top) + (lo − 1)·Σ bucket_k. */
template <class F>
ZKC_HD Jacobian<F> msm_reduce_segment(const MsmPlan& p, u32 w, u32 s, const u32* counts, const u32* piece_starts,
                                      const Jacobian<F>* pieces) {
    const u32 len = p.segment_len();
    const u32 lo = 1 + s * len, hi = lo + len - 1;  // digits lo..hi (the segments tile the window)
    Jacobian<F> running = Jacobian<F>::infinity(), weighted = Jacobian<F>::infinity();
    for (u32 k = hi; k >= lo; k--) {
        running = running.add(bucket_sum((u64)w * p.buckets + (k - 1), counts, piece_starts, pieces));
        weighted = weighted.add(running);
    }
    return weighted.add(running.mul_small(lo - 1));
}

/** Stage 6, round h, for segment t = w·S + s: the segments of a window form a group. */
template <class F>
ZKC_HD void msm_segment_round(const MsmPlan& p, u64 t, u64 h, Jacobian<F>* segments) {
    tree_round(segments, t, t % p.segments, p.segments, h);
}

/** Stage 7 (one thread): Σ_w 2^(c·w)·window_w, with window_w in segments[w·S] after the rounds of stage 6. */
template <class F>
ZKC_HD Jacobian<F> msm_combine(const MsmPlan& p, const Jacobian<F>* segments) {
    Jacobian<F> acc = Jacobian<F>::infinity();
    for (int w = (int)p.windows - 1; w >= 0; w--) {
        for (u32 k = 0; k < p.c; k++) acc = acc.dbl();
        acc = acc.add(segments[(u64)w * p.segments]);
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
