// The Groth16 prove of the CUDA backend as plain code: the sizes and device-memory plan of a key, the layout in
// which its coefficient records are uploaded (rows by constraint), the key checks, the per-thread work of the QAP
// and coset kernels, and the blinding that turns the five MSM sums into the 256-byte proof. zkml_cuda.cu runs these
// on the device in this order; host_emulation.hpp runs them on the host, and ctest compares that with libzkml's
// zkml_prover_prove byte for byte. The construction is the CPU backend's (native/src/kernels.cpp):
//   1. a = A·w, b = B·w per constraint (rows of the key), c = a∘b;
//   2. each to the coset g·⟨ω⟩: inverse NTT, the factors n⁻¹·gⁱ, forward NTT (g = ω_{2n}, or 25 for 2^28);
//   3. h = a∘b − c on the coset, plain;
//   4. MSMs A, B1 (G1), B2 (G2) over the witness, C over the private wires, H over h;
//   5. πA = α₁ + A + r·δ₁, πB = β₂ + B2 + s·δ₂, πC = C + H + s·πA + r·(β₁ + B1 + s·δ₁) − r·s·δ₁.
#pragma once
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "msm_plan.cuh"
#include "ntt_plan.cuh"

namespace zkml::cuda {

// ---- per-thread work (the kernels and the host emulation) ----

/** Row t of the stacked QAP rows (t < domain: matrix A, constraint t; else B, constraint t − domain): Σ value·w[signal]
 * over the row's records, Montgomery form (value = c·2^512 mod r times the plain witness value). */
ZKC_HD Fr qap_row(const u32* starts, const u32* signals, const Fr* values, const u32* witness, u64 t) {
    Fr acc = Fr::zero();
    for (u32 k = starts[t]; k < starts[t + 1]; k++) acc = acc + values[k] * Fr::load(witness + 8 * (u64)signals[k]);
    return acc;
}

/** abc = a ‖ b ‖ c, n each: c_i ← a_i·b_i. */
ZKC_HD void qap_product(Fr* abc, u64 n, u64 i) { abc[2 * n + i] = abc[i] * abc[n + i]; }

/** Entry i of the coset table: n⁻¹·gⁱ. */
ZKC_HD void coset_factor(Fr* table, u32 i, const Fr& n_inv, const Fr& g) { table[i] = n_inv * g.pow(i); }

/** x_i ← x_i·table_i. */
ZKC_HD void scale_by_table(Fr* x, const Fr* table, u64 i) { x[i] = x[i] * table[i]; }

/** h_i = a_i·b_i − c_i on the coset, as a plain scalar, in a's place. */
ZKC_HD void h_pointwise(Fr* abc, u64 n, u64 i) { abc[i] = (abc[i] * abc[n + i] - abc[2 * n + i]).to_plain(); }

// ---- host side: sizes, memory, key layout and checks, blinding ----

/** The prover's coset shift for a domain of 2^log2n: ω_{log2n+1}, or 5² for 2^28 (as the CPU backend). */
inline Fr prover_coset_shift(u32 log2n) { return log2n < 28 ? ntt_root(log2n + 1, false) : Fr::from_u32(25); }

constexpr u64 DEVICE_ALIGN = 256;
inline u64 align_up(u64 x) { return (x + DEVICE_ALIGN - 1) / DEVICE_ALIGN * DEVICE_ALIGN; }

/** The device buffers of one MSM (besides its bases and scalars), carved from one allocation. Two are reused once
 * the counting sort (stage 3) is done with them: cursors hold the pieces' starts (piece_starts), bucket_of the
 * pieces' buckets (bucket_of_piece; there are fewer pieces than entries). */
struct MsmBuffers {
    u32 *bucket_of, *entry_of, *sorted, *counts, *starts, *cursors, *chunk_sums;
    u32 *piece_starts, *bucket_of_piece;  // = cursors, bucket_of
    void *pieces, *segments, *result;     // Jacobian<F>[max pieces], [windows·segments], [1]
};

/** Lays out the buffers of an MSM of n points of group F from base (null: only the size) and returns their bytes. */
template <class F>
inline u64 msm_buffers(u64 n, char* base, MsmBuffers* out) {
    if (n == 0) return 0;
    const MsmPlan p = msm_plan(n);
    const u64 nb = p.total_buckets(), entries = p.entries(), chunks = (nb + SCAN_CHUNK - 1) / SCAN_CHUNK;
    u64 at = 0;
    auto take = [&](u64 bytes) {
        char* q = base ? base + at : nullptr;
        at += align_up(bytes);
        return q;
    };
    MsmBuffers b;
    b.bucket_of = (u32*)take(4 * entries);
    b.entry_of = (u32*)take(4 * entries);
    b.sorted = (u32*)take(4 * entries);
    b.counts = (u32*)take(4 * nb);
    b.starts = (u32*)take(4 * nb);
    b.cursors = (u32*)take(4 * nb);
    b.chunk_sums = (u32*)take(4 * (chunks + 1));  // and the total
    b.piece_starts = b.cursors;
    b.bucket_of_piece = b.bucket_of;
    b.pieces = take(sizeof(Jacobian<F>) * p.max_pieces());
    b.segments = take(sizeof(Jacobian<F>) * p.windows * p.segments);
    b.result = take(sizeof(Jacobian<F>));
    if (out) *out = b;
    return at;
}

/** The sizes of a key and the bytes of each device buffer of a proving context. */
struct ProveLayout {
    u32 n_vars, n_public, domain, log2n;
    u64 n_private, n_coef;
    // resident for the context's life
    u64 points_a, points_b1, points_b2, points_c, points_h;
    u64 rows;    // 2·domain + 1 row starts, then per record its signal (u32) and value (32 bytes)
    u64 tables;  // twiddles forward and inverse (n/2 each), coset factors (n)
    // the working memory of one proof (allocated with the context: a proof allocates nothing)
    u64 witness, vectors, msm;

    u64 resident() const { return points_a + points_b1 + points_b2 + points_c + points_h + rows + tables; }
    u64 scratch() const { return witness + vectors + msm; }
    u64 total() const { return resident() + scratch(); }
};

/** The layout for a key of these sizes; std::invalid_argument (the CPU backend's messages) for sizes that do not fit. */
inline ProveLayout prove_layout(u32 n_vars, u32 n_public, u32 domain, u64 n_coef) {
    if (n_vars <= n_public)
        throw std::invalid_argument("n_vars " + std::to_string(n_vars) + " must exceed n_public " + std::to_string(n_public) +
                                    " (wire 0 is the constant)");
    if (domain == 0 || (domain & (domain - 1)) != 0 || domain > (1u << 28))
        throw std::invalid_argument("domain size must be a power of two up to 2^28, got " + std::to_string(domain));
    if (n_coef >= (u64(1) << 32))
        throw std::invalid_argument("the key has " + std::to_string(n_coef) + " coefficient records; the CUDA prover takes fewer than 2^32");
    ProveLayout L;
    L.n_vars = n_vars;
    L.n_public = n_public;
    L.domain = domain;
    L.log2n = 0;
    while ((1u << L.log2n) < domain) L.log2n++;
    L.n_private = (u64)n_vars - n_public - 1;
    L.n_coef = n_coef;
    for (u64 n : {(u64)n_vars, (u64)domain}) {  // the entry index of the bucket sort is 32 bits
        if (msm_plan(n).entries() >= (u64(1) << 32))
            throw std::invalid_argument("an MSM of " + std::to_string(n) + " points is too large for the CUDA prover");
    }
    L.points_a = align_up(64ull * n_vars);
    L.points_b1 = align_up(64ull * n_vars);
    L.points_b2 = align_up(128ull * n_vars);
    L.points_c = align_up(64ull * L.n_private);
    L.points_h = align_up(64ull * domain);
    L.rows = align_up(4ull * (2ull * domain + 1)) + align_up(4ull * n_coef) + align_up(32ull * n_coef);
    L.tables = 2 * align_up(32ull * (domain / 2 > 0 ? domain / 2 : 1)) + align_up(32ull * domain);
    L.witness = align_up(32ull * n_vars);
    L.vectors = align_up(3 * 32ull * domain);
    u64 m = 0;
    for (u64 b : {msm_buffers<Fp>(n_vars, nullptr, nullptr), msm_buffers<Fp>(L.n_private, nullptr, nullptr),
                  msm_buffers<Fp>(domain, nullptr, nullptr), msm_buffers<Fp2>(n_vars, nullptr, nullptr)})
        m = b > m ? b : m;
    L.msm = m;
    return L;
}

/** Device memory kept free besides a context (the runtime's own allocations, fragmentation). */
constexpr u64 DEVICE_RESERVE = 64ull << 20;

inline std::string mib(u64 bytes) { return std::to_string((bytes + (1 << 20) - 1) >> 20) + " MiB"; }

/** Empty when a context of this layout fits in free bytes of device memory, else the message of ZKML_ENOMEM. */
inline std::string memory_verdict(const ProveLayout& L, u64 free_bytes, u64 total_bytes, const std::string& device) {
    if (L.total() + DEVICE_RESERVE <= free_bytes) return "";
    return "the proving key does not fit on " + device + ": it needs " + mib(L.total()) + " of device memory (" +
           mib(L.resident()) + " resident key and tables, " + mib(L.scratch()) + " working memory of a proof) plus " +
           mib(DEVICE_RESERVE) + " reserve, and " + mib(free_bytes) + " of " + mib(total_bytes) +
           " are free (other contexts or processes hold the rest)";
}

inline u32 u32_at(const uint8_t* p) {
    u32 v;
    std::memcpy(&v, p, 4);
    return v;
}

/** The coefficient records as rows: records of matrix m and constraint k form row m·domain + k, in file order. */
struct KeyRows {
    std::vector<u32> starts;   // 2·domain + 1
    std::vector<u32> signals;  // n_coef
    std::vector<Fr> values;    // n_coef, the records' values as they are
};

/** Checks every coefficient record as the CPU backend does (its messages). */
inline void check_records(const ProveLayout& L, const uint8_t* coef) {
    for (u64 i = 0; i < L.n_coef; i++) {
        const uint8_t* rec = coef + 44 * i;
        const u32 matrix = u32_at(rec), constraint = u32_at(rec + 4), signal = u32_at(rec + 8);
        if (matrix > 1 || constraint >= L.domain || signal >= L.n_vars)
            throw std::invalid_argument("coefficient record " + std::to_string(i) + " (matrix " + std::to_string(matrix) +
                                        ", constraint " + std::to_string(constraint) + ", signal " + std::to_string(signal) +
                                        ") lies outside the key's " + std::to_string(L.domain) + " constraints and " +
                                        std::to_string(L.n_vars) + " wires");
        u32 w[8];
        std::memcpy(w, rec + 12, 32);
        if (!Fr::load(w).canonical())
            throw std::invalid_argument("coefficient record " + std::to_string(i) + ": value not below r");
    }
}

/** The checked records sorted into rows (a counting sort by row, file order within a row). */
inline KeyRows key_rows(const ProveLayout& L, const uint8_t* coef) {
    const u64 rows = 2ull * L.domain;
    KeyRows kr;
    kr.starts.assign(rows + 1, 0);
    for (u64 i = 0; i < L.n_coef; i++) kr.starts[(u64)u32_at(coef + 44 * i) * L.domain + u32_at(coef + 44 * i + 4) + 1]++;
    for (u64 t = 0; t < rows; t++) kr.starts[t + 1] += kr.starts[t];
    std::vector<u32> next(kr.starts.begin(), kr.starts.end() - 1);
    kr.signals.resize(L.n_coef);
    kr.values.resize(L.n_coef);
    for (u64 i = 0; i < L.n_coef; i++) {
        const uint8_t* rec = coef + 44 * i;
        const u32 at = next[(u64)u32_at(rec) * L.domain + u32_at(rec + 4)]++;
        kr.signals[at] = u32_at(rec + 8);
        std::memcpy(kr.values[at].v, rec + 12, 32);
    }
    return kr;
}

/** The twiddle tables (ω^j and ω^−j, j < n/2) and the coset factors n⁻¹·gⁱ, by the per-thread functions. */
struct NttTables {
    Fr omega, omega_inv, n_inv, shift;
    u32 half;  // table entries of each direction (at least 1)
};
inline NttTables ntt_tables(const ProveLayout& L) {
    NttTables t;
    t.omega = ntt_root(L.log2n, false);
    t.omega_inv = ntt_root(L.log2n, true);
    t.n_inv = Fr::from_u32(L.domain).inverse();
    t.shift = prover_coset_shift(L.log2n);
    t.half = L.domain / 2 > 0 ? L.domain / 2 : 1;
    return t;
}

/** The fixed points α₁ ‖ β₁ ‖ β₂ ‖ δ₁ ‖ δ₂ (448 bytes), checked as the CPU backend checks them. */
struct FixedPoints {
    G1Affine alpha1, beta1, delta1;
    G2Affine beta2, delta2;
};

inline bool on_curve(const G1Affine& p) {
    return p.is_infinity() || p.y.sqr() == p.x.sqr() * p.x + Fp::from_u32(3);
}
inline bool on_curve(const G2Affine& p) {
    const Fp2 b = Fp2{Fp::from_u32(3), Fp::zero()} * Fp2{Fp::from_u32(9), Fp::one()}.inverse();  // 3/(9 + u)
    return p.is_infinity() || p.y.sqr() == p.x.sqr() * p.x + b;
}

template <class F>
inline Affine<F> affine_at(const uint8_t* bytes) {
    u32 w[PointWords<F>::n];
    std::memcpy(w, bytes, sizeof w);
    return load_affine<F>(w);
}

inline FixedPoints fixed_points(const uint8_t* f) {
    FixedPoints x{affine_at<Fp>(f), affine_at<Fp>(f + 64), affine_at<Fp>(f + 256), affine_at<Fp2>(f + 128),
                  affine_at<Fp2>(f + 320)};
    const char* names[] = {"alpha1", "beta1", "delta1"};
    const G1Affine* g1[] = {&x.alpha1, &x.beta1, &x.delta1};
    for (int i = 0; i < 3; i++) {
        if (!g1[i]->x.canonical() || !g1[i]->y.canonical() || !on_curve(*g1[i]))
            throw std::invalid_argument(std::string("fixed point ") + names[i] + " is not a point of G1");
    }
    const char* names2[] = {"beta2", "delta2"};
    const G2Affine* g2[] = {&x.beta2, &x.delta2};
    for (int i = 0; i < 2; i++) {
        const G2Affine& p = *g2[i];
        if (!p.x.c0.canonical() || !p.x.c1.canonical() || !p.y.c0.canonical() || !p.y.c1.canonical() || !on_curve(p))
            throw std::invalid_argument(std::string("fixed point ") + names2[i] + " is not a point of the twist");
    }
    return x;
}

/** A plain scalar below r (r, s, the witness values), or std::invalid_argument naming it. */
inline void scalar_words(const uint8_t* bytes, u32 (&w)[8], const std::string& what) {
    std::memcpy(w, bytes, 32);
    if (!scalar_below_r(w)) throw std::invalid_argument(what + " is not below r");
}

/** The index of the first witness value not below r, or −1. */
inline int64_t first_bad_witness(const uint8_t* witness, u64 n) {
    for (u64 i = 0; i < n; i++) {
        u32 w[8];
        std::memcpy(w, witness + 32 * i, 32);
        if (!scalar_below_r(w)) return (int64_t)i;
    }
    return -1;
}

/** Step 5: the proof πA ‖ πB ‖ πC (256 bytes, affine) from the MSM sums and the plain blinding scalars r, s. */
inline void groth16_proof(const FixedPoints& fx, const G1& msm_a, const G1& msm_b1, const G2& msm_b2, const G1& msm_c,
                          const G1& msm_h, const u32 (&r)[8], const u32 (&s)[8], uint8_t* proof) {
    Fr rs = (Fr::from_plain(Fr::load(r)) * Fr::from_plain(Fr::load(s))).to_plain().neg();  // −r·s, plain
    const u32(&minus_rs)[8] = rs.v;
    const G1 delta1 = G1::from_affine(fx.delta1);
    const G1 pi_a = msm_a.add(G1::from_affine(fx.alpha1)).add(delta1.mul(r));
    const G2 pi_b = msm_b2.add(G2::from_affine(fx.beta2)).add(G2::from_affine(fx.delta2).mul(s));
    const G1 pi_b1 = msm_b1.add(G1::from_affine(fx.beta1)).add(delta1.mul(s));
    const G1 pi_c = msm_c.add(msm_h).add(pi_a.mul(s)).add(pi_b1.mul(r)).add(delta1.mul(minus_rs));
    u32 w[64];
    store_affine(pi_a.to_affine(), w);
    store_affine(pi_b.to_affine(), w + 16);
    store_affine(pi_c.to_affine(), w + 48);
    std::memcpy(proof, w, 256);
}

/** Stage names and weights of the progress callback, as the CPU backend reports them (G2 ≈ 3 × G1 per point). */
struct ProveStages {
    static constexpr int COUNT = 7;
    const char* name[COUNT] = {"qap", "ntt", "msm A", "msm B1", "msm B2", "msm C", "msm H"};
    double weight[COUNT];
    double total = 0;
    explicit ProveStages(const ProveLayout& L) {
        const double n = L.domain;
        const double w[COUNT] = {0.02 * n, 0.15 * n, (double)L.n_vars, (double)L.n_vars, 3.0 * L.n_vars, (double)L.n_private, n};
        for (int i = 0; i < COUNT; i++) {
            weight[i] = w[i];
            total += w[i];
        }
    }
    /** The fraction done when stage k starts. */
    double before(int k) const {
        double b = 0;
        for (int i = 0; i < k; i++) b += weight[i];
        return b / total;
    }
    /** The fraction done when part (0 to 1) of stage k is: never past before(k + 1), which part 1 gives exactly (the
     * sum of the parts' weights may round above the stage's end, and progress must not fall back). */
    double within(int k, double part) const {
        const double end = before(k + 1);
        if (part >= 1) return end;
        const double f = before(k) + part * weight[k] / total;
        return f < end ? f : end;
    }
};

}  // namespace zkml::cuda
