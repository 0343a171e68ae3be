// SPDX-License-Identifier: GPL-3.0-or-later
// Per-bin kernels of the projection methods (GLA, FGLA, RAAR), fused with the spectral-convergence
// partial sum so each STFT frame is touched once while it is in cache. SSE2 (4 bins at a time,
// sums in double) where available, the same arithmetic in scalar code elsewhere and for the tail.
// On x86-64 CPUs with AVX, the kernels GLA and FGLA use run 8 bins at a time, chosen at run time
// (projection_kernels_avx.cpp): the same coefficients bit for bit, the sums in another order.
// Magnitude projection P(c) = S c / |c|; where |c| = 0 it gives S (phase 0).
// All sums returned are sum over the frame of (|X| - S)^2, in double.
#pragma once

#include <cfloat>
#include <cmath>
#include <complex>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define PHASELAB_PROJECTION_AVX 1
#else
#define PHASELAB_PROJECTION_AVX 0
#endif

namespace phaselab::kernels {

using Complex = std::complex<float>;

namespace detail {

inline void projectScalar(float re, float im, float target, float& outRe, float& outIm)
{
    const float magnitude = std::sqrt(re * re + im * im);
    if (magnitude > 0.0f) {
        const float scale = target / magnitude;
        outRe = re * scale;
        outIm = im * scale;
    } else {
        outRe = target;
        outIm = 0.0f;
    }
}

#if defined(__SSE2__)
struct Quad {
    __m128 re, im;
};

inline Quad load(const Complex* p)
{
    const float* f = reinterpret_cast<const float*>(p);
    const __m128 a = _mm_loadu_ps(f);
    const __m128 b = _mm_loadu_ps(f + 4);
    return {_mm_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0)), _mm_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1))};
}

inline void store(Complex* p, const Quad& q)
{
    float* f = reinterpret_cast<float*>(p);
    _mm_storeu_ps(f, _mm_unpacklo_ps(q.re, q.im));
    _mm_storeu_ps(f + 4, _mm_unpackhi_ps(q.re, q.im));
}

inline __m128 magnitude(const Quad& q)
{
    return _mm_sqrt_ps(_mm_add_ps(_mm_mul_ps(q.re, q.re), _mm_mul_ps(q.im, q.im)));
}

/// S q / |q|, S (phase 0) where |q| = 0.
inline Quad project(const Quad& q, __m128 target)
{
    const __m128 mag = magnitude(q);
    const __m128 nonzero = _mm_cmpgt_ps(mag, _mm_setzero_ps());
    const __m128 scale = _mm_div_ps(target, _mm_max_ps(mag, _mm_set1_ps(FLT_MIN)));
    const __m128 re = _mm_or_ps(_mm_and_ps(nonzero, _mm_mul_ps(q.re, scale)), _mm_andnot_ps(nonzero, target));
    const __m128 im = _mm_and_ps(nonzero, _mm_mul_ps(q.im, scale));
    return {re, im};
}

/// (1 + alpha) q - alpha p, with a1 = 1 + alpha and a = alpha in every lane.
inline Quad momentum(const Quad& q, const Quad& p, __m128 a1, __m128 a)
{
    return {_mm_sub_ps(_mm_mul_ps(a1, q.re), _mm_mul_ps(a, p.re)), _mm_sub_ps(_mm_mul_ps(a1, q.im), _mm_mul_ps(a, p.im))};
}

inline void addSquares(__m128d& low, __m128d& high, __m128 difference)
{
    const __m128 squared = _mm_mul_ps(difference, difference);
    low = _mm_add_pd(low, _mm_cvtps_pd(squared));
    high = _mm_add_pd(high, _mm_cvtps_pd(_mm_movehl_ps(squared, squared)));
}

inline double total(__m128d low, __m128d high)
{
    const __m128d sum = _mm_add_pd(low, high);
    return _mm_cvtsd_f64(sum) + _mm_cvtsd_f64(_mm_unpackhi_pd(sum, sum));
}
#endif

inline double projectMagnitudeSse2(const Complex* x, const float* target, Complex* out, int bins)
{
    int k = 0;
    double sum = 0.0;
#if defined(__SSE2__)
    __m128d low = _mm_setzero_pd(), high = _mm_setzero_pd();
    for (; k + 4 <= bins; k += 4) {
        const detail::Quad q = detail::load(x + k);
        const __m128 s = _mm_loadu_ps(target + k);
        detail::addSquares(low, high, _mm_sub_ps(detail::magnitude(q), s));
        detail::store(out + k, detail::project(q, s));
    }
    sum = detail::total(low, high);
#endif
    for (; k < bins; ++k) {
        const double difference = static_cast<double>(std::abs(x[k])) - target[k];
        sum += difference * difference;
        float re, im;
        detail::projectScalar(x[k].real(), x[k].imag(), target[k], re, im);
        out[k] = {re, im};
    }
    return sum;
}

inline double projectWithMomentumSse2(const Complex* x, const float* target, Complex* previous, Complex* out,
                                     float alpha, int bins)
{
    int k = 0;
    double sum = 0.0;
    const float onePlusAlpha = 1.0f + alpha;
#if defined(__SSE2__)
    __m128d low = _mm_setzero_pd(), high = _mm_setzero_pd();
    const __m128 a = _mm_set1_ps(alpha);
    const __m128 a1 = _mm_set1_ps(onePlusAlpha);
    for (; k + 4 <= bins; k += 4) {
        const detail::Quad q = detail::load(x + k);
        const detail::Quad p = detail::load(previous + k);
        const __m128 s = _mm_loadu_ps(target + k);
        detail::addSquares(low, high, _mm_sub_ps(detail::magnitude(q), s));
        const detail::Quad y = detail::momentum(q, p, a1, a);
        detail::store(previous + k, q);
        detail::store(out + k, detail::project(y, s));
    }
    sum = detail::total(low, high);
#endif
    for (; k < bins; ++k) {
        const double difference = static_cast<double>(std::abs(x[k])) - target[k];
        sum += difference * difference;
        const float yRe = onePlusAlpha * x[k].real() - alpha * previous[k].real();
        const float yIm = onePlusAlpha * x[k].imag() - alpha * previous[k].imag();
        previous[k] = x[k];
        float re, im;
        detail::projectScalar(yRe, yIm, target[k], re, im);
        out[k] = {re, im};
    }
    return sum;
}

inline double keepWithSpectralDifferenceSse2(const Complex* x, const float* target, Complex* kept, int bins)
{
    int k = 0;
    double sum = 0.0;
#if defined(__SSE2__)
    __m128d low = _mm_setzero_pd(), high = _mm_setzero_pd();
    for (; k + 4 <= bins; k += 4) {
        const Quad q = load(x + k);
        addSquares(low, high, _mm_sub_ps(magnitude(q), _mm_loadu_ps(target + k)));
        store(kept + k, q);
    }
    sum = total(low, high);
#endif
    for (; k < bins; ++k) {
        const double difference = static_cast<double>(std::abs(x[k])) - target[k];
        sum += difference * difference;
        kept[k] = x[k];
    }
    return sum;
}

inline void momentumProjectionSse2(const Complex* current, const Complex* previous, const float* target, Complex* out,
                                   float alpha, int bins)
{
    int k = 0;
    const float onePlusAlpha = 1.0f + alpha;
#if defined(__SSE2__)
    const __m128 a = _mm_set1_ps(alpha);
    const __m128 a1 = _mm_set1_ps(onePlusAlpha);
    for (; k + 4 <= bins; k += 4) {
        const Quad q = load(current + k);
        const Quad p = load(previous + k);
        const Quad y = momentum(q, p, a1, a);
        store(out + k, project(y, _mm_loadu_ps(target + k)));
    }
#endif
    for (; k < bins; ++k) {
        const float yRe = onePlusAlpha * current[k].real() - alpha * previous[k].real();
        const float yIm = onePlusAlpha * current[k].imag() - alpha * previous[k].imag();
        float re, im;
        projectScalar(yRe, yIm, target[k], re, im);
        out[k] = {re, im};
    }
}

#if PHASELAB_PROJECTION_AVX
bool avxAvailable();
double projectMagnitudeAvx(const Complex* x, const float* target, Complex* out, int bins);
double projectWithMomentumAvx(const Complex* x, const float* target, Complex* previous, Complex* out, float alpha,
                              int bins);
double keepWithSpectralDifferenceAvx(const Complex* x, const float* target, Complex* kept, int bins);
void momentumProjectionAvx(const Complex* current, const Complex* previous, const float* target, Complex* out,
                           float alpha, int bins);
#endif
} // namespace detail

/// GLA: out = P(X). Returns the spectral difference of X.
inline double projectMagnitude(const Complex* x, const float* target, Complex* out, int bins)
{
#if PHASELAB_PROJECTION_AVX
    if (detail::avxAvailable())
        return detail::projectMagnitudeAvx(x, target, out, bins);
#endif
    return detail::projectMagnitudeSse2(x, target, out, bins);
}

/// FGLA (Perraudin et al. 2013): Y = X + alpha (X - previous); previous = X; out = P(Y).
/// Returns the spectral difference of X.
inline double projectWithMomentum(const Complex* x, const float* target, Complex* previous, Complex* out,
                                  float alpha, int bins)
{
#if PHASELAB_PROJECTION_AVX
    if (detail::avxAvailable())
        return detail::projectWithMomentumAvx(x, target, previous, out, alpha, bins);
#endif
    return detail::projectWithMomentumSse2(x, target, previous, out, alpha, bins);
}

/// kept = X. Returns the spectral difference of X.
inline double keepWithSpectralDifference(const Complex* x, const float* target, Complex* kept, int bins)
{
#if PHASELAB_PROJECTION_AVX
    if (detail::avxAvailable())
        return detail::keepWithSpectralDifferenceAvx(x, target, kept, bins);
#endif
    return detail::keepWithSpectralDifferenceSse2(x, target, kept, bins);
}

/// FGLA's synthesis from its last two analyses: out = P(current + alpha (current - previous)),
/// computed as projectWithMomentum() computes it.
inline void momentumProjection(const Complex* current, const Complex* previous, const float* target, Complex* out,
                               float alpha, int bins)
{
#if PHASELAB_PROJECTION_AVX
    if (detail::avxAvailable()) {
        detail::momentumProjectionAvx(current, previous, target, out, alpha, bins);
        return;
    }
#endif
    detail::momentumProjectionSse2(current, previous, target, out, alpha, bins);
}

/// out = P(c), nothing else (the synthesis side of RAAR).
inline void projectOnly(const Complex* c, const float* target, Complex* out, int bins)
{
    int k = 0;
#if defined(__SSE2__)
    for (; k + 4 <= bins; k += 4)
        detail::store(out + k, detail::project(detail::load(c + k), _mm_loadu_ps(target + k)));
#endif
    for (; k < bins; ++k) {
        float re, im;
        detail::projectScalar(c[k].real(), c[k].imag(), target[k], re, im);
        out[k] = {re, im};
    }
}

/// out = |X| per bin (the mel measure's input), four bins at a time.
inline void magnitudes(const Complex* x, float* out, int bins)
{
    int k = 0;
#if defined(__SSE2__)
    for (; k + 4 <= bins; k += 4)
        _mm_storeu_ps(out + k, detail::magnitude(detail::load(x + k)));
#endif
    for (; k < bins; ++k)
        out[k] = std::sqrt(x[k].real() * x[k].real() + x[k].imag() * x[k].imag());
}

/// RAAR (Luke 2005) on the iterate `iterate` with W = P_C(P(iterate)) just computed and
/// `consistentIterate` = P_C(iterate) from the previous pass:
///   iterate <- beta iterate + beta (2 W - consistentIterate) + (1 - 2 beta) P(iterate)
///   consistentIterate <- W   (P_C of the new iterate, by linearity of P_C)
/// Returns the spectral difference of W.
inline double relaxedReflection(const Complex* w, const float* target, Complex* iterate, Complex* consistentIterate,
                                float beta, int bins)
{
    int k = 0;
    double sum = 0.0;
    const float rest = 1.0f - 2.0f * beta;
#if defined(__SSE2__)
    __m128d low = _mm_setzero_pd(), high = _mm_setzero_pd();
    const __m128 b = _mm_set1_ps(beta);
    const __m128 r = _mm_set1_ps(rest);
    const __m128 two = _mm_set1_ps(2.0f);
    for (; k + 4 <= bins; k += 4) {
        const detail::Quad wq = detail::load(w + k);
        const detail::Quad xq = detail::load(iterate + k);
        const detail::Quad cq = detail::load(consistentIterate + k);
        const __m128 s = _mm_loadu_ps(target + k);
        detail::addSquares(low, high, _mm_sub_ps(detail::magnitude(wq), s));
        const detail::Quad z = detail::project(xq, s);
        const __m128 re = _mm_add_ps(_mm_mul_ps(b, _mm_add_ps(xq.re, _mm_sub_ps(_mm_mul_ps(two, wq.re), cq.re))),
                                     _mm_mul_ps(r, z.re));
        const __m128 im = _mm_add_ps(_mm_mul_ps(b, _mm_add_ps(xq.im, _mm_sub_ps(_mm_mul_ps(two, wq.im), cq.im))),
                                     _mm_mul_ps(r, z.im));
        detail::store(iterate + k, {re, im});
        detail::store(consistentIterate + k, wq);
    }
    sum = detail::total(low, high);
#endif
    for (; k < bins; ++k) {
        const double difference = static_cast<double>(std::abs(w[k])) - target[k];
        sum += difference * difference;
        float zRe, zIm;
        detail::projectScalar(iterate[k].real(), iterate[k].imag(), target[k], zRe, zIm);
        const float re = beta * (iterate[k].real() + 2.0f * w[k].real() - consistentIterate[k].real()) + rest * zRe;
        const float im = beta * (iterate[k].imag() + 2.0f * w[k].imag() - consistentIterate[k].imag()) + rest * zIm;
        iterate[k] = {re, im};
        consistentIterate[k] = w[k];
    }
    return sum;
}

} // namespace phaselab::kernels
