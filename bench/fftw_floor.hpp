// SPDX-License-Identifier: GPL-3.0-or-later
// The FFTW floor the benchmarks compare against, as kiss_floor.hpp's for KissFFT: per frame one
// bare fftwf_execute of an r2c and one of a c2r plan (FFTW_ESTIMATE, as core/dsp/fft.cpp plans) on
// cache-resident SIMD-aligned buffers, nothing else. Only built with FFTW (PHASELAB_HAVE_FFTW).
#pragma once

#include <fftw3.h>

#include <cmath>
#include <cstddef>

namespace phaselab::bench {

/// The floor: per frame one bare r2c + c2r fftwf_execute, nothing else (owns its plans).
class FftwFloor {
public:
    FftwFloor(int nFft, int frames)
        : frames_(frames), input_(fftwf_alloc_real(static_cast<std::size_t>(nFft))),
          output_(fftwf_alloc_real(static_cast<std::size_t>(nFft))),
          spectrum_(fftwf_alloc_complex(static_cast<std::size_t>(nFft / 2 + 1))),
          forward_(fftwf_plan_dft_r2c_1d(nFft, input_, spectrum_, FFTW_ESTIMATE)),
          inverse_(fftwf_plan_dft_c2r_1d(nFft, spectrum_, output_, FFTW_ESTIMATE))
    {
        for (int n = 0; n < nFft; ++n)
            input_[n] = static_cast<float>(std::sin(0.01 * n));
    }
    ~FftwFloor()
    {
        fftwf_destroy_plan(forward_);
        fftwf_destroy_plan(inverse_);
        fftwf_free(input_);
        fftwf_free(output_);
        fftwf_free(spectrum_);
    }
    FftwFloor(const FftwFloor&) = delete;
    FftwFloor& operator=(const FftwFloor&) = delete;

    /// One pass over `frames` frames: the floor of one STFT + ISTFT pair (or one FGLA iteration).
    void run()
    {
        for (int frame = 0; frame < frames_; ++frame) {
            fftwf_execute(forward_);
            fftwf_execute(inverse_);
        }
    }

private:
    int frames_;
    float* input_;
    float* output_;
    fftwf_complex* spectrum_;
    fftwf_plan forward_, inverse_;
};

} // namespace phaselab::bench
