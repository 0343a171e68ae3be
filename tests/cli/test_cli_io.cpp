// SPDX-License-Identifier: GPL-3.0-or-later
// phaselab-cli info and analyze, run as a process: info on audio / npy / raw, analyze output equal
// to the engine's STFT in every format, layout, scale and unit, and one `error:` line with exit
// status 1 for every bad input these commands can meet (CLI.md's general rules). Also the storage options
// and loader that `reconstruct --magnitude` uses (app/cli/storage_options), compiled in.
#include "app/cli/storage_options.hpp"
#include "core/base/error.hpp"
#include "core/dsp/fft.hpp"
#include "core/io/audio_file.hpp"
#include "core/io/npy.hpp"
#include "core/io/spectrogram_io.hpp"
#include "core/base/parallel.hpp"
#include "core/dsp/stft.hpp"
#include "tests/support/cli_run.hpp"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <numbers>

using namespace phaselab;
using phaselab::test::CliRun;
using phaselab::test::runCli;

namespace {

const QString kFixtures = QString(PHASELAB_FIXTURES) + "/io/";

float peakMagnitude(const ComplexMatrix& x)
{
    float peak = 0;
    for (const auto& v : x.values)
        peak = std::max(peak, std::abs(v));
    return peak;
}

} // namespace

class TestCliIo : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString wav_;

    QString path(const QString& name) const { return dir_.path() + "/" + name; }

private slots:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        Signal signal;
        signal.sampleRate = 8000;
        for (int n = 0; n < 6000; ++n)
            signal.samples.push_back(static_cast<float>(0.5 * std::sin(2 * std::numbers::pi * (300 + 0.1 * n) * n / 8000.0)
                                                        + 0.05 * std::cos(0.37 * (n * n % 101))));
        wav_ = path("input.wav");
        writeAudio(wav_.toStdString(), signal);
    }

    void infoAudio()
    {
        const CliRun run = runCli({"info", kFixtures + "io_stereo_pcm16.wav"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("sample rate: 8000 Hz") && run.out.contains("channels:    2")
                     && run.out.contains("1000 samples (0.125 s)") && run.out.contains("WAV"),
                 qPrintable(run.out));
        const CliRun json = runCli({"info", "--json", wav_});
        QCOMPARE(json.exitCode, 0);
        const QJsonObject object = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(object["type"].toString(), QString("audio"));
        QCOMPARE(object["sample_rate"].toDouble(), 8000.0);
        QCOMPARE(object["frames"].toInt(), 6000);
        QCOMPARE(object["channels"].toInt(), 1);
    }

    void infoNpyAndRaw()
    {
        const CliRun npy = runCli({"info", kFixtures + "io_be_f8_f.npy"});
        QCOMPARE(npy.exitCode, 0);
        QVERIFY2(npy.out.contains("float64") && npy.out.contains("(5, 7)") && npy.out.contains("Fortran"), qPrintable(npy.out));
        const CliRun json = runCli({"info", "--json", kFixtures + "io_le_c16_c.npy"});
        const QJsonObject object = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(object["dtype"].toString(), QString("complex128"));
        QCOMPARE(object["fortran_order"].toBool(), false);
        QCOMPARE(object["shape"].toVariant().toList().size(), 2);
        const CliRun raw = runCli({"info", kFixtures + "io_raw_f32le_bins_by_frames_5x7.bin"});
        QCOMPARE(raw.exitCode, 0);
        QVERIFY2(raw.out.contains("140 bytes") && raw.out.contains("float32: 35 values: 5 x 7"), qPrintable(raw.out));
        // A typical spectrogram dump: 513 x 40 float32, the n_fft hint shows.
        QFile file(path("dump.bin"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(513 * 40 * 4, '\0'));
        file.close();
        const CliRun dump = runCli({"info", path("dump.bin")});
        QVERIFY2(dump.out.contains("40 x 513 [513 = 1024/2+1]"), qPrintable(dump.out));
    }

    void analyzeMatchesEngine()
    {
        const std::string wav = wav_.toStdString();
        const Signal signal = readAudio(wav);
        StftParams params;
        params.nFft = 256;
        params.hop = 64;
        params = params.resolved();
        WorkerPool pool(1);
        const ComplexMatrix expected = stft(signal, params, pool).coefficients;
        const float peak = peakMagnitude(expected);
        QVERIFY(peak > 1);

        const CliRun run = runCli({"analyze", wav_, "--n-fft", "256", "--hop", "64", "--threads", "2", "--magnitude",
                                path("m.npy"), "--phase", path("p.npy")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const NpyArray magnitude = readNpy(path("m.npy").toStdString());
        const NpyArray phase = readNpy(path("p.npy").toStdString());
        QCOMPARE(magnitude.header.shape, (std::vector<std::int64_t>{129, expected.frames}));
        QCOMPARE(magnitude.header.dtype, DType::Float32);
        double worst = 0;
        for (int bin = 0; bin < 129; ++bin)
            for (int frame = 0; frame < expected.frames; ++frame) {
                const std::size_t k = static_cast<std::size_t>(bin) * expected.frames + frame;
                const std::complex<double> x = std::polar(magnitude.real[k], phase.real[k]);
                worst = std::max(worst, std::abs(x - std::complex<double>(expected.at(frame, bin))));
            }
        qInfo("analyze npy vs engine: max error %.3g of peak %.3g", worst, static_cast<double>(peak));
        QVERIFY(worst <= 1e-6 * peak);

        // Every format x layout x scale x unit reads back through the loader to the same X.
        int cases = 0;
        for (const QString format : {"npy", "f32le", "f64le"})
            for (const QString layout : {"bins_by_frames", "frames_by_bins"})
                for (const QString scale : {"linear", "power", "db"})
                    for (const QString unit : {"rad", "deg"}) {
                        const QString tag = QString::number(cases++);
                        const CliRun r = runCli({"analyze", wav_, "--n-fft", "256", "--hop", "64", "--format", format,
                                              "--layout", layout, "--scale", scale, "--phase-unit", unit, "--magnitude",
                                              path("m" + tag), "--phase", path("p" + tag)});
                        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
                        SpectrogramFiles files;
                        files.magnitudePath = path("m" + tag).toStdString();
                        files.phasePath = path("p" + tag).toStdString();
                        files.storage.dtype = format == "f64le" ? DType::Float64 : DType::Float32;
                        files.storage.layout = parseLayout(layout.toStdString());
                        files.storage.bins = 129;
                        files.values.magnitudeScale = parseMagnitudeScale(scale.toStdString());
                        files.values.phaseUnit = parsePhaseUnit(unit.toStdString());
                        const LoadedSpectrogram back = loadSpectrogram(files);
                        QCOMPARE(back.coefficients.frames, expected.frames);
                        double error = 0;
                        for (std::size_t i = 0; i < expected.values.size(); ++i)
                            error = std::max(error, static_cast<double>(std::abs(back.coefficients.values[i] - expected.values[i])));
                        QVERIFY2(error <= 2e-6 * peak, qPrintable(format + " " + layout + " " + scale + " " + unit));
                    }
        QVERIFY(QDir(dir_.path()).entryList({"*.tmp-*"}, QDir::Files).isEmpty());
    }

    void analyzeChannels()
    {
        const QString stereo = kFixtures + "io_stereo_pcm16.wav";
        for (const QString channel : {"0", "1", "mix"}) {
            QStringList arguments = {"analyze", stereo, "--n-fft", "64", "--magnitude", path("c.npy")};
            if (channel == "mix")
                arguments << "--mix";
            else
                arguments << "--channel" << channel;
            const CliRun run = runCli(arguments);
            QVERIFY2(run.exitCode == 0, qPrintable(run.err));
            const Signal signal = readAudio(stereo.toStdString(), channel == "mix" ? ChannelSelection::mix()
                                                                                    : ChannelSelection::index(channel.toInt()));
            StftParams params;
            params.nFft = 64;
            WorkerPool pool(1);
            const ComplexMatrix expected = stft(signal, params.resolved(), pool).coefficients;
            const NpyArray magnitude = readNpy(path("c.npy").toStdString());
            QCOMPARE(magnitude.real.size(), expected.values.size());
            const double peak = peakMagnitude(expected);
            for (int bin = 0; bin < 33; bin += 4)
                QVERIFY(std::abs(magnitude.real[static_cast<std::size_t>(bin) * expected.frames + 3]
                                 - std::abs(expected.at(3, bin))) <= 1e-6 * peak);
        }
    }

    void storageOptionsParse()
    {
        CLI::App app;
        cli::StorageOptionValues values;
        cli::addStorageOptions(app, values);
        app.parse(std::string("--frames 5 --header-bytes 16 --layout frames_by_bins --byte-order big --dtype int16 "
                              "--scale db --phase-unit deg --value-scale 0.5 --db-floor -90"),
                  false);
        const StorageSpec spec = values.toStorageSpec();
        QCOMPARE(spec.dtype, DType::Int16);
        QCOMPARE(spec.byteOrder, ByteOrder::Big);
        QCOMPARE(spec.layout, MatrixLayout::FramesByBins);
        QCOMPARE(spec.headerBytes, std::int64_t{16});
        QCOMPARE(spec.frames, 5);
        QCOMPARE(spec.bins, 0);
        QCOMPARE(spec.quantScale, 0.5);
        const ValueConventions conventions = values.toValueConventions();
        QCOMPARE(conventions.magnitudeScale, MagnitudeScale::Db);
        QCOMPARE(conventions.phaseUnit, PhaseUnit::Degrees);
        QCOMPARE(conventions.dbFloor, -90.0);
        values.dtype = "float16";
        QVERIFY_THROWS_EXCEPTION(InputError, values.toStorageSpec());
        values.dtype = "float32";
        values.headerBytes = -1;
        QVERIFY_THROWS_EXCEPTION(InputError, values.toStorageSpec());
    }

    void storageOptionsLoad()
    {
        // A 129 x 10 float32 raw magnitude, bins_by_frames, value bin + frame / 100.
        std::vector<float> values;
        for (int bin = 0; bin < 129; ++bin)
            for (int frame = 0; frame < 10; ++frame)
                values.push_back(static_cast<float>(bin + frame / 100.0));
        QFile raw(path("mag129.f32"));
        QVERIFY(raw.open(QIODevice::WriteOnly));
        raw.write(reinterpret_cast<const char*>(values.data()), static_cast<qint64>(values.size() * 4));
        raw.close();
        const std::string rawPath = path("mag129.f32").toStdString();
        cli::StorageOptionValues storage;
        cli::StftOptionValues stft;
        stft.nFft = 256;
        stft.sampleRate = 16000;
        // Raw without a shape: bins = n_fft/2+1, frames from the size.
        cli::SpectrogramInput input = cli::loadSpectrogramInput(rawPath, "", storage, stft, true);
        QCOMPARE(input.spectrogram.bins(), 129);
        QCOMPARE(input.spectrogram.frames(), 10);
        QCOMPARE(input.spectrogram.params.nFft, 256);
        QCOMPARE(input.spectrogram.params.hop, 64);
        QCOMPARE(input.spectrogram.sampleRate, 16000.0);
        QVERIFY(!input.hasPhase);
        QCOMPARE(input.spectrogram.coefficients.at(7, 100), std::complex<float>(100.07f, 0.0f));
        // Not a whole number of frames at the default n_fft: the message says what to give.
        stft.nFft = 2048;
        QVERIFY_THROWS_EXCEPTION(InputError, cli::loadSpectrogramInput(rawPath, "", storage, stft, false));
        try {
            cli::loadSpectrogramInput(rawPath, "", storage, stft, false);
        } catch (const InputError& error) {
            QVERIFY2(std::string(error.what()).find("--bins or --frames") != std::string::npos, error.what());
        }
        // With --bins but no --n-fft: n_fft follows the file.
        storage.bins = 129;
        input = cli::loadSpectrogramInput(rawPath, "", storage, stft, false);
        QCOMPARE(input.spectrogram.params.nFft, 256);
        QCOMPARE(input.spectrogram.params.winLength, 256);
        // An explicit n_fft that does not fit names the one that does.
        stft.nFft = 512;
        try {
            cli::loadSpectrogramInput(rawPath, "", storage, stft, true);
            QFAIL("no error");
        } catch (const InputError& error) {
            QVERIFY2(std::string(error.what()).find("--n-fft 256") != std::string::npos, error.what());
        }
        // 128 bins with --n-fft 256: one-sided without Nyquist; 256 bins: two-sided.
        storage.bins = std::nullopt;
        storage.frames = 10;
        stft.nFft = 256;
        QFile noNyquist(path("mag128.f32"));
        QVERIFY(noNyquist.open(QIODevice::WriteOnly));
        noNyquist.write(reinterpret_cast<const char*>(values.data()), 128 * 10 * 4);
        noNyquist.close();
        input = cli::loadSpectrogramInput(path("mag128.f32").toStdString(), "", storage, stft, true);
        QCOMPARE(input.spectrogram.bins(), 129);
        QCOMPARE(input.spectrogram.coefficients.at(3, 128), std::complex<float>(0.0f, 0.0f));
        QCOMPARE(input.spectrogram.coefficients.at(3, 127), std::complex<float>(127.03f, 0.0f));
        QVERIFY(!input.adjustment.empty());
        std::vector<float> twoSided;
        for (int bin = 0; bin < 256; ++bin)
            for (int frame = 0; frame < 10; ++frame)
                twoSided.push_back(static_cast<float>(bin < 129 ? bin + frame / 100.0 : 256 - bin));
        QFile both(path("mag256.f32"));
        QVERIFY(both.open(QIODevice::WriteOnly));
        both.write(reinterpret_cast<const char*>(twoSided.data()), static_cast<qint64>(twoSided.size() * 4));
        both.close();
        input = cli::loadSpectrogramInput(path("mag256.f32").toStdString(), "", storage, stft, true);
        QCOMPARE(input.spectrogram.bins(), 129);
        QCOMPARE(input.spectrogram.coefficients.at(9, 128), std::complex<float>(128.09f, 0.0f));
        // A .npy needs no storage options; its phase file comes along.
        cli::StorageOptionValues none;
        cli::StftOptionValues defaults;
        input = cli::loadSpectrogramInput((kFixtures + "io_le_c8_c.npy").toStdString(), "", none, defaults, false);
        QVERIFY(input.hasPhase);
        QCOMPARE(input.spectrogram.params.nFft, 8); // 5 bins
        QCOMPARE(input.storage.container, Container::Npy);
    }

    void analyzeAgreesOnBothFftBackends()
    {
        if (!fftBackendAvailable(FftBackend::Fftw))
            QSKIP("built without FFTW");
        std::vector<NpyArray> magnitudes;
        for (const QString backend : {"kiss", "fftw"}) {
            const CliRun run = runCli({"analyze", wav_, "--n-fft", "255", "--hop", "64", "--fft-backend", backend, "--magnitude",
                                    path("m_" + backend + ".npy")});
            QVERIFY2(run.exitCode == 0, qPrintable(run.err));
            magnitudes.push_back(readNpy(path("m_" + backend + ".npy").toStdString()));
        }
        QCOMPARE(magnitudes[0].header.shape, magnitudes[1].header.shape);
        double peak = 0, worst = 0;
        for (std::size_t i = 0; i < magnitudes[0].real.size(); ++i) {
            peak = std::max(peak, std::abs(magnitudes[0].real[i]));
            worst = std::max(worst, std::abs(magnitudes[0].real[i] - magnitudes[1].real[i]));
        }
        QVERIFY(peak > 1);
        QVERIFY2(worst <= 1e-6 * peak, qPrintable(QString::number(worst / peak)));
    }

    void help()
    {
        for (const QString command : {"info", "analyze"}) {
            const CliRun run = runCli({command, "--help"});
            QCOMPARE(run.exitCode, 0);
            QVERIFY(run.out.contains(command == "info" ? "FILE" : "--magnitude"));
        }
        const CliRun analyze = runCli({"analyze", "--help"});
        for (const char* option : {"--n-fft", "--hop", "--window", "--format", "--layout", "--scale", "--phase-unit",
                                   "--channel", "--mix", "--threads", "--phase"})
            QVERIFY2(analyze.out.contains(option), option);
    }

    void badInputs_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("mentions");
        const QString out = "$T/out.npy";
        auto analyze = [&](QStringList extra, const QString& input = "$WAV") {
            return QStringList{"analyze", input} + extra + QStringList{"--magnitude", out};
        };
        QTest::newRow("info missing") << QStringList{"info", "$T/missing.wav"} << "does not exist";
        QTest::newRow("info directory") << QStringList{"info", "$T"} << "directory";
        QTest::newRow("info garbage wav") << QStringList{"info", kFixtures + "io_bad_garbage.wav"} << "audio";
        QTest::newRow("info truncated npy") << QStringList{"info", kFixtures + "io_bad_truncated.npy"} << "truncated";
        QTest::newRow("info npy size disagrees") << QStringList{"info", kFixtures + "io_bad_trailing.npy"} << "bytes";
        QTest::newRow("info npy 10^12 elements") << QStringList{"info", kFixtures + "io_bad_huge_shape.npy"} << "1000000";
        QTest::newRow("info no file") << QStringList{"info"} << "FILE";
        QTest::newRow("analyze missing") << analyze({}, "$T/missing.wav") << "does not exist";
        QTest::newRow("analyze directory") << analyze({}, "$T") << "directory";
        QTest::newRow("analyze garbage wav") << analyze({}, kFixtures + "io_bad_garbage.wav") << "audio";
        QTest::newRow("analyze npy as audio") << analyze({}, kFixtures + "io_le_f4_c.npy") << "audio";
        QTest::newRow("analyze n_fft 1") << analyze({"--n-fft", "1"}) << "n_fft";
        QTest::newRow("analyze hop 0") << analyze({"--hop", "0"}) << "hop";
        QTest::newRow("analyze hop > window") << analyze({"--n-fft", "256", "--hop", "300"}) << "hop";
        QTest::newRow("analyze win_length > n_fft") << analyze({"--n-fft", "256", "--win-length", "512"}) << "win";
        QTest::newRow("analyze unknown window") << analyze({"--window", "wobbly"}) << "window";
        QTest::newRow("analyze unknown format") << analyze({"--format", "wav"}) << "format";
        QTest::newRow("analyze unknown layout") << analyze({"--layout", "diagonal"}) << "layout";
        QTest::newRow("analyze unknown scale") << analyze({"--scale", "loud"}) << "scale";
        QTest::newRow("analyze unknown unit") << analyze({"--phase-unit", "turns"}) << "phase unit";
        QTest::newRow("analyze channel out of range") << analyze({"--channel", "1"}) << "channel";
        QTest::newRow("analyze channel and mix") << analyze({"--channel", "0", "--mix"}) << "excludes";
        QTest::newRow("analyze output is input") << QStringList{"analyze", "$WAV", "--magnitude", "$WAV"} << "input";
        QTest::newRow("analyze phase is input") << analyze({"--phase", "$WAV"}) << "input";
        QTest::newRow("analyze same outputs") << analyze({"--phase", out}) << "same file";
        QTest::newRow("analyze folder missing") << QStringList{"analyze", "$WAV", "--magnitude", "$T/no/m.npy"} << "does not exist";
        QTest::newRow("analyze no magnitude") << QStringList{"analyze", "$WAV"} << "magnitude";
        QTest::newRow("analyze unknown fft backend") << analyze({"--fft-backend", "fftw3"}) << "FFT backend";
        QTest::newRow("info unknown fft backend") << QStringList{"info", "$WAV", "--fft-backend", "fast"} << "FFT backend";
        if (!fftBackendAvailable(FftBackend::Fftw))
            QTest::newRow("analyze fftw not built") << analyze({"--fft-backend", "fftw"}) << "no FFTW backend";
    }

    void badInputs()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, mentions);
        for (auto& argument : arguments)
            argument.replace("$WAV", wav_).replace("$T", dir_.path());
        const QStringList before = QDir(dir_.path()).entryList(QDir::Files);
        const QByteArray wavBefore = [&] { QFile f(wav_); f.open(QIODevice::ReadOnly); return f.readAll(); }();
        const CliRun run = runCli(arguments);
        const QString context = "phaselab-cli " + arguments.join(' ') + "\nstderr: " + run.err;
        QVERIFY2(!run.crashed, qPrintable(context));
        QVERIFY2(run.exitCode == 1, qPrintable(context));
        const QStringList lines = run.err.split('\n', Qt::SkipEmptyParts);
        QVERIFY2(lines.size() == 1 && lines[0].startsWith("error: "), qPrintable(context));
        QVERIFY2(lines[0].contains(mentions, Qt::CaseInsensitive), qPrintable(context));
        QCOMPARE(QDir(dir_.path()).entryList(QDir::Files), before); // nothing written, nothing left behind
        QFile after(wav_);
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(after.readAll(), wavBefore);
    }
};

QTEST_GUILESS_MAIN(TestCliIo)
#include "test_cli_io.moc"
