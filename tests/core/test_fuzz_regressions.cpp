// SPDX-License-Identifier: GPL-3.0-or-later
// Inputs found by the libFuzzer targets (tests/fuzz), kept in tests/fuzz/regressions/ and named
// after the target that found them ("mat-...", "audio-...", "csv-...", "guess-...", "npy-..."): each
// must now be refused with a clean InputError (or, for npy, decoded without undefined behaviour) by
// the same entry the fuzzer drove. Also checks that
// readAudioFromMemory (fuzz_audio's entry) reads what readAudio reads.
#include "core/base/error.hpp"
#include "core/guess/guess.hpp"
#include "core/io/audio_file.hpp"
#include "core/io/csv.hpp"
#include "core/io/mat.hpp"
#include "core/io/npy.hpp"

#include <QTest>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace phaselab;

namespace {

const std::filesystem::path kRegressions = std::filesystem::path(PHASELAB_FIXTURES) / ".." / "fuzz" / "regressions";

std::vector<unsigned char> fileBytes(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::filesystem::path> regressions(const std::string& prefix)
{
    std::vector<std::filesystem::path> found;
    for (const auto& entry : std::filesystem::directory_iterator(kRegressions))
        if (entry.path().filename().string().rfind(prefix, 0) == 0)
            found.push_back(entry.path());
    return found;
}

/// Runs `entry` and reports what it threw: "InputError: ...", another type, or "no error".
template <class Entry>
QString outcome(Entry entry)
{
    try {
        entry();
    } catch (const InputError& error) {
        return QString("InputError: ") + error.what();
    } catch (const std::exception& error) {
        return QString("other exception: ") + error.what();
    }
    return "no error";
}

} // namespace

class TestFuzzRegressions : public QObject {
    Q_OBJECT

private slots:
    void npyFilesDecodeCleanly()
    {
        // A zero extent next to huge ones: 0 values, but the C-order strides of the other
        // extents overflowed int64 (UBSan, fuzz_npy). Decoded as empty or refused; never UB.
        const auto files = regressions("npy-");
        QVERIFY(!files.empty());
        for (const auto& file : files) {
            const auto bytes = fileBytes(file);
            std::size_t values = 1;
            const QString result = outcome([&] {
                const NpyArray array = decodeNpy(bytes, file.filename().string());
                values = array.real.size() + array.complex.size();
            });
            QVERIFY2(result.startsWith("InputError: ") || (result == "no error" && values == 0),
                     qPrintable(QString::fromStdString(file.filename().string()) + ": " + result));
        }
    }

    void matFilesAreRefused()
    {
        const auto files = regressions("mat-");
        QVERIFY(!files.empty());
        for (const auto& file : files) {
            const QString result = outcome([&] { (void)readMatMatrix(file.string()); });
            QVERIFY2(result.startsWith("InputError: "), qPrintable(QString::fromStdString(file.filename().string()) + ": " + result));
            QVERIFY2(result.contains(".mat file"), qPrintable(result));
        }
    }

    void validMatFilesStillRead()
    {
        // The size checks added for the findings above must not refuse what scipy writes.
        const auto corpus = std::filesystem::path(PHASELAB_FIXTURES) / ".." / "fuzz" / "corpus" / "mat";
        std::vector<std::filesystem::path> valid;
        for (const auto& entry : std::filesystem::directory_iterator(corpus))
            valid.push_back(entry.path());
        for (const char* fixture : {"guess/mat_variables.mat", "guess/octave_like.mat", "io/io_pattern_5x7.mat"})
            valid.push_back(std::filesystem::path(PHASELAB_FIXTURES) / fixture);
        for (const auto& path : valid) {
            const QString result = outcome([&] { (void)listMatVariables(path.string()); });
            QVERIFY2(result == "no error", qPrintable(QString::fromStdString(path.filename().string()) + ": " + result));
        }
        for (const char* name : {"double.mat", "double_compressed.mat", "complex_single.mat", "three_d.mat"}) {
            const MatMatrix matrix = readMatMatrix((corpus / name).string());
            QVERIFY(matrix.rows > 0 && matrix.columns > 0);
        }
        QCOMPARE(readMatMatrix((corpus / "double_compressed.mat").string()).real,
                 readMatMatrix((corpus / "double.mat").string()).real);
    }

    void audioBytesAreRefused()
    {
        const auto files = regressions("audio-");
        QVERIFY(!files.empty());
        for (const auto& file : files) {
            const auto bytes = fileBytes(file);
            const QString fromMemory = outcome([&] { (void)readAudioFromMemory(bytes, file.filename().string()); });
            QVERIFY2(fromMemory.startsWith("InputError: "), qPrintable(fromMemory));
            const QString fromFile = outcome([&] { (void)readAudio(file.string()); });
            QVERIFY2(fromFile.startsWith("InputError: "), qPrintable(fromFile));
        }
    }

    void textAndGuesserInputsAreRefused()
    {
        for (const auto& file : regressions("csv-")) {
            const auto bytes = fileBytes(file);
            const QString result = outcome([&] { (void)parseCsv(std::string(bytes.begin(), bytes.end()), "fuzz.csv"); });
            QVERIFY2(result.startsWith("InputError: "), qPrintable(result));
        }
        for (const auto& file : regressions("guess-")) {
            const QString result = outcome([&] { (void)guess({file.string(), "", 0.0, 0}, {2, 1}); });
            QVERIFY2(result.startsWith("InputError: "), qPrintable(result));
        }
    }

    void audioFromMemoryMatchesTheFileReader()
    {
        for (const char* name : {"io/io_mono_float.wav", "io/io_stereo_pcm16.wav"}) {
            const std::string path = std::string(PHASELAB_FIXTURES) + "/" + name;
            AudioInfo fileInfo, memoryInfo;
            const Signal fromFile = readAudio(path, ChannelSelection::mix(), &fileInfo);
            const Signal fromMemory = readAudioFromMemory(fileBytes(path), name, ChannelSelection::mix(), &memoryInfo);
            QCOMPARE(fromMemory.sampleRate, fromFile.sampleRate);
            QCOMPARE(fromMemory.samples, fromFile.samples);
            QCOMPARE(memoryInfo.channels, fileInfo.channels);
            QCOMPARE(memoryInfo.frames, fileInfo.frames);
            QCOMPARE(memoryInfo.formatName, fileInfo.formatName);
        }
        const std::string stereo = std::string(PHASELAB_FIXTURES) + "/io/io_stereo_pcm16.wav";
        QCOMPARE(readAudioFromMemory(fileBytes(stereo), "stereo", ChannelSelection::index(1)).samples,
                 readAudio(stereo, ChannelSelection::index(1)).samples);
        const std::vector<unsigned char> garbage(100, 0x5a);
        QVERIFY_THROWS_EXCEPTION(InputError, readAudioFromMemory(garbage, "garbage"));
        QVERIFY_THROWS_EXCEPTION(InputError, readAudioFromMemory({}, "empty"));
    }
};

QTEST_APPLESS_MAIN(TestFuzzRegressions)
#include "test_fuzz_regressions.moc"
