/*
 * libzkml_cuda: the CUDA kernels of the zkml prover (BN254 MSM and NTT), a library of its own so that libzkml loads
 * on every machine; this one links the CUDA runtime statically and loads the driver (libcuda) only when called, so
 * it too loads without a GPU or a driver and answers ZKML_ENODEV with the reason.
 *
 * The byte encodings, error codes (ZKML_OK … ZKML_EINTERNAL) and message buffers are those of zkml.h; the functions
 * mirror zkml_msm_g1/g2 and zkml_ntt and give the same results. Each of those calls uploads its inputs, runs on the
 * current device (device 0 unless the caller's thread chose another) and waits for the result: the simple, correct
 * kernels. A proving context (zkml_cuda_prover_*) keeps a key resident on one device: opened once, it uploads the
 * key's points, its coefficient records (as rows by constraint) and the NTT tables, and allocates the working memory
 * of one proof; a proof then uploads only the witness and returns the 256 bytes of zkml_prover_prove — the same
 * bytes for the same key, witness, r and s. Several contexts may share a device, as far as its memory goes.
 */
#ifndef ZKML_CUDA_H
#define ZKML_CUDA_H

#include "zkml.h"

#ifdef __cplusplus
extern "C" {
#endif

/** No usable CUDA device (no driver, no device, or a driver too old for this runtime): msg says which. */
#define ZKML_ENODEV 5
/** A CUDA call failed (msg names the call and the CUDA error); a device out of memory is ZKML_ENOMEM. */
#define ZKML_ECUDA 6

/** *count ← the number of CUDA devices; 0 with ZKML_ENODEV and the reason when there is none. */
ZKML_API int zkml_cuda_device_count(int32_t* count, char* msg, size_t msg_len);

/** The name and compute capability of device index, e.g. "NVIDIA H100 80GB HBM3 (sm_90, 79 GiB)", into name. */
ZKML_API int zkml_cuda_device_name(int32_t index, char* name, size_t name_len, char* msg, size_t msg_len);

/** As zkml_msm_g1 (scalars must be below r: ZKML_EINVAL names the first that is not), n < 2^31. */
ZKML_API int zkml_cuda_msm_g1(const uint8_t* bases, const uint8_t* scalars, uint64_t n, uint8_t* out, char* msg,
                              size_t msg_len);

/** As zkml_msm_g2. */
ZKML_API int zkml_cuda_msm_g2(const uint8_t* bases, const uint8_t* scalars, uint64_t n, uint8_t* out, char* msg,
                              size_t msg_len);

/** As zkml_ntt (log2n ≤ 28). */
ZKML_API int zkml_cuda_ntt(uint8_t* values, uint32_t log2n, int32_t inverse, const uint8_t* shift, char* msg,
                           size_t msg_len);

/** *free_bytes and *total_bytes ← the device memory of device index (free: what the device has left now). */
ZKML_API int zkml_cuda_device_memory(int32_t index, uint64_t* free_bytes, uint64_t* total_bytes, char* msg,
                                     size_t msg_len);

/** A proving key resident on one CUDA device. */
typedef struct zkml_cuda_prover zkml_cuda_prover;

/**
 * The device memory a proving context for a key of these sizes takes (no device needed): *resident_bytes for the
 * key (points, coefficient rows, NTT tables) and *working_bytes for the working memory of a proof (witness, the
 * three QAP vectors, the bucket sort and buckets of the largest MSM); zkml_cuda_prover_open needs their sum plus a
 * reserve of 64 MiB free. ZKML_EINVAL for sizes zkml_prover_open would refuse or the kernels cannot index.
 */
ZKML_API int zkml_cuda_prover_memory(uint32_t n_vars, uint32_t n_public, uint32_t domain_size, uint64_t n_coefficients,
                                     uint64_t* resident_bytes, uint64_t* working_bytes, char* msg, size_t msg_len);

/**
 * Opens a proving key on device index: the arguments and checks of zkml_prover_open (sizes, every coefficient
 * record, the fixed points; not the point sections), then — with the device's free memory checked first
 * (ZKML_ENOMEM, with what the key needs and what is free, when it does not fit) — everything uploaded; the caller's
 * memory is not used after this call returns. ZKML_ENODEV without a usable device (argument errors come first).
 */
ZKML_API int zkml_cuda_prover_open(int32_t device, uint32_t n_vars, uint32_t n_public, uint32_t domain_size,
                                   const uint8_t* fixed_points, uint64_t n_coefficients, const uint8_t* coefficients,
                                   const uint8_t* points_a, const uint8_t* points_b1, const uint8_t* points_b2,
                                   const uint8_t* points_c, const uint8_t* points_h, zkml_cuda_prover** out, char* msg,
                                   size_t msg_len);

/**
 * As zkml_prover_prove, on the device: the witness (checked below r on the host) uploaded, the QAP evaluations,
 * coset NTTs, H and the five MSMs on the device, the blinding on the host; progress is told the CPU prove's stages
 * and the cancel flag and callback are polled between the device's steps. Calls on one context are serialised.
 */
ZKML_API int zkml_cuda_prover_prove(zkml_cuda_prover* prover, const uint8_t* witness, uint64_t n_witness,
                                    const uint8_t* r, const uint8_t* s, zkml_progress_fn progress, void* user,
                                    const volatile int32_t* cancel, uint8_t* proof_out, char* msg, size_t msg_len);

/** Frees the context's device memory; NULL is ignored. */
ZKML_API void zkml_cuda_prover_close(zkml_cuda_prover* prover);

#ifdef __cplusplus
}
#endif

#endif
