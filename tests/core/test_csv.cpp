// SPDX-License-Identifier: GPL-3.0-or-later
// Numeric text tables (core/io/csv): delimiter sniffing (comma, tab, semicolon, whitespace as
// numpy savetxt writes), comments and a header line, nan/inf, exponents, and clear errors for
// ragged rows and words.
#include "core/base/error.hpp"
#include "core/io/csv.hpp"

#include <QTest>

#include <cmath>
#include <cstring>

using namespace phaselab;

namespace {

std::span<const unsigned char> bytes(const char* text)
{
    return {reinterpret_cast<const unsigned char*>(text), std::strlen(text)};
}

} // namespace

class TestCsv : public QObject {
    Q_OBJECT

private slots:
    void delimitersAreSniffed()
    {
        const struct {
            const char* text;
            char delimiter;
        } cases[] = {{"1,2,3\n4,5,6\n", ','}, {"1\t2\t3\n4\t5\t6\n", '\t'}, {"1;2;3\n4;5;6\n", ';'},
                     {"1.0e+00 2.0e+00 3.0e+00\n4.0e+00 5.0e+00 6.0e+00\n", ' '}, {"1, 2, 3\r\n4, 5, 6\r\n", ','}};
        for (const auto& c : cases) {
            const CsvTable table = parseCsv(c.text);
            QCOMPARE(table.shape.delimiter, c.delimiter);
            QCOMPARE(table.shape.rows, 2);
            QCOMPARE(table.shape.columns, 3);
            QCOMPARE(table.values, (std::vector<double>{1, 2, 3, 4, 5, 6}));
            QVERIFY(looksLikeNumericText(bytes(c.text)));
        }
    }

    void commentsHeaderAndSpecialValues()
    {
        const CsvTable table = parseCsv("# written by numpy\nbin0,bin1\n-1.5e-3,nan\ninf,-Inf\n\n");
        QCOMPARE(table.shape.rows, 2);
        QCOMPARE(table.shape.columns, 2);
        QCOMPARE(table.shape.skippedLines, 2);
        QCOMPARE(table.values[0], -1.5e-3);
        QVERIFY(std::isnan(table.values[1]));
        QVERIFY(std::isinf(table.values[2]) && table.values[2] > 0);
        QVERIFY(std::isinf(table.values[3]) && table.values[3] < 0);
        const CsvTable column = parseCsv("1\n2\n3\n");
        QCOMPARE(column.shape.columns, 1);
        QCOMPARE(column.shape.rows, 3);
        QCOMPARE(column.shape.delimiterName(), std::string("whitespace"));
    }

    void badTablesAreRefused()
    {
        QVERIFY_THROWS_EXCEPTION(InputError, parseCsv("1,2,3\n4,5\n"));
        QVERIFY_THROWS_EXCEPTION(InputError, parseCsv("1,2\nx,y\n"));
        QVERIFY_THROWS_EXCEPTION(InputError, parseCsv("hello world\nthis is text\n"));
        QVERIFY_THROWS_EXCEPTION(InputError, parseCsv(""));
        QVERIFY(!looksLikeNumericText(bytes("\x93NUMPY\x01\x00")));
        QVERIFY(!looksLikeNumericText(bytes("just some words\nand more words\n")));
        QVERIFY_THROWS_EXCEPTION(IoError, readCsv("/nonexistent/file.csv"));
    }
};

QTEST_APPLESS_MAIN(TestCsv)
#include "test_csv.moc"
