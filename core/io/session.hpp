// SPDX-License-Identifier: GPL-3.0-or-later
// A workbench session (`.phaselab`, JSON): what was open and how it was read, the STFT parameters,
// how the panes looked, the reconstruction settings, and every reconstruction run with its metrics.
// The audio itself is not stored: sources are read again from their paths (relative to the session
// file's folder where they were inside it) and a run's signal is either re-computed from its
// options or read from an audio file saved beside the session (`audio`).
// Each run's JSON is the metrics JSON of ../shared/CLI.md (same keys, same meaning: dB, rad^2,
// entry 0 = after the initial phase) plus the options that made it, so it is also what "Export
// metrics" writes. Reading is strict: wrong types, unknown enum names, out-of-range numbers and
// oversized arrays give an InputError naming the field (e.g. "session: runs[2].iterations[5].
// spectral_convergence_db: expected a number"); no input makes it crash or allocate more than
// the text itself justifies.
#pragma once

#include "core/io/storage_spec.hpp"
#include "core/reconstruction/reconstruction.hpp"
#include "core/dsp/stft_params.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace phaselab {

/// Written as "format" (so other JSON files are refused with a clear message) and "version".
inline constexpr const char* kSessionFormatName = "phaselab-session";
inline constexpr int kSessionFormatVersion = 1;
/// Limits of the reader (a session written by the workbench stays far below them).
inline constexpr std::size_t kSessionMaxRuns = 256;
inline constexpr std::size_t kSessionMaxIterations = 1'000'000;
inline constexpr std::size_t kSessionMaxStringLength = 4096;

/// What the workbench had open.
struct SessionSource {
    enum class Kind { Audio, Demo, Lesson, Spectrogram };
    Kind kind = Kind::Demo;
    std::string path;        ///< audio file, or the magnitude file of a spectrogram import
    std::string phasePath;   ///< spectrogram import: optional phase file
    std::string lesson;      ///< Kind::Lesson: the lesson's name ("sign", "components", ...)
    int channel = -1;        ///< audio: channel index from 0, -1 = mix
    double sampleRate = 0.0; ///< Hz; 0 = the file's own
    /// Spectrogram import: how the magnitude file is stored and what its values mean.
    std::optional<StorageSpec> storage;
    ValueConventions conventions;
    /// Spectrogram import read through the guesser: the rank of the candidate used (1 = best),
    /// which the guesser finds again from the same files; 0 = read as `storage` says.
    int guessRank = 0;

    bool operator==(const SessionSource&) const = default;
};

std::string sessionSourceKindName(SessionSource::Kind kind); ///< "audio" | "demo" | "lesson" | "spectrogram"
SessionSource::Kind parseSessionSourceKind(const std::string& name);

/// How the panes looked (names as the workbench's display panel spells them).
struct SessionView {
    std::string colormap = "viridis";
    double gainDb = 0.0;
    double rangeDb = 80.0;                    ///< > 0
    std::string frequencyScale = "linear";    ///< "linear" | "log" | "mel"
    MagnitudeScale magnitudeScale = MagnitudeScale::Db;
    PhaseUnit phaseUnit = PhaseUnit::Radians;
    std::string secondPane = "phase";         ///< "magnitude" | "phase" | "if" | "group-delay"
    std::string comparisonPane = "difference"; ///< see comparisonPaneNames()
    double maskBelowDb = 60.0;                ///< phase-like maps: bins this far below the peak are hidden; > 0
    bool logConvergence = false;              ///< convergence plot: phase errors on a log axis
    std::optional<double> timeBegin;          ///< visible time range (s), when saved
    std::optional<double> timeEnd;

    bool operator==(const SessionView&) const = default;
};

/// The comparison pane's choices: "reconstruction" (its magnitude, dB), "difference" (original
/// minus reconstruction magnitude, dB), "phase-error", "phase-error-sign", "phase-error-component",
/// "phase", "if", "group-delay" (of the reconstruction).
const std::vector<std::string>& comparisonPaneNames();

/// One reconstruction: the options and parameters that made it, and what it measured.
struct SessionRun {
    std::string name;                 ///< legend label, e.g. "fgla, init random"
    ReconstructionOptions options;
    StftParams params;                ///< as used (resolved)
    double sampleRate = 0.0;
    int frames = 0;                   ///< of the magnitude it was reconstructed from
    int threads = 1;
    std::vector<IterationRecord> iterations;
    std::optional<SnrFigures> snr;
    int iterationsDone = 0;
    double secondsTotal = 0.0;
    double secondsPerIteration = 0.0;
    bool cancelled = false;
    std::string audio;                ///< reconstruction saved beside the session (path), or empty
};

struct Session {
    SessionSource source;
    std::optional<std::string> referencePath; ///< a reference audio file loaded separately
    StftParams params;                        ///< the analysis parameters (resolved or not)
    SessionView view;
    ReconstructionOptions panel;              ///< the reconstruction panel's settings
    std::vector<SessionRun> runs;
};

/// Equal as stored: the same JSON (so NaN equals NaN, and unresolved STFT defaults equal their values).
bool operator==(const SessionRun& a, const SessionRun& b);
bool operator==(const Session& a, const Session& b);

/// The run as CLI.md's metrics JSON (plus "name", "init", "iterations_requested", "momentum",
/// "lookahead", "seed", "raar_beta", "win_length", "win_offset", "center", "pad_mode",
/// "sample_rate", "iterations_done", "cancelled", "audio"). Non-finite numbers are written as null.
nlohmann::json sessionRunToJson(const SessionRun& run);
/// Strict reader of the above; `where` prefixes error messages (e.g. "runs[3]").
SessionRun sessionRunFromJson(const nlohmann::json& json, const std::string& where = "run");

nlohmann::json sessionToJson(const Session& session);
Session sessionFromJson(const nlohmann::json& json);

/// Text form (pretty-printed JSON) and back. parseSession throws InputError for text that is not
/// JSON or not a valid session.
std::string formatSession(const Session& session);
Session parseSession(const std::string& text);

/// Files: saveSession writes atomically (IoError on failure); loadSession reads (InputError for a
/// bad or oversized file, IoError when it cannot be read).
void saveSession(const std::string& path, const Session& session);
Session loadSession(const std::string& path);
/// Whether `path` names a session rather than audio or a spectrogram: the .phaselab extension,
/// or a JSON file whose first bytes carry the session's "format". Never throws (false when the
/// file cannot be read).
bool looksLikeSessionFile(const std::string& path);

} // namespace phaselab
