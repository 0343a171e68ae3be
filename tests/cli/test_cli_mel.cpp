// SPDX-License-Identifier: GPL-3.0-or-later
// `phaselab-cli reconstruct --mel` end to end on mel dumps made by torchaudio (fixtures/mel, by
// fixtures/make_mel_fixtures.py) in five producers' conventions, .npy and raw: the sound written,
// analysed again with the dump's own making (our filterbank matches torchaudio's, test_mel), must
// reproduce the dump; refinement rounds must not do worse; bad parameters are refused with an
// `error:` line that names them.
#include "tests/support/cli_run.hpp"
#include "core/dsp/mel_filterbank.hpp"
#include "core/dsp/mel_value_scale.hpp"
#include "core/dsp/stft.hpp"
#include "core/io/audio_file.hpp"
#include "core/io/spectrogram_io.hpp"
#include "tests/support/fixture_files.hpp"
#include "tests/support/mel_fixtures.hpp"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>

using namespace phaselab;

namespace {

using Run = phaselab::test::CliRun;
using phaselab::test::runCli;

QString fixture(const std::string& name)
{
    return QString::fromStdString(testing::fixturePath("mel/" + name));
}

QStringList makingArguments(const nlohmann::json& c)
{
    return {"--mel", QString::number(int(c["n_mels"])), "--fmin", QString::number(double(c["fmin"])),
            "--fmax", QString::number(double(c["fmax"])), "--mel-scale", QString::fromStdString(c["mel_scale"]),
            "--mel-norm", QString::fromStdString(c["norm"]), "--power", QString::number(int(c["power"])),
            "--scale", QString::fromStdString(c["value_scale"]), "--n-fft", QString::number(int(c["n_fft"])),
            "--hop", QString::number(int(c["hop"])), "--sample-rate", QString::number(int(c["sample_rate"]))};
}

/// Mel spectral convergence (dB) of a sound against a dump, with the best gain (a dump made
/// relative to its maximum keeps no level): the sound is analysed with PhaseLab's centred
/// framing of the same n_fft and hop (how `reconstruct` framed it).
double melConvergenceOfSound(const QString& wav, const nlohmann::json& c, const std::string& dumpName)
{
    const Signal sound = readAudio(wav.toStdString());
    StftParams params;
    params.nFft = c["n_fft"];
    params.hop = c["hop"];
    params = params.resolved();
    StorageSpec storage;
    RealMatrix dump = readRealMatrix(testing::fixturePath("mel/" + dumpName), storage);
    const MelSpec spec = testing::melSpecOf(c);
    decodeMelValues(dump, parseMelValueScale(c["value_scale"]), spec.power);
    WorkerPool pool(1);
    const StftPlan plan(params, sound.length(), dump.frames, StftPlan::Use::ForwardOnly);
    ComplexMatrix coefficients;
    plan.forward(sound.samples.data(), coefficients, pool);
    RealMatrix magnitude(coefficients.bins, coefficients.frames);
    for (std::size_t i = 0; i < coefficients.values.size(); ++i)
        magnitude.values[i] = std::abs(coefficients.values[i]);
    const RealMatrix mel = MelFilterbank(spec, params.nFft, sound.sampleRate).melSpectrogram(magnitude, pool);
    double cross = 0, own = 0, target = 0;
    for (std::size_t i = 0; i < mel.values.size(); ++i) {
        cross += static_cast<double>(mel.values[i]) * dump.values[i];
        own += static_cast<double>(mel.values[i]) * mel.values[i];
        target += static_cast<double>(dump.values[i]) * dump.values[i];
    }
    const double gain = cross / own;
    double difference = 0;
    for (std::size_t i = 0; i < mel.values.size(); ++i) {
        const double d = gain * mel.values[i] - dump.values[i];
        difference += d * d;
    }
    return 10 * std::log10(difference / target);
}

} // namespace

class TestCliMel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void reconstructsEveryConvention()
    {
        for (const auto& c : testing::readJsonFixture("mel/mel_cases.json")) {
            const std::string name = c["name"];
            for (const bool raw : {false, true}) {
                const QString wav = dir_.filePath(QString::fromStdString(name) + (raw ? "_raw.wav" : ".wav"));
                const QString metrics = dir_.filePath(QString::fromStdString(name) + ".json");
                QStringList arguments = {"reconstruct", "--magnitude", fixture(name + (raw ? ".f32" : ".npy")),
                                         "--out", wav, "--metrics", metrics, "--threads", "2"};
                if (raw)
                    arguments << "--layout" << "frames_by_bins";
                arguments << makingArguments(c);
                const Run run = runCli(arguments);
                QVERIFY2(run.exitCode == 0, qPrintable(run.err));
                const double convergence = melConvergenceOfSound(wav, c, name + ".npy");
                if (!(convergence < -12.0))
                    QFAIL(qPrintable(QString("%1: mel spectral convergence %2 dB").arg(QString::fromStdString(name)).arg(convergence)));
                std::ifstream in(metrics.toStdString());
                const auto json = nlohmann::json::parse(in);
                QCOMPARE(int(json["mel"]["n_mels"]), int(c["n_mels"]));
                QCOMPARE(std::string(json["mel"]["mel_scale"]), std::string(c["mel_scale"]));
                QVERIFY(double(json["mel"]["spectral_convergence_db"]) < -10.0);
                // Every iteration's record has its mel figure; the last one is the sound's.
                QVERIFY(json["iterations"].size() > 2);
                for (const auto& record : json["iterations"])
                    QVERIFY(record["mel_spectral_convergence_db"].is_number());
                QCOMPARE(double(json["iterations"].back()["mel_spectral_convergence_db"]),
                         double(json["mel"]["spectral_convergence_db"]));
                QVERIFY(double(json["iterations"].back()["mel_spectral_convergence_db"])
                        < double(json["iterations"][0]["mel_spectral_convergence_db"]));
                // The log conventions clamp: the floor is found and treated as a bound.
                if (c["value_scale"] == "ln" || c["value_scale"] == "log10")
                    QVERIFY(json["mel"]["clamp_floor"].is_number());
            }
        }
    }

    void refinementRoundsDoNotHurt()
    {
        const auto cases = testing::readJsonFixture("mel/mel_cases.json");
        const auto& c = cases[0];
        double figures[2] = {0, 0};
        for (int rounds : {1, 5}) {
            const QString wav = dir_.filePath(QString("rounds%1.wav").arg(rounds));
            QStringList arguments = {"reconstruct", "--magnitude", fixture(std::string(c["name"]) + ".npy"), "--out", wav,
                                     "--init", "pghi", "--mel-rounds", QString::number(rounds)};
            arguments << makingArguments(c);
            const Run run = runCli(arguments);
            QVERIFY2(run.exitCode == 0, qPrintable(run.err));
            figures[rounds == 1 ? 0 : 1] = melConvergenceOfSound(wav, c, std::string(c["name"]) + ".npy");
        }
        if (!(figures[1] < figures[0] + 0.5))
            QFAIL(qPrintable(QString("5 rounds %1 dB, 1 round %2 dB").arg(figures[1]).arg(figures[0])));
    }

    void autoIsAtLeastAsFaithfulAsTheReference()
    {
        // reconstruct --auto (the guess, then its pipeline) against the reference pipeline given
        // the true making: per-frame NNLS and 100 FGLA iterations, no refinement. The conventions
        // and a making none of them describes (whose filterbank guess measures).
        nlohmann::json cases = testing::readJsonFixture("mel/mel_cases.json");
        cases.push_back(testing::readJsonFixture("mel/unconventional_case.json"));
        for (const auto& c : cases) {
            const std::string name = c["name"];
            const QString automatic = dir_.filePath(QString::fromStdString(name) + "_auto.wav");
            const QString reference = dir_.filePath(QString::fromStdString(name) + "_reference.wav");
            const Run guessed = runCli({"reconstruct", "--magnitude", fixture(name + ".npy"), "--auto", "--sample-rate",
                                        QString::number(int(c["sample_rate"])), "--out", automatic});
            QVERIFY2(guessed.exitCode == 0, qPrintable(guessed.err));
            QVERIFY2(guessed.out.contains("mel " + QString::number(int(c["n_mels"]))), qPrintable(guessed.out));
            QStringList arguments = {"reconstruct", "--magnitude", fixture(name + ".npy"), "--out", reference,
                                     "--mel-rounds", "1", "--algorithm", "fgla", "--iterations", "100"};
            arguments << makingArguments(c);
            const Run known = runCli(arguments);
            QVERIFY2(known.exitCode == 0, qPrintable(known.err));
            const double ours = melConvergenceOfSound(automatic, c, name + ".npy");
            const double baseline = melConvergenceOfSound(reference, c, name + ".npy");
            qInfo("%s: --auto %.2f dB, NNLS + 100 FGLA with the true making %.2f dB", name.c_str(), ours, baseline);
            if (!(ours <= baseline + 0.5))
                QFAIL(qPrintable(QString("%1: --auto %2 dB, reference %3 dB").arg(QString::fromStdString(name)).arg(ours).arg(baseline)));
        }
    }

    void refusesBadParameters()
    {
        const QString npy = fixture("hifigan.npy");
        const QString out = dir_.filePath("bad.wav");
        const QStringList base = {"reconstruct", "--magnitude", npy, "--out", out, "--scale", "ln", "--n-fft", "1024"};
        const struct {
            QStringList extra;
            QString expected;
        } cases[] = {
            {{"--mel", "80"}, "sample rate"},
            {{"--mel", "81", "--sample-rate", "22050"}, "81"},
            {{"--mel", "80", "--sample-rate", "22050", "--fmax", "20000"}, "fmax"},
            {{"--mel", "80", "--sample-rate", "22050", "--fmin", "-3"}, "fmin"},
            {{"--mel", "80", "--sample-rate", "22050", "--power", "3"}, "--power"},
            {{"--mel", "80", "--sample-rate", "22050", "--mel-scale", "bark"}, "mel scale"},
            {{"--mel", "0", "--sample-rate", "22050"}, "--mel"},
        };
        for (const auto& c : cases) {
            const Run run = runCli(base + c.extra);
            QCOMPARE(run.exitCode, 1);
            QVERIFY2(run.err.startsWith("error:") && run.err.contains(c.expected), qPrintable(run.err));
        }
        for (const QStringList& extra : {QStringList{"--auto"}, QStringList{"--phase", npy}}) {
            const Run run = runCli(base + QStringList{"--mel", "80", "--sample-rate", "22050"} + extra);
            QCOMPARE(run.exitCode, 1);
            QVERIFY2(run.err.startsWith("error:") && run.err.contains("--mel"), qPrintable(run.err));
        }
        // A log dump read as linear: negative values.
        const Run linear = runCli({"reconstruct", "--magnitude", npy, "--out", out, "--mel", "80", "--n-fft", "1024",
                                   "--sample-rate", "22050"});
        QCOMPARE(linear.exitCode, 1);
        QVERIFY2(linear.err.contains("negative"), qPrintable(linear.err));
    }

private:
    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TestCliMel)
#include "test_cli_mel.moc"
