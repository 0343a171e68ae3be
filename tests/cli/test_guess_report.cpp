// SPDX-License-Identifier: GPL-3.0-or-later
// `guess --report OUT.html`: the file parses (it is written as XHTML), names each input's SHA-256
// as Qt's own SHA-256 computes it, and embeds its pictures (a PNG that decodes to the stated size,
// inline SVG plots), with no reference to anything outside the file. Also: the report of a refused
// input says so, and the core's SHA-256 and PNG writer against Qt's on their own.
#include "core/io/png_image.hpp"
#include "core/io/sha256.hpp"
#include "tests/support/cli_run.hpp"

#include <QCryptographicHash>
#include <QFile>
#include <QImage>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <random>

using phaselab::test::CliRun;
using phaselab::test::runCli;

class TestGuessReport : public QObject {
    Q_OBJECT

    QTemporaryDir folder_;

    static QByteArray sha256Of(const QString& path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex();
    }

    /// Parses the whole document; returns the error text, empty when it is well-formed.
    static QString parseErrors(const QByteArray& html, int* elements)
    {
        QXmlStreamReader reader(html);
        *elements = 0;
        while (!reader.atEnd()) {
            if (reader.readNext() == QXmlStreamReader::StartElement)
                ++*elements;
        }
        return reader.hasError() ? reader.errorString() + " at line " + QString::number(reader.lineNumber()) : QString();
    }

private slots:
    void reportOfAPairWithPhase()
    {
        QVERIFY(folder_.isValid());
        const QString fixtures = QStringLiteral(PHASELAB_FIXTURES "/guess/");
        const QString magnitude = fixtures + "torch_mag.npy", phase = fixtures + "torch_phase_deg.npy";
        const QString report = folder_.filePath("pair report.html");
        const CliRun run = runCli({"guess", "--magnitude", magnitude, "--phase", phase, "--report", report, "--threads", "2"});
        const int exitCode = run.exitCode;
        const QString output = run.output();
        QVERIFY2(exitCode == 0, qPrintable(output));
        QFile file(report);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray html = file.readAll();

        int elements = 0;
        const QString errors = parseErrors(html, &elements);
        QVERIFY2(errors.isEmpty(), qPrintable(errors));
        QVERIFY(elements > 20);

        QVERIFY(html.contains(sha256Of(magnitude)));
        QVERIFY(html.contains(sha256Of(phase)));
        QVERIFY(html.contains(QByteArray::number(QFile(magnitude).size())));
        QVERIFY(html.contains("PhaseLab " PHASELAB_VERSION));
        QVERIFY(html.contains("--report"));
        QVERIFY(QRegularExpression("20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ").match(QString::fromUtf8(html)).hasMatch());
        QVERIFY(html.contains("Evidence for rank 1"));
        QVERIFY(html.contains("What the evidence cannot tell apart"));

        // The magnitude picture: an embedded PNG that decodes to the size the tag states.
        const QRegularExpression png("<img alt=\"[^\"]*\" width=\"(\\d+)\" height=\"(\\d+)\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
        const auto match = png.match(QString::fromUtf8(html));
        QVERIFY(match.hasMatch());
        const QImage image = QImage::fromData(QByteArray::fromBase64(match.captured(3).toLatin1()), "PNG");
        QVERIFY(!image.isNull());
        QCOMPARE(image.width(), match.captured(1).toInt());
        QCOMPARE(image.height(), match.captured(2).toInt());
        // Consistency against hop and against window: two inline SVG plots.
        QCOMPARE(html.count("<svg "), 2);
        QVERIFY(html.contains("Consistency against hop") && html.contains("Consistency against window"));
        // Self-contained: nothing fetched from elsewhere.
        QVERIFY(!html.contains("http://") || html.count("http://") == html.count("xmlns=\"http://"));
        QVERIFY(!html.contains("https://"));
    }

    void reportOfRefusedBytes()
    {
        std::mt19937 generator(7);
        QByteArray bytes(6000, '\0');
        for (auto& byte : bytes)
            byte = static_cast<char>(generator() & 0xff);
        const QString path = folder_.filePath("random.bin");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
        file.close();
        const QString report = folder_.filePath("refused.html");
        const CliRun run = runCli({"guess", "--magnitude", path, "--report", report});
        const int exitCode = run.exitCode;
        const QString output = run.output();
        QCOMPARE(exitCode, 1);
        QVERIFY2(output.startsWith("error:"), qPrintable(output));
        QFile written(report);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QByteArray html = written.readAll();
        int elements = 0;
        QVERIFY(parseErrors(html, &elements).isEmpty());
        QVERIFY(html.contains(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
        QVERIFY(html.contains("The guesser gives up"));
    }

    void sha256MatchesQt()
    {
        std::mt19937 generator(3);
        for (int size : {0, 1, 55, 56, 63, 64, 65, 1000, 100000}) {
            QByteArray bytes(size, '\0');
            for (auto& byte : bytes)
                byte = static_cast<char>(generator() & 0xff);
            phaselab::Sha256 hash;
            hash.update(bytes.constData(), static_cast<std::size_t>(bytes.size()));
            QCOMPARE(QByteArray::fromStdString(hash.hexDigest()), QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
        }
    }

    void pngDecodesWithQt()
    {
        const int width = 7, height = 5;
        std::vector<std::uint8_t> rgb(width * height * 3);
        for (std::size_t i = 0; i < rgb.size(); ++i)
            rgb[i] = static_cast<std::uint8_t>(i * 37);
        const auto png = phaselab::encodePng(width, height, rgb);
        const QImage image = QImage::fromData(png.data(), static_cast<int>(png.size()), "PNG");
        QCOMPARE(image.width(), width);
        QCOMPARE(image.height(), height);
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x) {
                const std::size_t at = (static_cast<std::size_t>(y) * width + x) * 3;
                QCOMPARE(image.pixel(x, y), qRgb(rgb[at], rgb[at + 1], rgb[at + 2]));
            }
    }
};

QTEST_APPLESS_MAIN(TestGuessReport)
#include "test_guess_report.moc"
