// SPDX-License-Identifier: GPL-3.0-or-later
// MATLAB .mat files through matio (core/io/mat): listing variables, reading a real and a complex
// matrix in MATLAB's row/column sense, choosing the largest numeric matrix, and errors for
// missing or non-numeric variables. Fixtures by tests/fixtures/make_guess_fixtures.py
// (scipy.io.savemat, level 5).
#include "core/base/error.hpp"
#include "core/io/file_bytes.hpp"
#include "core/io/mat.hpp"
#include "tests/support/fixture_files.hpp"

#include <QTest>

#include <algorithm>

using namespace phaselab;

class TestMat : public QObject {
    Q_OBJECT

private slots:
    void variablesAreListed()
    {
        const auto variables = listMatVariables(testing::fixturePath("guess/mat_variables.mat"));
        std::vector<std::string> names;
        for (const auto& v : variables)
            names.push_back(v.name);
        for (const char* name : {"a", "b", "txt", "s"})
            QVERIFY(std::find(names.begin(), names.end(), name) != names.end());
        for (const auto& v : variables) {
            if (v.name == "a") {
                QVERIFY(v.isNumeric && !v.isComplex);
                QCOMPARE(v.dims, (std::vector<std::int64_t>{2, 3}));
                QCOMPARE(v.className, std::string("double"));
            }
            if (v.name == "b")
                QVERIFY(v.isNumeric && v.isComplex && v.className == "single");
            if (v.name == "s")
                QVERIFY(!v.isNumeric);
        }
        QVERIFY(looksLikeMatFile(readFilePrefix(testing::fixturePath("guess/mat_variables.mat"), 1024)));
    }

    void matricesReadInMatlabOrientation()
    {
        const auto cases = testing::readJsonFixture("guess/guess_cases.json");
        const MatMatrix a = readMatMatrix(testing::fixturePath("guess/mat_variables.mat"), "a");
        QCOMPARE(a.rows, 2);
        QCOMPARE(a.columns, 3);
        for (int r = 0; r < 2; ++r)
            for (int c = 0; c < 3; ++c)
                QCOMPARE(a.real[static_cast<std::size_t>(r * 3 + c)], cases["mat_variables"]["a"][r][c].get<double>());
        const MatMatrix b = readMatMatrix(testing::fixturePath("guess/mat_variables.mat"), "b");
        QCOMPARE(b.complex.size(), std::size_t(4));
        for (int r = 0; r < 2; ++r)
            for (int c = 0; c < 2; ++c) {
                QCOMPARE(b.complex[static_cast<std::size_t>(r * 2 + c)].real(), cases["mat_variables"]["b_real"][r][c].get<double>());
                QCOMPARE(b.complex[static_cast<std::size_t>(r * 2 + c)].imag(), cases["mat_variables"]["b_imag"][r][c].get<double>());
            }
        // No name: the largest numeric matrix (the spectrogram, not the scalar sample rate).
        const MatMatrix s = readMatMatrix(testing::fixturePath("guess/octave_like.mat"));
        QCOMPARE(s.info.name, std::string("S"));
        QCOMPARE(s.rows, cases["mat"]["bins"].get<int>());
        QCOMPARE(s.columns, cases["mat"]["frames"].get<int>());
        QVERIFY(!s.complex.empty());
    }

    void errorsNameWhatTheFileHolds()
    {
        const std::string path = testing::fixturePath("guess/mat_variables.mat");
        QVERIFY_THROWS_EXCEPTION(InputError, readMatMatrix(path, "missing"));
        QVERIFY_THROWS_EXCEPTION(InputError, readMatMatrix(path, "txt"));
        QVERIFY_THROWS_EXCEPTION(InputError, readMatMatrix(path, "s"));
        QVERIFY_THROWS_EXCEPTION(InputError, listMatVariables(testing::fixturePath("guess/guess_cases.json")));
        try {
            readMatMatrix(path, "missing");
        } catch (const InputError& error) {
            QVERIFY(std::string(error.what()).find("a (double 2x3)") != std::string::npos);
        }
    }
};

QTEST_APPLESS_MAIN(TestMat)
#include "test_mat.moc"
