// SPDX-License-Identifier: GPL-3.0-or-later
// The AVX (8 bins at a time) versions of projection_kernels.hpp's hot kernels, compiled for AVX
// through target attributes and chosen at run time, so the build stays runnable on SSE2-only
// x86-64. The per-bin arithmetic is the SSE2 kernels' (same operations in the same order, no
// FMA), so the projected coefficients are bit for bit those of the SSE2 path; only the double
// partial sums of the spectral difference are added in another order.
#include "core/algorithms/projection_kernels.hpp"

#if PHASELAB_PROJECTION_AVX
#include <immintrin.h>

namespace phaselab::kernels::detail {

namespace {

#define PHASELAB_AVX __attribute__((target("avx")))

// Eight complex values split into real and imaginary parts. The split leaves the bins in the lane
// order 0 1 4 5 | 2 3 6 7; targets are loaded in that order too and store() undoes it.
struct Oct {
    __m256 re, im;
};

PHASELAB_AVX inline Oct loadOct(const Complex* p)
{
    const float* f = reinterpret_cast<const float*>(p);
    const __m256 a = _mm256_loadu_ps(f);
    const __m256 b = _mm256_loadu_ps(f + 8);
    return {_mm256_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0)), _mm256_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1))};
}

PHASELAB_AVX inline __m256 loadTargets(const float* p)
{
    const __m256 s = _mm256_loadu_ps(p);
    const __m256 swapped = _mm256_permute2f128_ps(s, s, 1);
    const __m256 low = _mm256_shuffle_ps(s, swapped, _MM_SHUFFLE(1, 0, 1, 0));
    const __m256 high = _mm256_shuffle_ps(swapped, s, _MM_SHUFFLE(3, 2, 3, 2));
    return _mm256_blend_ps(low, high, 0xF0);
}

PHASELAB_AVX inline void storeOct(Complex* p, const Oct& q)
{
    float* f = reinterpret_cast<float*>(p);
    _mm256_storeu_ps(f, _mm256_unpacklo_ps(q.re, q.im));
    _mm256_storeu_ps(f + 8, _mm256_unpackhi_ps(q.re, q.im));
}

PHASELAB_AVX inline __m256 magnitudeOf(const Oct& q)
{
    return _mm256_sqrt_ps(_mm256_add_ps(_mm256_mul_ps(q.re, q.re), _mm256_mul_ps(q.im, q.im)));
}

PHASELAB_AVX inline Oct projectOct(const Oct& q, __m256 target)
{
    const __m256 mag = magnitudeOf(q);
    const __m256 nonzero = _mm256_cmp_ps(mag, _mm256_setzero_ps(), _CMP_GT_OQ);
    const __m256 scale = _mm256_div_ps(target, _mm256_max_ps(mag, _mm256_set1_ps(FLT_MIN)));
    const __m256 re =
        _mm256_or_ps(_mm256_and_ps(nonzero, _mm256_mul_ps(q.re, scale)), _mm256_andnot_ps(nonzero, target));
    const __m256 im = _mm256_and_ps(nonzero, _mm256_mul_ps(q.im, scale));
    return {re, im};
}

/// (1 + alpha) q - alpha p, with a1 = 1 + alpha and a = alpha in every lane.
PHASELAB_AVX inline Oct momentum(const Oct& q, const Oct& p, __m256 a1, __m256 a)
{
    return {_mm256_sub_ps(_mm256_mul_ps(a1, q.re), _mm256_mul_ps(a, p.re)),
            _mm256_sub_ps(_mm256_mul_ps(a1, q.im), _mm256_mul_ps(a, p.im))};
}

PHASELAB_AVX inline void addSquares(__m256d& low, __m256d& high, __m256 difference)
{
    const __m256 squared = _mm256_mul_ps(difference, difference);
    low = _mm256_add_pd(low, _mm256_cvtps_pd(_mm256_castps256_ps128(squared)));
    high = _mm256_add_pd(high, _mm256_cvtps_pd(_mm256_extractf128_ps(squared, 1)));
}

PHASELAB_AVX inline double total(__m256d low, __m256d high)
{
    const __m256d sum = _mm256_add_pd(low, high);
    const __m128d half = _mm_add_pd(_mm256_castpd256_pd128(sum), _mm256_extractf128_pd(sum, 1));
    return _mm_cvtsd_f64(half) + _mm_cvtsd_f64(_mm_unpackhi_pd(half, half));
}

} // namespace

bool avxAvailable()
{
    static const bool available = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx") != 0;
    }();
    return available;
}

PHASELAB_AVX double projectMagnitudeAvx(const Complex* x, const float* target, Complex* out, int bins)
{
    int k = 0;
    __m256d low = _mm256_setzero_pd(), high = _mm256_setzero_pd();
    for (; k + 8 <= bins; k += 8) {
        const Oct q = loadOct(x + k);
        const __m256 s = loadTargets(target + k);
        addSquares(low, high, _mm256_sub_ps(magnitudeOf(q), s));
        storeOct(out + k, projectOct(q, s));
    }
    return total(low, high) + projectMagnitudeSse2(x + k, target + k, out + k, bins - k);
}

PHASELAB_AVX double projectWithMomentumAvx(const Complex* x, const float* target, Complex* previous, Complex* out,
                                           float alpha, int bins)
{
    int k = 0;
    __m256d low = _mm256_setzero_pd(), high = _mm256_setzero_pd();
    const __m256 a = _mm256_set1_ps(alpha);
    const __m256 a1 = _mm256_set1_ps(1.0f + alpha);
    for (; k + 8 <= bins; k += 8) {
        const Oct q = loadOct(x + k);
        const Oct p = loadOct(previous + k);
        const __m256 s = loadTargets(target + k);
        addSquares(low, high, _mm256_sub_ps(magnitudeOf(q), s));
        const Oct y = momentum(q, p, a1, a);
        storeOct(previous + k, q);
        storeOct(out + k, projectOct(y, s));
    }
    return total(low, high) + projectWithMomentumSse2(x + k, target + k, previous + k, out + k, alpha, bins - k);
}

PHASELAB_AVX double keepWithSpectralDifferenceAvx(const Complex* x, const float* target, Complex* kept, int bins)
{
    int k = 0;
    __m256d low = _mm256_setzero_pd(), high = _mm256_setzero_pd();
    for (; k + 8 <= bins; k += 8) {
        const Oct q = loadOct(x + k);
        addSquares(low, high, _mm256_sub_ps(magnitudeOf(q), loadTargets(target + k)));
        storeOct(kept + k, q);
    }
    return total(low, high) + keepWithSpectralDifferenceSse2(x + k, target + k, kept + k, bins - k);
}

PHASELAB_AVX void momentumProjectionAvx(const Complex* current, const Complex* previous, const float* target,
                                        Complex* out, float alpha, int bins)
{
    int k = 0;
    const __m256 a = _mm256_set1_ps(alpha);
    const __m256 a1 = _mm256_set1_ps(1.0f + alpha);
    for (; k + 8 <= bins; k += 8) {
        const Oct q = loadOct(current + k);
        const Oct p = loadOct(previous + k);
        const Oct y = momentum(q, p, a1, a);
        storeOct(out + k, projectOct(y, loadTargets(target + k)));
    }
    momentumProjectionSse2(current + k, previous + k, target + k, out + k, alpha, bins - k);
}

#undef PHASELAB_AVX

} // namespace phaselab::kernels::detail
#endif
