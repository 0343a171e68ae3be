// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dsp/fft.hpp"

#include "core/base/error.hpp"
#include "core/dsp/aligned_buffer.hpp"

#include <kissfft/kiss_fft.h>
#include <kissfft/kiss_fftr.h>
#ifdef PHASELAB_HAVE_FFTW
#include <fftw3.h>
#endif

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <utility>

namespace phaselab {

struct RealFft::Plans {
    virtual ~Plans() = default;
    virtual void forward(const float* input, std::complex<float>* output) = 0;
    virtual void inverse(const std::complex<float>* input, float* output) = 0;
    virtual std::complex<float>* inverseBuffer() = 0;
    virtual void inverseOfBuffer(float* output) = 0;
};

namespace {

static_assert(sizeof(kiss_fft_cpx) == sizeof(std::complex<float>),
              "kiss_fft_cpx and std::complex<float> must share a layout");

class KissPlans final : public RealFft::Plans {
public:
    explicit KissPlans(int size) : size_(size)
    {
        if (size % 2 == 0) {
            realForward_ = kiss_fftr_alloc(size, 0, nullptr, nullptr);
            realInverse_ = kiss_fftr_alloc(size, 1, nullptr, nullptr);
            if (!realForward_ || !realInverse_)
                throw Error("KissFFT could not plan a real FFT of length " + std::to_string(size));
        } else {
            complexForward_ = kiss_fft_alloc(size, 0, nullptr, nullptr);
            complexInverse_ = kiss_fft_alloc(size, 1, nullptr, nullptr);
            if (!complexForward_ || !complexInverse_)
                throw Error("KissFFT could not plan an FFT of length " + std::to_string(size));
            scratchIn_.resize(static_cast<std::size_t>(size));
            scratchOut_.resize(static_cast<std::size_t>(size));
        }
        buffer_.resize(static_cast<std::size_t>(size / 2 + 1));
    }
    ~KissPlans() override
    {
        kiss_fftr_free(realForward_);
        kiss_fftr_free(realInverse_);
        kiss_fft_free(complexForward_);
        kiss_fft_free(complexInverse_);
    }
    KissPlans(const KissPlans&) = delete;
    KissPlans& operator=(const KissPlans&) = delete;

    void forward(const float* input, std::complex<float>* output) override
    {
        auto* out = reinterpret_cast<kiss_fft_cpx*>(output);
        if (realForward_) {
            kiss_fftr(realForward_, input, out);
            return;
        }
        for (int n = 0; n < size_; ++n)
            scratchIn_[static_cast<std::size_t>(n)] = {input[n], 0.0f};
        kiss_fft(complexForward_, scratchIn_.data(), scratchOut_.data());
        for (int k = 0; k < size_ / 2 + 1; ++k)
            out[k] = scratchOut_[static_cast<std::size_t>(k)];
    }

    void inverse(const std::complex<float>* input, float* output) override
    {
        const auto* in = reinterpret_cast<const kiss_fft_cpx*>(input);
        if (realInverse_) {
            kiss_fftri(realInverse_, in, output);
            return;
        }
        // Odd size: rebuild the Hermitian spectrum (DC imaginary part dropped, as irfft does).
        auto& full = scratchIn_;
        full[0] = {in[0].r, 0.0f};
        for (int k = 1; k < size_ / 2 + 1; ++k) {
            full[static_cast<std::size_t>(k)] = in[k];
            full[static_cast<std::size_t>(size_ - k)] = {in[k].r, -in[k].i};
        }
        kiss_fft(complexInverse_, full.data(), scratchOut_.data());
        for (int n = 0; n < size_; ++n)
            output[n] = scratchOut_[static_cast<std::size_t>(n)].r;
    }

    std::complex<float>* inverseBuffer() override { return buffer_.data(); }
    void inverseOfBuffer(float* output) override { inverse(buffer_.data(), output); }

private:
    int size_;
    kiss_fftr_cfg realForward_ = nullptr;
    kiss_fftr_cfg realInverse_ = nullptr;
    kiss_fft_cfg complexForward_ = nullptr; // odd sizes only
    kiss_fft_cfg complexInverse_ = nullptr;
    std::vector<kiss_fft_cpx> scratchIn_, scratchOut_;
    AlignedVector<std::complex<float>> buffer_;
};

#ifdef PHASELAB_HAVE_FFTW
static_assert(sizeof(fftwf_complex) == sizeof(std::complex<float>),
              "fftwf_complex and std::complex<float> must share a layout");

/// FFTW's planner (and fftwf_destroy_plan) is not thread-safe; fftwf_execute* is. Never destroyed:
/// thread-local plans are freed at thread exit, which may come after static destructors ran.
std::mutex& fftwPlannerMutex()
{
    static auto* mutex = new std::mutex;
    return *mutex;
}

/// Plans made on buffers from fftwf_malloc (SIMD-aligned). Callers' arrays are used directly when
/// they share that alignment (fftwf_execute_dft_* requires it), else go through the plan's buffers.
/// c2r overwrites its input, so the inverse runs on the plan's spectrum buffer: inverse() copies
/// into it, inverseOfBuffer() takes what the caller wrote there.
class FftwPlans final : public RealFft::Plans {
public:
    explicit FftwPlans(int size) : size_(size), bins_(size / 2 + 1)
    {
        real_ = fftwf_alloc_real(static_cast<std::size_t>(size));
        spectrum_ = fftwf_alloc_complex(static_cast<std::size_t>(bins_));
        if (!real_ || !spectrum_) {
            release();
            throw Error("FFTW could not allocate buffers for an FFT of length " + std::to_string(size));
        }
        {
            const std::lock_guard lock(fftwPlannerMutex());
            forward_ = fftwf_plan_dft_r2c_1d(size, real_, spectrum_, FFTW_ESTIMATE);
            inverse_ = fftwf_plan_dft_c2r_1d(size, spectrum_, real_, FFTW_ESTIMATE);
        }
        if (!forward_ || !inverse_) {
            release();
            throw Error("FFTW could not plan an FFT of length " + std::to_string(size));
        }
    }
    ~FftwPlans() override { release(); }
    FftwPlans(const FftwPlans&) = delete;
    FftwPlans& operator=(const FftwPlans&) = delete;

    void forward(const float* input, std::complex<float>* output) override
    {
        auto* out = reinterpret_cast<fftwf_complex*>(output);
        // r2c leaves its input alone, so a const input may be handed over as it is.
        auto* in = const_cast<float*>(input);
        const bool inAligned = fftwf_alignment_of(in) == 0, outAligned = fftwf_alignment_of(reinterpret_cast<float*>(out)) == 0;
        if (!inAligned)
            std::memcpy(real_, input, sizeof(float) * static_cast<std::size_t>(size_));
        fftwf_execute_dft_r2c(forward_, inAligned ? in : real_, outAligned ? out : spectrum_);
        if (!outAligned)
            std::memcpy(out, spectrum_, sizeof(fftwf_complex) * static_cast<std::size_t>(bins_));
    }

    void inverse(const std::complex<float>* input, float* output) override
    {
        std::memcpy(spectrum_, input, sizeof(fftwf_complex) * static_cast<std::size_t>(bins_));
        inverseOfBuffer(output);
    }

    std::complex<float>* inverseBuffer() override { return reinterpret_cast<std::complex<float>*>(spectrum_); }

    void inverseOfBuffer(float* output) override
    {
        const bool outAligned = fftwf_alignment_of(output) == 0;
        fftwf_execute_dft_c2r(inverse_, spectrum_, outAligned ? output : real_);
        if (!outAligned)
            std::memcpy(output, real_, sizeof(float) * static_cast<std::size_t>(size_));
    }

private:
    void release()
    {
        {
            const std::lock_guard lock(fftwPlannerMutex());
            if (forward_)
                fftwf_destroy_plan(forward_);
            if (inverse_)
                fftwf_destroy_plan(inverse_);
        }
        fftwf_free(real_);
        fftwf_free(spectrum_);
        forward_ = inverse_ = nullptr;
        real_ = nullptr;
        spectrum_ = nullptr;
    }

    int size_, bins_;
    float* real_ = nullptr;
    fftwf_complex* spectrum_ = nullptr;
    fftwf_plan forward_ = nullptr;
    fftwf_plan inverse_ = nullptr;
};
#endif

constexpr int backendUnset = -1;
std::atomic<int> selectedBackend{backendUnset};

FftBackend defaultBackend()
{
    if (const char* fromEnvironment = std::getenv("PHASELAB_FFT_BACKEND"); fromEnvironment && *fromEnvironment) {
        try {
            return parseFftBackend(fromEnvironment);
        } catch (const InputError& error) {
            throw InputError(std::string("PHASELAB_FFT_BACKEND: ") + error.what());
        }
    }
    return fftBackendAvailable(FftBackend::Fftw) ? FftBackend::Fftw : FftBackend::Kiss;
}

} // namespace

bool fftBackendAvailable(FftBackend backend)
{
#ifdef PHASELAB_HAVE_FFTW
    return backend == FftBackend::Fftw || backend == FftBackend::Kiss;
#else
    return backend == FftBackend::Kiss;
#endif
}

std::string fftBackendName(FftBackend backend)
{
    return backend == FftBackend::Fftw ? "fftw" : "kiss";
}

FftBackend parseFftBackend(std::string_view name)
{
    FftBackend backend;
    if (name == "fftw")
        backend = FftBackend::Fftw;
    else if (name == "kiss")
        backend = FftBackend::Kiss;
    else
        throw InputError("unknown FFT backend \"" + std::string(name) + "\": use fftw or kiss");
    if (!fftBackendAvailable(backend))
        throw InputError("this build of PhaseLab has no FFTW backend (configured without PHASELAB_FFTW or "
                         "libfftw3-dev): use `fft_backend` kiss");
    return backend;
}

void setFftBackend(FftBackend backend)
{
    if (!fftBackendAvailable(backend))
        throw InputError("the FFT backend " + fftBackendName(backend) + " is not in this build");
    selectedBackend.store(static_cast<int>(backend));
}

FftBackend fftBackend()
{
    const int selected = selectedBackend.load();
    if (selected != backendUnset)
        return static_cast<FftBackend>(selected);
    const FftBackend resolved = defaultBackend();
    int expected = backendUnset;
    // A setFftBackend() that came first wins over the environment.
    selectedBackend.compare_exchange_strong(expected, static_cast<int>(resolved));
    return static_cast<FftBackend>(selectedBackend.load());
}

RealFft::RealFft(int size) : RealFft(size, fftBackend()) {}

RealFft::RealFft(int size, FftBackend backend) : size_(size), backend_(backend)
{
    if (size < 2)
        throw InputError("FFT length " + std::to_string(size) + " is too small: use at least 2");
    if (!fftBackendAvailable(backend))
        throw InputError("the FFT backend " + fftBackendName(backend) + " is not in this build");
#ifdef PHASELAB_HAVE_FFTW
    if (backend == FftBackend::Fftw) {
        plans_ = std::make_unique<FftwPlans>(size);
        return;
    }
#endif
    plans_ = std::make_unique<KissPlans>(size);
}

RealFft::~RealFft() = default;

void RealFft::forward(const float* input, std::complex<float>* output)
{
    plans_->forward(input, output);
}

void RealFft::inverse(const std::complex<float>* input, float* output)
{
    plans_->inverse(input, output);
}

std::complex<float>* RealFft::inverseBuffer()
{
    return plans_->inverseBuffer();
}

void RealFft::inverseOfBuffer(float* output)
{
    plans_->inverseOfBuffer(output);
}

RealFft& threadLocalRealFft(int size)
{
    thread_local std::map<std::pair<int, FftBackend>, std::unique_ptr<RealFft>> plans;
    const FftBackend backend = fftBackend();
    auto& plan = plans[{size, backend}];
    if (!plan)
        plan = std::make_unique<RealFft>(size, backend);
    return *plan;
}

} // namespace phaselab
