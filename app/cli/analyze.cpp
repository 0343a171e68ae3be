// `phaselab-cli analyze AUDIO [STFT options] --magnitude OUT [--phase OUT]` (CLI.md): the STFT
// of an audio file (one channel or the mix) written as magnitude and phase files, npy or raw,
// in either layout and scale. Outputs are atomic; an output naming the input is refused.
#include "app/cli/commands.hpp"
#include "app/cli/stft_options.hpp"
#include "core/error.hpp"
#include "core/io/atomic_file.hpp"
#include "core/io/audio_file.hpp"
#include "core/io/spectrogram_io.hpp"
#include "core/parallel.hpp"
#include "core/stft.hpp"

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
};

void run(const AnalyzeValues& v)
{
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

    AudioInfo info;
    const Signal signal = readAudio(v.audio, channel, &info);
    if (params.frameCount(signal.length()) < 1)
        throw InputError("'" + v.audio + "' has " + std::to_string(signal.length()) + " samples, too short for one frame of "
                         + std::to_string(params.nFft) + " without centring; use --center or a smaller --n-fft");
    WorkerPool pool(v.threads);
    const Spectrogram spectrogram = stft(signal, params, pool);
    writeSpectrogramFiles(spectrogram.coefficients, v.magnitude, v.phase, options);

    const std::string format = spectrogramFileFormatName(options.format);
    std::cout << "analysed " << v.audio << " (" << info.sampleRate << " Hz, " << signal.length() << " samples, "
              << (channel.isMix() ? (info.channels > 1 ? "mix of " + std::to_string(info.channels) + " channels" : std::string("mono"))
                                  : "channel " + std::to_string(channel.channel))
              << ") with " << params.describe() << "\n"
              << "wrote " << v.magnitude << ": " << spectrogram.bins() << " bins x " << spectrogram.frames() << " frames, "
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
    command->callback([values] { run(*values); });
}

} // namespace phaselab::cli
