// SPDX-License-Identifier: GPL-3.0-or-later
// Audio through libsndfile: scipy-written WAVs read exactly, channel pick and mix, WAV float /
// PCM16 / FLAC round trips, other formats libsndfile writes (OGG, AIFF, MP3) read back, errors
// for bad files, atomic output, refusal to overwrite inputs.
#include "core/base/error.hpp"
#include "core/io/atomic_file.hpp"
#include "core/io/audio_file.hpp"

#include <QTemporaryDir>
#include <QTest>

#include <sndfile.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>

using namespace phaselab;

namespace {

const std::string kDir = std::string(PHASELAB_FIXTURES) + "/io/";

Signal testSignal(int length, double rate)
{
    Signal signal;
    signal.sampleRate = rate;
    for (int n = 0; n < length; ++n)
        signal.samples.push_back(static_cast<float>(0.6 * std::sin(2 * std::numbers::pi * 330 * n / rate)
                                                    + 0.3 * std::sin(2 * std::numbers::pi * 1210 * n / rate + 1.0)));
    return signal;
}

double maxDifference(const Signal& a, const Signal& b)
{
    double worst = 0;
    for (std::size_t i = 0; i < a.samples.size(); ++i)
        worst = std::max(worst, static_cast<double>(std::abs(a.samples[i] - b.samples[i])));
    return worst;
}

std::string errorOf(const std::function<void()>& action)
{
    try {
        action();
    } catch (const Error& error) {
        return error.what();
    }
    return "(no error)";
}

} // namespace

class TestAudioFile : public QObject {
    Q_OBJECT

private slots:
    void scipyStereoPcm16()
    {
        const std::string path = kDir + "io_stereo_pcm16.wav";
        const AudioInfo info = readAudioInfo(path);
        QCOMPARE(info.sampleRate, 8000.0);
        QCOMPARE(info.channels, 2);
        QCOMPARE(info.frames, std::int64_t{1000});
        QCOMPARE(info.seconds(), 0.125);
        QVERIFY2(info.formatName.find("WAV") != std::string::npos, info.formatName.c_str());
        QVERIFY2(info.encodingName.find("16 bit") != std::string::npos, info.encodingName.c_str());
        const Signal left = readAudio(path, ChannelSelection::index(0));
        const Signal right = readAudio(path, ChannelSelection::index(1));
        AudioInfo mixInfo;
        const Signal mix = readAudio(path, ChannelSelection::mix(), &mixInfo);
        QCOMPARE(mixInfo.channels, 2);
        QCOMPARE(left.length(), std::int64_t{1000});
        QCOMPARE(left.sampleRate, 8000.0);
        for (int n = 0; n < 1000; n += 37) {
            const float l = static_cast<float>((n * 30 - 15000) / 32768.0);
            QCOMPARE(left.samples[n], l);
            QCOMPARE(right.samples[n], 0.25f);
            QCOMPARE(mix.samples[n], static_cast<float>((static_cast<double>(l) + 0.25) / 2));
        }
        QVERIFY(errorOf([&] { readAudio(path, ChannelSelection::index(2)); }).find("has 2 channels") != std::string::npos);
    }

    void scipyFloat()
    {
        const Signal signal = readAudio(kDir + "io_mono_float.wav");
        QCOMPARE(signal.sampleRate, 16000.0);
        QCOMPARE(signal.length(), std::int64_t{800});
        for (int n = 0; n < 800; n += 53)
            QCOMPARE(signal.samples[n], static_cast<float>(0.5 * std::sin(2 * std::numbers::pi * 440 * (n / 16000.0))));
    }

    void writeReadRoundTrips()
    {
        QTemporaryDir dir;
        const std::string base = dir.path().toStdString() + "/";
        const Signal signal = testSignal(5000, 22050);
        struct Case {
            const char* name;
            AudioSampleFormat format;
            double tolerance;
            const char* encoding;
        };
        for (const Case& c : {Case{"float.wav", AudioSampleFormat::Float32, 0.0, "32 bit float"},
                              Case{"pcm16.wav", AudioSampleFormat::Pcm16, 1.0 / 32768, "16 bit"},
                              Case{"pcm24.flac", AudioSampleFormat::Float32, 1.0 / 8388608, "24 bit"},
                              Case{"pcm16.FLAC", AudioSampleFormat::Pcm16, 1.0 / 32768, "16 bit"}}) {
            const std::string path = base + c.name;
            writeAudio(path, signal, {c.format});
            AudioInfo info;
            const Signal back = readAudio(path, ChannelSelection::mix(), &info);
            QCOMPARE(back.length(), signal.length());
            QCOMPARE(back.sampleRate, 22050.0);
            QVERIFY2(info.encodingName.find(c.encoding) != std::string::npos, info.encodingName.c_str());
            QVERIFY2(maxDifference(signal, back) <= c.tolerance, c.name);
        }
        // Clipping, not wrapping, in PCM.
        Signal loud = signal;
        loud.samples[10] = 3.0f;
        loud.samples[11] = -3.0f;
        writeAudio(base + "loud.wav", loud, {AudioSampleFormat::Pcm16});
        const Signal clipped = readAudio(base + "loud.wav");
        QVERIFY(clipped.samples[10] > 0.999f);
        QVERIFY(clipped.samples[11] <= -0.999f);
        // Overwriting an existing output replaces it atomically; no temporary remains.
        writeAudio(base + "float.wav", testSignal(100, 8000));
        QCOMPARE(readAudio(base + "float.wav").length(), std::int64_t{100});
        QVERIFY(QDir(dir.path()).entryList({"*.tmp-*"}, QDir::Files).isEmpty());
    }

    void progressAndCancellation()
    {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString() + "/long.wav";
        const Signal signal = testSignal(1 << 20, 44100); // 8 of the reader's blocks
        writeAudio(path, signal);
        std::vector<double> shares;
        JobControl control;
        control.progress = [&](double fraction, const std::string& stage) {
            QCOMPARE(stage, std::string("reading long.wav"));
            shares.push_back(fraction);
        };
        QVERIFY(readAudio(path, ChannelSelection::mix(), nullptr, control).samples == readAudio(path).samples);
        QVERIFY2(shares.size() >= 8, qPrintable(QString::number(shares.size())));
        QVERIFY(std::is_sorted(shares.begin(), shares.end()));
        QCOMPARE(shares.back(), 1.0);
        std::atomic<bool> cancel{false};
        control.cancel = &cancel;
        control.progress = [&](double, const std::string&) { cancel = true; };
        QVERIFY_THROWS_EXCEPTION(Cancelled, readAudio(path, ChannelSelection::mix(), nullptr, control));
    }

    void otherFormatsLibsndfileWrites()
    {
        QTemporaryDir dir;
        const std::string base = dir.path().toStdString() + "/";
        const Signal signal = testSignal(8000, 16000);
        struct Format {
            const char* name;
            int format;
            double tolerance;
        };
        int tested = 0;
        for (const Format& f : {Format{"a.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 0.1},
                                Format{"a.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_16, 1.0 / 32768},
                                Format{"a.opus", SF_FORMAT_OGG | SF_FORMAT_OPUS, 0.2},
                                Format{"a.mp3", SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III, 0.2}}) {
            SF_INFO info{};
            info.channels = 2;
            info.samplerate = 16000;
            info.format = f.format;
            if (!sf_format_check(&info))
                continue; // this libsndfile build lacks the encoder
            SNDFILE* file = sf_open((base + f.name).c_str(), SFM_WRITE, &info);
            if (!file)
                continue;
            std::vector<float> interleaved;
            for (float s : signal.samples) {
                interleaved.push_back(s);
                interleaved.push_back(-s);
            }
            sf_writef_float(file, interleaved.data(), signal.length());
            sf_close(file);
            AudioInfo header;
            const Signal left = readAudio(base + f.name, ChannelSelection::index(0), &header);
            const Signal mix = readAudio(base + f.name);
            QCOMPARE(header.channels, 2);
            QVERIFY2(std::abs(left.length() - signal.length()) < 2000, f.name);
            double peak = 0, mixPeak = 0;
            // Lossy codecs ring at the edges (encoder delay, pre-skip): look at the middle.
            for (std::size_t i = 1000; i + 1000 < left.samples.size(); ++i) {
                peak = std::max(peak, static_cast<double>(std::abs(left.samples[i])));
                mixPeak = std::max(mixPeak, static_cast<double>(std::abs(mix.samples[i])));
            }
            QVERIFY2(peak > 0.5 && peak < 1.0, (std::string(f.name) + " peak " + std::to_string(peak)).c_str());
            QVERIFY2(mixPeak < 0.1, f.name); // left + (-left) cancels
            ++tested;
        }
        QVERIFY(tested >= 2);
    }

    void badInputs()
    {
        QVERIFY(errorOf([] { readAudio(kDir + "io_bad_garbage.wav"); }).find("cannot read audio file") != std::string::npos);
        QVERIFY(errorOf([] { readAudio(kDir + "missing.wav"); }).find("does not exist") != std::string::npos);
        QVERIFY(errorOf([] { readAudio(kDir); }).find("is a directory") != std::string::npos);
        QVERIFY(errorOf([] { readAudioInfo(kDir + "io_le_f4_c.npy"); }).find("cannot read audio file") != std::string::npos);
        QTemporaryDir dir;
        const std::string base = dir.path().toStdString() + "/";
        std::ofstream(base + "empty.wav").close();
        QVERIFY_THROWS_EXCEPTION(InputError, readAudio(base + "empty.wav"));
        const Signal signal = testSignal(100, 8000);
        QVERIFY(errorOf([&] { writeAudio(base + "x.mp4", signal); }).find("unknown audio extension") != std::string::npos);
        QVERIFY(errorOf([&] { writeAudio(base + "missing/x.wav", signal); }).find("does not exist") != std::string::npos);
        QDir(dir.path()).mkdir("folder.wav");
        QVERIFY(errorOf([&] { writeAudio(base + "folder.wav", signal); }).find("directory") != std::string::npos);
        Signal noRate = signal;
        noRate.sampleRate = 0;
        QVERIFY(errorOf([&] { writeAudio(base + "x.wav", noRate); }).find("sample rate") != std::string::npos);
        Signal nan = signal;
        nan.samples[3] = NAN;
        QVERIFY_THROWS_EXCEPTION(InputError, writeAudio(base + "x.wav", nan));
        QVERIFY(!QFile::exists(QString::fromStdString(base + "x.wav")));
        QVERIFY(QDir(dir.path()).entryList({"*.tmp-*"}, QDir::Files).isEmpty());
    }

    void refuseOverwritingInputs()
    {
        QTemporaryDir dir;
        const std::string base = dir.path().toStdString() + "/";
        writeAudio(base + "in.wav", testSignal(100, 8000));
        std::filesystem::create_symlink(base + "in.wav", base + "link.wav");
        QVERIFY(sameFile(base + "in.wav", base + "link.wav"));
        QVERIFY(sameFile(base + "in.wav", base + "./sub/../in.wav") || !std::filesystem::exists(base + "sub"));
        QVERIFY(sameFile(base + "not-yet.wav", base + "./not-yet.wav"));
        QVERIFY(!sameFile(base + "in.wav", base + "other.wav"));
        QVERIFY(errorOf([&] { refuseOverwritingInput(base + "link.wav", {"", base + "in.wav"}); }).find("is the input file")
                != std::string::npos);
        refuseOverwritingInput(base + "out.wav", {base + "in.wav"});
    }

    void atomicFileDiscardsOnFailure()
    {
        QTemporaryDir dir;
        const std::string target = dir.path().toStdString() + "/out.bin";
        {
            AtomicFile file(target);
            file.write("abc", 3);
            QVERIFY(QFile::exists(QString::fromStdString(file.temporaryPath())));
        } // destroyed without commit
        QVERIFY(!QFile::exists(QString::fromStdString(target)));
        QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
        AtomicFile file(target);
        file.write("abcdef", 6);
        file.commit();
        QCOMPARE(QFileInfo(QString::fromStdString(target)).size(), 6);
        QVERIFY_THROWS_EXCEPTION(IoError, file.commit());
    }
};

QTEST_APPLESS_MAIN(TestAudioFile)
#include "test_audio_file.moc"
