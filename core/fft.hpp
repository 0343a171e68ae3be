// Real-input FFT facade over KissFFT (single precision); the only file that includes KissFFT.
// Conventions: unnormalised in both directions, as numpy/torch without norm:
//   forward  X[k] = sum_n x[n] exp(-2 pi i k n / N),  k = 0 .. N/2  (one-sided, N/2+1 values)
//   inverse  x[n] = sum_{k=0}^{N-1} X[k] exp(+2 pi i k n / N) over the Hermitian extension,
//            so inverse(forward(x)) == N * x. The imaginary parts of X[0] and (even N) X[N/2]
//            are ignored, as numpy.fft.irfft does.
// Any N >= 2 works: even N uses kiss_fftr, odd N a complex transform.
// Thread rules: a RealFft object is not thread-safe (it owns scratch buffers); use one per thread,
// e.g. through threadLocalRealFft(), which caches one plan per size per thread.
#pragma once

#include <complex>
#include <memory>
#include <vector>

namespace phaselab {

class RealFft {
public:
    explicit RealFft(int size);
    ~RealFft();
    RealFft(const RealFft&) = delete;
    RealFft& operator=(const RealFft&) = delete;

    int size() const { return size_; }
    int bins() const { return size_ / 2 + 1; }

    /// input: size() samples; output: bins() coefficients.
    void forward(const float* input, std::complex<float>* output);
    /// input: bins() coefficients; output: size() samples (unnormalised, see above).
    void inverse(const std::complex<float>* input, float* output);

private:
    struct Plans;
    int size_;
    std::unique_ptr<Plans> plans_;
};

/// This thread's cached plan of the given size (created on first use, freed at thread exit).
RealFft& threadLocalRealFft(int size);

} // namespace phaselab
