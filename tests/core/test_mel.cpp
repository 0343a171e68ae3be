// SPDX-License-Identifier: GPL-3.0-or-later
// Mel filterbanks against torchaudio.functional.melscale_fbanks (fixtures/mel/filterbanks.json),
// the mel spectrograms of torchaudio-made dumps re-computed from their clips, the value scales,
// the non-negative inversion (its mel reproduces the target, it never goes negative, it does not
// depend on the thread count), the mel spectral convergence every record of a run on a mel target
// carries (against the run's sounds re-analysed and measured here from the definition) and the
// errors that name the parameter at fault.
#include "core/base/error.hpp"
#include "core/dsp/mel_filterbank.hpp"
#include "core/dsp/mel_value_scale.hpp"
#include "core/dsp/stft.hpp"
#include "core/io/audio_file.hpp"
#include "core/io/spectrogram_io.hpp"
#include "core/reconstruction/mel_inversion.hpp"
#include "tests/support/fixture_files.hpp"
#include "tests/support/mel_fixtures.hpp"

#include <QTest>

#include <cmath>
#include <random>

using namespace phaselab;

namespace {

StftParams paramsOf(const nlohmann::json& c)
{
    StftParams params;
    params.nFft = c["n_fft"];
    params.hop = c["hop"];
    params.center = c["centered"];
    params.padMode = parsePadMode(c["pad_mode"]);
    return params.resolved();
}

/// 20 log10(||F |X|^p - mel|| / ||mel||) of a sound, straight from the definition: its STFT with
/// the mel's frame count, the filterbank's weights summed in double.
double melConvergenceOfSound(const std::vector<float>& sound, const StftParams& params, const MelTarget& target,
                             WorkerPool& pool)
{
    const StftPlan plan(params, static_cast<std::int64_t>(sound.size()), target.mel.frames, StftPlan::Use::ForwardOnly);
    ComplexMatrix x;
    plan.forward(sound.data(), x, pool);
    const MelFilterbank& bank = target.filterbank;
    double difference = 0, energy = 0;
    for (int t = 0; t < x.frames; ++t)
        for (int m = 0; m < bank.melCount(); ++m) {
            double sum = 0;
            for (int k = 0; k < bank.binCount(); ++k)
                sum += bank.weight(m, k) * std::pow(std::abs(static_cast<std::complex<double>>(x.at(t, k))), bank.spec().power);
            const double want = target.mel.at(t, m);
            difference += (sum - want) * (sum - want);
            energy += want * want;
        }
    return 10 * std::log10(difference / energy);
}

/// A torchaudio-made dump of mel_cases.json, decoded, with its filterbank.
MelTarget melFixture(const nlohmann::json& c)
{
    StorageSpec storage;
    storage.layout = MatrixLayout::BinsByFrames;
    RealMatrix dump = readRealMatrix(testing::fixturePath("mel/" + std::string(c["name"]) + ".npy"), storage);
    const MelSpec spec = testing::melSpecOf(c);
    decodeMelValues(dump, parseMelValueScale(c["value_scale"]), spec.power);
    return MelTarget(std::move(dump), MelFilterbank(spec, c["n_fft"], c["sample_rate"]));
}

double relativeError(const std::vector<float>& a, const std::vector<float>& b)
{
    double difference = 0, energy = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        difference += (static_cast<double>(a[i]) - b[i]) * (static_cast<double>(a[i]) - b[i]);
        energy += static_cast<double>(b[i]) * b[i];
    }
    return std::sqrt(difference / energy);
}

} // namespace

class TestMel : public QObject {
    Q_OBJECT
private slots:
    void scalesRoundTrip()
    {
        for (MelScale scale : {MelScale::Htk, MelScale::Slaney})
            for (double hz : {0.0, 60.0, 999.0, 1000.0, 1001.0, 4000.0, 11025.0})
                QVERIFY(std::abs(melToHz(hzToMel(hz, scale), scale) - hz) < 1e-9 * (1 + hz));
        // Closed forms: HTK's 1000 Hz is 1000 mel; Slaney's 1 kHz is mel 15, linear below.
        QVERIFY(std::abs(hzToMel(1000.0, MelScale::Htk) - 999.9855) < 1e-3);
        QCOMPARE(hzToMel(1000.0, MelScale::Slaney), 15.0);
        QCOMPARE(hzToMel(200.0, MelScale::Slaney), 3.0);
    }

    void filterbanksMatchTorchaudio()
    {
        const auto cases = testing::readJsonFixture("mel/filterbanks.json");
        QVERIFY(cases.size() >= 5);
        for (const auto& c : cases) {
            const MelFilterbank bank(testing::melSpecOf(c), c["n_fft"], c["sample_rate"]);
            const std::vector<float> expected = c["weights"];
            QCOMPARE(static_cast<std::size_t>(bank.melCount() * bank.binCount()), expected.size());
            double peak = 0;
            for (float w : expected)
                peak = std::max(peak, static_cast<double>(w));
            for (int m = 0; m < bank.melCount(); ++m)
                for (int k = 0; k < bank.binCount(); ++k) {
                    const float want = expected[static_cast<std::size_t>(m) * bank.binCount() + k];
                    if (std::abs(bank.weight(m, k) - want) > 1e-5 * peak)
                        QFAIL(qPrintable(QString("%1 mels %2/%3: weight[%4][%5] %6, torchaudio %7")
                                             .arg(bank.melCount()).arg(QString::fromStdString(std::string(c["mel_scale"])))
                                             .arg(QString::fromStdString(std::string(c["norm"]))).arg(m).arg(k)
                                             .arg(bank.weight(m, k)).arg(want)));
                }
        }
    }

    void dumpsMatchTheirClips()
    {
        // Each torchaudio-made dump, decoded, equals our filterbank over our STFT of the same clip.
        WorkerPool pool(2);
        for (const auto& c : testing::readJsonFixture("mel/mel_cases.json")) {
            const std::string name = c["name"];
            if (int(c["pre_pad"]) != 0)
                continue; // HiFi-GAN's own padding: checked by the inversion tests instead
            const Signal clip = readAudio(testing::fixturePath("mel/" + name + ".wav"));
            const MelSpec spec = testing::melSpecOf(c);
            const StftParams params = paramsOf(c);
            const MelFilterbank bank(spec, params.nFft, clip.sampleRate);
            RealMatrix magnitude;
            {
                const Spectrogram s = stft(clip, params, pool);
                magnitude = RealMatrix(s.bins(), s.frames());
                for (std::size_t i = 0; i < magnitude.values.size(); ++i)
                    magnitude.values[i] = std::abs(s.coefficients.values[i]);
            }
            const RealMatrix ours = bank.melSpectrogram(magnitude, pool);
            StorageSpec storage;
            storage.layout = MatrixLayout::BinsByFrames;
            RealMatrix dump = readRealMatrix(testing::fixturePath("mel/" + name + ".npy"), storage);
            QCOMPARE(dump.bins, spec.nMels);
            // Whisper drops the STFT's last frame; the frames before it are compared (frame-major, so
            // the dump's values are a prefix of ours).
            QCOMPARE(dump.frames, ours.frames - (c.value("drop_last_frame", false) ? 1 : 0));
            const MelValueScale scale = parseMelValueScale(c["value_scale"]);
            decodeMelValues(dump, scale, spec.power);
            // power_to_db(ref=max) keeps no absolute level: compare relative to the loudest value.
            RealMatrix reference = ours;
            if (scale == MelValueScale::Db) {
                const float peak = *std::max_element(ours.values.begin(), ours.values.end());
                for (float& v : reference.values)
                    v /= peak;
            }
            // The log conventions clamp quiet values: compare where the dump is above its floor.
            std::vector<float> a, b;
            for (std::size_t i = 0; i < dump.values.size(); ++i)
                if (dump.values[i] > 1e-6 * *std::max_element(dump.values.begin(), dump.values.end())) {
                    a.push_back(reference.values[i]);
                    b.push_back(dump.values[i]);
                }
            QVERIFY(a.size() > dump.values.size() / 4);
            const double error = relativeError(a, b);
            if (!(error < 1e-4))
                QFAIL(qPrintable(QString("%1: relative error %2").arg(QString::fromStdString(name)).arg(error)));
        }
    }

    void valueScalesRoundTrip()
    {
        for (MelValueScale scale : {MelValueScale::Linear, MelValueScale::Ln, MelValueScale::Log10, MelValueScale::Db})
            for (double power : {1.0, 2.0})
                for (double mel : {1e-6, 0.3, 42.0})
                    QVERIFY(std::abs(decodeMelValue(encodeMelValue(mel, scale, power), scale, power) - mel) < 1e-9 * mel);
        QCOMPARE(decodeMelValue(-10.0, MelValueScale::Log10, 2.0), 1e-10);
        QVERIFY(std::abs(decodeMelValue(20.0, MelValueScale::Db, 1.0) - 10.0) < 1e-12);
        QVERIFY(std::abs(decodeMelValue(20.0, MelValueScale::Db, 2.0) - 100.0) < 1e-9);
        RealMatrix negative(2, 2, 1.0f);
        negative.values[3] = -1.0f;
        QVERIFY_THROWS_EXCEPTION(InputError, decodeMelValues(negative, MelValueScale::Linear, 1.0));
    }

    void inversionReproducesTheMel()
    {
        // A magnitude of known spectra: the NNLS solution's mel matches the target, never < 0.
        for (double power : {1.0, 2.0}) {
            MelSpec spec;
            spec.nMels = 40;
            spec.power = power;
            const MelFilterbank bank(spec, 512, 16000);
            std::mt19937 generator(7);
            std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
            RealMatrix truth(bank.binCount(), 30);
            for (int t = 0; t < truth.frames; ++t)
                for (int k = 0; k < truth.bins; ++k)
                    truth.at(t, k) = uniform(generator) * std::exp(-k / 60.0f) + (k % 37 == t % 37 ? 5.0f : 0.0f);
            WorkerPool one(1), two(2);
            const RealMatrix mel = bank.melSpectrogram(truth, one);
            const RealMatrix estimate = melToLinearMagnitude(mel, bank, one);
            for (float v : estimate.values)
                QVERIFY(v >= 0.0f);
            const double convergence = melSpectralConvergenceDb(mel, bank, estimate, one);
            if (!(convergence < -40.0))
                QFAIL(qPrintable(QString("power %1: mel spectral convergence %2 dB").arg(power).arg(convergence)));
            // The start alone is far worse: the solver did the work.
            QVERIFY(melSpectralConvergenceDb(mel, bank, melToLinearMagnitude(mel, bank, one, {0, 0.0}), one)
                    > convergence + 10.0);
            const RealMatrix threaded = melToLinearMagnitude(mel, bank, two);
            QCOMPARE(threaded.values, estimate.values);
        }
    }

    void everyRecordMeasuresTheMel()
    {
        // FGLA on the magnitude solved from a dump (HiFi-GAN's ln magnitude mel, a recogniser's
        // log10 power mel): record 0 is the zero-phase start, ISTFT(S), the last one the output.
        WorkerPool pool(2);
        int checked = 0;
        for (const auto& c : testing::readJsonFixture("mel/mel_cases.json")) {
            const std::string name = c["name"];
            if (name != "hifigan" && name != "asr")
                continue;
            const QString what = QString::fromStdString(name);
            const MelTarget target = melFixture(c);
            const StftParams params = paramsOf(c);
            MelInversionOptions inversion;
            inversion.floor = clampedFloor(target.mel);
            const RealMatrix magnitude = melToLinearMagnitude(target.mel, target.filterbank, pool, inversion);
            ReconstructionProblem problem;
            problem.magnitude = &magnitude;
            problem.params = params;
            problem.melTarget = &target;
            ReconstructionOptions options;
            options.algorithm = Algorithm::Fgla;
            options.init = InitialPhase::Zero;
            options.iterations = 40;
            const ReconstructionResult result = reconstruct(problem, options, pool);
            QCOMPARE(int(result.iterations.size()), 41);
            for (const IterationRecord& record : result.iterations)
                QVERIFY(record.melSpectralConvergenceDb && std::isfinite(*record.melSpectralConvergenceDb));

            const double last = melConvergenceOfSound(result.signal.samples, params, target, pool);
            const double recordedLast = *result.iterations.back().melSpectralConvergenceDb;
            if (!(std::abs(recordedLast - last) < 0.01))
                QFAIL(qPrintable(QString("%1: last record %2 dB, its sound %3 dB").arg(what).arg(recordedLast).arg(last)));
            // The same figure through the engine's own function on the re-analysed magnitude.
            {
                const StftPlan plan(params, result.signal.length(), magnitude.frames, StftPlan::Use::ForwardOnly);
                ComplexMatrix x;
                plan.forward(result.signal.samples.data(), x, pool);
                RealMatrix analysed(x.bins, x.frames);
                for (std::size_t i = 0; i < x.values.size(); ++i)
                    analysed.values[i] = std::abs(x.values[i]);
                QVERIFY(std::abs(melSpectralConvergenceDb(target.mel, target.filterbank, analysed, pool) - last) < 0.01);
            }
            std::vector<float> start(result.signal.samples.size());
            {
                const StftPlan plan(params, result.signal.length(), magnitude.frames);
                ComplexMatrix zeroPhase(magnitude.bins, magnitude.frames);
                for (std::size_t i = 0; i < magnitude.values.size(); ++i)
                    zeroPhase.values[i] = magnitude.values[i];
                plan.inverse(zeroPhase, start.data(), pool);
            }
            const double first = melConvergenceOfSound(start, params, target, pool);
            const double recordedFirst = *result.iterations.front().melSpectralConvergenceDb;
            if (!(std::abs(recordedFirst - first) < 0.01))
                QFAIL(qPrintable(QString("%1: record 0 %2 dB, its sound %3 dB").arg(what).arg(recordedFirst).arg(first)));
            qInfo("%s: mel SC %.2f dB from zero phase, %.2f dB after 40 FGLA iterations", name.c_str(), first, last);
            // FGLA makes the sound reproduce the dump better.
            if (!(last < first - 3.0))
                QFAIL(qPrintable(QString("%1: mel SC %2 dB after FGLA, %3 dB from zero phase").arg(what).arg(last).arg(first)));

            // reconstructFromMel's rounds record it too, and report the last record's figure.
            const MelReconstruction rounds = reconstructFromMel(target, inversion, problem, options, 2, pool);
            QCOMPARE(int(rounds.result.iterations.size()), 41);
            for (const IterationRecord& record : rounds.result.iterations)
                QVERIFY(record.melSpectralConvergenceDb.has_value());
            QCOMPARE(rounds.melSpectralConvergenceDb, *rounds.result.iterations.back().melSpectralConvergenceDb);
            QVERIFY(std::abs(melConvergenceOfSound(rounds.result.signal.samples, params, target, pool)
                             - rounds.melSpectralConvergenceDb) < 0.01);

            // Without a target no record has it; a target of other frames is refused.
            problem.melTarget = nullptr;
            options.iterations = 2;
            for (const IterationRecord& record : reconstruct(problem, options, pool).iterations)
                QVERIFY(!record.melSpectralConvergenceDb);
            RealMatrix shorter(target.mel.bins, target.mel.frames - 1);
            const MelTarget misfit(std::move(shorter), target.filterbank);
            problem.melTarget = &misfit;
            QVERIFY_THROWS_EXCEPTION(InputError, reconstruct(problem, options, pool));
            ++checked;
        }
        QCOMPARE(checked, 2);
    }

    void floorIsAnUpperBound()
    {
        // A mel clamped at a floor: the solution may go below the floor, not above it.
        MelSpec spec;
        spec.nMels = 20;
        const MelFilterbank bank(spec, 256, 8000);
        RealMatrix mel(20, 1, 1.0f);
        for (int m = 10; m < 20; ++m)
            mel.at(0, m) = 1e-5f;
        WorkerPool pool(1);
        MelInversionOptions options;
        options.floor = 1e-5;
        const RealMatrix magnitude = melToLinearMagnitude(mel, bank, pool, options);
        std::vector<float> back(20);
        bank.apply(magnitude.frame(0), back.data());
        for (int m = 10; m < 20; ++m)
            if (!(back[m] <= 2e-5f))
                QFAIL(qPrintable(QString("mel %1: %2 above the floor").arg(m).arg(back[m])));
        for (int m = 1; m < 9; ++m)
            QVERIFY(std::abs(back[m] - 1.0f) < 1e-3f);
    }

    void errorsNameTheParameter()
    {
        const auto message = [](MelSpec spec, int nFft, double rate) {
            try {
                MelFilterbank bank(spec, nFft, rate);
            } catch (const InputError& error) {
                return std::string(error.what());
            }
            return std::string();
        };
        MelSpec spec;
        spec.nMels = 0;
        QVERIFY(message(spec, 1024, 22050).find("n_mels") != std::string::npos);
        spec = {};
        spec.fmin = -5;
        QVERIFY(message(spec, 1024, 22050).find("fmin") != std::string::npos);
        spec = {};
        spec.fmax = 20000;
        QVERIFY(message(spec, 1024, 22050).find("fmax") != std::string::npos);
        spec = {};
        spec.power = 3;
        QVERIFY(message(spec, 1024, 22050).find("power") != std::string::npos);
        QVERIFY(message({}, 1024, 0).find("sample rate") != std::string::npos);
        QVERIFY_THROWS_EXCEPTION(InputError, parseMelScale("bark"));
        QVERIFY_THROWS_EXCEPTION(InputError, parseMelNorm("l2"));
    }
};

QTEST_APPLESS_MAIN(TestMel)
#include "test_mel.moc"
