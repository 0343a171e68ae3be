// SPDX-License-Identifier: GPL-3.0-or-later
// `phaselab-cli analyze AUDIO [STFT options] --magnitude OUT [--phase OUT]` (CLI.md): the STFT
// of an audio file (one channel or the mix) written as magnitude and phase files, npy or raw,
// in either layout and scale. Outputs are atomic; an output naming the input is refused.
// Streams: the audio is read in blocks and the frames computed and written block by block
// (core/dsp/stft_stream.hpp), so memory stays bounded whatever the file's length; the numbers are
// those of the whole-signal STFT. The working memory is checked against --memory-limit first.
#include "app/cli/commands.hpp"
#include "app/cli/stft_options.hpp"
#include "core/base/error.hpp"
#include "core/io/atomic_file.hpp"
#include "core/io/audio_file.hpp"
#include "core/io/audio_stream.hpp"
#include "core/io/spectrogram_io.hpp"
#include "core/io/spectrogram_stream.hpp"
#include "core/base/memory_budget.hpp"
#include "core/base/parallel.hpp"
#include "core/dsp/stft_stream.hpp"

#include <cmath>
#include <iostream>
#include <memory>
#include <optional>

namespace phaselab::cli {
namespace {

struct AnalyzeValues {
    std::string audio;
    StftOptionValues stft;
    std::string magnitude;
    std::string phase;
    std::optional<std::string> format;
    std::string layout = "bins_by_frames";
    std::string scale = "linear";
    std::string phaseUnit = "rad";
    double dbFloor = -200.0;
    std::optional<int> channel;
    bool mix = false;
    int threads = 0;
    int blockFrames = 0; ///< hidden --block-frames: frames per streamed block (0: automatic)
};

/// Counts the samples left in the reader (for headers that do not say how long the audio is).
std::int64_t countRemaining(AudioStreamReader& reader)
{
    std::vector<float> scratch(1 << 15);
    std::int64_t count = 0;
    while (const std::int64_t got = reader.read(scratch.data(), static_cast<std::int64_t>(scratch.size())))
        count += got;
    return count;
}

void run(const AnalyzeValues& v)
{
    // Ctrl-C or a kill during a long analysis removes the partial outputs (installed before any
    // temporary file exists).
    removeTemporaryFilesOnSignals();
    // Every option first, so a bad option is reported before any file work.
    const StftParams params = v.stft.toParams();
    SpectrogramWriteOptions options;
    options.format = v.format ? parseSpectrogramFileFormat(*v.format) : spectrogramFileFormatForPath(v.magnitude);
    options.layout = parseLayout(v.layout);
    options.values.magnitudeScale = parseMagnitudeScale(v.scale);
    options.values.phaseUnit = parsePhaseUnit(v.phaseUnit);
    if (!std::isfinite(v.dbFloor))
        throw InputError("--db-floor must be a finite number of dB");
    options.values.dbFloor = v.dbFloor;
    if (v.channel && *v.channel < 0)
        throw InputError("--channel " + std::to_string(*v.channel) + " must be 0 or more (channels count from 0)");
    const ChannelSelection channel = v.channel ? ChannelSelection::index(*v.channel) : ChannelSelection::mix();

    requireReadableFile(v.audio, "audio file");
    refuseOverwritingInput(v.magnitude, {v.audio});
    if (!v.phase.empty()) {
        refuseOverwritingInput(v.phase, {v.audio});
        if (sameFile(v.magnitude, v.phase))
            throw InputError("--magnitude and --phase name the same file '" + v.magnitude + "': give two paths");
    }
    {
        // Fail on an unwritable output before the work, not after it.
        AtomicFile probe(v.magnitude);
        if (!v.phase.empty())
            AtomicFile phaseProbe(v.phase);
    }

    if (v.blockFrames < 0)
        throw InputError("--block-frames must be 0 (automatic) or more");
    const std::int64_t limit = memoryLimit();

    AudioStreamReader reader(v.audio, channel);
    const AudioInfo info = reader.info();
    // The header's length is exact for PCM/float files and may be an estimate for compressed
    // ones: the stream reports the true length when it differs, and the file is analysed again
    // with it (never more than twice more: the second count is the file's own).
    std::int64_t length = info.frames > 0 ? info.frames : countRemaining(reader);
    if (info.frames <= 0)
        reader.rewind();
    WorkerPool pool(v.threads);
    std::int64_t frames = 0;
    for (int attempt = 0;; ++attempt) {
        if (length <= 0)
            throw InputError("audio file '" + v.audio + "' holds no samples");
        if (params.frameCount(length) < 1)
            throw InputError("'" + v.audio + "' has " + std::to_string(length) + " samples, too short for one frame of "
                             + std::to_string(params.nFft) + " without centring; use --center or a smaller --n-fft");
        const StreamingStft transform(params, length, v.blockFrames);
        frames = transform.frames();
        MemoryEstimate estimate;
        estimate.add("STFT blocks", transform.workingBytes())
            .add("output buffers", SpectrogramFileStream::workingBytes(transform.bins(), transform.blockFrames()))
            .add("audio buffer", bytesOf(std::int64_t{1} << 15, 4 * static_cast<std::int64_t>(info.channels)));
        requireWithinMemoryLimit(estimate, limit, "analyze", "a smaller --n-fft");

        SpectrogramFileStream output(v.magnitude, v.phase, options, transform.bins(), frames);
        const std::int64_t got = transform.run(
            [&](float* out, std::int64_t count) { return reader.read(out, count); },
            [&](std::int64_t first, const ComplexMatrix& block) { output.write(first, block); }, pool);
        std::int64_t actual = got;
        if (got == length)
            actual += countRemaining(reader);
        if (actual == length) {
            output.commit();
            break;
        }
        if (attempt >= 2)
            throw InputError("audio file '" + v.audio + "' changed its length while being read (" + std::to_string(length)
                             + " then " + std::to_string(actual) + " samples)");
        length = actual;
        reader.rewind();
    }

    const std::string format = spectrogramFileFormatName(options.format);
    std::cout << "analysed " << v.audio << " (" << info.sampleRate << " Hz, " << length << " samples, "
              << (channel.isMix() ? (info.channels > 1 ? "mix of " + std::to_string(info.channels) + " channels" : std::string("mono"))
                                  : "channel " + std::to_string(channel.channel))
              << ") with " << params.describe() << "\n"
              << "wrote " << v.magnitude << ": " << params.bins() << " bins x " << frames << " frames, "
              << layoutName(options.layout) << ", " << format << ", " << magnitudeScaleName(options.values.magnitudeScale)
              << " magnitude\n";
    if (!v.phase.empty())
        std::cout << "wrote " << v.phase << ": phase in " << phaseUnitName(options.values.phaseUnit) << ", same shape\n";
}

} // namespace

void registerAnalyze(CLI::App& app)
{
    auto values = std::make_shared<AnalyzeValues>();
    auto* command = app.add_subcommand("analyze", "STFT of an audio file, written as magnitude (and phase) files");
    command->add_option("AUDIO", values->audio, "audio file (any format libsndfile reads)")->required();
    addStftOptions(*command, values->stft);
    addFftBackendOption(*command);
    command->add_option("--magnitude", values->magnitude, "output file for the magnitude")->required();
    command->add_option("--phase", values->phase, "output file for the phase (optional)");
    command->add_option("--format", values->format, "npy, f32le or f64le (default: npy for .npy, else f32le)");
    command->add_option("--layout", values->layout,
                        "bins_by_frames (npy shape (bins, frames), as librosa/torch) or frames_by_bins")
        ->capture_default_str();
    command->add_option("--scale", values->scale, "linear (|X|), power (|X|^2) or db (20 log10 |X|)")->capture_default_str();
    command->add_option("--phase-unit", values->phaseUnit, "rad or deg")->capture_default_str();
    command->add_option("--db-floor", values->dbFloor, "lowest dB value written (silence)")->capture_default_str();
    auto* channel = command->add_option("--channel", values->channel, "analyse channel K only (from 0)");
    auto* mix = command->add_flag("--mix", values->mix, "analyse the mean of all channels (default)");
    channel->excludes(mix);
    addThreadsOption(*command, values->threads);
    addMemoryLimitOption(*command);
    // Hidden: frames per streamed block, for tests of the block boundaries.
    command->add_option("--block-frames", values->blockFrames, "frames per streamed block (0: automatic)")->group("");
    command->callback([values] { run(*values); });
}

} // namespace phaselab::cli
