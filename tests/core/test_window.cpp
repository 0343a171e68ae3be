// SPDX-License-Identifier: GPL-3.0-or-later
// Windows against scipy.signal.get_window (fixtures/stft/windows.json, made by
// fixtures/make_stft_fixtures.py), plus SPEC parsing.
#include "core/base/error.hpp"
#include "core/dsp/window.hpp"
#include "tests/support/fixture_files.hpp"

#include <QTest>

#include <cmath>

using namespace phaselab;

class TestWindow : public QObject {
    Q_OBJECT
private slots:
    void matchesScipy()
    {
        const auto fixture = testing::readJsonFixture("stft/windows.json");
        int compared = 0;
        for (const auto& entry : fixture["cases"]) {
            const auto spec = WindowSpec::parse(entry["spec"].get<std::string>());
            const int length = entry["length"];
            const auto values = makeWindow(spec, length);
            QCOMPARE(static_cast<int>(values.size()), length);
            for (int n = 0; n < length; ++n) {
                const double expected = entry["values"][static_cast<std::size_t>(n)];
                if (std::abs(values[static_cast<std::size_t>(n)] - expected) > 1e-6)
                    QFAIL(qPrintable(QString("%1 length %2 sample %3: %4, scipy %5")
                                         .arg(QString::fromStdString(entry["spec"].get<std::string>()))
                                         .arg(length).arg(n).arg(values[static_cast<std::size_t>(n)]).arg(expected)));
            }
            ++compared;
        }
        QVERIFY(compared >= 90);
    }

    void sqrtHannIsSine()
    {
        // CLI.md: sqrt-hann (periodic) equals sin(pi n / W).
        const auto values = makeWindow(WindowSpec::parse("sqrt-hann"), 512);
        for (int n = 0; n < 512; ++n)
            QVERIFY(std::abs(values[static_cast<std::size_t>(n)] - std::sin(M_PI * n / 512.0)) < 1e-6);
    }

    void parsesAndPrintsSpecs()
    {
        QCOMPARE(QString::fromStdString(WindowSpec::parse("kaiser:8,symmetric").toString()), QString("kaiser:8,symmetric"));
        QCOMPARE(QString::fromStdString(WindowSpec::parse("gauss:0.125").toString()), QString("gauss:0.125"));
        QCOMPARE(QString::fromStdString(WindowSpec::parse(" hann , periodic ").toString()), QString("hann"));
        QVERIFY(!WindowSpec::parse("blackman-harris,symmetric").periodic);
        for (const auto& name : windowNames()) {
            const std::string spec = name == "kaiser" ? "kaiser:5" : name == "gauss" ? "gauss:0.2" : name;
            QCOMPARE(WindowSpec::parse(WindowSpec::parse(spec).toString()), WindowSpec::parse(spec));
        }
    }

    void rejectsBadSpecs()
    {
        for (const char* bad : {"", "hanning2", "kaiser", "kaiser:abc", "kaiser:-1", "gauss:0", "hann:3",
                                "hann,sym", "gauss:nan", "kaiser:1e400"})
            QVERIFY_THROWS_EXCEPTION(InputError, WindowSpec::parse(bad));
        QVERIFY_THROWS_EXCEPTION(InputError, makeWindow(WindowSpec{}, 0));
    }
};

QTEST_APPLESS_MAIN(TestWindow)
#include "test_window.moc"
