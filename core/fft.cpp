#include "core/fft.hpp"

#include "core/error.hpp"

#include <kissfft/kiss_fft.h>
#include <kissfft/kiss_fftr.h>

#include <string>
#include <unordered_map>

namespace phaselab {

static_assert(sizeof(kiss_fft_cpx) == sizeof(std::complex<float>),
              "kiss_fft_cpx and std::complex<float> must share a layout");

struct RealFft::Plans {
    kiss_fftr_cfg realForward = nullptr;
    kiss_fftr_cfg realInverse = nullptr;
    kiss_fft_cfg complexForward = nullptr; // odd sizes only
    kiss_fft_cfg complexInverse = nullptr;
    std::vector<kiss_fft_cpx> scratchIn, scratchOut;

    ~Plans()
    {
        kiss_fftr_free(realForward);
        kiss_fftr_free(realInverse);
        kiss_fft_free(complexForward);
        kiss_fft_free(complexInverse);
    }
};

RealFft::RealFft(int size) : size_(size), plans_(std::make_unique<Plans>())
{
    if (size < 2)
        throw InputError("FFT length " + std::to_string(size) + " is too small: use at least 2");
    if (size % 2 == 0) {
        plans_->realForward = kiss_fftr_alloc(size, 0, nullptr, nullptr);
        plans_->realInverse = kiss_fftr_alloc(size, 1, nullptr, nullptr);
        if (!plans_->realForward || !plans_->realInverse)
            throw Error("KissFFT could not plan a real FFT of length " + std::to_string(size));
    } else {
        plans_->complexForward = kiss_fft_alloc(size, 0, nullptr, nullptr);
        plans_->complexInverse = kiss_fft_alloc(size, 1, nullptr, nullptr);
        if (!plans_->complexForward || !plans_->complexInverse)
            throw Error("KissFFT could not plan an FFT of length " + std::to_string(size));
        plans_->scratchIn.resize(static_cast<std::size_t>(size));
        plans_->scratchOut.resize(static_cast<std::size_t>(size));
    }
}

RealFft::~RealFft() = default;

void RealFft::forward(const float* input, std::complex<float>* output)
{
    auto* out = reinterpret_cast<kiss_fft_cpx*>(output);
    if (plans_->realForward) {
        kiss_fftr(plans_->realForward, input, out);
        return;
    }
    for (int n = 0; n < size_; ++n)
        plans_->scratchIn[static_cast<std::size_t>(n)] = {input[n], 0.0f};
    kiss_fft(plans_->complexForward, plans_->scratchIn.data(), plans_->scratchOut.data());
    for (int k = 0; k < bins(); ++k)
        out[k] = plans_->scratchOut[static_cast<std::size_t>(k)];
}

void RealFft::inverse(const std::complex<float>* input, float* output)
{
    const auto* in = reinterpret_cast<const kiss_fft_cpx*>(input);
    if (plans_->realInverse) {
        kiss_fftri(plans_->realInverse, in, output);
        return;
    }
    // Odd size: rebuild the Hermitian spectrum (DC imaginary part dropped, as irfft does).
    auto& full = plans_->scratchIn;
    full[0] = {in[0].r, 0.0f};
    for (int k = 1; k < bins(); ++k) {
        full[static_cast<std::size_t>(k)] = in[k];
        full[static_cast<std::size_t>(size_ - k)] = {in[k].r, -in[k].i};
    }
    kiss_fft(plans_->complexInverse, full.data(), plans_->scratchOut.data());
    for (int n = 0; n < size_; ++n)
        output[n] = plans_->scratchOut[static_cast<std::size_t>(n)].r;
}

RealFft& threadLocalRealFft(int size)
{
    thread_local std::unordered_map<int, std::unique_ptr<RealFft>> plans;
    auto& plan = plans[size];
    if (!plan)
        plan = std::make_unique<RealFft>(size);
    return *plan;
}

} // namespace phaselab
