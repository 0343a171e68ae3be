// SPDX-License-Identifier: GPL-3.0-or-later
// Raw binary matrices (every dtype, both byte orders, both layouts, headers, integer scale,
// shape inference) and spectrogram files (magnitude + phase conventions, complex files, shape and
// NaN errors, the analyze writer) read back exactly.
#include "core/base/error.hpp"
#include "core/io/npy.hpp"
#include "core/io/raw.hpp"
#include "core/io/spectrogram_io.hpp"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstring>
#include <fstream>
#include <numbers>

using namespace phaselab;

namespace {

const std::string kDir = std::string(PHASELAB_FIXTURES) + "/io/";

double realPattern(int i, int j) { return (i * 7 + j) * 0.5 - 3; }
double intPattern(int i, int j) { return (i * 7 + j) * 3 - 50; }
std::complex<double> complexPattern(int i, int j) { return {realPattern(i, j), -(i + 1) * 0.25 * j}; }

// Appends the bytes of one scalar in the given byte order, independently of value_codec.
template <class T>
void put(std::vector<unsigned char>& out, T value, ByteOrder order)
{
    unsigned char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    if (order != nativeByteOrder())
        std::reverse(bytes, bytes + sizeof(T));
    out.insert(out.end(), bytes, bytes + sizeof(T));
}

void putValue(std::vector<unsigned char>& out, DType dtype, ByteOrder order, int bin, int frame)
{
    switch (dtype) {
    case DType::Int16: put(out, static_cast<std::int16_t>(intPattern(bin, frame)), order); break;
    case DType::Int32: put(out, static_cast<std::int32_t>(intPattern(bin, frame) * 1000), order); break;
    case DType::Float32: put(out, static_cast<float>(realPattern(bin, frame)), order); break;
    case DType::Float64: put(out, realPattern(bin, frame), order); break;
    case DType::Complex64:
        put(out, static_cast<float>(complexPattern(bin, frame).real()), order);
        put(out, static_cast<float>(complexPattern(bin, frame).imag()), order);
        break;
    case DType::Complex128:
        put(out, complexPattern(bin, frame).real(), order);
        put(out, complexPattern(bin, frame).imag(), order);
        break;
    }
}

std::complex<float> expected(DType dtype, int bin, int frame)
{
    switch (dtype) {
    case DType::Int16: return {static_cast<float>(intPattern(bin, frame)), 0};
    case DType::Int32: return {static_cast<float>(intPattern(bin, frame) * 1000), 0};
    case DType::Float32:
    case DType::Float64: return {static_cast<float>(realPattern(bin, frame)), 0};
    default: return std::complex<float>(complexPattern(bin, frame));
    }
}

template <class T>
void writeValues(const std::string& path, const std::vector<T>& values)
{
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(values.data()),
                                               static_cast<std::streamsize>(values.size() * sizeof(T)));
}

std::string errorOf(const std::function<void()>& action)
{
    try {
        action();
    } catch (const InputError& error) {
        return error.what();
    }
    return "(no error)";
}

} // namespace

class TestRaw : public QObject {
    Q_OBJECT

private slots:
    void numpyToFileDumps()
    {
        StorageSpec spec;
        spec.bins = 5;
        spec.frames = 7;
        spec.layout = MatrixLayout::BinsByFrames;
        const RealMatrix a = readRawReal(kDir + "io_raw_f32le_bins_by_frames_5x7.bin", spec);
        spec.layout = MatrixLayout::FramesByBins;
        const RealMatrix b = readRawReal(kDir + "io_raw_f32le_frames_by_bins_5x7.bin", spec);
        spec.dtype = DType::Float64;
        spec.byteOrder = ByteOrder::Big;
        const RealMatrix c = readRawReal(kDir + "io_raw_f64be_frames_by_bins_5x7.bin", spec);
        StorageSpec integer;
        integer.dtype = DType::Int16;
        integer.headerBytes = 16;
        integer.bins = 5; // frames inferred
        integer.quantScale = 0.5;
        const RealMatrix d = readRawReal(kDir + "io_raw_i16le_header16_bins_by_frames_5x7.bin", integer);
        StorageSpec complexSpec;
        complexSpec.dtype = DType::Complex64;
        complexSpec.byteOrder = ByteOrder::Big;
        complexSpec.frames = 7; // bins inferred
        const ComplexMatrix e = readRawComplex(kDir + "io_raw_c64be_bins_by_frames_5x7.bin", complexSpec);
        for (const auto* m : {&a, &b, &c, &d}) {
            QCOMPARE(m->bins, 5);
            QCOMPARE(m->frames, 7);
        }
        QCOMPARE(e.bins, 5);
        for (int bin = 0; bin < 5; ++bin)
            for (int frame = 0; frame < 7; ++frame) {
                const float value = static_cast<float>(realPattern(bin, frame));
                QCOMPARE(a.at(frame, bin), value);
                QCOMPARE(b.at(frame, bin), value);
                QCOMPARE(c.at(frame, bin), value);
                QCOMPARE(d.at(frame, bin), static_cast<float>(intPattern(bin, frame) * 0.5));
                QCOMPARE(e.at(frame, bin), std::complex<float>(complexPattern(bin, frame)));
            }
    }

    void everyDTypeOrderAndLayout()
    {
        int cases = 0;
        for (DType dtype : allDTypes())
            for (ByteOrder order : {ByteOrder::Little, ByteOrder::Big})
                for (MatrixLayout layout : {MatrixLayout::BinsByFrames, MatrixLayout::FramesByBins})
                    for (std::int64_t header : {0, 3}) {
                        std::vector<unsigned char> bytes(static_cast<std::size_t>(header), 0xAB);
                        if (layout == MatrixLayout::BinsByFrames) {
                            for (int bin = 0; bin < 5; ++bin)
                                for (int frame = 0; frame < 7; ++frame)
                                    putValue(bytes, dtype, order, bin, frame);
                        } else {
                            for (int frame = 0; frame < 7; ++frame)
                                for (int bin = 0; bin < 5; ++bin)
                                    putValue(bytes, dtype, order, bin, frame);
                        }
                        StorageSpec spec;
                        spec.dtype = dtype;
                        spec.byteOrder = order;
                        spec.layout = layout;
                        spec.headerBytes = header;
                        spec.bins = 5;
                        spec.frames = 7;
                        const ComplexMatrix z = decodeRawComplex(bytes, spec);
                        for (int bin = 0; bin < 5; ++bin)
                            for (int frame = 0; frame < 7; ++frame)
                                QCOMPARE(z.at(frame, bin), expected(dtype, bin, frame));
                        if (!isComplex(dtype)) {
                            const RealMatrix r = decodeRawReal(bytes, spec);
                            QCOMPARE(r.at(6, 4), expected(dtype, 4, 6).real());
                            QCOMPARE(r.at(2, 3), expected(dtype, 3, 2).real());
                        } else {
                            QVERIFY_THROWS_EXCEPTION(InputError, decodeRawReal(bytes, spec));
                        }
                        ++cases;
                    }
        QCOMPARE(cases, 48);
    }

    void shapeErrors()
    {
        std::vector<unsigned char> bytes(140); // 35 float32
        StorageSpec spec;
        spec.bins = 5;
        spec.frames = 8;
        QVERIFY(errorOf([&] { decodeRawReal(bytes, spec); }).find("need 160") != std::string::npos);
        spec.frames = 0;
        spec.bins = 6;
        QVERIFY(errorOf([&] { decodeRawReal(bytes, spec); }).find("not a multiple of 6 bins") != std::string::npos);
        spec.bins = 0;
        QVERIFY(errorOf([&] { decodeRawReal(bytes, spec); }).find("`bins` or `frames`") != std::string::npos);
        spec.bins = 5;
        spec.headerBytes = 140;
        QVERIFY(errorOf([&] { decodeRawReal(bytes, spec); }).find("no values after a header") != std::string::npos);
        spec.headerBytes = 1;
        QVERIFY(errorOf([&] { decodeRawReal(bytes, spec); }).find("not a whole number") != std::string::npos);
        spec.headerBytes = -4;
        QVERIFY_THROWS_EXCEPTION(InputError, decodeRawReal(bytes, spec));
        // A claim of 2^31 x 2^31 values is refused by arithmetic, before any allocation.
        spec.headerBytes = 0;
        spec.bins = 2147483647;
        spec.frames = 2147483647;
        spec.dtype = DType::Complex128;
        QVERIFY(errorOf([&] { decodeRawComplex(bytes, spec); }).find("need") != std::string::npos);
        QVERIFY(errorOf([&] { readRawReal(kDir + "missing.bin", StorageSpec{}); }).find("does not exist") != std::string::npos);
        QVERIFY(errorOf([&] { readRawReal(kDir, StorageSpec{}); }).find("directory") != std::string::npos);
    }

    void factorisations()
    {
        const auto list = rawFactorisations(140);
        QCOMPARE(list.size(), std::size_t{6});
        QCOMPARE(list[0].dtype, DType::Int16);
        QCOMPARE(list[0].values, std::int64_t{70});
        using Pairs = std::vector<std::pair<std::int64_t, std::int64_t>>;
        QCOMPARE(list[0].shapes, (Pairs{{2, 35}, {5, 14}, {7, 10}}));
        QCOMPARE(list[2].shapes, (Pairs{{5, 7}}));     // float32: 35 values
        QCOMPARE(list[3].values, std::int64_t{0});     // float64: 140 is no multiple of 8
        QVERIFY(list[3].shapes.empty());
        QCOMPARE(rawFactorisations(1052712)[2].values, std::int64_t{263178}); // 513 x 513
        const auto withHeader = rawFactorisations(156, 16);
        QCOMPARE(withHeader[2].shapes, (Pairs{{5, 7}}));
    }

    void spectrogramConventions()
    {
        QTemporaryDir dir;
        const std::string base = dir.path().toStdString() + "/";
        const int bins = 4, frames = 3;
        std::vector<float> magnitude, power, db, radians, degrees; // bins_by_frames order
        std::vector<std::complex<float>> expectedX(bins * frames);
        for (int bin = 0; bin < bins; ++bin)
            for (int frame = 0; frame < frames; ++frame) {
                const double m = 0.5 + bin + 0.25 * frame;
                const double p = -3.0 + 0.5 * bin + 0.7 * frame;
                magnitude.push_back(static_cast<float>(m));
                power.push_back(static_cast<float>(m * m));
                db.push_back(static_cast<float>(20 * std::log10(m)));
                radians.push_back(static_cast<float>(p));
                degrees.push_back(static_cast<float>(p * 180 / std::numbers::pi));
                expectedX[frame * bins + bin] = std::polar(static_cast<float>(m), static_cast<float>(p));
            }
        writeValues(base + "mag.f32", magnitude);
        writeValues(base + "pow.f32", power);
        writeValues(base + "db.f32", db);
        writeValues(base + "rad.f32", radians);
        writeValues(base + "deg.f32", degrees);
        struct Case {
            const char* magnitude;
            const char* phase;
            MagnitudeScale scale;
            PhaseUnit unit;
        };
        for (const Case& c : {Case{"mag.f32", "rad.f32", MagnitudeScale::Linear, PhaseUnit::Radians},
                              Case{"pow.f32", "deg.f32", MagnitudeScale::Power, PhaseUnit::Degrees},
                              Case{"db.f32", "rad.f32", MagnitudeScale::Db, PhaseUnit::Radians}}) {
            SpectrogramFiles files;
            files.magnitudePath = base + c.magnitude;
            files.phasePath = base + c.phase;
            files.storage.bins = bins; // frames inferred
            files.values.magnitudeScale = c.scale;
            files.values.phaseUnit = c.unit;
            const LoadedSpectrogram loaded = loadSpectrogram(files);
            QVERIFY(loaded.hasPhase);
            QCOMPARE(loaded.storage.frames, frames);
            for (std::size_t i = 0; i < expectedX.size(); ++i)
                QVERIFY2(std::abs(loaded.coefficients.values[i] - expectedX[i]) < 2e-5f * std::abs(expectedX[i]), c.magnitude);
        }
        // Magnitude only: zero phase.
        SpectrogramFiles only;
        only.magnitudePath = base + "mag.f32";
        only.storage.frames = frames;
        const LoadedSpectrogram magnitudeOnly = loadSpectrogram(only);
        QVERIFY(!magnitudeOnly.hasPhase);
        QCOMPARE(magnitudeOnly.coefficients.at(2, 3), std::complex<float>(0.5f + 3 + 0.5f, 0.0f));
        // dB values at or below the floor read as 0.
        std::vector<float> floored = db;
        floored[0] = -250.0f;
        writeValues(base + "floored.f32", floored);
        only.magnitudePath = base + "floored.f32";
        only.values.magnitudeScale = MagnitudeScale::Db;
        QCOMPARE(loadSpectrogram(only).coefficients.at(0, 0), std::complex<float>(0.0f, 0.0f));
    }

    void complexFiles()
    {
        // A complex npy gives X directly, alone or named as both magnitude and phase.
        for (bool twice : {false, true}) {
            SpectrogramFiles files;
            files.magnitudePath = kDir + "io_le_c8_c.npy";
            if (twice)
                files.phasePath = files.magnitudePath;
            const LoadedSpectrogram loaded = loadSpectrogram(files);
            QVERIFY(loaded.hasPhase);
            QCOMPARE(loaded.coefficients.bins, 5);
            QCOMPARE(loaded.coefficients.at(6, 4), std::complex<float>(complexPattern(4, 6)));
        }
        SpectrogramFiles raw;
        raw.magnitudePath = kDir + "io_raw_c64be_bins_by_frames_5x7.bin";
        raw.storage.dtype = DType::Complex64;
        raw.storage.byteOrder = ByteOrder::Big;
        raw.storage.bins = 5;
        QCOMPARE(loadSpectrogram(raw).coefficients.at(3, 2), std::complex<float>(complexPattern(2, 3)));
        // Complex plus a separate phase file, or a real file twice: refused.
        SpectrogramFiles both;
        both.magnitudePath = kDir + "io_le_c8_c.npy";
        both.phasePath = kDir + "io_le_f4_c.npy";
        QVERIFY(errorOf([&] { loadSpectrogram(both); }).find("already holds the phase") != std::string::npos);
        both.magnitudePath = both.phasePath;
        QVERIFY(errorOf([&] { loadSpectrogram(both); }).find("must be complex") != std::string::npos);
    }

    void textAndMatlabContainers()
    {
        QTemporaryDir dir;
        for (const char* file : {"io_pattern_5x7.csv", "io_pattern_5x7.mat"}) {
            SpectrogramFiles files;
            files.magnitudePath = kDir + file;
            files.phasePath = dir.path().toStdString() + "/phase_" + file; // a copy as phase
            QVERIFY(QFile::copy(QString::fromStdString(kDir + file), QString::fromStdString(files.phasePath)));
            files.storage.dtype = DType::Int16; // ignored: the container says what it holds
            files.values.magnitudeScale = MagnitudeScale::Db;
            const LoadedSpectrogram loaded = loadSpectrogram(files);
            QCOMPARE(loaded.coefficients.bins, 5);
            QCOMPARE(loaded.coefficients.frames, 7);
            QCOMPARE(loaded.storage.container, std::string(file).ends_with(".csv") ? Container::Csv : Container::Mat);
            const std::complex<double> expected = std::polar(std::pow(10.0, realPattern(3, 4) / 20), realPattern(3, 4));
            QVERIFY(std::abs(std::complex<double>(loaded.coefficients.at(4, 3)) - expected) < 1e-5);
            StorageSpec transposed;
            transposed.layout = MatrixLayout::FramesByBins;
            const RealMatrix framesFirst = readRealMatrix(kDir + file, transposed);
            QCOMPARE(framesFirst.bins, 7);
            QCOMPARE(framesFirst.at(3, 4), static_cast<float>(realPattern(3, 4)));
        }
    }

    void spectrogramErrors()
    {
        SpectrogramFiles files;
        files.magnitudePath = kDir + "io_bad_nan.npy";
        const std::string nan = errorOf([&] { loadSpectrogram(files); });
        QVERIFY2(nan.find("NaN at bin 2, frame 3") != std::string::npos && nan.find("io_bad_nan.npy") != std::string::npos,
                 nan.c_str());
        files.magnitudePath = kDir + "io_le_f4_c.npy"; // 5 x 7
        files.phasePath = kDir + "io_1d.npy";          // 6 x 1
        const std::string shapes = errorOf([&] { loadSpectrogram(files); });
        QVERIFY2(shapes.find("same shape") != std::string::npos, shapes.c_str());
        // Raw phase of another size.
        QTemporaryDir dir;
        const std::string base = dir.path().toStdString() + "/";
        writeValues(base + "mag.f32", std::vector<float>(12, 1.0f));
        writeValues(base + "phase.f32", std::vector<float>(15, 0.0f));
        writeValues(base + "negative.f32", std::vector<float>{1, 2, -3, 4});
        writeValues(base + "inf.f32", std::vector<float>{1, 2, 3, INFINITY});
        SpectrogramFiles raw;
        raw.magnitudePath = base + "mag.f32";
        raw.phasePath = base + "phase.f32";
        raw.storage.bins = 3;
        QVERIFY(errorOf([&] { loadSpectrogram(raw); }).find("same shape") != std::string::npos);
        raw.phasePath.clear();
        raw.magnitudePath = base + "negative.f32";
        raw.storage.bins = 2;
        QVERIFY(errorOf([&] { loadSpectrogram(raw); }).find("negative value") != std::string::npos);
        raw.magnitudePath = base + "inf.f32";
        QVERIFY(errorOf([&] { loadSpectrogram(raw); }).find("infinite value at bin 1, frame 1") != std::string::npos);
        raw.magnitudePath = base + "missing.f32";
        QVERIFY(errorOf([&] { loadSpectrogram(raw); }).find("does not exist") != std::string::npos);
    }

    void writerRoundTrip()
    {
        QTemporaryDir dir;
        const std::string base = dir.path().toStdString() + "/";
        ComplexMatrix x(5, 7);
        for (int frame = 0; frame < 7; ++frame)
            for (int bin = 0; bin < 5; ++bin)
                x.at(frame, bin) = std::polar(0.25f + bin + frame * 0.5f, -2.5f + 0.3f * bin + 0.6f * frame);
        x.at(0, 0) = 0.0f; // dB floor
        int cases = 0;
        for (SpectrogramFileFormat format : {SpectrogramFileFormat::Npy, SpectrogramFileFormat::F32le, SpectrogramFileFormat::F64le})
            for (MatrixLayout layout : {MatrixLayout::BinsByFrames, MatrixLayout::FramesByBins})
                for (MagnitudeScale scale : {MagnitudeScale::Linear, MagnitudeScale::Power, MagnitudeScale::Db})
                    for (PhaseUnit unit : {PhaseUnit::Radians, PhaseUnit::Degrees}) {
                        const std::string tag = std::to_string(cases++);
                        SpectrogramWriteOptions options;
                        options.format = format;
                        options.layout = layout;
                        options.values.magnitudeScale = scale;
                        options.values.phaseUnit = unit;
                        writeSpectrogramFiles(x, base + "m" + tag, base + "p" + tag, options);
                        SpectrogramFiles files;
                        files.magnitudePath = base + "m" + tag;
                        files.phasePath = base + "p" + tag;
                        files.storage.dtype = format == SpectrogramFileFormat::F64le ? DType::Float64 : DType::Float32;
                        files.storage.layout = layout;
                        files.storage.bins = 5;
                        files.values = options.values;
                        const LoadedSpectrogram back = loadSpectrogram(files);
                        QCOMPARE(back.storage.container, format == SpectrogramFileFormat::Npy ? Container::Npy : Container::Raw);
                        QCOMPARE(back.coefficients.frames, 7);
                        for (std::size_t i = 0; i < x.values.size(); ++i)
                            QVERIFY(std::abs(back.coefficients.values[i] - x.values[i]) < 1e-5f * (1 + std::abs(x.values[i])));
                    }
        // npy output is (bins, frames) for bins_by_frames, readable as a plain numpy array.
        SpectrogramWriteOptions options;
        writeSpectrogramFiles(x, base + "out.npy", "", options);
        const NpyArray array = readNpy(base + "out.npy");
        QCOMPARE(array.header.shape, (std::vector<std::int64_t>{5, 7}));
        QCOMPARE(array.real[2 * 7 + 3], static_cast<double>(std::abs(x.at(3, 2))));
        QCOMPARE(spectrogramFileFormatForPath("a/b.NPY"), SpectrogramFileFormat::Npy);
        QCOMPARE(spectrogramFileFormatForPath("a/b.bin"), SpectrogramFileFormat::F32le);
        // Same path twice and a missing folder are refused; nothing is left behind.
        QVERIFY_THROWS_EXCEPTION(InputError, writeSpectrogramFiles(x, base + "same", base + "same", options));
        QVERIFY_THROWS_EXCEPTION(IoError, writeSpectrogramFiles(x, base + "nofolder/m.npy", "", options));
        QVERIFY(!QFile::exists(QString::fromStdString(base + "same")));
        const QStringList leftovers = QDir(dir.path()).entryList({"*.tmp-*"}, QDir::Files);
        QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(", ")));
    }
};

QTEST_APPLESS_MAIN(TestRaw)
#include "test_raw.moc"
