// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/session.hpp"

#include "core/base/error.hpp"
#include "core/io/atomic_file.hpp"
#include "core/io/file_bytes.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace phaselab {
namespace {

using nlohmann::json;

/// Largest .phaselab file the reader takes: a session with the maximum number of runs of a
/// thousand iterations each stays far below it.
constexpr std::size_t kMaxSessionBytes = 64u * 1024u * 1024u;
constexpr int kMaxFftSize = 1 << 20;

[[noreturn]] void fail(const std::string& where, const std::string& what)
{
    throw InputError("session: " + where + ": " + what);
}

/// Strict accessors: a field is either absent (then the default stays) or of the right type.
class Fields {
public:
    Fields(const json& object, std::string where) : object_(object), where_(std::move(where))
    {
        if (!object_.is_object())
            fail(where_, "expected an object");
    }

    std::string at(const std::string& key) const { return where_ + "." + key; }
    bool has(const std::string& key) const { return object_.contains(key); }
    const json* find(const std::string& key) const
    {
        const auto it = object_.find(key);
        return it == object_.end() ? nullptr : &*it;
    }
    const json& required(const std::string& key) const
    {
        const json* value = find(key);
        if (!value)
            fail(where_, "missing field '" + key + "'");
        return *value;
    }

    void read(const std::string& key, std::string& out) const
    {
        if (const json* value = find(key)) {
            if (!value->is_string())
                fail(at(key), "expected a string");
            const auto& text = value->get_ref<const std::string&>();
            if (text.size() > kSessionMaxStringLength)
                fail(at(key), "text longer than " + std::to_string(kSessionMaxStringLength) + " characters");
            out = text;
        }
    }
    void read(const std::string& key, bool& out) const
    {
        if (const json* value = find(key)) {
            if (!value->is_boolean())
                fail(at(key), "expected true or false");
            out = value->get<bool>();
        }
    }
    void read(const std::string& key, int& out, long long low, long long high) const
    {
        if (const json* value = find(key)) {
            if (!value->is_number_integer())
                fail(at(key), "expected an integer");
            const long long number = value->is_number_unsigned()
                                         ? static_cast<long long>(std::min<std::uint64_t>(value->get<std::uint64_t>(),
                                                                                          std::uint64_t(1) << 62))
                                         : value->get<long long>();
            if (number < low || number > high)
                fail(at(key), "expected an integer in [" + std::to_string(low) + ", " + std::to_string(high) + "]");
            out = static_cast<int>(number);
        }
    }
    void read(const std::string& key, std::int64_t& out, std::int64_t low, std::int64_t high) const
    {
        if (const json* value = find(key)) {
            if (!value->is_number_integer())
                fail(at(key), "expected an integer");
            if (value->is_number_unsigned() && value->get<std::uint64_t>() > static_cast<std::uint64_t>(high))
                fail(at(key), "expected an integer in [" + std::to_string(low) + ", " + std::to_string(high) + "]");
            const auto number = value->get<std::int64_t>();
            if (number < low || number > high)
                fail(at(key), "expected an integer in [" + std::to_string(low) + ", " + std::to_string(high) + "]");
            out = number;
        }
    }
    void read(const std::string& key, std::uint64_t& out) const
    {
        if (const json* value = find(key)) {
            if (!value->is_number_integer() || (value->is_number_integer() && !value->is_number_unsigned() &&
                                                value->get<std::int64_t>() < 0))
                fail(at(key), "expected a non-negative integer");
            out = value->get<std::uint64_t>();
        }
    }
    /// A finite number in [low, high].
    void read(const std::string& key, double& out, double low = -std::numeric_limits<double>::max(),
              double high = std::numeric_limits<double>::max()) const
    {
        if (const json* value = find(key)) {
            if (!value->is_number())
                fail(at(key), "expected a number");
            const double number = value->get<double>();
            if (!std::isfinite(number) || number < low || number > high)
                fail(at(key), "expected a number in [" + shortNumber(low) + ", " + shortNumber(high) + "]");
            out = number;
        }
    }
    /// A number, or null for a value that was not finite (read back as NaN).
    void readNullable(const std::string& key, double& out) const
    {
        if (const json* value = find(key)) {
            if (value->is_null()) {
                out = std::nan("");
                return;
            }
            if (!value->is_number())
                fail(at(key), "expected a number or null");
            out = value->get<double>();
        }
    }
    /// An enum by name, through one of the engine's parse functions (whose InputError is prefixed).
    template <class Parse, class T>
    void readName(const std::string& key, T& out, Parse parse) const
    {
        std::string name;
        if (!has(key))
            return;
        read(key, name);
        try {
            out = parse(name);
        } catch (const InputError& error) {
            fail(at(key), error.what());
        }
    }
    /// Rejects keys not in `known` (so a typo does not silently fall back to a default).
    void onlyKnown(std::initializer_list<const char*> known) const
    {
        for (auto it = object_.begin(); it != object_.end(); ++it) {
            if (std::none_of(known.begin(), known.end(), [&](const char* name) { return it.key() == name; }))
                fail(where_, "unknown field '" + it.key().substr(0, 64) + "'");
        }
    }

    static std::string shortNumber(double value)
    {
        if (value <= -1e300)
            return "-inf";
        if (value >= 1e300)
            return "inf";
        std::string text = std::to_string(value);
        text.erase(text.find_last_not_of('0') + 1);
        if (!text.empty() && text.back() == '.')
            text.pop_back();
        return text;
    }

private:
    const json& object_;
    std::string where_;
};

json number(double value)
{
    return std::isfinite(value) ? json(value) : json(nullptr);
}

const json* arrayField(const Fields& fields, const std::string& key, std::size_t maxSize)
{
    const json* value = fields.find(key);
    if (!value)
        return nullptr;
    if (!value->is_array())
        fail(fields.at(key), "expected an array");
    if (value->size() > maxSize)
        fail(fields.at(key), "more than " + std::to_string(maxSize) + " entries");
    return value;
}

json paramsToJson(const StftParams& params)
{
    const StftParams r = params.resolved();
    // -1 (centred) stays -1: the workbench tells "centred" from an explicit offset.
    return json{{"n_fft", r.nFft},           {"win_length", r.winLength}, {"win_offset", params.winOffset < 0 ? -1 : r.winOffset},
                {"hop", r.hop},              {"window", r.window.toString()}, {"center", r.center},
                {"pad_mode", padModeName(r.padMode)}};
}

/// Reads the STFT fields of an object (the session's "stft" or a run's top level) and validates.
StftParams paramsFromFields(const Fields& fields, const std::string& where)
{
    StftParams params;
    fields.read("n_fft", params.nFft, 2, kMaxFftSize);
    fields.read("win_length", params.winLength, 0, kMaxFftSize);
    fields.read("win_offset", params.winOffset, -1, kMaxFftSize);
    fields.read("hop", params.hop, 0, kMaxFftSize);
    fields.readName("window", params.window, [](const std::string& text) { return WindowSpec::parse(text); });
    fields.read("center", params.center);
    fields.readName("pad_mode", params.padMode, parsePadMode);
    try {
        params.validate();
    } catch (const InputError& error) {
        fail(where, error.what());
    }
    return params;
}

json phaseErrorsToJson(const std::optional<PhaseErrors>& errors, json& into)
{
    if (errors) {
        into["phase_error"] = number(errors->raw);
        into["phase_error_sign_corrected"] = number(errors->signCorrected);
        into["phase_error_unweighted"] = number(errors->unweighted);
        into["phase_error_component_corrected"] = number(errors->componentCorrected);
        into["components"] = errors->components;
        into["components_flipped"] = errors->componentsFlipped;
    } else {
        for (const char* key : {"phase_error", "phase_error_sign_corrected", "phase_error_unweighted",
                                "phase_error_component_corrected", "components", "components_flipped"})
            into[key] = nullptr;
    }
    return into;
}

std::optional<PhaseErrors> phaseErrorsFromFields(const Fields& fields)
{
    const json* raw = fields.find("phase_error");
    if (!raw || raw->is_null())
        return std::nullopt;
    PhaseErrors errors;
    const double maxError = 4.0 * std::numbers::pi * std::numbers::pi; // wrapped differences give at most pi^2; allow rounding
    fields.read("phase_error", errors.raw, 0.0, maxError);
    fields.read("phase_error_sign_corrected", errors.signCorrected, 0.0, maxError);
    fields.read("phase_error_unweighted", errors.unweighted, 0.0, maxError);
    fields.read("phase_error_component_corrected", errors.componentCorrected, 0.0, maxError);
    fields.read("components", errors.components, 0, std::numeric_limits<int>::max());
    fields.read("components_flipped", errors.componentsFlipped, 0, errors.components);
    return errors;
}

json optionsToJson(const ReconstructionOptions& options)
{
    return json{{"algorithm", algorithmName(options.algorithm)},
                {"init", initialPhaseName(options.init)},
                {"iterations_requested", options.iterations},
                {"momentum", options.momentum},
                {"lookahead", options.lookahead},
                {"seed", options.seed},
                {"raar_beta", options.raarBeta},
                {"raar_gla_iterations", options.raarGlaIterations}};
}

ReconstructionOptions optionsFromFields(const Fields& fields, const char* iterationsKey)
{
    ReconstructionOptions options;
    fields.readName("algorithm", options.algorithm, parseAlgorithm);
    fields.readName("init", options.init, parseInitialPhase);
    fields.read(iterationsKey, options.iterations, 0, static_cast<long long>(kSessionMaxIterations));
    fields.read("momentum", options.momentum, 0.0, 1.0);
    fields.read("lookahead", options.lookahead, -1, 1 << 16);
    fields.read("seed", options.seed);
    fields.read("raar_beta", options.raarBeta, 0.0, 1.0);
    fields.read("raar_gla_iterations", options.raarGlaIterations, -1, static_cast<long long>(kSessionMaxIterations));
    return options;
}

json storageToJson(const StorageSpec& spec)
{
    return json{{"container", containerName(spec.container)},
                {"dtype", dtypeName(spec.dtype)},
                {"byte_order", byteOrderName(spec.byteOrder)},
                {"layout", layoutName(spec.layout)},
                {"header_bytes", spec.headerBytes},
                {"bins", spec.bins},
                {"frames", spec.frames},
                {"quant_scale", spec.quantScale}};
}

StorageSpec storageFromJson(const json& value, const std::string& where)
{
    const Fields fields(value, where);
    fields.onlyKnown({"container", "dtype", "byte_order", "layout", "header_bytes", "bins", "frames", "quant_scale"});
    StorageSpec spec;
    fields.readName("container", spec.container, parseContainer);
    fields.readName("dtype", spec.dtype, parseDType);
    fields.readName("byte_order", spec.byteOrder, parseByteOrder);
    fields.readName("layout", spec.layout, parseLayout);
    fields.read("header_bytes", spec.headerBytes, 0, std::int64_t(1) << 50);
    fields.read("bins", spec.bins, 0, kMaxFftSize / 2 + 1);
    fields.read("frames", spec.frames, 0, std::numeric_limits<int>::max());
    fields.read("quant_scale", spec.quantScale, -1e300, 1e300);
    if (spec.quantScale == 0.0)
        fail(fields.at("quant_scale"), "must not be 0");
    return spec;
}

json sourceToJson(const SessionSource& source)
{
    json out{{"kind", sessionSourceKindName(source.kind)}};
    if (!source.path.empty())
        out["path"] = source.path;
    if (!source.phasePath.empty())
        out["phase_path"] = source.phasePath;
    if (!source.lesson.empty())
        out["lesson"] = source.lesson;
    out["channel"] = source.channel;
    out["sample_rate"] = source.sampleRate;
    if (source.storage)
        out["storage"] = storageToJson(*source.storage);
    out["magnitude_scale"] = magnitudeScaleName(source.conventions.magnitudeScale);
    out["db_floor"] = source.conventions.dbFloor;
    out["phase_unit"] = phaseUnitName(source.conventions.phaseUnit);
    if (source.guessRank > 0)
        out["guess_rank"] = source.guessRank;
    return out;
}

SessionSource sourceFromJson(const json& value, const std::string& where)
{
    const Fields fields(value, where);
    fields.onlyKnown({"kind", "path", "phase_path", "lesson", "channel", "sample_rate", "storage", "magnitude_scale",
                      "db_floor", "phase_unit", "guess_rank"});
    SessionSource source;
    if (!fields.has("kind"))
        fail(where, "missing field 'kind'");
    fields.readName("kind", source.kind, parseSessionSourceKind);
    fields.read("path", source.path);
    fields.read("phase_path", source.phasePath);
    fields.read("lesson", source.lesson);
    fields.read("channel", source.channel, -1, 1 << 16);
    fields.read("sample_rate", source.sampleRate, 0.0, 1e7);
    if (const json* storage = fields.find("storage"); storage && !storage->is_null())
        source.storage = storageFromJson(*storage, fields.at("storage"));
    fields.readName("magnitude_scale", source.conventions.magnitudeScale, parseMagnitudeScale);
    fields.read("db_floor", source.conventions.dbFloor, -1e4, 1e4);
    fields.readName("phase_unit", source.conventions.phaseUnit, parsePhaseUnit);
    fields.read("guess_rank", source.guessRank, 0, 1000);
    if ((source.kind == SessionSource::Kind::Audio || source.kind == SessionSource::Kind::Spectrogram) &&
        source.path.empty())
        fail(where, "a source of kind '" + sessionSourceKindName(source.kind) + "' needs a 'path'");
    if (source.kind == SessionSource::Kind::Lesson && source.lesson.empty())
        fail(where, "a lesson source needs a 'lesson' name");
    return source;
}

std::string oneOf(const std::string& value, const std::vector<std::string>& names, const std::string& where)
{
    if (std::find(names.begin(), names.end(), value) == names.end()) {
        std::string list;
        for (const auto& name : names)
            list += (list.empty() ? "" : ", ") + name;
        fail(where, "unknown value '" + value.substr(0, 64) + "' (use one of: " + list + ")");
    }
    return value;
}

json viewToJson(const SessionView& view)
{
    json out{{"colormap", view.colormap},
             {"gain_db", view.gainDb},
             {"range_db", view.rangeDb},
             {"frequency_scale", view.frequencyScale},
             {"magnitude_scale", magnitudeScaleName(view.magnitudeScale)},
             {"phase_unit", phaseUnitName(view.phaseUnit)},
             {"second_pane", view.secondPane},
             {"comparison_pane", view.comparisonPane},
             {"mask_below_db", view.maskBelowDb},
             {"log_convergence", view.logConvergence}};
    if (view.timeBegin && view.timeEnd) {
        out["time_begin"] = *view.timeBegin;
        out["time_end"] = *view.timeEnd;
    }
    return out;
}

SessionView viewFromJson(const json& value, const std::string& where)
{
    const Fields fields(value, where);
    fields.onlyKnown({"colormap", "gain_db", "range_db", "frequency_scale", "magnitude_scale", "phase_unit",
                      "second_pane", "comparison_pane", "mask_below_db", "log_convergence", "time_begin",
                      "time_end"});
    SessionView view;
    fields.read("colormap", view.colormap);
    if (view.colormap.empty() || view.colormap.size() > 64)
        fail(fields.at("colormap"), "expected a colour map name");
    fields.read("gain_db", view.gainDb, -200.0, 200.0);
    fields.read("range_db", view.rangeDb, 1e-3, 400.0);
    fields.read("frequency_scale", view.frequencyScale);
    oneOf(view.frequencyScale, {"linear", "log", "mel"}, fields.at("frequency_scale"));
    fields.readName("magnitude_scale", view.magnitudeScale, parseMagnitudeScale);
    fields.readName("phase_unit", view.phaseUnit, parsePhaseUnit);
    fields.read("second_pane", view.secondPane);
    oneOf(view.secondPane, {"magnitude", "phase", "if", "group-delay"}, fields.at("second_pane"));
    fields.read("comparison_pane", view.comparisonPane);
    oneOf(view.comparisonPane, comparisonPaneNames(), fields.at("comparison_pane"));
    fields.read("mask_below_db", view.maskBelowDb, 1e-3, 400.0);
    fields.read("log_convergence", view.logConvergence);
    if (fields.has("time_begin") != fields.has("time_end"))
        fail(where, "'time_begin' and 'time_end' go together");
    if (fields.has("time_begin")) {
        double begin = 0.0, end = 0.0;
        fields.read("time_begin", begin, -1e9, 1e9);
        fields.read("time_end", end, -1e9, 1e9);
        if (!(end > begin))
            fail(fields.at("time_end"), "must be greater than 'time_begin'");
        view.timeBegin = begin;
        view.timeEnd = end;
    }
    return view;
}

} // namespace

std::string sessionSourceKindName(SessionSource::Kind kind)
{
    switch (kind) {
    case SessionSource::Kind::Audio: return "audio";
    case SessionSource::Kind::Demo: return "demo";
    case SessionSource::Kind::Lesson: return "lesson";
    case SessionSource::Kind::Spectrogram: return "spectrogram";
    }
    return "audio";
}

SessionSource::Kind parseSessionSourceKind(const std::string& name)
{
    for (auto kind : {SessionSource::Kind::Audio, SessionSource::Kind::Demo, SessionSource::Kind::Lesson,
                      SessionSource::Kind::Spectrogram})
        if (sessionSourceKindName(kind) == name)
            return kind;
    throw InputError("unknown source kind '" + name.substr(0, 64) + "' (use audio, demo, lesson or spectrogram)");
}

const std::vector<std::string>& comparisonPaneNames()
{
    static const std::vector<std::string> names{"reconstruction",   "difference",
                                                "phase-error",      "phase-error-sign",
                                                "phase-error-component", "phase",
                                                "if",               "group-delay"};
    return names;
}

json sessionRunToJson(const SessionRun& run)
{
    const StftParams params = run.params.resolved();
    json out{{"name", run.name},
             {"algorithm", algorithmName(run.options.algorithm)},
             {"n_fft", params.nFft},
             {"hop", params.hop},
             {"window", params.window.toString()},
             {"bins", params.bins()},
             {"frames", run.frames},
             {"threads", run.threads},
             {"seconds_total", number(run.secondsTotal)},
             {"seconds_per_iteration", number(run.secondsPerIteration)}};
    json options = optionsToJson(run.options);
    out.update(options);
    json stft = paramsToJson(params);
    out.update(stft);
    out["sample_rate"] = run.sampleRate;
    out["iterations_done"] = run.iterationsDone;
    out["cancelled"] = run.cancelled;
    if (!run.audio.empty())
        out["audio"] = run.audio;

    json iterations = json::array();
    for (const auto& record : run.iterations) {
        json entry{{"iteration", record.iteration},
                   {"spectral_convergence_db", number(record.spectralConvergenceDb)},
                   {"seconds", number(record.seconds)}};
        if (record.melSpectralConvergenceDb)
            entry["mel_spectral_convergence_db"] = number(*record.melSpectralConvergenceDb);
        phaseErrorsToJson(record.phase, entry);
        iterations.push_back(std::move(entry));
    }
    out["iterations"] = std::move(iterations);

    json final{{"spectral_convergence_db", run.iterations.empty() ? json(nullptr)
                                                                   : number(run.iterations.back().spectralConvergenceDb)}};
    if (run.snr) {
        final["snr_db"] = number(run.snr->snrDb);
        final["snr_db_sign_corrected"] = number(run.snr->snrSignCorrectedDb);
    } else {
        final["snr_db"] = nullptr;
        final["snr_db_sign_corrected"] = nullptr;
    }
    phaseErrorsToJson(run.iterations.empty() ? std::nullopt : run.iterations.back().phase, final);
    out["final"] = std::move(final);
    return out;
}

SessionRun sessionRunFromJson(const json& value, const std::string& where)
{
    const Fields fields(value, where);
    fields.onlyKnown({"name", "algorithm", "n_fft", "hop", "window", "bins", "frames", "threads", "seconds_total",
                      "seconds_per_iteration", "init", "iterations_requested", "momentum", "lookahead", "seed",
                      "raar_beta", "raar_gla_iterations", "win_length", "win_offset", "center", "pad_mode",
                      "sample_rate", "iterations_done", "cancelled", "audio", "iterations", "final"});
    SessionRun run;
    fields.read("name", run.name);
    if (!fields.has("algorithm"))
        fail(where, "missing field 'algorithm'");
    run.options = optionsFromFields(fields, "iterations_requested");
    run.params = paramsFromFields(fields, where);
    int bins = run.params.bins();
    fields.read("bins", bins, 0, kMaxFftSize);
    if (bins != run.params.resolved().bins())
        fail(fields.at("bins"), "does not match n_fft (" + std::to_string(run.params.resolved().bins()) + " bins)");
    fields.read("frames", run.frames, 0, std::numeric_limits<int>::max());
    fields.read("threads", run.threads, 1, 1 << 16);
    fields.readNullable("seconds_total", run.secondsTotal);
    fields.readNullable("seconds_per_iteration", run.secondsPerIteration);
    fields.read("sample_rate", run.sampleRate, 0.0, 1e7);
    fields.read("iterations_done", run.iterationsDone, 0, static_cast<long long>(kSessionMaxIterations));
    fields.read("cancelled", run.cancelled);
    fields.read("audio", run.audio);

    if (const json* iterations = arrayField(fields, "iterations", kSessionMaxIterations)) {
        run.iterations.reserve(iterations->size());
        int previous = -1;
        for (std::size_t i = 0; i < iterations->size(); ++i) {
            const std::string at = fields.at("iterations") + "[" + std::to_string(i) + "]";
            const Fields entry((*iterations)[i], at);
            entry.onlyKnown({"iteration", "spectral_convergence_db", "mel_spectral_convergence_db", "seconds", "phase_error",
                             "phase_error_sign_corrected", "phase_error_unweighted", "phase_error_component_corrected",
                             "components", "components_flipped"});
            IterationRecord record;
            entry.required("iteration");
            entry.read("iteration", record.iteration, 0, static_cast<long long>(kSessionMaxIterations));
            if (record.iteration <= previous)
                fail(entry.at("iteration"), "iterations must increase");
            previous = record.iteration;
            entry.required("spectral_convergence_db");
            entry.readNullable("spectral_convergence_db", record.spectralConvergenceDb);
            entry.readNullable("seconds", record.seconds);
            if (const json* mel = entry.find("mel_spectral_convergence_db"); mel && !mel->is_null()) {
                double value = 0.0;
                entry.readNullable("mel_spectral_convergence_db", value);
                record.melSpectralConvergenceDb = value;
            }
            record.phase = phaseErrorsFromFields(entry);
            run.iterations.push_back(record);
        }
    }
    if (const json* final = fields.find("final")) {
        const Fields finalFields(*final, fields.at("final"));
        const json* snr = finalFields.find("snr_db");
        if (snr && !snr->is_null()) {
            SnrFigures figures;
            finalFields.readNullable("snr_db", figures.snrDb);
            finalFields.readNullable("snr_db_sign_corrected", figures.snrSignCorrectedDb);
            run.snr = figures;
        }
    }
    return run;
}

json sessionToJson(const Session& session)
{
    json out{{"format", kSessionFormatName}, {"version", kSessionFormatVersion}};
    out["source"] = sourceToJson(session.source);
    if (session.referencePath)
        out["reference"] = *session.referencePath;
    out["stft"] = paramsToJson(session.params);
    out["view"] = viewToJson(session.view);
    out["panel"] = optionsToJson(session.panel);
    json runs = json::array();
    for (const auto& run : session.runs)
        runs.push_back(sessionRunToJson(run));
    out["runs"] = std::move(runs);
    return out;
}

Session sessionFromJson(const json& value)
{
    if (!value.is_object())
        throw InputError("session: expected a JSON object with \"format\": \"phaselab-session\"");
    const Fields fields(value, "session");
    std::string format;
    fields.read("format", format);
    if (format != kSessionFormatName)
        throw InputError("session: not a PhaseLab session (\"format\" must be \"phaselab-session\")");
    int version = 0;
    fields.read("version", version, 0, std::numeric_limits<int>::max());
    if (version < 1 || version > kSessionFormatVersion)
        throw InputError("session: version " + std::to_string(version) + " is not supported (this PhaseLab reads 1 to " +
                         std::to_string(kSessionFormatVersion) + ")");
    fields.onlyKnown({"format", "version", "source", "reference", "stft", "view", "panel", "runs"});

    Session session;
    session.source = sourceFromJson(fields.required("source"), "source");
    if (fields.has("reference")) {
        std::string reference;
        fields.read("reference", reference);
        session.referencePath = reference;
    }
    if (const json* stft = fields.find("stft")) {
        const Fields stftFields(*stft, "stft");
        stftFields.onlyKnown({"n_fft", "win_length", "win_offset", "hop", "window", "center", "pad_mode"});
        session.params = paramsFromFields(stftFields, "stft");
    }
    if (const json* view = fields.find("view"))
        session.view = viewFromJson(*view, "view");
    if (const json* panel = fields.find("panel")) {
        const Fields panelFields(*panel, "panel");
        panelFields.onlyKnown({"algorithm", "init", "iterations_requested", "momentum", "lookahead", "seed",
                               "raar_beta", "raar_gla_iterations"});
        session.panel = optionsFromFields(panelFields, "iterations_requested");
    }
    if (const json* runs = arrayField(fields, "runs", kSessionMaxRuns)) {
        std::size_t totalIterations = 0;
        for (std::size_t i = 0; i < runs->size(); ++i) {
            session.runs.push_back(sessionRunFromJson((*runs)[i], "runs[" + std::to_string(i) + "]"));
            totalIterations += session.runs.back().iterations.size();
            if (totalIterations > kSessionMaxIterations)
                throw InputError("session: more than " + std::to_string(kSessionMaxIterations) +
                                 " iteration records in all");
        }
    }
    return session;
}

bool operator==(const SessionRun& a, const SessionRun& b)
{
    return sessionRunToJson(a) == sessionRunToJson(b);
}

bool operator==(const Session& a, const Session& b)
{
    return sessionToJson(a) == sessionToJson(b);
}

std::string formatSession(const Session& session)
{
    return sessionToJson(session).dump(1) + "\n";
}

Session parseSession(const std::string& text)
{
    json value;
    try {
        value = json::parse(text, nullptr, true, false);
    } catch (const json::exception& error) {
        // parse_error, and out_of_range for numbers beyond double (found by fuzzing).
        throw InputError(std::string("session: not valid JSON (") + error.what() + ")");
    }
    // nlohmann keeps every duplicate-free key; deep nesting is bounded by the parser's recursion
    // on the text length, which kMaxSessionBytes limits.
    return sessionFromJson(value);
}

void saveSession(const std::string& path, const Session& session)
{
    const std::string text = formatSession(session);
    AtomicFile file(path);
    file.write(text.data(), text.size());
    file.commit();
}

Session loadSession(const std::string& path)
{
    requireReadableFile(path, "session file");
    const std::int64_t size = fileSize(path);
    if (size > static_cast<std::int64_t>(kMaxSessionBytes))
        throw InputError("session file '" + path + "' is " + std::to_string(size / (1024 * 1024)) +
                         " MB: larger than any session PhaseLab writes (at most " +
                         std::to_string(kMaxSessionBytes / (1024 * 1024)) + " MB)");
    const auto bytes = readFilePrefix(path, kMaxSessionBytes);
    try {
        return parseSession(std::string(bytes.begin(), bytes.end()));
    } catch (const InputError& error) {
        // Name the file: the user may have picked the wrong one.
        std::string message = error.what();
        if (message.starts_with("session: "))
            message.erase(0, 9);
        throw InputError("session file '" + path + "': " + message);
    }
}

bool looksLikeSessionFile(const std::string& path)
{
    const std::string extension = ".phaselab";
    if (path.size() > extension.size() && path.compare(path.size() - extension.size(), extension.size(), extension) == 0)
        return true;
    try {
        // saveSession writes "format" first; other JSON files (a metrics dump) are not sessions.
        const std::vector<unsigned char> head = readFilePrefix(path, 256);
        const std::string text(head.begin(), head.end());
        const auto brace = text.find_first_not_of(" \t\r\n");
        return brace != std::string::npos && text[brace] == '{' &&
               text.find(std::string("\"") + kSessionFormatName + "\"") != std::string::npos;
    } catch (const std::exception&) {
        return false;
    }
}

} // namespace phaselab
