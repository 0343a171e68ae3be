// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dsp/stft_stream.hpp"

#include "core/base/error.hpp"
#include "core/dsp/stft.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace phaselab {

int StreamingStft::defaultBlockFrames(int bins)
{
    constexpr std::int64_t kBlockBytes = std::int64_t{8} << 20;
    const std::int64_t frameBytes = static_cast<std::int64_t>(std::max(bins, 1)) * 8;
    return static_cast<int>(std::clamp<std::int64_t>(kBlockBytes / frameBytes, 1, 1 << 16));
}

StreamingStft::StreamingStft(const StftParams& params, std::int64_t signalLength, int blockFrames)
    : params_(params.resolved()), signalLength_(signalLength)
{
    params_.validate();
    const int padding = params_.padding();
    if (signalLength <= 0)
        throw InputError("the signal is empty: there is nothing to transform");
    if (params_.center && params_.padMode == PadMode::Reflect && signalLength <= padding)
        throw InputError("the signal (" + std::to_string(signalLength) + " samples) is not longer than the reflect padding n_fft/2 = " +
                         std::to_string(padding) + ": use `pad_mode` constant or a smaller `n_fft`");
    frames_ = params_.frameCount(signalLength);
    if (frames_ < 1)
        throw InputError("the signal (" + std::to_string(signalLength) + " samples) is shorter than one frame of n_fft = " +
                         std::to_string(params_.nFft) + ": use a smaller `n_fft` or `center`");
    if (frames_ > (std::int64_t{1} << 30))
        throw InputError("the signal gives more than 2^30 frames: use a larger `hop`");
    blockFrames_ = blockFrames > 0 ? blockFrames : defaultBlockFrames(params_.bins());
    blockFrames_ = static_cast<int>(std::min<std::int64_t>(blockFrames_, frames_));
}

std::int64_t StreamingStft::workingBytes() const
{
    const std::int64_t segment = static_cast<std::int64_t>(blockFrames_ - 1) * params_.hop + params_.nFft;
    const std::int64_t block = static_cast<std::int64_t>(blockFrames_) * bins() * 8;
    // segment (float) + the plan's envelope (double) and inverse envelope (float) + the sample
    // window (up to a segment plus a read chunk, twice while it grows) + per-thread frame buffers.
    return block + segment * (4 + 8 + 4) + 2 * (segment + (1 << 16)) * 4 + 64 * static_cast<std::int64_t>(params_.nFft);
}

std::int64_t StreamingStft::run(const SampleSource& source, const FrameBlockSink& sink, WorkerPool& pool) const
{
    const std::int64_t length = signalLength_;
    const std::int64_t padding = params_.padding();
    const std::int64_t hop = params_.hop;
    const std::int64_t nFft = params_.nFft;
    const bool reflect = params_.center && params_.padMode == PadMode::Reflect;

    // The uncentred transform of one block's padded segment: its frames are the whole-signal
    // transform's frames [f0, f0 + count). Plans for the full block size and the last block.
    StftParams segmentParams = params_;
    segmentParams.center = false;
    auto segmentLength = [&](std::int64_t count) { return (count - 1) * hop + nFft; };
    std::unique_ptr<StftPlan> fullPlan;
    std::unique_ptr<StftPlan> lastPlan;

    // Sliding window of the signal: samples [windowStart, windowStart + window.size()).
    std::vector<float> window;
    std::int64_t windowStart = 0;
    std::int64_t received = 0; // == windowStart + window.size()
    bool ended = false;
    auto fillTo = [&](std::int64_t end) {
        end = std::min(end, length);
        while (received < end && !ended) {
            const std::int64_t want = std::max<std::int64_t>(end - received, std::min<std::int64_t>(1 << 16, length - received));
            const std::size_t old = window.size();
            window.resize(old + static_cast<std::size_t>(want));
            const std::int64_t got = source(window.data() + old, want);
            window.resize(old + static_cast<std::size_t>(std::max<std::int64_t>(got, 0)));
            if (got <= 0)
                ended = true;
            else
                received += got;
        }
        return received >= end;
    };
    auto dropBefore = [&](std::int64_t start) {
        if (start <= windowStart)
            return;
        const std::size_t drop = static_cast<std::size_t>(std::min<std::int64_t>(start - windowStart, static_cast<std::int64_t>(window.size())));
        window.erase(window.begin(), window.begin() + static_cast<std::ptrdiff_t>(drop));
        windowStart += static_cast<std::int64_t>(drop);
    };

    std::vector<float> segment;
    ComplexMatrix block;
    for (std::int64_t first = 0; first < frames_; first += blockFrames_) {
        const std::int64_t count = std::min<std::int64_t>(blockFrames_, frames_ - first);
        const std::int64_t segmentSize = segmentLength(count);
        const std::int64_t lo = first * hop - padding; // original index of the segment's first sample
        const std::int64_t hi = lo + segmentSize;
        // Samples this block reads: its own span, and what reflect padding mirrors at either end.
        std::int64_t needLo = std::clamp<std::int64_t>(lo, 0, length);
        std::int64_t needHi = std::clamp<std::int64_t>(hi, 0, length);
        if (reflect && hi > length)
            needLo = std::min(needLo, std::max<std::int64_t>(0, 2 * length - 1 - hi));
        if (reflect && lo < 0)
            needHi = std::max(needHi, std::min<std::int64_t>(length, 1 - lo));
        if (needLo < windowStart)
            throw Error("internal: streaming STFT needs sample " + std::to_string(needLo) + " after dropping it");
        dropBefore(needLo);
        if (!fillTo(needHi))
            return received;

        segment.resize(static_cast<std::size_t>(segmentSize));
        for (std::int64_t i = 0; i < segmentSize; ++i) {
            std::int64_t n = lo + i;
            float value = 0.0f;
            if (n >= 0 && n < length) {
                value = window[static_cast<std::size_t>(n - windowStart)];
            } else if (reflect) {
                // torch's reflect: mirror about the edge sample without repeating it.
                n = n < 0 ? -n : 2 * (length - 1) - n;
                if (n >= 0 && n < length)
                    value = window[static_cast<std::size_t>(n - windowStart)];
            }
            segment[static_cast<std::size_t>(i)] = value;
        }
        std::unique_ptr<StftPlan>& plan = count == blockFrames_ ? fullPlan : lastPlan;
        if (!plan)
            plan = std::make_unique<StftPlan>(segmentParams, segmentSize, count);
        plan->forward(segment.data(), block, pool);
        sink(first, block);
    }
    // Read (and drop) the samples no frame covered, so the caller learns the true length.
    dropBefore(received);
    while (received < length) {
        window.clear();
        windowStart = received;
        if (!fillTo(std::min(length, received + (1 << 16))))
            return received;
    }
    return received;
}

} // namespace phaselab
