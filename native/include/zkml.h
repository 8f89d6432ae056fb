/*
 * libzkml: the native CPU kernels of the zkml Groth16 prover (BN254), behind a C ABI.
 *
 * ENCODING (every byte buffer below; the layouts of snarkjs's .zkey and .wtns files, so that the memory-mapped
 * key sections and witness values can be passed as they are; no alignment is required):
 *   - field element of F_p (point coordinates): 32 bytes little-endian, Montgomery form a·2^256 mod p;
 *   - G1 point, affine: x ‖ y, 64 bytes; G2 point, affine: x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1, 128 bytes
 *     (F_p² = F_p[u]/(u² + 1), x = x.c0 + x.c1·u); all zeros is the point at infinity;
 *   - scalar: 32 bytes little-endian, the plain value (not Montgomery), below r (.wtns values);
 *   - F_r vector of the NTT: 32 bytes little-endian Montgomery (a·2^256 mod r) per element, natural order;
 *   - coefficient record of the key (.zkey section 4 after its count), 44 bytes: matrix (u32 LE, 0 = A,
 *     1 = B), constraint (u32 LE), signal (u32 LE), value (32 bytes LE, c·2^512 mod r for the coefficient c).
 * The NTT of size 2^k uses snarkjs's root of unity ω_k = 5^((r−1)/2^k): x̂_j = Σ_i x_i·ω_k^(ij).
 *
 * ERRORS: every function returns ZKML_OK or an error code and, for an error, writes a NUL-terminated message
 * (truncated to msg_len bytes) into msg when msg is not NULL. No C++ exception leaves this library.
 *
 * THREADS: the entry points share one pool of worker threads (one per hardware thread), unless a prover context
 * is opened with a number of threads of its own. Calls may come from several threads (serialised per pool).
 * Progress callbacks are made only on the thread that called zkml_prover_prove.
 *
 * INSTRUCTION SETS: the arithmetic is compiled three times: for baseline x86-64, with BMI2/ADX (mulx), and with
 * BMI2/ADX plus AVX-512 IFMA (the MSMs' batched affine additions eight at a time); the library picks the fastest the
 * CPU has at load time (cpuid), so it runs on any x86-64. The environment variable ZKML_KERNELS=generic|bmi2_adx
 * forces a slower variant; ZKML_MSM_WINDOW=c fixes the MSM window width (tuning);
 * ZKML_TRACE=1 prints the time of each proof stage on standard error.
 */
#ifndef ZKML_H
#define ZKML_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ZKML_API __attribute__((visibility("default")))

#define ZKML_OK 0
/** An argument or input is invalid (sizes, a value not below its modulus, a record out of range): msg says what and where. */
#define ZKML_EINVAL 1
/** The cancel flag was set or the progress callback returned non-zero. */
#define ZKML_ECANCELLED 2
/** Out of memory. */
#define ZKML_ENOMEM 3
/** A bug: msg says what. */
#define ZKML_EINTERNAL 4

/** The library's version and the kernels in use, e.g. "zkml-native 0.1.0 (kernels: bmi2_adx)". Static. */
ZKML_API const char* zkml_version(void);

/** The name of the kernel variant in use: "avx512ifma", "bmi2_adx" or "generic". Static. */
ZKML_API const char* zkml_kernels(void);

/**
 * Σ k_i·P_i over n G1 bases (64 bytes each) and n scalars; the result, affine, into out (64 bytes).
 * The bases are not checked to lie on the curve (a prover context's caller checks its key once).
 */
ZKML_API int zkml_msm_g1(const uint8_t* bases, const uint8_t* scalars, uint64_t n, uint8_t* out, char* msg, size_t msg_len);

/** As zkml_msm_g1 in G2: bases of 128 bytes, out 128 bytes. */
ZKML_API int zkml_msm_g2(const uint8_t* bases, const uint8_t* scalars, uint64_t n, uint8_t* out, char* msg, size_t msg_len);

/**
 * Checks n points (group 1: G1, 64 bytes each; group 2: G2, 128 bytes each): *first_invalid ← the index of the first
 * point with a coordinate not below p or not on its curve (G1: y² = x³ + 3; G2: the twist y² = x³ + 3/(9 + u);
 * infinity passes), or −1 if all are valid. G2 subgroup membership is not checked.
 */
ZKML_API int zkml_first_invalid_point(const uint8_t* points, uint64_t n, int32_t group, int64_t* first_invalid, char* msg,
                                      size_t msg_len);

/**
 * The NTT of 2^log2n F_r elements in place (log2n ≤ 28). Forward (inverse = 0): with a shift g (a scalar, or
 * NULL for 1) x_i ← x_i·g^i first — the evaluations on the coset g·⟨ω⟩. Inverse (inverse ≠ 0): the inverse
 * transform with the 1/n factor, then x_i ← x_i·g^(−i) — the inverse of the forward one with the same shift.
 */
ZKML_API int zkml_ntt(uint8_t* values, uint32_t log2n, int32_t inverse, const uint8_t* shift, char* msg, size_t msg_len);

/** A Groth16 proving key opened for proving: the caller's key memory, checked once, and a pool of threads. */
typedef struct zkml_prover zkml_prover;

/** Told the stage ("qap", "ntt", "msm A", "msm B1", "msm B2", "msm C", "msm H", "done") and the fraction of the whole
 * proof done (non-decreasing, 0 to 1); a non-zero return cancels the proof. */
typedef int (*zkml_progress_fn)(const char* stage, double fraction, void* user);

/**
 * Opens a proving key over the caller's memory, which must stay valid and unchanged until zkml_prover_close:
 * fixed_points = α₁ (G1) ‖ β₁ (G1) ‖ β₂ (G2) ‖ δ₁ (G1) ‖ δ₂ (G2), 448 bytes (copied); coefficients: n_coefficients
 * records; points_a, points_b1 (G1) and points_b2 (G2): n_vars points; points_c: n_vars − n_public − 1 points (the
 * private wires); points_h: domain_size points. Checks the sizes and every coefficient record (matrix, constraint
 * below domain_size, signal below n_vars, value below r); not the points (the caller checks them once).
 * threads = 0: the shared pool (one thread per hardware thread); else a pool of that many threads of its own.
 */
ZKML_API int zkml_prover_open(uint32_t n_vars, uint32_t n_public, uint32_t domain_size, const uint8_t* fixed_points,
                     uint64_t n_coefficients, const uint8_t* coefficients, const uint8_t* points_a,
                     const uint8_t* points_b1, const uint8_t* points_b2, const uint8_t* points_c,
                     const uint8_t* points_h, uint32_t threads, zkml_prover** out, char* msg, size_t msg_len);

/**
 * A Groth16 proof (snarkjs's and rapidsnark's construction) of n_witness = n_vars scalars for the blinding scalars
 * r and s (32 bytes each, plain, below r): π_A (G1) ‖ π_B (G2) ‖ π_C (G1), 256 bytes, affine, into proof_out. Not
 * verified here. progress may be NULL; cancel (may be NULL) is polled: non-zero ends the call with
 * ZKML_ECANCELLED soon.
 */
ZKML_API int zkml_prover_prove(zkml_prover* prover, const uint8_t* witness, uint64_t n_witness, const uint8_t* r,
                      const uint8_t* s, zkml_progress_fn progress, void* user, const volatile int32_t* cancel,
                      uint8_t* proof_out, char* msg, size_t msg_len);

/** Releases the context and its threads; NULL is ignored. */
ZKML_API void zkml_prover_close(zkml_prover* prover);

/**
 * The inverse FFT over G1 (trusted-setup ceremonies: the Lagrange basis of `ptau prepare`): for m = 2^log2m,
 * out_i = (1/m)·Σ_j ω_log2m^(−ij)·P_j for i < m (m G1 points of 64 bytes, affine, into out), where P_j are the
 * first m of the n_points points (64 bytes each; those past n_points count as the point at infinity). log2m ≤ 28.
 * The points are not checked to lie on the curve. progress (may be NULL) is told "group fft" and the fraction done;
 * cancel as in zkml_prover_prove. Runs on the shared pool.
 */
ZKML_API int zkml_group_ifft_g1(const uint8_t* points, uint64_t n_points, uint32_t log2m, uint8_t* out,
                                zkml_progress_fn progress, void* user, const volatile int32_t* cancel, char* msg,
                                size_t msg_len);

/** As zkml_group_ifft_g1 in G2: points and out of 128 bytes each. */
ZKML_API int zkml_group_ifft_g2(const uint8_t* points, uint64_t n_points, uint32_t log2m, uint8_t* out,
                                zkml_progress_fn progress, void* user, const volatile int32_t* cancel, char* msg,
                                size_t msg_len);

/**
 * out_i = k_i·P_i for i < n (trusted-setup contributions: every power times its own factor): n G1 points of 64 bytes
 * (affine; the point at infinity as zeros) and n scalars of 32 bytes (plain little-endian values, each below r, else
 * ZKML_EINVAL naming the first that is not); n affine points into out. The points are not checked to lie on the
 * curve. progress and cancel as in zkml_group_ifft_g1. Runs on the shared pool.
 */
ZKML_API int zkml_mul_each_g1(const uint8_t* points, const uint8_t* scalars, uint64_t n, uint8_t* out,
                              zkml_progress_fn progress, void* user, const volatile int32_t* cancel, char* msg,
                              size_t msg_len);

/** As zkml_mul_each_g1 in G2: points and out of 128 bytes each. */
ZKML_API int zkml_mul_each_g2(const uint8_t* points, const uint8_t* scalars, uint64_t n, uint8_t* out,
                              zkml_progress_fn progress, void* user, const volatile int32_t* cancel, char* msg,
                              size_t msg_len);

#ifdef __cplusplus
}
#endif

#endif
