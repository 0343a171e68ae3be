// SPDX-License-Identifier: GPL-3.0-or-later
// Real-input FFT facade (single precision) over two backends: FFTW 3 (fftwf_*, the default when the
// build found it) and KissFFT (always built, the reference). The only file that includes either is fft.cpp.
// Conventions: unnormalised in both directions, as numpy/torch without norm:
//   forward  X[k] = sum_n x[n] exp(-2 pi i k n / N),  k = 0 .. N/2  (one-sided, N/2+1 values)
//   inverse  x[n] = sum_{k=0}^{N-1} X[k] exp(+2 pi i k n / N) over the Hermitian extension,
//            so inverse(forward(x)) == N * x. The imaginary parts of X[0] and (even N) X[N/2]
//            are ignored, as numpy.fft.irfft does.
// Any N >= 2 works on both backends (odd N: FFTW's r2c/c2r directly, KissFFT a complex transform).
// FFTW plans with FFTW_ESTIMATE: FFTW_MEASURE took 0.3-13 s per size to plan on the 2-core machine
// for 0-20 % faster transforms at 256-2048 and none at 4096 or odd sizes (docs/quality.md), and its
// plans (so the last bits of every result) change from run to run, which the deterministic engine
// avoids. So no wisdom is kept either.
// Backend selection is process-wide: setFftBackend(), else the environment variable
// PHASELAB_FFT_BACKEND (fftw or kiss) read at first use, else FFTW when built. It is read when a
// RealFft is made, so plans already made keep their backend.
// Arrays 64-byte aligned (aligned_buffer.hpp) go to FFTW as they are; others through a copy.
// Thread rules: a RealFft object is not thread-safe (it owns scratch buffers); use one per thread,
// e.g. through threadLocalRealFft(), which caches one plan per size and backend per thread. Making
// and freeing plans is safe from any thread (FFTW's planner runs under a lock).
#pragma once

#include <complex>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace phaselab {

enum class FftBackend { Fftw, Kiss };

/// Whether this build has the backend (KissFFT always; FFTW when configured with PHASELAB_FFTW and found).
bool fftBackendAvailable(FftBackend backend);
/// "fftw" or "kiss".
std::string fftBackendName(FftBackend backend);
/// "fftw" or "kiss"; InputError for anything else or for a backend this build lacks.
FftBackend parseFftBackend(std::string_view name);
/// The backend new plans use; InputError if it is not available in this build.
void setFftBackend(FftBackend backend);
/// The backend new plans use (resolves PHASELAB_FFT_BACKEND on first use; InputError if it is bad).
FftBackend fftBackend();

class RealFft {
public:
    /// A plan on the current fftBackend().
    explicit RealFft(int size);
    RealFft(int size, FftBackend backend);
    ~RealFft();
    RealFft(const RealFft&) = delete;
    RealFft& operator=(const RealFft&) = delete;

    int size() const { return size_; }
    int bins() const { return size_ / 2 + 1; }
    FftBackend backend() const { return backend_; }

    /// input: size() samples; output: bins() coefficients.
    void forward(const float* input, std::complex<float>* output);
    /// input: bins() coefficients; output: size() samples (unnormalised, see above).
    void inverse(const std::complex<float>* input, float* output);
    /// The plan's own spectrum buffer (bins() values, 64-byte aligned). Filling it and calling
    /// inverseOfBuffer() spares inverse() its copy of the input; the transform may destroy it.
    std::complex<float>* inverseBuffer();
    void inverseOfBuffer(float* output);

    struct Plans;

private:
    int size_;
    FftBackend backend_;
    std::unique_ptr<Plans> plans_;
};

/// This thread's cached plan of the given size on the current backend (created on first use,
/// freed at thread exit).
RealFft& threadLocalRealFft(int size);

} // namespace phaselab
