// SPDX-License-Identifier: GPL-3.0-or-later
// .npy reader and writer: numpy-written fixtures (every dtype, both orders, versions 1-3) read back
// exactly; our files round-trip; malformed files give InputError and never crash.
#include "core/base/error.hpp"
#include "core/io/npy.hpp"
#include "core/io/spectrogram_io.hpp"

#include <QTemporaryDir>
#include <QTest>

#include <complex>
#include <fstream>
#include <random>

using namespace phaselab;

namespace {

const std::string kDir = std::string(PHASELAB_FIXTURES) + "/io/";

// The pattern of make_io_fixtures.py, element [i, j] of the (5, 7) array.
double realPattern(int i, int j) { return (i * 7 + j) * 0.5 - 3; }
double intPattern(int i, int j) { return (i * 7 + j) * 3 - 50; }
std::complex<double> complexPattern(int i, int j) { return {realPattern(i, j), -(i + 1) * 0.25 * j}; }

std::vector<unsigned char> fileBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

class TestNpy : public QObject {
    Q_OBJECT

private slots:
    void numpyFixturesReadExactly_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<bool>("fortran");
        for (const char* code : {"le_f4", "be_f4", "le_f8", "be_f8", "le_c8", "be_c8", "le_c16", "be_c16", "le_i2",
                                 "be_i2", "le_i4", "be_i4"})
            for (bool fortran : {false, true})
                QTest::newRow((std::string(code) + (fortran ? " F" : " C")).c_str()) << QString(code) << fortran;
    }

    void numpyFixturesReadExactly()
    {
        QFETCH(QString, code);
        QFETCH(bool, fortran);
        const std::string path = kDir + "io_" + code.toStdString() + (fortran ? "_f.npy" : "_c.npy");
        const NpyArray array = readNpy(path);
        const NpyHeader& header = array.header;
        QCOMPARE(header.fortranOrder, fortran);
        QCOMPARE(header.shape, (std::vector<std::int64_t>{5, 7}));
        QCOMPARE(header.byteOrder, code.startsWith("le") ? ByteOrder::Little : ByteOrder::Big);
        QCOMPARE(header.version, 1);
        const std::string type = code.mid(3).toStdString();
        QCOMPARE(header.dtype, parseDType(type));
        QCOMPARE(header.headerBytes % 64, std::int64_t{0});
        for (int i = 0; i < 5; ++i)
            for (int j = 0; j < 7; ++j) {
                const std::size_t k = static_cast<std::size_t>(i * 7 + j);
                if (isComplex(header.dtype)) {
                    QCOMPARE(array.complex.size(), std::size_t{35});
                    QCOMPARE(array.complex[k], complexPattern(i, j));
                } else if (isInteger(header.dtype)) {
                    QCOMPARE(array.real[k], intPattern(i, j));
                } else {
                    QCOMPARE(array.real.size(), std::size_t{35});
                    QCOMPARE(array.real[k], realPattern(i, j));
                }
            }
        // The cheap header read agrees with the full read.
        const NpyHeader cheap = readNpyHeader(path);
        QCOMPARE(cheap.shape, header.shape);
        QCOMPARE(cheap.descr, header.descr);
    }

    void formatVersions2And3()
    {
        for (int version : {2, 3}) {
            const NpyArray array = readNpy(kDir + "io_v" + std::to_string(version) + ".npy");
            QCOMPARE(array.header.version, version);
            QCOMPARE(array.header.shape, (std::vector<std::int64_t>{5, 7}));
            QCOMPARE(array.real[3 * 7 + 4], realPattern(3, 4));
        }
    }

    void oneAndThreeDimensions()
    {
        const NpyArray line = readNpy(kDir + "io_1d.npy");
        QCOMPARE(line.header.shape, (std::vector<std::int64_t>{6}));
        QCOMPARE(line.real[5], 1.25);
        const NpyArray cube = readNpy(kDir + "io_3d_torch_like.npy");
        QCOMPARE(cube.header.shape, (std::vector<std::int64_t>{1, 5, 7}));
        // As a spectrogram matrix, (1, 5, 7) is 5 bins x 7 frames.
        StorageSpec spec;
        const RealMatrix matrix = readRealMatrix(kDir + "io_3d_torch_like.npy", spec);
        QCOMPARE(matrix.bins, 5);
        QCOMPARE(matrix.frames, 7);
        QCOMPARE(matrix.at(6, 4), static_cast<float>(realPattern(4, 6)));
    }

    void matrixOrientationFollowsLayout()
    {
        for (const char* file : {"io_le_f4_c.npy", "io_le_f4_f.npy", "io_be_f8_f.npy"}) {
            StorageSpec spec;
            spec.layout = MatrixLayout::BinsByFrames;
            const RealMatrix binsFirst = readRealMatrix(kDir + file, spec);
            QCOMPARE(spec.container, Container::Npy);
            QCOMPARE(binsFirst.bins, 5);
            QCOMPARE(binsFirst.frames, 7);
            StorageSpec other;
            other.layout = MatrixLayout::FramesByBins;
            const RealMatrix framesFirst = readRealMatrix(kDir + file, other);
            QCOMPARE(framesFirst.bins, 7);
            QCOMPARE(framesFirst.frames, 5);
            for (int i = 0; i < 5; ++i)
                for (int j = 0; j < 7; ++j) {
                    QCOMPARE(binsFirst.at(j, i), static_cast<float>(realPattern(i, j)));
                    QCOMPARE(framesFirst.at(i, j), static_cast<float>(realPattern(i, j)));
                }
        }
        StorageSpec spec;
        const ComplexMatrix complex = readComplexMatrix(kDir + "io_be_c16_f.npy", spec);
        QCOMPARE(complex.at(6, 4), std::complex<float>(complexPattern(4, 6)));
    }

    void writeRoundTrip()
    {
        QTemporaryDir dir;
        const std::string base = dir.path().toStdString() + "/";
        const std::vector<std::int64_t> shape{3, 4};
        std::vector<float> f(12);
        std::vector<double> d(12);
        std::vector<std::complex<float>> cf(12);
        std::vector<std::complex<double>> cd(12);
        for (int k = 0; k < 12; ++k) {
            f[k] = 0.1f * k - 0.3f;
            d[k] = 1.0 / (k + 1);
            cf[k] = {0.5f * k, -1.0f / (k + 1)};
            cd[k] = {1.0 / (k + 3), 1e-300 * k};
        }
        writeNpy(base + "f.npy", std::span<const float>(f), shape);
        writeNpy(base + "d.npy", std::span<const double>(d), shape);
        writeNpy(base + "cf.npy", std::span<const std::complex<float>>(cf), shape);
        writeNpy(base + "cd.npy", std::span<const std::complex<double>>(cd), shape);
        writeNpy(base + "line.npy", std::span<const double>(d), {12}, DType::Float32);
        const NpyArray rf = readNpy(base + "f.npy"), rd = readNpy(base + "d.npy");
        const NpyArray rcf = readNpy(base + "cf.npy"), rcd = readNpy(base + "cd.npy");
        const NpyArray line = readNpy(base + "line.npy");
        QCOMPARE(rf.header.descr, std::string("<f4"));
        QCOMPARE(rcd.header.descr, std::string("<c16"));
        QCOMPARE(line.header.shape, (std::vector<std::int64_t>{12}));
        for (int k = 0; k < 12; ++k) {
            QCOMPARE(rf.real[k], static_cast<double>(f[k]));
            QCOMPARE(rd.real[k], d[k]);
            QCOMPARE(rcf.complex[k], std::complex<double>(cf[k]));
            QCOMPARE(rcd.complex[k], cd[k]);
            QCOMPARE(line.real[k], static_cast<double>(static_cast<float>(d[k])));
        }
        const std::string header = makeNpyHeader(DType::Float32, ByteOrder::Little, {513, 431});
        QCOMPARE(header.size() % 64, std::size_t{0});
        QVERIFY(header.find("'shape': (513, 431)") != std::string::npos);
        QCOMPARE(header.back(), '\n');
        // No temporary file is left beside the outputs.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 5);
        // Wrong value kind for the dtype is refused, and nothing is written.
        QVERIFY_THROWS_EXCEPTION(InputError, writeNpy(base + "bad.npy", std::span<const float>(f), shape, DType::Complex64));
        QVERIFY_THROWS_EXCEPTION(InputError, writeNpy(base + "bad.npy", std::span<const float>(f), {5, 5}));
        QVERIFY(!QFile::exists(QString::fromStdString(base + "bad.npy")));
    }

    void badFilesGiveInputError_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("needle");
        QTest::newRow("truncated") << "io_bad_truncated.npy" << "truncated";
        QTest::newRow("trailing bytes") << "io_bad_trailing.npy" << "trailing";
        QTest::newRow("10^12 elements") << "io_bad_huge_shape.npy" << "1000000, 1000000";
        QTest::newRow("uint16") << "io_bad_u2.npy" << "<u2";
        QTest::newRow("not npy at all") << "io_raw_f32le_bins_by_frames_5x7.bin" << "magic";
        QTest::newRow("missing") << "io_no_such_file.npy" << "does not exist";
    }

    void badFilesGiveInputError()
    {
        QFETCH(QString, file);
        QFETCH(QString, needle);
        const std::string path = kDir + file.toStdString();
        try {
            readNpy(path);
            QFAIL("no error");
        } catch (const InputError& error) {
            QVERIFY2(std::string(error.what()).find(needle.toStdString()) != std::string::npos, error.what());
        }
        QVERIFY_THROWS_EXCEPTION(InputError, readNpyHeader(path));
    }

    void lyingHeadersInMemory()
    {
        const std::vector<unsigned char> good = fileBytes(kDir + "io_le_f4_c.npy");
        auto expectError = [](std::vector<unsigned char> bytes) {
            QVERIFY_THROWS_EXCEPTION(InputError, decodeNpy(bytes));
        };
        std::vector<unsigned char> bytes = good;
        bytes[8] = 0xFF; // header length past the end
        bytes[9] = 0xFF;
        expectError(bytes);
        bytes = good;
        bytes[6] = 9; // version 9
        expectError(bytes);
        expectError(std::vector<unsigned char>(good.begin(), good.begin() + 9)); // shorter than the prefix
        expectError({});
        // A Fortran flag that lies about an otherwise consistent file still reads (the values are
        // permuted, the sizes agree): no error, no crash.
        std::string text(good.begin(), good.end());
        const auto at = text.find("False");
        text.replace(at, 5, "True ");
        const NpyArray permuted = decodeNpy(std::vector<unsigned char>(text.begin(), text.end()));
        QVERIFY(permuted.header.fortranOrder);
        // Negative dimension, nested descr, missing key, overflowing dimension.
        for (const char* dict : {"{'descr': '<f4', 'fortran_order': False, 'shape': (-5, 7), }",
                                 "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (5, 7), }",
                                 "{'descr': '<f4', 'shape': (5, 7), }",
                                 "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999, 7), }",
                                 "{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4), }",
                                 "{'descr': '<f4', 'fortran_order': False, 'shape': (5, 7)"}) {
            std::string header = std::string("\x93NUMPY\x01\x00", 8);
            std::string body = dict;
            body += '\n';
            header += static_cast<char>(body.size() & 0xFF);
            header += static_cast<char>(body.size() >> 8);
            header += body;
            std::vector<unsigned char> file(header.begin(), header.end());
            file.resize(file.size() + 140);
            expectError(file);
        }
    }

    void randomCorruptionNeverCrashes()
    {
        const std::vector<unsigned char> good = fileBytes(kDir + "io_be_c8_f.npy");
        std::mt19937 random(1234);
        int decoded = 0, refused = 0;
        for (int trial = 0; trial < 3000; ++trial) {
            std::vector<unsigned char> bytes = good;
            const int edits = 1 + static_cast<int>(random() % 4);
            for (int e = 0; e < edits; ++e) {
                const std::size_t at = random() % std::min<std::size_t>(bytes.size(), 140);
                bytes[at] = static_cast<unsigned char>(random());
            }
            if (random() % 5 == 0)
                bytes.resize(random() % bytes.size());
            try {
                decodeNpy(bytes);
                ++decoded;
            } catch (const InputError&) {
                ++refused;
            }
        }
        QCOMPARE(decoded + refused, 3000);
        QVERIFY(refused > 0);
    }
};

QTEST_APPLESS_MAIN(TestNpy)
#include "test_npy.moc"
