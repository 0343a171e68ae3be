// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dsp/stft.hpp"

#include "core/base/error.hpp"
#include "core/dsp/fft.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace phaselab {

StftPlan::StftPlan(const StftParams& params, std::int64_t signalLength, std::int64_t frames, Use use)
    : params_(params.resolved()), signalLength_(signalLength), use_(use)
{
    params_.validate();
    padding_ = params_.padding();
    if (signalLength <= 0)
        throw InputError("the signal is empty: there is nothing to transform");
    if (params_.center && params_.padMode == PadMode::Reflect && signalLength <= padding_)
        throw InputError("the signal (" + std::to_string(signalLength) + " samples) is not longer than the reflect padding n_fft/2 = " +
                         std::to_string(padding_) + ": use `pad_mode` constant or a smaller `n_fft`");
    const std::int64_t frameCount = frames >= 0 ? frames : params_.frameCount(signalLength);
    if (frameCount < 1)
        throw InputError(frames >= 0 ? std::string("the spectrogram has no frames")
                                     : "the signal (" + std::to_string(signalLength) + " samples) is shorter than one frame of n_fft = " +
                                           std::to_string(params_.nFft) + ": use a smaller `n_fft` or `center`");
    if (frameCount > (1LL << 30))
        throw InputError("the signal gives more than 2^30 frames: use a larger `hop`");
    frames_ = static_cast<int>(frameCount);

    window_ = frameWindow(params_);
    nola_ = satisfiesNola(params_);
    synthesisWindow_.resize(window_.size());
    const float inverseSize = 1.0f / static_cast<float>(params_.nFft);
    for (std::size_t n = 0; n < window_.size(); ++n)
        synthesisWindow_[n] = window_[n] * inverseSize;

    if (nola_ && use_ == Use::ForwardAndInverse) {
        // Sum of squared windows over the output samples only (padded coordinates pad..pad+len).
        std::vector<double> envelope(static_cast<std::size_t>(signalLength), 0.0);
        for (int frame = 0; frame < frames_; ++frame) {
            const std::int64_t start = static_cast<std::int64_t>(frame) * params_.hop - padding_;
            for (int m = 0; m < params_.nFft; ++m) {
                const std::int64_t n = start + m;
                if (n >= 0 && n < signalLength) {
                    const double w = window_[static_cast<std::size_t>(m)];
                    envelope[static_cast<std::size_t>(n)] += w * w;
                }
            }
        }
        double peak = 0.0;
        for (double value : envelope)
            peak = std::max(peak, value);
        inverseEnvelope_.resize(envelope.size());
        for (std::size_t n = 0; n < envelope.size(); ++n)
            inverseEnvelope_[n] = envelope[n] > 1e-10 * peak ? static_cast<float>(1.0 / envelope[n]) : 0.0f;
    }
}

void StftPlan::requireInvertible() const
{
    if (use_ == Use::ForwardOnly)
        throw std::logic_error("StftPlan: the inverse of a plan made for the forward transform only");
    if (!nola_)
        throw InputError("window " + params_.window.toString() + " of " + std::to_string(params_.winLength) +
                         " samples with hop " + std::to_string(params_.hop) +
                         " violates NOLA (some samples get no window weight), so the STFT cannot be inverted: use a smaller `hop`, e.g. " +
                         std::to_string(std::max(1, params_.winLength / 4)));
}

void StftPlan::forward(const float* signal, ComplexMatrix& out, WorkerPool& pool, const JobControl& control) const
{
    control.report(0.0, "STFT"); // the allocation below takes a while for long signals
    if (out.bins != bins() || out.frames != frames_)
        out = ComplexMatrix(bins(), frames_);
    // Every block checks the flag every kCheckFrames frames. Block 0 runs on the calling thread
    // (where progress must be reported), starts at frame 0 and is as long as the others to one
    // frame, so its share done stands for the job's.
    constexpr int kCheckFrames = 256;
    const double firstBlockFrames =
        static_cast<double>(std::max<std::size_t>(1, WorkerPool::blockStart(static_cast<std::size_t>(frames_), pool.threadCount(), 1)));
    forwardImpl(signal, pool, [&](int block, int frame, const float* windowed, RealFft& fft) {
        fft.forward(windowed, out.frame(frame));
        if (frame % kCheckFrames == kCheckFrames - 1) {
            control.checkCancelled();
            if (block == 0)
                control.report(std::min(1.0, (frame + 1) / firstBlockFrames), "STFT");
        }
    });
    control.checkCancelled();
    control.report(1.0, "STFT");
}

void StftPlan::forwardFrames(const float* signal, const FrameConsumer& consume, WorkerPool& pool) const
{
    std::vector<std::vector<std::complex<float>>> scratch(static_cast<std::size_t>(pool.threadCount()));
    for (auto& buffer : scratch)
        buffer.resize(static_cast<std::size_t>(bins()));
    forwardImpl(signal, pool, [&](int block, int frame, const float* windowed, RealFft& fft) {
        std::complex<float>* coefficients = scratch[static_cast<std::size_t>(block)].data();
        fft.forward(windowed, coefficients);
        consume(block, frame, coefficients);
    });
}

template <class Consume>
void StftPlan::forwardImpl(const float* signal, WorkerPool& pool, const Consume& consume) const
{
    const int nFft = params_.nFft;
    const int hop = params_.hop;
    const int windowBegin = params_.winOffset;
    const int windowEnd = params_.winOffset + params_.winLength;
    const std::int64_t length = signalLength_;
    const bool reflect = params_.padMode == PadMode::Reflect;

    pool.forEachBlock(static_cast<std::size_t>(frames_), [&](int block, std::size_t begin, std::size_t end) {
        if (begin == end)
            return;
        RealFft& fft = threadLocalRealFft(nFft);
        std::vector<float> frame(static_cast<std::size_t>(nFft), 0.0f);
        for (std::size_t t = begin; t < end; ++t) {
            const std::int64_t start = static_cast<std::int64_t>(t) * hop - padding_;
            const bool interior = start + windowBegin >= 0 && start + windowEnd <= length;
            if (interior) {
                const float* source = signal + start;
                for (int m = windowBegin; m < windowEnd; ++m)
                    frame[static_cast<std::size_t>(m)] = source[m] * window_[static_cast<std::size_t>(m)];
            } else {
                for (int m = windowBegin; m < windowEnd; ++m) {
                    std::int64_t n = start + m;
                    float value = 0.0f;
                    if (n >= 0 && n < length) {
                        value = signal[n];
                    } else if (reflect && params_.center) {
                        // torch's reflect: mirror about the edge sample without repeating it.
                        n = n < 0 ? -n : 2 * (length - 1) - n;
                        if (n >= 0 && n < length)
                            value = signal[n];
                    }
                    frame[static_cast<std::size_t>(m)] = value * window_[static_cast<std::size_t>(m)];
                }
            }
            consume(block, static_cast<int>(t), frame.data(), fft);
        }
    });
}

void StftPlan::inverse(const ComplexMatrix& in, float* signal, WorkerPool& pool) const
{
    requireInvertible();
    if (in.bins != bins() || in.frames != frames_)
        throw InputError("spectrogram of " + std::to_string(in.bins) + " x " + std::to_string(in.frames) +
                         " does not match the transform's " + std::to_string(bins()) + " x " + std::to_string(frames_));
    inverseImpl(signal, pool, [&](int frame, RealFft& fft, float* out, std::complex<float>*) {
        fft.inverse(in.frame(frame), out);
    });
}

void StftPlan::inverseFrames(const FrameProducer& produce, float* signal, WorkerPool& pool) const
{
    requireInvertible();
    inverseImpl(signal, pool, [&](int frame, RealFft& fft, float* out, std::complex<float>* scratch) {
        produce(frame, scratch);
        fft.inverse(scratch, out);
    });
}

template <class Produce>
void StftPlan::inverseImpl(float* signal, WorkerPool& pool, const Produce& produce) const
{
    const int nFft = params_.nFft;
    const int hop = params_.hop;
    const int windowBegin = params_.winOffset;
    const int windowEnd = params_.winOffset + params_.winLength;

    // Each block owns a contiguous range of output samples and overlap-adds every frame touching
    // it, so no two threads write the same sample and the sum order is fixed.
    pool.forEachBlock(static_cast<std::size_t>(signalLength_), [&](int, std::size_t begin, std::size_t end) {
        if (begin == end)
            return;
        RealFft& fft = threadLocalRealFft(nFft);
        std::vector<float> frame(static_cast<std::size_t>(nFft));
        std::vector<std::complex<float>> coefficients(static_cast<std::size_t>(bins()));
        const std::int64_t outBegin = static_cast<std::int64_t>(begin);
        const std::int64_t outEnd = static_cast<std::int64_t>(end);
        std::fill(signal + outBegin, signal + outEnd, 0.0f);
        // Frame t covers output samples [t*hop - pad + windowBegin, t*hop - pad + windowEnd).
        const std::int64_t firstFrame =
            std::max<std::int64_t>(0, (outBegin + padding_ - windowEnd) / hop);
        const std::int64_t lastFrame =
            std::min<std::int64_t>(frames_ - 1, (outEnd - 1 + padding_ - windowBegin) / hop);
        for (std::int64_t t = firstFrame; t <= lastFrame; ++t) {
            const std::int64_t start = t * hop - padding_;
            const std::int64_t from = std::max(outBegin, start + windowBegin);
            const std::int64_t to = std::min(outEnd, start + windowEnd);
            if (from >= to)
                continue;
            produce(static_cast<int>(t), fft, frame.data(), coefficients.data());
            for (std::int64_t n = from; n < to; ++n)
                signal[n] += frame[static_cast<std::size_t>(n - start)] * synthesisWindow_[static_cast<std::size_t>(n - start)];
        }
        for (std::int64_t n = outBegin; n < outEnd; ++n)
            signal[n] *= inverseEnvelope_[static_cast<std::size_t>(n)];
    });
}

Spectrogram stft(const Signal& signal, const StftParams& params, WorkerPool& pool, const JobControl& control)
{
    StftPlan plan(params, signal.length(), -1, StftPlan::Use::ForwardOnly);
    Spectrogram result;
    result.params = plan.params();
    result.sampleRate = signal.sampleRate;
    result.signalLength = signal.length();
    plan.forward(signal.samples.data(), result.coefficients, pool, control);
    return result;
}

Signal istft(const Spectrogram& spectrogram, WorkerPool& pool, std::int64_t length)
{
    if (length < 0)
        length = spectrogram.signalLength > 0 ? spectrogram.signalLength
                                              : spectrogram.params.defaultSignalLength(spectrogram.frames());
    const StftParams params = spectrogram.params.resolved();
    if (length <= 0)
        throw InputError("the spectrogram has no frames to invert");
    StftPlan plan(params, length, spectrogram.frames());
    Signal result;
    result.sampleRate = spectrogram.sampleRate;
    result.samples.resize(static_cast<std::size_t>(length));
    plan.inverse(spectrogram.coefficients, result.samples.data(), pool);
    return result;
}

} // namespace phaselab
