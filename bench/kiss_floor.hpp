// SPDX-License-Identifier: GPL-3.0-or-later
// The KissFFT floor the benchmarks compare against: per frame one bare kiss_fftr and one
// kiss_fftri on a cache-resident buffer, nothing else (no windowing, no overlap-add).
#pragma once

#include <kissfft/kiss_fftr.h>

#include <cmath>
#include <cstddef>
#include <vector>

namespace phaselab::bench {

/// The floor: per frame one bare kiss_fftr + kiss_fftri, nothing else (owns its plans).
class KissFloor {
public:
    KissFloor(int nFft, int frames)
        : frames_(frames), forward_(kiss_fftr_alloc(nFft, 0, nullptr, nullptr)), inverse_(kiss_fftr_alloc(nFft, 1, nullptr, nullptr)),
          input_(static_cast<std::size_t>(nFft)), output_(static_cast<std::size_t>(nFft)), spectrum_(static_cast<std::size_t>(nFft / 2 + 1))
    {
        for (int n = 0; n < nFft; ++n)
            input_[static_cast<std::size_t>(n)] = static_cast<float>(std::sin(0.01 * n));
    }
    ~KissFloor()
    {
        kiss_fftr_free(forward_);
        kiss_fftr_free(inverse_);
    }
    KissFloor(const KissFloor&) = delete;
    KissFloor& operator=(const KissFloor&) = delete;

    /// One pass over `frames` frames: the floor of one STFT + ISTFT pair (or one FGLA iteration).
    void run()
    {
        for (int frame = 0; frame < frames_; ++frame) {
            kiss_fftr(forward_, input_.data(), spectrum_.data());
            kiss_fftri(inverse_, spectrum_.data(), output_.data());
        }
    }

private:
    int frames_;
    kiss_fftr_cfg forward_, inverse_;
    std::vector<float> input_, output_;
    std::vector<kiss_fft_cpx> spectrum_;
};

} // namespace phaselab::bench
