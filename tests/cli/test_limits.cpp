// SPDX-License-Identifier: GPL-3.0-or-later
// Limits and long inputs (CLI.md: no input may make it allocate more than the data justify):
// the streaming STFT equals the whole-signal STFT bit for bit (reflect and constant padding, centred or not, odd lengths, blocks of a few frames), `analyze`
// streams to files byte-identical to writeSpectrogramFiles of the in-memory STFT in every format,
// layout and scale, memory budgets parse and refuse, and every phaselab-cli command refuses a
// tiny --memory-limit with one `error:` line, exit status 1 and no output file.
#include "core/base/error.hpp"
#include "core/io/audio_file.hpp"
#include "core/io/audio_stream.hpp"
#include "core/io/spectrogram_io.hpp"
#include "core/io/spectrogram_stream.hpp"
#include "core/base/memory_budget.hpp"
#include "core/base/parallel.hpp"
#include "core/dsp/stft.hpp"
#include "core/dsp/stft_stream.hpp"
#include "tests/support/cli_run.hpp"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <csignal>
#include <cstring>
#include <random>

using namespace phaselab;
using phaselab::test::CliRun;
using phaselab::test::runCli;

namespace {

Signal testSignal(std::int64_t length, double sampleRate = 8000.0, unsigned seed = 7)
{
    Signal signal;
    signal.sampleRate = sampleRate;
    signal.samples.resize(static_cast<std::size_t>(length));
    std::mt19937 random(seed);
    std::uniform_real_distribution<float> noise(-0.1f, 0.1f);
    for (std::int64_t n = 0; n < length; ++n)
        signal.samples[static_cast<std::size_t>(n)] =
            0.5f * static_cast<float>(std::sin(0.003 * static_cast<double>(n) * static_cast<double>(n) / 100.0)) + noise(random);
    return signal;
}

/// Streams `signal` through StreamingStft and gathers the blocks into one matrix.
ComplexMatrix streamed(const Signal& signal, const StftParams& params, int blockFrames, WorkerPool& pool,
                       std::int64_t chunk = 777)
{
    const StreamingStft transform(params, signal.length(), blockFrames);
    ComplexMatrix result(transform.bins(), static_cast<int>(transform.frames()));
    std::int64_t position = 0;
    std::int64_t expectedFirst = 0;
    const std::int64_t got = transform.run(
        [&](float* out, std::int64_t count) {
            const std::int64_t n = std::min({count, chunk, signal.length() - position});
            std::copy_n(signal.samples.data() + position, n, out);
            position += n;
            return n;
        },
        [&](std::int64_t first, const ComplexMatrix& block) {
            if (first != expectedFirst)
                throw std::runtime_error("blocks out of order");
            expectedFirst += block.frames;
            std::copy(block.values.begin(), block.values.end(), result.values.begin() + first * result.bins);
        },
        pool);
    if (got != signal.length() || expectedFirst != transform.frames())
        throw std::runtime_error("stream incomplete");
    return result;
}

QByteArray fileBytes(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

} // namespace

class TestLimits : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString wav_;   // 3001 samples (odd), 8 kHz float mono
    QString csv_;

    QString path(const QString& name) const { return dir_.filePath(name); }

private slots:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        wav_ = path("tone.wav");
        writeAudio(wav_.toStdString(), testSignal(3001));
        csv_ = path("table.csv");
        QFile csv(csv_);
        QVERIFY(csv.open(QIODevice::WriteOnly));
        for (int row = 0; row < 200; ++row) {
            QByteArray line;
            for (int column = 0; column < 65; ++column)
                line += QByteArray::number((row * 7 + column) % 13) + (column < 64 ? "," : "\n");
            csv.write(line);
        }
    }

    void byteSizes()
    {
        QCOMPARE(parseByteSize("1048576"), std::int64_t{1048576});
        QCOMPARE(parseByteSize("512M"), std::int64_t{512} << 20);
        QCOMPARE(parseByteSize("2G"), std::int64_t{2} << 30);
        QCOMPARE(parseByteSize("2g"), std::int64_t{2} << 30);
        QCOMPARE(parseByteSize("1.5GiB"), std::int64_t{3} << 29);
        QCOMPARE(parseByteSize("64KB"), std::int64_t{64} << 10);
        for (const char* bad : {"", "M", "12Q", "-5M", "0", "nan", "1e400"})
            QVERIFY_THROWS_EXCEPTION(InputError, parseByteSize(bad));
        QVERIFY(physicalMemoryBytes() > 0);
        QCOMPARE(defaultMemoryLimit(), physicalMemoryBytes() / 2);
        QCOMPARE(bytesOf(std::int64_t{1} << 40, std::int64_t{1} << 40), std::numeric_limits<std::int64_t>::max());
        QCOMPARE(QString::fromStdString(formatByteSize(3 << 29)), QString("1.5 GiB"));
        QCOMPARE(QString::fromStdString(suggestedMemoryLimit(std::int64_t{11} << 30)), QString("11G"));
    }

    void budgetRefusesWithFigures()
    {
        MemoryEstimate estimate;
        estimate.add("spectrogram", std::int64_t{3} << 30).add("signal", std::int64_t{512} << 20);
        QCOMPARE(estimate.total(), (std::int64_t{3} << 30) + (std::int64_t{512} << 20));
        requireWithinMemoryLimit(estimate, std::int64_t{4} << 30, "reconstruct", "a larger --hop"); // fits
        requireWithinMemoryLimit(estimate, 0, "reconstruct", "a larger --hop");                     // no limit
        try {
            requireWithinMemoryLimit(estimate, std::int64_t{1} << 30, "reconstruct", "a larger --hop");
            QFAIL("no error");
        } catch (const InputError& error) {
            const QString message = error.what();
            QVERIFY2(message.contains("3.5 GiB") && message.contains("1.0 GiB") && message.contains("`memory_limit` 4G")
                         && message.contains("a larger --hop") && message.contains("spectrogram 3.0 GiB"),
                     error.what());
        }
    }

    void streamingEqualsWholeSignal_data()
    {
        QTest::addColumn<int>("nFft");
        QTest::addColumn<int>("winLength");
        QTest::addColumn<int>("winOffset");
        QTest::addColumn<int>("hop");
        QTest::addColumn<bool>("center");
        QTest::addColumn<QString>("padMode");
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("blockFrames");
        QTest::newRow("reflect odd length, 3-frame blocks") << 256 << 256 << -1 << 64 << true << "reflect" << 5001 << 3;
        QTest::newRow("constant odd length, 7-frame blocks") << 256 << 256 << -1 << 64 << true << "constant" << 5001 << 7;
        QTest::newRow("reflect, 1-frame blocks") << 64 << 64 << -1 << 16 << true << "reflect" << 1999 << 1;
        QTest::newRow("reflect, odd n_fft and hop") << 255 << 201 << -1 << 50 << true << "reflect" << 4097 << 4;
        QTest::newRow("constant, scipy offset") << 256 << 128 << 0 << 32 << true << "constant" << 3333 << 5;
        QTest::newRow("not centred") << 256 << 256 << -1 << 100 << false << "reflect" << 5003 << 6;
        QTest::newRow("reflect, one block holds all") << 128 << 128 << -1 << 32 << true << "reflect" << 700 << 1000;
        QTest::newRow("reflect, barely longer than the padding") << 256 << 256 << -1 << 64 << true << "reflect" << 129 << 1;
        QTest::newRow("constant, shorter than a frame") << 256 << 256 << -1 << 64 << true << "constant" << 50 << 2;
        QTest::newRow("automatic block size") << 512 << 512 << -1 << 128 << true << "reflect" << 20011 << 0;
    }

    void streamingEqualsWholeSignal()
    {
        QFETCH(int, nFft);
        QFETCH(int, winLength);
        QFETCH(int, winOffset);
        QFETCH(int, hop);
        QFETCH(bool, center);
        QFETCH(QString, padMode);
        QFETCH(int, length);
        QFETCH(int, blockFrames);
        StftParams params;
        params.nFft = nFft;
        params.winLength = winLength;
        params.winOffset = winOffset;
        params.hop = hop;
        params.center = center;
        params.padMode = parsePadMode(padMode.toStdString());
        const Signal signal = testSignal(length);
        for (int threads : {1, 2}) {
            WorkerPool pool(threads);
            const Spectrogram whole = stft(signal, params, pool);
            const ComplexMatrix blocks = streamed(signal, params, blockFrames, pool);
            QCOMPARE(blocks.bins, whole.bins());
            QCOMPARE(blocks.frames, whole.frames());
            QVERIFY(blocks.values.size() == whole.coefficients.values.size());
            QVERIFY2(std::memcmp(blocks.values.data(), whole.coefficients.values.data(),
                                 blocks.values.size() * sizeof(std::complex<float>)) == 0,
                     "streamed frames differ from the whole-signal STFT");
        }
    }

    void streamReportsShortSource()
    {
        StftParams params;
        params.nFft = 64;
        params.hop = 16;
        const Signal signal = testSignal(1000);
        const StreamingStft transform(params, 1500, 4); // the header claims more than there is
        WorkerPool pool(1);
        std::int64_t position = 0;
        std::int64_t framesSeen = 0;
        const std::int64_t got = transform.run(
            [&](float* out, std::int64_t count) {
                const std::int64_t n = std::min(count, signal.length() - position);
                std::copy_n(signal.samples.data() + position, n, out);
                position += n;
                return n;
            },
            [&](std::int64_t, const ComplexMatrix& block) { framesSeen += block.frames; }, pool);
        QCOMPARE(got, std::int64_t{1000});
        QVERIFY(framesSeen < transform.frames());
    }

    void audioStreamEqualsReadAudio()
    {
        // Stereo mix and a channel, read in odd chunks, equal readAudio's samples.
        const QString stereo = path("stereo.wav");
        {
            const Signal left = testSignal(4001, 8000, 1), right = testSignal(4001, 8000, 2);
            QByteArray interleaved;
            QFile::remove(stereo);
            // Write through libsndfile's WAV float writer via two mono files is not possible;
            // build the WAV by hand: 32-bit float, 2 channels.
            auto le32 = [](quint32 v) { QByteArray b(4, '\0'); for (int i = 0; i < 4; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xff); return b; };
            auto le16 = [](quint16 v) { QByteArray b(2, '\0'); b[0] = static_cast<char>(v & 0xff); b[1] = static_cast<char>(v >> 8); return b; };
            for (std::size_t n = 0; n < left.samples.size(); ++n) {
                interleaved.append(reinterpret_cast<const char*>(&left.samples[n]), 4);
                interleaved.append(reinterpret_cast<const char*>(&right.samples[n]), 4);
            }
            QByteArray wav = "RIFF" + le32(36 + static_cast<quint32>(interleaved.size())) + "WAVE";
            wav += "fmt " + le32(16) + le16(3) + le16(2) + le32(8000) + le32(8000 * 8) + le16(8) + le16(32);
            wav += "data" + le32(static_cast<quint32>(interleaved.size())) + interleaved;
            QFile file(stereo);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(wav);
        }
        for (ChannelSelection channel : {ChannelSelection::mix(), ChannelSelection::index(1)}) {
            const Signal whole = readAudio(stereo.toStdString(), channel);
            AudioStreamReader reader(stereo.toStdString(), channel);
            QCOMPARE(reader.info().channels, 2);
            for (int pass = 0; pass < 2; ++pass) {
                std::vector<float> samples;
                std::vector<float> chunk(333);
                while (const std::int64_t got = reader.read(chunk.data(), 333))
                    samples.insert(samples.end(), chunk.begin(), chunk.begin() + got);
                QVERIFY(samples == whole.samples);
                reader.rewind();
            }
        }
        QVERIFY_THROWS_EXCEPTION(InputError, AudioStreamReader(stereo.toStdString(), ChannelSelection::index(2)));
    }

    void analyzeStreamsByteIdentical_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("layout");
        QTest::addColumn<QString>("scale");
        QTest::addColumn<QString>("padMode");
        QTest::addColumn<QString>("blockFrames");
        QTest::newRow("npy bins_by_frames linear reflect") << "npy" << "bins_by_frames" << "linear" << "reflect" << "5";
        QTest::newRow("npy frames_by_bins db constant") << "npy" << "frames_by_bins" << "db" << "constant" << "4";
        QTest::newRow("f32le bins_by_frames power constant") << "f32le" << "bins_by_frames" << "power" << "constant" << "1";
        QTest::newRow("f64le frames_by_bins linear reflect") << "f64le" << "frames_by_bins" << "linear" << "reflect" << "6";
        QTest::newRow("f64le bins_by_frames db reflect") << "f64le" << "bins_by_frames" << "db" << "reflect" << "7";
        QTest::newRow("npy bins_by_frames automatic blocks") << "npy" << "bins_by_frames" << "linear" << "reflect" << "0";
    }

    void analyzeStreamsByteIdentical()
    {
        QFETCH(QString, format);
        QFETCH(QString, layout);
        QFETCH(QString, scale);
        QFETCH(QString, padMode);
        QFETCH(QString, blockFrames);
        const QString magnitude = path("cli_mag." + format), phase = path("cli_phase." + format);
        const CliRun run = runCli({"analyze", wav_, "--n-fft", "256", "--hop", "64", "--pad-mode", padMode, "--format", format,
                                "--layout", layout, "--scale", scale, "--phase-unit", "deg", "--block-frames", blockFrames,
                                "--threads", "2", "--magnitude", magnitude, "--phase", phase});
        QVERIFY2(!run.crashed && run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.contains("3001 samples") && run.out.contains("129 bins x 47 frames"), qPrintable(run.out));

        StftParams params;
        params.nFft = 256;
        params.hop = 64;
        params.padMode = parsePadMode(padMode.toStdString());
        WorkerPool pool(1);
        const Spectrogram whole = stft(readAudio(wav_.toStdString()), params, pool);
        SpectrogramWriteOptions options;
        options.format = parseSpectrogramFileFormat(format.toStdString());
        options.layout = parseLayout(layout.toStdString());
        options.values.magnitudeScale = parseMagnitudeScale(scale.toStdString());
        options.values.phaseUnit = PhaseUnit::Degrees;
        const QString refMagnitude = path("ref_mag." + format), refPhase = path("ref_phase." + format);
        writeSpectrogramFiles(whole.coefficients, refMagnitude.toStdString(), refPhase.toStdString(), options);
        QVERIFY(fileBytes(magnitude).size() > 1000);
        QVERIFY2(fileBytes(magnitude) == fileBytes(refMagnitude), "streamed magnitude differs from the in-memory writer");
        QVERIFY2(fileBytes(phase) == fileBytes(refPhase), "streamed phase differs from the in-memory writer");
        for (const QString& name : QDir(dir_.path()).entryList())
            QVERIFY2(!name.contains(".tmp-"), qPrintable(name));
    }

    void streamWriterLeavesNothingUncommitted()
    {
        const std::string magnitude = path("never.npy").toStdString();
        {
            SpectrogramWriteOptions options;
            SpectrogramFileStream output(magnitude, "", options, 5, 10);
            ComplexMatrix block(5, 4);
            output.write(0, block);
        } // destroyed before commit: an interruption
        QVERIFY(!QFile::exists(QString::fromStdString(magnitude)));
        for (const QString& name : QDir(dir_.path()).entryList())
            QVERIFY2(!name.contains("never"), qPrintable(name));
    }

    void interruptedAnalyzeLeavesNothing()
    {
        // A long analysis (5 min at 8 kHz, one frame per block) stopped by SIGINT and by SIGTERM
        // once its temporary outputs exist: the signal handler removes them.
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString wav = folder.filePath("long.wav");
        writeAudio(wav.toStdString(), testSignal(8000 * 300));
        for (int signal : {SIGINT, SIGTERM}) {
            QProcess process;
            process.start(PHASELAB_CLI, {"analyze", wav, "--n-fft", "256", "--hop", "16", "--block-frames", "1", "--threads", "1",
                                         "--magnitude", folder.filePath("mag.npy"), "--phase", folder.filePath("phase.npy")});
            QVERIFY(process.waitForStarted());
            bool started = false;
            for (int poll = 0; poll < 2000 && !started && process.state() == QProcess::Running; ++poll) {
                // Both outputs begun: two temporary files holding their npy headers (the
                // output probes before them are empty).
                int begun = 0;
                for (const QFileInfo& file : QDir(folder.path()).entryInfoList({"*.tmp-*"}, QDir::Files))
                    begun += file.size() > 0 ? 1 : 0;
                started = begun == 2;
                if (!started)
                    QTest::qSleep(5);
            }
            QVERIFY2(started, "the analysis ended before its temporary files were seen");
            ::kill(static_cast<pid_t>(process.processId()), signal);
            if (!process.waitForFinished(20000)) {
                process.kill();
                process.waitForFinished();
                QFAIL("analyze did not stop on the signal");
            }
            QCOMPARE(process.exitStatus(), QProcess::CrashExit); // ended by the signal, as it asked
            QCOMPARE(QDir(folder.path()).entryList(QDir::Files), QStringList{"long.wav"});
        }
    }

    void tinyLimitsAreRefused_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("output");
        const QString out = path("refused.out");
        QTest::newRow("analyze") << QStringList{"analyze", wav_, "--memory-limit", "20K", "--magnitude", out} << out;
        QTest::newRow("analyze 100 bytes") << QStringList{"analyze", wav_, "--memory-limit", "100", "--magnitude", out} << out;
        QTest::newRow("reconstruct --audio")
            << QStringList{"reconstruct", "--audio", wav_, "--n-fft", "256", "--memory-limit", "64K", "--out", out + ".wav"}
            << out + ".wav";
        QTest::newRow("info csv") << QStringList{"info", csv_, "--memory-limit", "10K"} << QString();
        QTest::newRow("guess csv") << QStringList{"guess", "--magnitude", csv_, "--memory-limit", "10K", "--json"} << QString();
    }

    void tinyLimitsAreRefused()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, output);
        const CliRun run = runCli(arguments);
        QVERIFY(!run.crashed);
        QCOMPARE(run.exitCode, 1);
        const QStringList lines = run.err.trimmed().split('\n');
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines[0].startsWith("error: ") && lines[0].contains("memory limit") && lines[0].contains("--memory-limit "),
                 qPrintable(run.err));
        if (!output.isEmpty())
            QVERIFY(!QFile::exists(output));
        for (const QString& name : QDir(dir_.path()).entryList())
            QVERIFY2(!name.contains("refused"), qPrintable(name));
    }

    void badLimitIsRefused()
    {
        for (const QStringList& arguments : {QStringList{"analyze", wav_, "--memory-limit", "lots", "--magnitude", path("x.npy")},
                                             QStringList{"info", wav_, "--memory-limit", "0"},
                                             QStringList{"guess", "--magnitude", csv_, "--memory-limit", "-3G"},
                                             QStringList{"reconstruct", "--audio", wav_, "--memory-limit", "2Q", "--out", path("x.wav")}}) {
            const CliRun run = runCli(arguments);
            QCOMPARE(run.exitCode, 1);
            QVERIFY2(run.err.startsWith("error: --memory-limit '") && run.err.count('\n') == 1, qPrintable(run.err));
        }
    }

    void normalRunsPassUnderTheDefault()
    {
        const CliRun analyze = runCli({"analyze", wav_, "--n-fft", "256", "--magnitude", path("default.npy")});
        QVERIFY2(analyze.exitCode == 0, qPrintable(analyze.err));
        const CliRun info = runCli({"info", csv_});
        QVERIFY2(info.exitCode == 0, qPrintable(info.err));
        const CliRun reconstruct = runCli({"reconstruct", "--audio", wav_, "--n-fft", "256", "--iterations", "2", "--memory-limit",
                                        "1G", "--out", path("default_out.wav")});
        QVERIFY2(reconstruct.exitCode == 0, qPrintable(reconstruct.err));
    }
};

QTEST_APPLESS_MAIN(TestLimits)
#include "test_limits.moc"
