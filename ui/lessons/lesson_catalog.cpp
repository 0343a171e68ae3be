// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/lessons/lesson_catalog.hpp"

#include "core/base/error.hpp"
#include "core/guess/consistency.hpp"
#include "core/lessons/lesson_signals.hpp"
#include "core/reconstruction/metrics.hpp"
#include "core/base/parallel.hpp"
#include "core/dsp/phase_maps.hpp"
#include "core/dsp/stft.hpp"
#include "ui/model/audio_source.hpp"

#include <QFile>

#include <algorithm>
#include <cmath>

namespace phaselab::ui {
namespace {

/// "Phase matters. This is PhaseLab": the speech at the start of the demo clip.
constexpr double kSpeechSeconds = 2.3;

StftParams makeParams(int nFft, int hop, const char* window = "hann")
{
    StftParams params;
    params.nFft = nFft;
    params.hop = hop;
    params.window = WindowSpec::parse(window);
    return params.resolved();
}

Signal demoSpeech()
{
    return excerpt(loadAudio(demoResourcePath()), 0.0, kSpeechSeconds);
}

WorkerPool& lessonPool()
{
    static WorkerPool pool(0);
    return pool;
}

/// The inputs of the lesson's own analysis (what the window shows).
std::shared_ptr<const RunInputs> analysisInputs(const Analysis& analysis)
{
    return inputsFromAnalysis(analysis.spectrogram, analysis.signal);
}

/// Inputs for `signal` analysed with other parameters.
std::shared_ptr<const RunInputs> inputsFor(const std::shared_ptr<const Signal>& signal, const StftParams& params)
{
    return inputsFromAnalysis(stft(*signal, params, lessonPool()), signal);
}

/// The same inputs with the given phase replaced by the phase of another signal's STFT.
std::shared_ptr<const RunInputs> withPhaseOf(const std::shared_ptr<const RunInputs>& inputs, const Signal& other)
{
    auto copy = std::make_shared<RunInputs>(*inputs);
    const Spectrogram spectrogram = stft(other, inputs->params, lessonPool());
    RealMatrix phase = phaseMap(spectrogram.coefficients);
    for (float& value : phase.values)
        if (!std::isfinite(value))
            value = 0.0f; // silent bins (exact zeros) have no phase: any value gives the same coefficient
    copy->phase = std::make_shared<const RealMatrix>(std::move(phase));
    return copy;
}

ReconstructionOptions method(Algorithm algorithm, InitialPhase init, int iterations, std::uint64_t seed = 1)
{
    ReconstructionOptions options;
    options.algorithm = algorithm;
    options.init = init;
    options.iterations = iterations;
    options.seed = seed;
    return options;
}

bool hasAlgorithm(const char* name)
{
    return std::find(algorithmNames().begin(), algorithmNames().end(), name) != algorithmNames().end();
}

QList<LessonRun> componentRuns(const Analysis& analysis, ComponentSeparation separation)
{
    const auto inputs = analysisInputs(analysis);
    const Signal flipped = componentSignal(componentPair(separation), true);
    return {{QStringLiteral("a − b: FGLA from the phase of a − b"), method(Algorithm::Fgla, InitialPhase::Given, 20),
             withPhaseOf(inputs, flipped)},
            {QStringLiteral("fgla, init random"), method(Algorithm::Fgla, InitialPhase::Random, 100), inputs}};
}

QString consistencyNotes(const Analysis& analysis)
{
    struct Hypothesis {
        const char* label;
        const char* window;
        int hop;
    };
    const Hypothesis hypotheses[] = {{"hann 1024/256 (right)", "hann", 256},
                                     {"hann 1024/512 (wrong hop)", "hann", 512},
                                     {"hamming 1024/256 (wrong window)", "hamming", 256},
                                     {"rect 1024/256 (wrong window)", "rect", 256}};
    const ComplexMatrix& x = analysis.spectrogram.coefficients;
    QString text = QStringLiteral("**Consistency score** (the guesser's measure, dB; lower is more consistent):\n\n");
    for (const Hypothesis& hypothesis : hypotheses) {
        Framing framing;
        framing.nFft = 1024;
        framing.winLength = 1024;
        framing.hop = hypothesis.hop;
        framing.window = WindowSpec::parse(hypothesis.window);
        framing.pad = 512;
        framing.padMode = PadMode::Reflect;
        const int frames = consistencyBlockFrames(framing.nFft, framing.hop, x.frames);
        const double score = consistencyDb(x, loudestBlock(x, frames), frames, framing, lessonPool());
        text += QStringLiteral("- %1: **%2 dB**\n").arg(QString::fromLatin1(hypothesis.label)).arg(score, 0, 'f', 1);
    }
    return text;
}

QString number(double value, int decimals)
{
    if (!std::isfinite(value))
        return QStringLiteral("–");
    return QString::number(value, 'f', decimals).replace(QLatin1Char('-'), QChar(0x2212));
}

/// Redundancy compared fairly: every run's result measured on one fine STFT (hop 128).
QString commonStftSummary(const Analysis& analysis, const QList<const ReconstructionRun*>& runs)
{
    const StftParams common = makeParams(1024, 128);
    const Spectrogram reference = stft(*analysis.signal, common, lessonPool());
    const PhaseReference phaseReference(reference.coefficients);
    QString text = QStringLiteral("**On one common STFT** (hann 1024/128), each result's spectral convergence — its own "
                                  "curve in the convergence plot is measured in its own, coarser or finer, STFT:\n\n");
    for (const ReconstructionRun* run : runs) {
        if (!run->analysis)
            continue;
        const Spectrogram estimate = stft(*run->analysis->signal, common, lessonPool());
        text += QStringLiteral("- %1: **%2 dB**\n").arg(run->name, number(spectralConvergenceDb(estimate.coefficients, phaseReference.magnitude()), 1));
    }
    return text;
}

Lesson signLesson()
{
    using M = ConvergencePlot::Measure;
    Lesson sign;
    sign.name = QStringLiteral("sign");
    sign.title = QStringLiteral("The global sign");
    sign.params = makeParams(1024, 256);
    sign.signal = demoSpeech;
    sign.runs = [](const Analysis& analysis) {
        const auto inputs = analysisInputs(analysis);
        return QList<LessonRun>{
            {QStringLiteral("−x: FGLA from the phase of −x"), method(Algorithm::Fgla, InitialPhase::Given, 20),
             withPhaseOf(inputs, negated(*analysis.signal))},
            {QStringLiteral("fgla, init random"), method(Algorithm::Fgla, InitialPhase::Random, 100), inputs}};
    };
    sign.comparison = ComparisonQuantity::PhaseError;
    sign.measures = measureBit(M::SpectralConvergence) |
                   measureBit(M::PhaseError) |
                   measureBit(M::SignCorrected);
    return sign;
}

QList<Lesson> componentLessons()
{
    using M = ConvergencePlot::Measure;
    Lesson components;
    components.name = QStringLiteral("components");
    components.title = QStringLiteral("Disconnected components (separated in time)");
    components.params = makeParams(1024, 256);
    components.signal = []() { return componentSignal(componentPair(ComponentSeparation::Time), false); };
    components.runs = [](const Analysis& analysis) { return componentRuns(analysis, ComponentSeparation::Time); };
    components.comparison = ComparisonQuantity::PhaseErrorSign;
    components.logScale = true;
    components.measures = measureBit(M::SpectralConvergence) |
                   measureBit(M::SignCorrected) |
                   measureBit(M::ComponentCorrected);
    components.maxFrequencyHz = 1500.0;

    Lesson frequency = components;
    frequency.name = QStringLiteral("components-frequency");
    frequency.title = QStringLiteral("Disconnected components (separated in frequency)");
    frequency.signal = []() { return componentSignal(componentPair(ComponentSeparation::Frequency), false); };
    frequency.runs = [](const Analysis& analysis) { return componentRuns(analysis, ComponentSeparation::Frequency); };
    frequency.maxFrequencyHz = 4000.0;
    return {components, frequency};
}

Lesson convergenceLesson()
{
    Lesson convergence;
    convergence.name = QStringLiteral("convergence");
    convergence.title = QStringLiteral("Convergence is not phase recovery");
    convergence.params = makeParams(1024, 256);
    convergence.signal = demoSpeech;
    convergence.runs = [](const Analysis& analysis) {
        const auto inputs = analysisInputs(analysis);
        QList<LessonRun> runs{{QStringLiteral("gla, init random"), method(Algorithm::Gla, InitialPhase::Random, 100), inputs},
                              {QStringLiteral("fgla, init random"), method(Algorithm::Fgla, InitialPhase::Random, 100), inputs}};
        if (hasAlgorithm("raar"))
            runs.append({QStringLiteral("raar, init random"), method(Algorithm::Raar, InitialPhase::Random, 100), inputs});
        return runs;
    };
    convergence.comparison = ComparisonQuantity::PhaseErrorSign;
    convergence.logScale = true;
    convergence.focusRun = 1;
    return convergence;
}

Lesson windowMismatchLesson()
{
    using M = ConvergencePlot::Measure;
    Lesson mismatch;
    mismatch.name = QStringLiteral("window-mismatch");
    mismatch.title = QStringLiteral("The wrong window or hop");
    mismatch.params = makeParams(1024, 256);
    mismatch.signal = demoSpeech;
    mismatch.runs = [](const Analysis& analysis) {
        const auto right = analysisInputs(analysis);
        auto variant = [&](int hop, const char* window) {
            auto inputs = std::make_shared<RunInputs>(*right);
            inputs->params = makeParams(1024, hop, window);
            if (hop != right->params.hop)
                inputs->signalLength = 0; // the frames spread over a longer (or shorter) signal
            return std::shared_ptr<const RunInputs>(inputs);
        };
        const auto given = method(Algorithm::Fgla, InitialPhase::Given, 30);
        return QList<LessonRun>{{QStringLiteral("right: hann 1024/256"), given, right},
                                {QStringLiteral("wrong hop: hann 1024/512"), given, variant(512, "hann")},
                                {QStringLiteral("wrong window: hamming 1024/256"), given, variant(256, "hamming")},
                                {QStringLiteral("wrong window: rect 1024/256"), given, variant(256, "rect")}};
    };
    mismatch.comparison = ComparisonQuantity::Difference;
    mismatch.measures = measureBit(M::SpectralConvergence) |
                   measureBit(M::PhaseError);
    mismatch.focusRun = 2;
    mismatch.notes = consistencyNotes;
    return mismatch;
}

Lesson overlapLesson()
{
    using M = ConvergencePlot::Measure;
    Lesson overlap;
    overlap.name = QStringLiteral("overlap");
    overlap.title = QStringLiteral("Overlap and redundancy");
    overlap.params = makeParams(1024, 256);
    overlap.signal = demoSpeech;
    overlap.runs = [](const Analysis& analysis) {
        QList<LessonRun> runs;
        for (const auto& [hop, label] : {std::pair{512, "50 %"}, std::pair{256, "75 %"}, std::pair{128, "87.5 %"}}) {
            const auto inputs = hop == 256 ? analysisInputs(analysis) : inputsFor(analysis.signal, makeParams(1024, hop));
            runs.append({QStringLiteral("fgla, %1 (hop %2)").arg(QString::fromLatin1(label)).arg(hop),
                         method(Algorithm::Fgla, InitialPhase::Random, 100), inputs});
        }
        return runs;
    };
    overlap.comparison = ComparisonQuantity::Difference;
    overlap.focusRun = 0;
    overlap.summary = commonStftSummary;
    overlap.measures = measureBit(M::SpectralConvergence) |
                   measureBit(M::SignCorrected);
    return overlap;
}

QList<Lesson> makeLessons()
{
    QList<Lesson> list;
    list.append(signLesson());
    list += componentLessons();
    list.append(convergenceLesson());
    list.append(windowMismatchLesson());
    list.append(overlapLesson());
    for (Lesson& lesson : list)
        lesson.textResource = QStringLiteral(":/lessons/%1.md").arg(lesson.name);
    return list;
}

} // namespace

const QList<Lesson>& lessons()
{
    static const QList<Lesson> list = makeLessons();
    return list;
}

QStringList lessonNames()
{
    QStringList names;
    for (const Lesson& lesson : lessons())
        names << lesson.name;
    return names;
}

const Lesson* findLesson(const QString& name)
{
    for (const Lesson& lesson : lessons())
        if (lesson.name == name)
            return &lesson;
    return nullptr;
}

QString runSummary(const QList<const ReconstructionRun*>& runs)
{
    QString text = QStringLiteral("**Final figures** (spectral convergence; phase errors in rad²: raw / sign-corrected / "
                                  "unweighted / component-corrected):\n\n");
    for (const ReconstructionRun* run : runs) {
        if (run->records.empty())
            continue;
        const IterationRecord& last = run->records.back();
        text += QStringLiteral("- %1: %2 dB").arg(run->name, number(last.spectralConvergenceDb, 1));
        if (last.phase)
            text += QStringLiteral(" · %1 / %2 / %3 / %4")
                        .arg(number(last.phase->raw, 2), number(last.phase->signCorrected, 2), number(last.phase->unweighted, 2),
                             number(last.phase->componentCorrected, 2));
        text += QStringLiteral("\n");
    }
    return text;
}

QString lessonText(const Lesson& lesson)
{
    QFile file(lesson.textResource);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("# %1\n\n(The lesson text %2 is missing from this build.)").arg(lesson.title, lesson.textResource);
    return QString::fromUtf8(file.readAll());
}

} // namespace phaselab::ui
