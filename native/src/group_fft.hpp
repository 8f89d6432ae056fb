// The inverse FFT over G1 and G2 (trusted-setup ceremonies: the Lagrange bases of `ptau prepare`), one entry per
// kernel variant; api.cpp picks the variant as for the other kernels.
#pragma once
#include <cstddef>

#include "pool.hpp"

namespace zkml {

/** The group FFT of one variant: see zkml_group_ifft_g1 in zkml.h. */
using GroupIfft = void (*)(const unsigned char* points, std::size_t n_points, int log2m, unsigned char* out, Control& ctl,
                           Progress& progress);
/** The batch multiplication of one variant: see zkml_mul_each_g1 in zkml.h. */
using MulEach = void (*)(const unsigned char* points, const unsigned char* scalars, std::size_t n, unsigned char* out,
                         Control& ctl, Progress& progress);

namespace generic {
void group_ifft_g1(const unsigned char*, std::size_t, int, unsigned char*, Control&, Progress&);
void group_ifft_g2(const unsigned char*, std::size_t, int, unsigned char*, Control&, Progress&);
void mul_each_g1(const unsigned char*, const unsigned char*, std::size_t, unsigned char*, Control&, Progress&);
void mul_each_g2(const unsigned char*, const unsigned char*, std::size_t, unsigned char*, Control&, Progress&);
}  // namespace generic
namespace bmi2_adx {
void group_ifft_g1(const unsigned char*, std::size_t, int, unsigned char*, Control&, Progress&);
void group_ifft_g2(const unsigned char*, std::size_t, int, unsigned char*, Control&, Progress&);
void mul_each_g1(const unsigned char*, const unsigned char*, std::size_t, unsigned char*, Control&, Progress&);
void mul_each_g2(const unsigned char*, const unsigned char*, std::size_t, unsigned char*, Control&, Progress&);
}  // namespace bmi2_adx
namespace avx512ifma {
void group_ifft_g1(const unsigned char*, std::size_t, int, unsigned char*, Control&, Progress&);
void group_ifft_g2(const unsigned char*, std::size_t, int, unsigned char*, Control&, Progress&);
void mul_each_g1(const unsigned char*, const unsigned char*, std::size_t, unsigned char*, Control&, Progress&);
void mul_each_g2(const unsigned char*, const unsigned char*, std::size_t, unsigned char*, Control&, Progress&);
}  // namespace avx512ifma

}  // namespace zkml
