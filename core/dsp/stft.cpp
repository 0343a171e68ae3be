// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dsp/stft.hpp"

#include "core/base/error.hpp"
#include "core/dsp/aligned_buffer.hpp"
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
    std::vector<AlignedVector<std::complex<float>>> scratch(static_cast<std::size_t>(pool.threadCount()));
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
        AlignedVector<float> frame(static_cast<std::size_t>(nFft), 0.0f);
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
    inverseImpl(signal, pool, [&](int frame, RealFft& fft, float* out) { fft.inverse(in.frame(frame), out); });
}

void StftPlan::inverseFrames(const FrameProducer& produce, float* signal, WorkerPool& pool) const
{
    requireInvertible();
    inverseImpl(signal, pool, [&](int frame, RealFft& fft, float* out) {
        produce(frame, fft.inverseBuffer());
        fft.inverseOfBuffer(out);
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
        AlignedVector<float> frame(static_cast<std::size_t>(nFft));
        const std::int64_t outBegin = static_cast<std::int64_t>(begin);
        const std::int64_t outEnd = static_cast<std::int64_t>(end);
        std::fill(signal + outBegin, signal + outEnd, 0.0f);
        // Frame t covers output samples [t*hop - pad + windowBegin, t*hop - pad + windowEnd).
        const std::int64_t firstFrame =
            std::max<std::int64_t>(0, (outBegin + padding_ - windowEnd) / hop);
        const std::int64_t lastFrame =
            std::min<std::int64_t>(frames_ - 1, (outEnd - 1 + padding_ - windowBegin) / hop);
        // Samples before the next frame's first one are complete: normalise them while in cache.
        std::int64_t normalised = outBegin;
        const auto normaliseUpTo = [&](std::int64_t end) {
            for (std::int64_t n = normalised; n < end; ++n)
                signal[n] *= inverseEnvelope_[static_cast<std::size_t>(n)];
            normalised = std::max(normalised, end);
        };
        for (std::int64_t t = firstFrame; t <= lastFrame; ++t) {
            const std::int64_t start = t * hop - padding_;
            const std::int64_t from = std::max(outBegin, start + windowBegin);
            const std::int64_t to = std::min(outEnd, start + windowEnd);
            if (from < to) {
                produce(static_cast<int>(t), fft, frame.data());
                const float* samples = frame.data() - start;
                const float* weights = synthesisWindow_.data() - start;
                for (std::int64_t n = from; n < to; ++n)
                    signal[n] += samples[n] * weights[n];
            }
            normaliseUpTo(std::min(outEnd, start + hop + windowBegin));
        }
        normaliseUpTo(outEnd);
    });
}

namespace {

std::int64_t floorDivide(std::int64_t numerator, std::int64_t denominator)
{
    return numerator >= 0 ? numerator / denominator : -((-numerator + denominator - 1) / denominator);
}

} // namespace

/// A block's view of the signal while it is being synthesised: the samples it owns live in the
/// output, the margins it needs beyond them in its own buffers (other blocks own those samples).
class SignalWindow {
public:
    SignalWindow(float* signal, std::int64_t begin, std::int64_t ownBegin, std::int64_t ownEnd, std::int64_t end)
        : low_(static_cast<std::size_t>(ownBegin - begin)), high_(static_cast<std::size_t>(end - ownEnd)),
          parts_{Part{low_.data(), begin, ownBegin}, Part{signal + ownBegin, ownBegin, ownEnd},
                 Part{high_.data(), ownEnd, end}},
          begin_(begin), end_(end) {}
    SignalWindow(const SignalWindow&) = delete; // parts_ points into low_ and high_
    SignalWindow& operator=(const SignalWindow&) = delete;

    std::int64_t begin() const { return begin_; }
    std::int64_t end() const { return end_; }

    /// Calls body(values, first, last): values[0] is sample first, for the pieces of [first, last).
    template <class Body>
    void forEachPiece(std::int64_t first, std::int64_t last, const Body& body) const
    {
        for (const Part& part : parts_) {
            const std::int64_t from = std::max(first, part.begin), to = std::min(last, part.end);
            if (from < to)
                body(part.values + (from - part.begin), from, to);
        }
    }

    /// The contiguous values of [first, last) if one piece holds them all, else nullptr.
    const float* contiguous(std::int64_t first, std::int64_t last) const
    {
        for (const Part& part : parts_)
            if (first >= part.begin && last <= part.end)
                return part.values + (first - part.begin);
        return nullptr;
    }

    float at(std::int64_t n) const
    {
        for (const Part& part : parts_)
            if (n >= part.begin && n < part.end)
                return part.values[n - part.begin];
        return 0.0f;
    }

private:
    struct Part {
        float* values;
        std::int64_t begin, end;
    };
    std::vector<float> low_, high_;
    Part parts_[3];
    std::int64_t begin_, end_;
};

StftPlan::SampleRange StftPlan::samplesRead(std::int64_t t) const
{
    const std::int64_t first = t * params_.hop - padding_ + params_.winOffset;
    const std::int64_t last = first + params_.winLength;
    SampleRange range{signalLength_, 0};
    const auto include = [&](std::int64_t begin, std::int64_t end) {
        begin = std::max<std::int64_t>(begin, 0);
        end = std::min(end, signalLength_);
        if (begin < end) {
            range.begin = std::min(range.begin, begin);
            range.end = std::max(range.end, end);
        }
    };
    include(first, last);
    if (params_.center && params_.padMode == PadMode::Reflect) {
        if (first < 0) // -n for n in [first, min(last, 0))
            include(1 - std::min<std::int64_t>(last, 0), 1 - first);
        if (last > signalLength_) // 2 (length - 1) - n for n in [max(first, length), last)
            include(2 * (signalLength_ - 1) - last + 1, 2 * (signalLength_ - 1) - std::max(first, signalLength_) + 1);
    }
    return range;
}

std::int64_t StftPlan::lastFrameCovering(std::int64_t n) const
{
    return std::min<std::int64_t>(frames_ - 1, floorDivide(n + padding_ - params_.winOffset, params_.hop));
}

StftPlan::BlockLayout StftPlan::blockLayout(std::int64_t begin, std::int64_t end) const
{
    const int windowBegin = params_.winOffset;
    const int windowEnd = params_.winOffset + params_.winLength;
    const auto frameStart = [&](std::int64_t t) { return t * params_.hop - padding_; };
    const auto clampToSignal = [&](std::int64_t n) { return std::clamp<std::int64_t>(n, 0, signalLength_); };
    BlockLayout layout{};
    layout.ownBegin = begin == 0 ? 0 : clampToSignal(frameStart(begin) + windowBegin);
    layout.ownEnd = end == frames_ ? signalLength_ : clampToSignal(frameStart(end) + windowBegin);
    layout.bufferBegin = layout.ownBegin;
    layout.bufferEnd = layout.ownEnd;
    layout.lastSynthesised = std::max<std::int64_t>(end - 1, lastFrameCovering(layout.ownEnd - 1));
    for (std::int64_t t = begin; t < end; ++t) {
        const SampleRange read = samplesRead(t);
        if (read.begin >= read.end)
            continue;
        layout.bufferBegin = std::min(layout.bufferBegin, read.begin);
        layout.bufferEnd = std::max(layout.bufferEnd, read.end);
        layout.lastSynthesised = std::max(layout.lastSynthesised, lastFrameCovering(read.end - 1));
    }
    layout.lastSynthesised = std::min<std::int64_t>(layout.lastSynthesised, frames_ - 1);
    // The first frame whose window reaches past bufferBegin.
    layout.firstSynthesised = std::max<std::int64_t>(0, floorDivide(layout.bufferBegin + padding_ - windowEnd, params_.hop) + 1);
    layout.firstSynthesised = std::min(layout.firstSynthesised, begin);
    return layout;
}

void StftPlan::windowFrame(const SignalWindow& samples, std::int64_t start, float* frame) const
{
    const int windowBegin = params_.winOffset;
    const int windowEnd = params_.winOffset + params_.winLength;
    const std::int64_t length = signalLength_;
    const bool reflect = params_.center && params_.padMode == PadMode::Reflect;
    if (const float* source = samples.contiguous(start + windowBegin, start + windowEnd)) {
        for (int m = windowBegin; m < windowEnd; ++m)
            frame[m] = source[m - windowBegin] * window_[static_cast<std::size_t>(m)];
    } else {
        for (int m = windowBegin; m < windowEnd; ++m) {
            std::int64_t n = start + m;
            float value = 0.0f;
            if (n >= 0 && n < length) {
                value = samples.at(n);
            } else if (reflect) {
                n = n < 0 ? -n : 2 * (length - 1) - n;
                if (n >= 0 && n < length)
                    value = samples.at(n);
            }
            frame[m] = value * window_[static_cast<std::size_t>(m)];
        }
    }
}

void StftPlan::synthesiseAndAnalyseBlock(const FrameProducer& produce, const FrameConsumer& consume, float* signal,
                                         int block, std::int64_t b, std::int64_t e,
                                         const std::vector<AlignedVector<float>>& borrowedFrames) const
{
    const int nFft = params_.nFft;
    const int hop = params_.hop;
    const int windowBegin = params_.winOffset;
    const int windowEnd = params_.winOffset + params_.winLength;
    const auto frameStart = [&](std::int64_t t) { return t * hop - padding_; };
    const auto isBorrowed = [&](std::int64_t t) { return t < b || t >= e; };
    const BlockLayout layout = blockLayout(b, e);
    SignalWindow window(signal, layout.bufferBegin, layout.ownBegin, layout.ownEnd, layout.bufferEnd);
    RealFft& fft = threadLocalRealFft(nFft);
    AlignedVector<float> synthesised(static_cast<std::size_t>(nFft));
    AlignedVector<float> analysed(static_cast<std::size_t>(nFft), 0.0f);
    AlignedVector<std::complex<float>> coefficients(static_cast<std::size_t>(bins()));
    std::size_t nextBorrowed = 0;

    // Samples below `cleared` have been zeroed, below `normalised` are final and normalised.
    std::int64_t cleared = window.begin(), normalised = window.begin();
    std::int64_t nextFrame = layout.firstSynthesised;
    const auto clearUpTo = [&](std::int64_t to) {
        if (to <= cleared)
            return;
        window.forEachPiece(cleared, to, [](float* values, std::int64_t first, std::int64_t last) {
            std::fill(values, values + (last - first), 0.0f);
        });
        cleared = to;
    };
    const auto normaliseUpTo = [&](std::int64_t to) {
        if (to <= normalised)
            return;
        clearUpTo(to); // samples no frame reaches
        window.forEachPiece(normalised, to, [&](float* values, std::int64_t first, std::int64_t last) {
            const float* envelope = inverseEnvelope_.data() + first;
            for (std::int64_t i = 0; i < last - first; ++i)
                values[i] *= envelope[i];
        });
        normalised = to;
    };
    // Overlap-adds frames up to `last`; the samples no later frame reaches are then final.
    const auto synthesiseUpTo = [&](std::int64_t last) {
        for (; nextFrame <= last; ++nextFrame) {
            const std::int64_t start = frameStart(nextFrame);
            const std::int64_t from = std::max(window.begin(), start + windowBegin);
            const std::int64_t to = std::min(window.end(), start + windowEnd);
            clearUpTo(std::max(from, to));
            if (from < to) {
                const float* samples = nullptr;
                if (isBorrowed(nextFrame)) {
                    samples = borrowedFrames[nextBorrowed++].data();
                } else {
                    produce(static_cast<int>(nextFrame), fft.inverseBuffer());
                    fft.inverseOfBuffer(synthesised.data());
                    samples = synthesised.data();
                }
                window.forEachPiece(from, to, [&](float* values, std::int64_t first, std::int64_t end) {
                    const float* frame = samples + (first - start);
                    const float* weights = synthesisWindow_.data() + (first - start);
                    for (std::int64_t i = 0; i < end - first; ++i)
                        values[i] += frame[i] * weights[i];
                });
            } else if (isBorrowed(nextFrame)) {
                ++nextBorrowed;
            }
            const std::int64_t complete = nextFrame == frames_ - 1 ? window.end() : start + hop + windowBegin;
            normaliseUpTo(std::min(window.end(), complete));
        }
    };

    for (std::int64_t t = b; t < e; ++t) {
        const SampleRange read = samplesRead(t);
        if (read.begin < read.end)
            synthesiseUpTo(lastFrameCovering(read.end - 1));
        windowFrame(window, frameStart(t), analysed.data());
        fft.forward(analysed.data(), coefficients.data());
        consume(block, static_cast<int>(t), coefficients.data());
    }
    synthesiseUpTo(layout.lastSynthesised);
    clearUpTo(window.end());
    normaliseUpTo(window.end());
}

void StftPlan::synthesiseAndAnalyse(const FrameProducer& produce, const FrameConsumer& consume, float* signal,
                                    WorkerPool& pool) const
{
    requireInvertible();
    // Frames a block synthesises outside its own range belong to a block that may already be
    // changing them (consume), so they are synthesised first, for every block, before any consume.
    const int blocks = pool.threadCount();
    std::vector<std::vector<AlignedVector<float>>> borrowed(static_cast<std::size_t>(blocks));
    if (blocks > 1) {
        pool.forEachBlock(static_cast<std::size_t>(frames_), [&](int block, std::size_t begin, std::size_t end) {
            if (begin == end)
                return;
            const auto b = static_cast<std::int64_t>(begin), e = static_cast<std::int64_t>(end);
            const BlockLayout layout = blockLayout(b, e);
            RealFft& fft = threadLocalRealFft(params_.nFft);
            auto& frames = borrowed[static_cast<std::size_t>(block)];
            for (std::int64_t t = layout.firstSynthesised; t <= layout.lastSynthesised; ++t) {
                if (t >= b && t < e)
                    continue;
                frames.emplace_back(static_cast<std::size_t>(params_.nFft));
                produce(static_cast<int>(t), fft.inverseBuffer());
                fft.inverseOfBuffer(frames.back().data());
            }
        });
    }
    pool.forEachBlock(static_cast<std::size_t>(frames_), [&](int block, std::size_t begin, std::size_t end) {
        if (begin != end)
            synthesiseAndAnalyseBlock(produce, consume, signal, block, static_cast<std::int64_t>(begin),
                                      static_cast<std::int64_t>(end), borrowed[static_cast<std::size_t>(block)]);
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
