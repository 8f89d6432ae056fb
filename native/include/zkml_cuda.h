/*
 * libzkml_cuda: the CUDA kernels of the zkml prover (BN254 MSM and NTT), a library of its own so that libzkml loads
 * on every machine; this one links the CUDA runtime statically and loads the driver (libcuda) only when called, so
 * it too loads without a GPU or a driver and answers ZKML_ENODEV with the reason.
 *
 * The byte encodings, error codes (ZKML_OK … ZKML_EINTERNAL) and message buffers are those of zkml.h; the functions
 * mirror zkml_msm_g1/g2 and zkml_ntt and give the same results. Each call uploads its inputs, runs on the current
 * device (device 0 unless the caller's thread chose another) and waits for the result: the simple, correct kernels;
 * keys resident on the device come with a proving context (not yet).
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

#ifdef __cplusplus
}
#endif

#endif
